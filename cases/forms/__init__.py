"""Forms of the office workspace: they check shapes at the edge; the services decide.

`service_errors` puts what a service refused next to the fields it names,
so a failed form keeps what was typed and says why where it matters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cases import dates
from cases.errors import CaseError
from cases.models import NotifyBy


def country_choices() -> list[Any]:
    """Every country a form offers, the frequent countries of residence first (settings.COUNTRIES_FIRST), each
    part a group of options: a separator nobody can pick. Morocco's territory is whole (COUNTRIES_OVERRIDE)."""
    frequent: list[tuple[str, str]] = []
    rest: list[tuple[str, str]] = []
    part = frequent
    for code, name in countries:
        if not code:  # django-countries' separator after the frequent ones
            part = rest
            continue
        part.append((code, str(name)))
    if not rest:  # no frequent countries set
        return frequent
    return [(_("Frequent countries of residence"), frequent), (_("All countries"), rest)]


def service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Attach a service's ValidationError to the form: per field where the field exists."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                for message in item.messages:
                    form.add_error(
                        target, message if target else f"{field}: {message}" if field != NON_FIELD_ERRORS else message
                    )
    else:
        for message in error.messages:
            form.add_error(None, message)


def date_problems(form: forms.BaseForm, problems: list[dates.Problem]) -> None:
    """The plausible-dates rules' problems (cases.dates) next to the fields they name, what was typed kept."""
    for problem in problems:
        form.add_error(problem.field if problem.field in form.fields else None, problem.message)


def notify_by_field(label: Any, help_text: Any = "") -> forms.ChoiceField:
    """How a person of the public wants to be told (e-mail, WhatsApp, SMS), asked as radio buttons.

    Not required: a client that does not send it (an older page, a script) means e-mail.
    """
    return forms.ChoiceField(
        label=label,
        choices=NotifyBy.choices,
        initial=NotifyBy.EMAIL,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def submit(
    form: forms.BaseForm,
    action: Callable[[dict[str, Any]], object],
    *,
    refused: type[ValidationError] = CaseError,
) -> bool:
    """Run a service on a valid form's data; what the service refuses lands on the form.

    True when it was done. On False the form holds what was typed and why it failed.
    `refused` is the domain error of the service's app (network.services.NetworkError for the regional layer).
    """
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except refused as error:
        service_errors(form, error)
        return False
    return True
