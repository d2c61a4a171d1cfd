"""Forms of transfers between offices: sending a case to another commune's office, and answering one sent here.

They check shapes; cases.services.transfers decides (consent, an active commune, a case that may go). A
required field left empty says what the service would say, in the same words.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases import selectors
from cases.models import Category, IncomingTransfer
from tenants.models import Commune


class TransferForm(forms.Form):
    to_commune = forms.TypedChoiceField(
        label=_("receiving commune"),
        coerce=int,
        error_messages={
            "required": _("Choose a commune whose office works on the platform."),
            "invalid_choice": _("Choose a commune whose office works on the platform."),
        },
    )
    reason = forms.CharField(
        label=_("why the case goes to that office"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the case goes to that office.")},
    )
    note = forms.CharField(
        label=_("note for the receiving office"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the receiving office should know before it accepts. Not shown to the person."),
    )
    consent = forms.BooleanField(
        label=_(
            "the person agrees that their personal data, their case and its documents be sent to the reception"
            " office of the chosen commune"
        ),
        help_text=_(
            "Law 09.08: their data are communicated to another controller. Ask them, and tick only once they agree."
        ),
        error_messages={
            "required": _(
                "Record the person's consent to have their data sent to that office: without it, no transfer."
            )
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offices = selectors.receiving_offices()
        groups = [
            (_("Offices of this office's networks"), offices.in_networks),
            (_("Other communes of the platform"), offices.others),
        ]
        self.fields["to_commune"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((label, [(commune.pk, commune.name) for commune in communes]) for label, communes in groups if communes),
        ]

    def receiving_commune(self) -> Commune:
        """The chosen commune (among the choices: an active one, not this one; the service checks again)."""
        return Commune.objects.get(pk=self.cleaned_data["to_commune"])


class AcceptForm(forms.Form):
    """A category to choose only when this office has none in use of the sending office's code."""

    category = forms.ModelChoiceField(
        label=_("category"),
        queryset=selectors.active_categories(),
        empty_label="—",
        error_messages={"required": _("This office has no category in use of that code: choose one.")},
    )

    def __init__(self, *args: Any, incoming: IncomingTransfer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.needs_category = selectors.same_category(incoming) is None
        if not self.needs_category:
            del self.fields["category"]

    def chosen_category(self) -> Category | None:
        return self.cleaned_data.get("category")


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("why this office declines the case"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent back to the office that sent the case."),
        error_messages={"required": _("Say why, for the office that sent the case.")},
    )
