"""The readable copy of what an office holds about a person (Law 09.08, art. 7: the right of access), as a PDF.

It is drawn from the access export's document (cases.services.access), so the JSON and the PDF say the
same thing. Like the referral slip, its wording is fixed French (left) and Arabic (right), the two
languages of the office's paper, whatever the language of the screen that asked for it: those strings
are deliberately not translated. Coded values (status, kind of case, ...) are given with their label in
both languages; what was typed (names, subjects, notes, ...) is shown as stored. Long content breaks
across pages, a row's wrapped lines with it, and every page says "page x / y".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from django.utils import timezone, translation
from django_countries import countries
from fpdf.enums import Align, MethodReturnValue

from cases.appointments.models import Booking
from cases.models import (
    LANGUAGES,
    AuditEntry,
    Case,
    CaseEvent,
    Consent,
    IdentityDocument,
    NotifyBy,
    Person,
    PersonLink,
    Referral,
)
from cases.pdf import INK, MARGIN, MUTED, WIDTH, OfficePDF, both, right_to_left
from jisr.outbox.models import Message
from tenants.models import Commune

# The two label columns, French on the left, Arabic on the right, and the value between (millimetres).
LABEL = 44.0
VALUE = WIDTH - 2 * LABEL
LINE = 5.2

Choices = Iterable[tuple[str, Any]]


def render_person_data(
    document: dict[str, Any], *, commune: Commune | None, categories: dict[str, tuple[str, str]]
) -> bytes:
    """The export `document` as A4 pages; `categories` gives each category code its French and Arabic
    names. Draws from the data as given: no permission check here."""
    person = document["person"]
    exported = _day(document["exported_at"])

    pdf = _PersonPDF(footer_note=f"Jisr · {document['office']} · {exported}")
    pdf.set_title(f"Vos données personnelles / معطياتكم الشخصية — {exported}")
    pdf.set_producer("Jisr")
    pdf.set_creator("Jisr")
    pdf.set_lang("fr-MA")
    pdf.set_creation_date(datetime.fromisoformat(document["exported_at"]))
    pdf.add_page()

    if commune is not None:
        pdf.office_header(commune)
    pdf.title_block()
    pdf.row("Date de l'export", "تاريخ الاستخراج", [exported], strong=True)
    pdf.paragraph(
        "Ce document contient toutes les données que le bureau détient à votre sujet à cette date, "
        "en réponse à votre demande d'accès (loi n° 09-08, article 7).",
        "تتضمن هذه الوثيقة جميع المعطيات التي يحتفظ بها المكتب بشأنكم في هذا التاريخ، "
        "جوابًا على طلبكم (القانون رقم 09.08، المادة 7).",
    )

    _identity(pdf, person)
    _identity_documents(pdf, document["identity_documents"])
    _consents(pdf, document["consents"])
    _relations(pdf, document["relations"])
    pdf.section("Dossiers", "الملفات", empty=not document["cases"])
    for case in document["cases"]:
        _case(pdf, case, categories)
    _appointments(pdf, document["appointments"])
    _messages(pdf, document["messages"])
    _access_log(pdf, document["access_log"])
    return bytes(pdf.output())


# --- The sections, in the order of the JSON document --------------------------


def _identity(pdf: _PersonPDF, person: dict[str, Any]) -> None:
    pdf.section("Identité et coordonnées", "الهوية ووسائل الاتصال")
    if person["personal_data_erased_at"]:
        pdf.row("Données effacées le", "تاريخ محو المعطيات", [_day(person["personal_data_erased_at"])], strong=True)
    pdf.row("Numéro dans le registre", "الرقم في السجل", [str(person["id"])])
    latin = " ".join(filter(None, (person["first_name_latin"], person["last_name_latin"])))
    arabic = " ".join(filter(None, (person["first_name_ar"], person["last_name_ar"])))
    pdf.row("Nom et prénom", "الاسم الكامل (بالحروف اللاتينية)", [latin], strong=True)
    pdf.row("Nom en arabe", "الاسم الكامل", [arabic], strong=True)
    pdf.row("Sexe", "الجنس", _labels(Person.Sex.choices, person["sex"]))
    pdf.row("Année de naissance", "سنة الازدياد", [str(person["birth_year"] or "")])
    pdf.row("Génération", "الجيل", _labels(Person.Generation.choices, person["generation"]))
    pdf.row("Statut", "الصفة", _labels(Person.Status.choices, person["status"]))
    pdf.row("Pays de résidence", "بلد الإقامة", _country(person["residence_country"]))
    pdf.row("Ville de résidence", "مدينة الإقامة", [person["residence_city"]])
    pdf.row(
        "Nationalités", "الجنسيات", [" · ".join(name for code in person["nationalities"] for name in _country(code))]
    )
    pdf.row("Téléphone", "الهاتف", [person["phone"]])
    pdf.row("WhatsApp", "واتساب", [person["whatsapp"]])
    pdf.row("E-mail", "البريد الإلكتروني", [person["email"]])
    pdf.row("Langue préférée", "اللغة المفضلة", _labels(LANGUAGES, person["preferred_language"]))
    pdf.row("Informé(e) par", "وسيلة الإخبار", _labels(NotifyBy.choices, person["notify_by"]))
    pdf.row("Enregistré(e) le", "تاريخ التسجيل", [_day(person["registered_at"])])
    pdf.row("Mis à jour le", "تاريخ آخر تحيين", [_day(person["updated_at"])])


def _identity_documents(pdf: _PersonPDF, documents: list[dict[str, Any]]) -> None:
    pdf.section("Pièces d'identité", "وثائق الهوية", empty=not documents)
    for item in documents:
        french, arabic = _pair(IdentityDocument.Kind.choices, item["kind"])
        pdf.row(french, arabic, [item["number"], f"enregistrée le {_day(item['recorded_at'])}"])


def _consents(pdf: _PersonPDF, consents: list[dict[str, Any]]) -> None:
    pdf.section("Consentements (loi n° 09-08)", "الموافقات (القانون رقم 09.08)", empty=not consents)
    for number, item in enumerate(consents, start=1):
        pdf.item(f"Consentement {number}", f"الموافقة {number}")
        pdf.row("Finalité", "الغاية", _labels(Consent.Purpose.choices, item["purpose"]))
        pdf.row("Recueilli", "طريقة الموافقة", _labels(Consent.Channel.choices, item["channel"]))
        pdf.row("Donné le", "تاريخ الموافقة", [_day(item["given_on"])])
        if item["withdrawn_on"]:
            pdf.row("Retiré le", "تاريخ السحب", [_day(item["withdrawn_on"])])


def _relations(pdf: _PersonPDF, relations: list[dict[str, Any]]) -> None:
    """Only the relation and the other person's number: their particulars are not this person's data."""
    pdf.section("Liens avec d'autres personnes", "الروابط مع أشخاص آخرين", empty=not relations)
    for item in relations:
        french, arabic = _pair(PersonLink.Kind.choices, item["relation"])
        if "to_person" in item:
            other = item["to_person"]
            pdf.row("Vous êtes", "أنتم", [f"{french} : la personne n° {other}", f"{arabic}: الشخص رقم {other}"])
        else:
            other = item["from_person"]
            pdf.row(f"La personne n° {other} est", f"الشخص رقم {other}", [f"{french} : vous", f"{arabic}: أنتم"])


def _case(pdf: _PersonPDF, case: dict[str, Any], categories: dict[str, tuple[str, str]]) -> None:
    pdf.band(f"Dossier {case['reference']}", "الملف")
    pdf.row("Référence", "المرجع", [case["reference"]], strong=True)
    pdf.row("Objet", "الموضوع", [case["subject"]], strong=True)
    pdf.row("Nature", "النوع", _labels(Case.Kind.choices, case["kind"]))
    pdf.row("Catégorie", "الصنف", both(*categories.get(case["category"], (case["category"], ""))))
    pdf.row("Canal", "قناة الاستقبال", _labels(Case.Channel.choices, case["channel"]))
    pdf.row("Statut", "الحالة", _labels(Case.Status.choices, case["status"]))
    pdf.row("Ouvert le", "تاريخ الفتح", [_day(case["opened_on"])])
    pdf.row("Réponse attendue le", "أجل الجواب", [_day(case["due_on"])])
    if case["answered_at"]:
        pdf.row("Répondu le", "تاريخ الجواب", [_day(case["answered_at"])])
    if case["closed_at"]:
        pdf.row("Clôturé le", "تاريخ الإغلاق", [_day(case["closed_at"])])
    if case["description"]:
        pdf.row("Description", "الوصف", [case["description"]])

    pdf.item("Historique du dossier", "مسار الملف")
    for event in case["timeline"]:
        french, arabic = _pair(CaseEvent.Kind.choices, event["kind"])
        moves = _moves(event["from_status"], event["to_status"])
        note = event.get("platform_note") or {}  # what the platform noted, worded in both languages
        said = both(note.get("fr", ""), note.get("ar", ""))
        pdf.entry(_moment(event["at"]), french, arabic, [*moves, *said, event["text"]])

    if case["documents"]:
        pdf.item("Documents", "الوثائق")
        for item in case["documents"]:
            pdf.entry(_moment(item["at"]), "Document", "وثيقة", [f"{item['name']} ({_size(item['size'])})"])

    for number, referral in enumerate(case["referrals"], start=1):
        pdf.item(f"Orientation {number}", f"التوجيه {number}")
        pdf.row("Service", "المصلحة", [referral["service"]], strong=True)
        pdf.row("Envoyée le", "تاريخ التوجيه", [_day(referral["sent_on"])])
        pdf.row("Ce qui est demandé", "المطلوب من المصلحة", [referral["purpose"]])
        pdf.row("Suite", "المآل", _labels(Referral.Outcome.choices, referral["outcome"]))
        if referral["outcome_on"]:
            pdf.row("Suite donnée le", "تاريخ المآل", [_day(referral["outcome_on"])])
        if referral["answer"]:
            pdf.row("Réponse du service", "جواب المصلحة", [referral["answer"]])

    survey = case["survey"]
    if survey is not None:
        pdf.item("Enquête de satisfaction", "استطلاع الرضا")
        pdf.row("Note", "التقييم", [f"{survey['score']} / 5"])
        if survey["comment"]:
            pdf.row("Commentaire", "التعليق", [survey["comment"]])
        pdf.row("Répondu le", "تاريخ الجواب", [_day(survey["answered_at"])])


def _appointments(pdf: _PersonPDF, appointments: list[dict[str, Any]]) -> None:
    pdf.section("Rendez-vous", "المواعيد", empty=not appointments)
    for item in appointments:
        french, arabic = _pair(Booking.Status.choices, item["status"])
        pdf.entry(f"{_day(item['day'])} {item['start'][:5]}", french, arabic, [item["name"]])


def _messages(pdf: _PersonPDF, messages: list[dict[str, Any]]) -> None:
    pdf.section("Messages envoyés", "الرسائل المرسلة", empty=not messages)
    for item in messages:
        channel = _pair(Message.Channel.choices, item["channel"])[0]
        french, arabic = _pair(Message.State.choices, item["state"])
        sent = f" le {_day(item['sent_at'])}" if item["sent_at"] else ""
        pdf.entry(
            _moment(item["written_at"]),
            f"{channel} · {french}{sent}",
            arabic,
            [item["to"], item["subject"], item["text"]],
        )


def _access_log(pdf: _PersonPDF, entries: list[dict[str, Any]]) -> None:
    pdf.section("Qui a consulté ou modifié votre dossier", "من اطلع على سجلكم أو عدله", empty=not entries)
    for item in entries:
        french, arabic = _pair(AuditEntry.Action.choices, item["action"])
        pdf.entry(_moment(item["at"]), french, arabic, [item["by"] or "—"])


# --- Values -----------------------------------------------------------------------


def _pair(choices: Choices, value: str) -> tuple[str, str]:
    """A coded value's label in French and in Arabic; the code itself when it has none."""
    label = dict(choices).get(value)
    if label is None:
        return value, value
    with translation.override("fr"):
        french = str(label)
    with translation.override("ar"):
        arabic = str(label)
    return french, arabic


def _labels(choices: Choices, value: str) -> list[str]:
    return both(*_pair(choices, value)) if value else []


def _country(code: str) -> list[str]:
    if not code:
        return []
    with translation.override("fr"):
        french = str(countries.name(code)) or code
    with translation.override("ar"):
        arabic = str(countries.name(code))
    return both(french, arabic)


def _moves(from_status: str, to_status: str) -> list[str]:
    """A status change in both languages."""
    if not to_status:
        return []
    after = _pair(Case.Status.choices, to_status)
    if not from_status:
        return both(f"« {after[0]} »", f"«{after[1]}»")
    before = _pair(Case.Status.choices, from_status)
    return both(f"de « {before[0]} » à « {after[0]} »", f"من «{before[1]}» إلى «{after[1]}»")


def _day(value: str | None) -> str:
    """dd/mm/yyyy, in the office's time zone for a moment."""
    if not value:
        return ""
    if "T" in value:
        return timezone.localtime(datetime.fromisoformat(value)).strftime("%d/%m/%Y")
    return date.fromisoformat(value).strftime("%d/%m/%Y")


def _moment(value: str | None) -> str:
    return timezone.localtime(datetime.fromisoformat(value)).strftime("%d/%m/%Y %H:%M") if value else ""


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} Mo" if size >= 1_000_000 else f"{max(1, round(size / 1000))} ko"


# --- The page -----------------------------------------------------------------------


class _PersonPDF(OfficePDF):
    """The blocks of the document on the office's page: sections, rows that break across pages, a footer."""

    def __init__(self, *, footer_note: str) -> None:
        super().__init__()
        self.footer_note = footer_note

    def footer(self) -> None:
        self.set_y(-11)
        self.set_text_color(*MUTED)
        self.set_font("sans", "", 8)
        self.cell(WIDTH / 2, 5, self.footer_note, align=Align.L)
        self.cell(WIDTH / 2, 5, f"page {self.page_no()} / {{nb}}", align=Align.R)
        self.set_text_color(*INK)

    @property
    def bottom(self) -> float:
        return self.h - self.b_margin

    def title_block(self) -> None:
        self.text_cell(WIDTH, 10, "معطياتكم الشخصية", size=19, bold=True, align=Align.C)
        self.text_cell(WIDTH, 7, "Vos données personnelles", size=14, bold=True, align=Align.C)
        self.ln(3)

    def paragraph(self, french: str, arabic: str) -> None:
        self.ln(2)
        self.text_cell(WIDTH, 5.6, arabic, size=9.5, align=Align.R)
        self.text_cell(WIDTH, 4.6, french, size=8.5, align=Align.L)

    def section(self, french: str, arabic: str, *, empty: bool = False) -> None:
        """A heading across the page on a grey band, kept with what follows it; says so when nothing does."""
        self.ln(4)
        self.band(french, arabic, shade=225)
        if empty:
            self.row("Aucune donnée", "لا توجد معطيات", [], always=True)

    def band(self, french: str, arabic: str, *, shade: int = 240, keep: float = 7.5 + 6 * LINE) -> None:
        self.ln(1.5)
        super().band(french, arabic, shade=shade, keep=keep)

    def item(self, french: str, arabic: str) -> None:
        """A small bold heading inside a section: one consent, the timeline, one referral."""
        top = self.get_y() + 1.5
        if top + 6 + 4 * LINE > self.bottom:
            self.add_page()
            top = self.get_y()
        self.set_xy(MARGIN, top)
        self.text_cell(WIDTH / 2, 6, french, size=9.5, bold=True, align=Align.L)
        self.set_xy(MARGIN + WIDTH / 2, top)
        self.text_cell(WIDTH / 2, 6, arabic, size=10.5, bold=True, align=Align.R)
        self.line(MARGIN, top + 6, MARGIN + WIDTH, top + 6)
        self.set_xy(MARGIN, top + 6)

    def entry(self, when: str, french: str, arabic: str, values: list[str]) -> None:
        """One dated line of a list (timeline, messages, access log): the date and the French label on the
        left, the Arabic label on the right."""
        self.row(f"{when}\n{french}", arabic, values)

    def row(self, french: str, arabic: str, values: list[str], *, strong: bool = False, always: bool = False) -> None:
        """French label | the values, each wrapped in its own direction | Arabic label; a thin rule below.
        Nothing when there is no value, unless `always`.

        A row that does not fit goes to the next page whole; one longer than a page starts where it is and
        goes on, line by line, on the next pages."""
        size = 10.5 if strong else 9.5
        lines = [line for value in values if value for line in self._wrap(value, size=size, bold=strong)]
        if not lines and not always:
            return
        labels = max(self.text_height(LABEL, 4.6, french, size=8.5), self.text_height(LABEL, 5.2, arabic, size=9.5))
        height = max(len(lines) * LINE, labels) + 1
        top = self.get_y()
        page_height = self.bottom - self.t_margin
        needed = height if height <= page_height else max(labels, 4 * LINE)
        if top + needed > self.bottom:
            self.add_page()
            top = self.get_y()

        self.side_labels(top + 0.5, french, arabic, LABEL, lines=(4.6, 5.2))
        labels_page, y = self.page, top
        for text, rtl in lines:
            if y + LINE > self.bottom:
                self.add_page()
                y = self.get_y()
            self.set_font("naskh" if rtl else "sans", "B" if strong else "", size)
            self.set_xy(MARGIN + LABEL + 2, y)
            self.cell(VALUE - 4, LINE, text, align=Align.R if rtl else Align.L)
            y += LINE
        end = max(y, top + labels) if self.page == labels_page else y
        self.line(MARGIN, end + 0.5, MARGIN + WIDTH, end + 0.5)
        self.set_xy(MARGIN, end + 1)

    def _wrap(self, text: str, *, size: float, bold: bool) -> list[tuple[str, bool]]:
        """The lines `text` takes in the value column, each with its paragraph's direction."""
        rtl = right_to_left(text)
        self.set_font("naskh" if rtl else "sans", "B" if bold else "", size)
        lines = cast(list[str], self.multi_cell(VALUE - 4, LINE, text, dry_run=True, output=MethodReturnValue.LINES))
        return [(line, rtl) for line in lines]
