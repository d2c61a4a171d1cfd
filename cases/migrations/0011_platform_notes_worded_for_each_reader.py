"""What the platform writes on a case's timeline is kept as a key and its parameters (cases.timeline), worded
in each reader's language when shown. The lines it wrote before as text, frozen in the language of whoever
happened to trigger them, are turned into keys when recognised; anything else stays as it was."""

import re
import unicodedata
from datetime import datetime

from django.db import migrations, models

# The words the platform wrote until now, in each language of the catalogues (en, fr, ar).
IMPORTED_STATUS = {
    "Status from the imported register.",
    "Statut repris du registre importé.",
    "الحالة مأخوذة من السجل المستورد.",
}
SILENT = [
    re.compile(r"^(?P<service>.+) has not answered since (?P<date>[\d/-]+)\.$", re.S),
    re.compile(r"^(?P<service>.+) n'a pas répondu depuis le (?P<date>[\d/-]+)\.$", re.S),
    re.compile(r"^لم يصل أي رد من (?P<service>.+) منذ (?P<date>[\d/-]+)\.$", re.S),
]
OUTCOMES = {
    "sent": ("sent", "envoyé", "أُرسلت"),
    "acknowledged": ("acknowledged by the service", "accusé de réception du service", "أشعرت المصلحة بالتوصل"),
    "answered": ("answered by the service", "traité par le service", "أجابت المصلحة"),
    "refused": ("refused by the service", "refusé par le service", "رفضت المصلحة"),
    "no_answer": ("no answer", "sans réponse", "بدون رد"),
}
CASE_FIELDS = {"kind", "category", "channel", "subject", "description"}
WITHOUT_CONSENT = " — without consent: "


def _names(name: str) -> dict[str, str]:
    name = name.strip()
    letters = [char for char in name if char.isalpha()]
    arabic = sum(unicodedata.bidirectional(char) in ("AL", "R") for char in letters)
    return {"ar" if arabic > len(letters) - arabic else "fr": name}


def _day(text: str) -> str | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def recognise(kind: str, body: str) -> tuple[str, dict, str] | None:
    """(key, parameters, what a person wrote) of a line the platform wrote as text; None if not recognised."""
    text = body.strip()
    if kind == "status" and text in IMPORTED_STATUS:
        return "imported_status", {}, ""
    if kind == "reminder":
        for pattern in SILENT:
            found = pattern.match(text)
            if found and (day := _day(found["date"])):
                return "referral_silent", {"service": _names(found["service"]), "date": day}, ""
    if kind == "edited":
        fields = [name.strip() for name in text.split(",")]
        if fields and set(fields) <= CASE_FIELDS:
            return "details_changed", {"fields": fields}, ""
    if kind == "referral" and text:
        service, _, reason = text.partition(WITHOUT_CONSENT)
        key = "referred_without_consent" if reason else "referred"
        return key, {"service": _names(service)}, reason.strip()
    if kind == "referral_outcome":
        for code, labels in OUTCOMES.items():
            for label in labels:
                found = re.match(rf"^(?P<service>.+?): {re.escape(label)}(?: — (?P<note>.*))?$", text, re.S)
                if found:
                    params = {"service": _names(found["service"]), "outcome": code}
                    return "referral_outcome", params, (found["note"] or "").strip()
    return None


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    CaseEvent = apps.get_model("cases", "CaseEvent")
    kinds = ["status", "reminder", "edited", "referral", "referral_outcome"]
    for event in CaseEvent.objects.filter(kind__in=kinds, note_key="").exclude(body="").iterator():
        found = recognise(event.kind, event.body)
        if found is not None:
            event.note_key, event.note_params, event.body = found
            event.save(update_fields=["note_key", "note_params", "body"])


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0010_person_nationalities_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseevent",
            name="note_key",
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name="caseevent",
            name="note_params",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
