"""allauth's two-step forms, taking a code as a phone with an Arabic keyboard types it (١٢٣ ٤٥٦), with spaces
or a dash in the middle as some authenticator apps show it; settings.MFA_FORMS points allauth here."""

from __future__ import annotations

from typing import Any

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm

from jisr.digits import western_digits

# What a phone should offer for a code: its digit pad, no spelling, left to right in an Arabic page too.
CODE_ATTRIBUTES = {"inputmode": "numeric", "autocapitalize": "off", "spellcheck": "false", "dir": "ltr"}


def typed_code(typed: str) -> str:
    """The digits of a code as the authenticator app or the recovery sheet shows them."""
    return "".join(char for char in western_digits(typed) if char not in " -\u00a0\u202f\u200e\u200f")


class CodeForm:
    """Reads the code in Western digits before allauth checks it."""

    cleaned_data: dict[str, Any]
    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(CODE_ATTRIBUTES)

    def clean_code(self) -> str:
        self.cleaned_data["code"] = typed_code(self.cleaned_data["code"])
        return super().clean_code()  # type: ignore[misc]


class SignInCodeForm(CodeForm, AuthenticateForm):
    pass


class ReauthenticateCodeForm(CodeForm, ReauthenticateForm):
    pass


class ActivateCodeForm(CodeForm, ActivateTOTPForm):
    pass
