"""The referral slip (ورقة التوجيه): the printed page a person carries to the service they are sent to.

It proves they were received and registered by the office, says what the
service is asked, and carries a verification code that anyone holding the
slip can check on the office's site (/verify/) without seeing any personal
data.

The PDF is drawn by fpdf2 with HarfBuzz shaping (uharfbuzz) and the Noto
fonts embedded from jisr/fonts, so Arabic is joined and ordered right on any
machine, with no system library. Its wording is fixed Arabic and French, the
two languages of the office's paper, whatever the language of the screen
that printed it: those strings are deliberately not translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

import qrcode
from django.utils import timezone
from fpdf.enums import Align

from cases.models import AuditEntry, Referral
from cases.pdf import INK, MARGIN, RULE, WIDTH, OfficePDF, both
from cases.permissions import Action, authorize
from cases.services import audit
from jisr.accounts.models import User
from jisr.digits import western_digits
from tenants.selectors import current_commune, site_url

VERIFY_PATH = "/verify/"

# The two label columns, French on the left, Arabic on the right (millimetres).
LABEL = 46.0
VALUE = WIDTH - 2 * LABEL


# --- Codes -----------------------------------------------------------------


def format_code(code: str) -> str:
    """ABCDE-FGHJK: two groups, easier to read out and to copy from paper."""
    half = (len(code) + 1) // 2
    return f"{code[:half]}-{code[half:]}" if len(code) > 5 else code


def normalize_code(typed: str) -> str:
    """What someone typed, compared with the stored code: case, spaces, dashes and the digits' script do not
    count."""
    return "".join(char for char in western_digits(typed).upper() if char.isascii() and char.isalnum())


# --- Reads -----------------------------------------------------------------


def referral_for_slip(*, actor: User, case_id: int, referral_id: int) -> Referral:
    """A referral of a case, with what its slip shows; printing it is recorded in the audit log.

    Printing the slip is part of referring (it carries the person's name to
    the service), so it needs the right to refer, not only to read.
    """
    authorize(actor, Action.REFER)
    referral = Referral.objects.select_related(
        "case__person", "case__category", "regional_service", "local_service"
    ).get(pk=referral_id, case_id=case_id)
    audit.record(
        actor=actor, action=AuditEntry.Action.PRINT, target=referral.case, detail=f"referral slip {referral.pk}"
    )
    return referral


@dataclass(frozen=True)
class SlipCheck:
    """What the verification page may tell anyone holding a slip: nothing about the person."""

    reference: str
    service_name: str
    sent_on: date
    outcome: str


def check_slip(*, code: str, reference: str = "") -> SlipCheck | None:
    """The referral a slip's code belongs to in this commune, or None; the reference, if given, must match too."""
    code = normalize_code(code)
    if not code:
        return None
    referral = (
        Referral.objects.select_related("case", "regional_service", "local_service")
        .filter(verification_code=code)
        .first()
    )
    if referral is None:
        return None
    if reference.strip() and reference.strip().upper() != referral.case.reference.upper():
        return None
    return SlipCheck(
        reference=referral.case.reference,
        service_name=referral.service_name,
        sent_on=referral.sent_on,
        outcome=referral.get_outcome_display(),
    )


# --- The PDF ---------------------------------------------------------------


def render_referral_slip(referral: Referral) -> bytes:
    """One A4 page, Arabic and French side by side. Draws from the data as given: no permission check here."""
    commune = current_commune()
    case = referral.case
    service = referral.regional_service or referral.local_service
    code = format_code(referral.verification_code)
    verify_url = site_url(VERIFY_PATH)

    pdf = _SlipPDF()
    pdf.set_title(f"ورقة التوجيه / Fiche d'orientation — {case.reference}")
    pdf.set_subject(f"{case.reference} → {service.name_fr if service else ''}")
    pdf.set_producer("Jisr")
    pdf.set_creator("Jisr")
    pdf.set_lang("ar-MA")
    pdf.set_creation_date(timezone.localtime(referral.created_at) if referral.created_at else _noon(referral.sent_on))
    pdf.add_page()

    if commune is not None:
        pdf.office_header(commune)
    pdf.title_block()

    pdf.row("Référence du dossier", "مرجع الملف", [case.reference], strong=True)
    pdf.row("Date d'orientation", "تاريخ التوجيه", [referral.sent_on.strftime("%d/%m/%Y")])
    pdf.code_row(code)

    pdf.section("Personne orientée", "الشخص الموجَّه")
    person = case.person
    if person.latin_name:
        pdf.row("Nom et prénom", "الاسم الكامل (بالحروف اللاتينية)", [person.latin_name], strong=True)
    if person.arabic_name:
        pdf.row("Nom en arabe", "الاسم الكامل", [person.arabic_name], strong=True)

    pdf.section("Dossier", "الملف")
    pdf.row("Objet", "الموضوع", [case.subject])
    pdf.row("Catégorie", "الصنف", both(case.category.name_fr, case.category.name_ar))

    pdf.section("Service destinataire", "المصلحة الموجَّه إليها")
    if service is not None:
        pdf.row("Service", "المصلحة", both(service.name_fr, service.name_ar), strong=True)
        if service.address:
            pdf.row("Adresse", "العنوان", [service.address])
        contacts = [value for value in (service.phone, service.email) if value]
        if contacts:
            pdf.row("Téléphone, e-mail", "الهاتف، البريد الإلكتروني", [" · ".join(contacts)])

    pdf.section("Ce qui est demandé au service", "المطلوب من المصلحة")
    pdf.paragraph(referral.purpose)

    pdf.signature_boxes()
    pdf.verification(code=code, verify_url=verify_url, link=f"{verify_url}?code={referral.verification_code}")
    return bytes(pdf.output())


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


class _SlipPDF(OfficePDF):
    """The slip's building blocks, on the office's page."""

    # The blocks of the page, top to bottom.

    def title_block(self) -> None:
        self.text_cell(WIDTH, 10, "ورقة التوجيه", size=19, bold=True, align=Align.C)
        self.text_cell(WIDTH, 7, "Fiche d'orientation", size=14, bold=True, align=Align.C)
        self.ln(3)

    def section(self, french: str, arabic: str) -> None:
        """A heading across the page: French on the left, Arabic on the right, on a light band."""
        self.ln(2.5)
        self.band(french, arabic)

    def row(self, french: str, arabic: str, values: list[str], *, strong: bool = False) -> None:
        """French label | the value, one line per script | Arabic label; a thin rule below."""
        line = 6.0
        size = 11.0 if strong else 10.0
        heights = [self.text_height(VALUE, line, value, size=size, bold=strong) for value in values]
        height = max(
            sum(heights) or line,
            self.text_height(LABEL, 5, french, size=8.5),
            self.text_height(LABEL, 5.5, arabic, size=9.5),
        )
        top = self.get_y()
        if top + height > self.h - self.b_margin:
            self.add_page()
            top = self.get_y()
        self.side_labels(top + 0.5, french, arabic, LABEL, lines=(5, 5.5))
        self.set_xy(MARGIN + LABEL, top)
        for value in values:
            self.text_cell(VALUE, line, value, size=size, bold=strong, align=Align.C)
        bottom = top + height + 1
        self.line(MARGIN, bottom, MARGIN + WIDTH, bottom)
        self.set_xy(MARGIN, bottom)

    def code_row(self, code: str) -> None:
        """The verification code, large and letter-spaced so that it reads like type on a form."""
        top = self.get_y()
        height = 13.0
        self.side_labels(top + 3.5, "Code de vérification", "رمز التحقق", LABEL, lines=(5, 5.5))
        self.set_draw_color(*INK)
        self.set_font("sans", "B", 17)
        self.set_char_spacing(1.2)
        self.set_xy(MARGIN + LABEL + 12, top + 1.5)
        self.cell(VALUE - 24, height - 3, code, border=1, align=Align.C)
        self.set_char_spacing(0)
        self.set_draw_color(*RULE)
        bottom = top + height + 1
        self.line(MARGIN, bottom, MARGIN + WIDTH, bottom)
        self.set_xy(MARGIN, bottom)

    def paragraph(self, text: str) -> None:
        self.ln(1.5)
        for line in text.splitlines() or [""]:
            self.text_cell(WIDTH, 6, line or " ", size=10.5)

    def signature_boxes(self) -> None:
        self.ln(4)
        height = 33.0
        gap = 6.0
        width = (WIDTH - gap) / 2
        top = self.get_y()
        if top + height > self.h - self.b_margin - 30:
            self.add_page()
            top = self.get_y()
        boxes = [
            ("Cachet et signature du bureau", "ختم وتوقيع المكتب"),
            (
                "Accusé de réception du service : date, cachet et signature",
                "إشعار المصلحة بالتوصل: التاريخ والختم والتوقيع",
            ),
        ]
        for index, (french, arabic) in enumerate(boxes):
            left = MARGIN + index * (width + gap)
            self.rect(left, top, width, height)
            self.set_xy(left + 1.5, top + 1)
            self.text_cell(width - 3, 5.5, arabic, size=9.5, bold=True, align=Align.R)
            self.set_x(left + 1.5)
            self.text_cell(width - 3, 4.5, french, size=8, align=Align.L)
        self.set_xy(MARGIN, top + height + 4)

    def verification(self, *, code: str, verify_url: str, link: str) -> None:
        """At the foot of the page: where and how anyone can check the slip, with a QR code to that page."""
        size = 24.0
        top = self.get_y()
        if top + size > self.h - self.b_margin:
            self.add_page()
            top = self.get_y()
        self.qr_code(link, MARGIN, top, size)
        left = MARGIN + size + 4
        self.set_xy(left, top)
        self.text_cell(
            WIDTH - size - 4,
            5.5,
            "للتحقق من صحة هذه الورقة، امسحوا الرمز المربع أو أدخلوا رمز التحقق في صفحة التحقق للمكتب.",
            size=9.5,
            align=Align.R,
        )
        self.set_x(left)
        self.text_cell(
            WIDTH - size - 4, 4.8, f"Vérifiez cette fiche sur {verify_url} avec le code {code}", size=8.5, align=Align.L
        )

    def qr_code(self, data: str, x: float, y: float, size: float) -> None:
        """Drawn as vector squares, row by row: no image library needed."""
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        code.add_data(data)
        code.make(fit=True)
        matrix = code.get_matrix()
        module = size / len(matrix)
        self.set_fill_color(*INK)
        for row, dark_cells in enumerate(matrix):
            column = 0
            while column < len(dark_cells):
                if not dark_cells[column]:
                    column += 1
                    continue
                start = column
                while column < len(dark_cells) and dark_cells[column]:
                    column += 1
                self.rect(x + start * module, y + row * module, (column - start) * module, module, style="F")
