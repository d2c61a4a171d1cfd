from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput(render_value=True), strip=False)
    password2 = forms.CharField(label=_("Password (again)"), widget=forms.PasswordInput(render_value=True), strip=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ApiTokenForm(forms.Form):
    """Which button of the API token page was pressed: a new token (the first, or in place of the old), or none."""

    action = forms.ChoiceField(choices=[("new", "new"), ("revoke", "revoke")])
