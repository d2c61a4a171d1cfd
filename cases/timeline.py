"""The lines of a case's timeline that the platform writes (not a person): put into words for each reader.

An import run by a French-speaking office head, a reminder sent by the nightly task, a referral recorded
by an Arabic-speaking agent: what the platform notes about it is read later by colleagues in Arabic,
French or English, and by the person in their access export. So it is stored as a key of NOTES and its
parameters (CaseEvent.note_key, CaseEvent.note_params), and worded when shown, in the reader's language;
CaseEvent.body keeps only what a person wrote (a note, the reason of a move).

Parameters are stored as data, never as words: a service's name in each language ({"fr": ..., "ar": ...}),
a referral's outcome as its code, a day as ISO 8601, changed details as field names.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop

from jisr.dates import short_date
from jisr.wording import in_language, of_place

if TYPE_CHECKING:
    from cases.models import CaseEvent, LocalService
    from network.models import ExternalService

IMPORTED_STATUS = "imported_status"
REFERRED = "referred"
REFERRED_WITHOUT_CONSENT = "referred_without_consent"
REFERRAL_OUTCOME = "referral_outcome"
REFERRAL_SILENT = "referral_silent"
DETAILS_CHANGED = "details_changed"
BACK_FILLED = "back_filled"
CLOSED_AT_IMPORT = "closed_at_import"
# Transfers between offices (cases.services.transfers): "office" is the other commune's names in each language.
TRANSFER_PROPOSED = "transfer_proposed"
TRANSFER_DECLINED = "transfer_declined"
TRANSFER_CANCELLED = "transfer_cancelled"
TRANSFERRED = "transferred"
TRANSFER_RECEIVED = "transfer_received"

# Each key's wording (a msgid of the catalogues; one made only of parameters needs none).
NOTES: dict[str, str] = {
    IMPORTED_STATUS: gettext_noop("Status from the imported register."),
    REFERRED: "%(service)s",
    REFERRED_WITHOUT_CONSENT: gettext_noop("%(service)s, without the person's consent on record"),
    REFERRAL_OUTCOME: gettext_noop("%(service)s: %(outcome)s"),
    REFERRAL_SILENT: gettext_noop("%(service)s has not answered since %(date)s."),
    DETAILS_CHANGED: "%(fields)s",
    BACK_FILLED: gettext_noop("Recorded afterwards, on the day it happened."),
    CLOSED_AT_IMPORT: gettext_noop(
        "Closed at the import: the register does not say how the case ended. Not counted as answered."
    ),
    TRANSFER_PROPOSED: gettext_noop(
        "Transfer to the reception office %(of_commune)s proposed, with the person's consent."
    ),
    TRANSFER_DECLINED: gettext_noop("The reception office %(of_commune)s declined the transfer."),
    TRANSFER_CANCELLED: gettext_noop("Transfer to the reception office %(of_commune)s cancelled."),
    TRANSFERRED: gettext_noop("Transferred to the reception office %(of_commune)s, where it is case %(reference)s."),
    TRANSFER_RECEIVED: gettext_noop(
        "Received from the reception office %(of_commune)s, where it was case %(reference)s, opened on %(date)s"
        " and “%(status)s” when it was transferred."
    ),
}


def service_names(service: ExternalService | LocalService | None) -> dict[str, str]:
    """A service's name in each language it has one, for a note's parameters."""
    if service is None:
        return {}
    return {code: name for code in ("ar", "fr", "en") if (name := getattr(service, f"name_{code}", ""))}


def note_text(event: CaseEvent, language: str | None = None) -> str:
    """What the platform noted on this line, in `language` (the active one by default); "" for none."""
    wording = NOTES.get(event.note_key)
    if wording is None:
        return ""
    if language is not None:
        with translation.override(language):
            return note_text(event, None)
    params = {name: _param(name, value) for name, value in (event.note_params or {}).items()}
    if "office" in params:  # a commune's name inside the sentence, with the grammar of the reader's language
        params["of_commune"] = of_place(params["office"])
    try:
        return gettext(wording) % params
    except (KeyError, TypeError, ValueError):  # parameters of another version of the wording
        return gettext(wording) if "%(" not in wording else ""


def _param(name: str, value: Any) -> str:
    from cases.models import Case, Referral

    if name in ("service", "office"):
        return in_language(value) if isinstance(value, dict) else str(value)
    if name == "status":
        return str(Case.Status(value).label) if value in Case.Status.values else str(value)
    if name == "outcome":
        return str(Referral.Outcome(value).label) if value in Referral.Outcome.values else str(value)
    if name == "date":
        try:
            return short_date(date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    if name == "fields":
        separator = "، " if (translation.get_language() or "").startswith("ar") else ", "
        return str(capfirst(separator.join(_field_label(Case, field) for field in value)))
    return str(value)


def _field_label(model: Any, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
