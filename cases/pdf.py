"""What every PDF an office prints shares: the Noto fonts embedded from jisr/fonts, HarfBuzz shaping
(uharfbuzz), so Arabic is joined and ordered right on any machine with no system library, and the
office's letterhead (Kingdom, commune, office, in French, Tamazight and Arabic).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import cast

from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos

import jisr
from jisr.wording import of_place
from tenants.models import Commune

FONTS = Path(jisr.__file__).resolve().parent / "fonts"

# Page geometry, in millimetres (A4 portrait).
MARGIN = 15.0
WIDTH = 210.0 - 2 * MARGIN
INK = (25, 25, 25)
MUTED = (95, 95, 95)
RULE = (170, 170, 170)


def right_to_left(text: str) -> bool:
    """The direction of a paragraph by its first strong letter, as the Unicode bidi algorithm decides it."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def both(french: str, arabic: str) -> list[str]:
    """A value in the office's two languages, one line each; once if they are the same, none if empty."""
    return [value for value in (french, arabic if arabic != french else "") if value]


class OfficePDF(FPDF):
    """An A4 page with the office's fonts, shaping on, and the blocks every office document shares."""

    def __init__(self) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_margins(MARGIN, 12, MARGIN)
        self.set_auto_page_break(auto=True, margin=12)
        self.add_font("naskh", "", FONTS / "NotoNaskhArabic-Regular.ttf")
        self.add_font("naskh", "B", FONTS / "NotoNaskhArabic-Bold.ttf")
        self.add_font("sans", "", FONTS / "NotoSans-Regular.ttf")
        self.add_font("sans", "B", FONTS / "NotoSans-Bold.ttf")
        self.add_font("tifinagh", "", FONTS / "NotoSansTifinagh-Regular.ttf")
        # Naskh has no Latin letters nor some punctuation; Noto Sans has no Arabic.
        self.set_fallback_fonts(["sans", "naskh", "tifinagh"], exact_match=False)
        self.set_text_shaping(use_shaping_engine=True)
        self.set_text_color(*INK)
        self.set_draw_color(*RULE)

    # Fonts by the script of what is written.

    def use(self, text: str, size: float, *, bold: bool = False) -> None:
        family = "naskh" if right_to_left(text) else "sans"
        self.set_font(family, "B" if bold else "", size)

    def text_cell(
        self, width: float, height: float, text: str, *, size: float, bold: bool = False, align: Align | None = None
    ) -> None:
        """A paragraph in its own cell, wrapped, aligned by its direction unless told; the cursor goes below it."""
        self.use(text, size, bold=bold)
        self.multi_cell(
            width,
            height,
            text,
            align=align if align is not None else (Align.R if right_to_left(text) else Align.L),
            new_x=XPos.LEFT,
            new_y=YPos.NEXT,
        )

    def text_height(self, width: float, height: float, text: str, *, size: float, bold: bool = False) -> float:
        self.use(text, size, bold=bold)
        return cast(float, self.multi_cell(width, height, text, dry_run=True, output=MethodReturnValue.HEIGHT))

    # Bilingual blocks: French on the left, Arabic on the right.

    def band(self, french: str, arabic: str, *, shade: int = 238, keep: float = 20.0) -> None:
        """A heading across the page on a grey band; on a new page unless `keep` millimetres (the band and
        what must stay with it) still fit here."""
        top = self.get_y()
        if top + keep > self.h - self.b_margin:
            self.add_page()
            top = self.get_y()
        self.set_fill_color(shade, shade, shade)
        self.rect(MARGIN, top, WIDTH, 7.5, style="F")
        self.set_xy(MARGIN + 1.5, top)
        self.use(french, 10, bold=True)
        self.cell(WIDTH / 2 - 1.5, 7.5, french, align=Align.L)
        self.set_xy(MARGIN + WIDTH / 2, top)
        self.use(arabic, 11, bold=True)
        self.cell(WIDTH / 2 - 1.5, 7.5, arabic, align=Align.R)
        self.set_xy(MARGIN, top + 7.5)

    def side_labels(self, top: float, french: str, arabic: str, width: float, *, lines: tuple[float, float]) -> None:
        """The labels of a row, muted, at its two edges: French (line height `lines[0]`) on the left, Arabic
        (`lines[1]`) on the right, each `width` wide."""
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, top)
        self.text_cell(width, lines[0], french, size=8.5, align=Align.L)
        self.set_xy(MARGIN + WIDTH - width, top)
        self.text_cell(width, lines[1], arabic, size=9.5, align=Align.R)
        self.set_text_color(*INK)

    def office_header(self, commune: Commune) -> None:
        top = self.get_y()
        column = 72.0
        french = [
            "Royaume du Maroc",
            f"Commune {of_place(commune.name_fr, 'fr')}",
            commune.office_name_fr or "Bureau d'accueil et d'orientation des Marocains du monde",
        ]
        arabic = [
            "المملكة المغربية",
            f"جماعة {commune.name_ar}" if commune.name_ar else "",  # « جماعة » takes the name as it is
            commune.office_name_ar or "مكتب استقبال وتوجيه مغاربة العالم",
        ]
        self.set_xy(MARGIN, top)
        for index, line in enumerate(french):
            self.text_cell(column, 5.2, line, size=9.5, bold=index == 2, align=Align.L)
        left_bottom = self.get_y()
        self.set_xy(MARGIN + WIDTH - column, top)
        for index, line in enumerate(filter(None, arabic)):
            self.text_cell(column, 6, line, size=11, bold=index == 2, align=Align.R)
        right_bottom = self.get_y()
        self.set_xy(MARGIN + column, top)
        self.set_font("tifinagh", "", 9)
        self.multi_cell(WIDTH - 2 * column, 5.2, "ⵜⴰⴳⵍⴷⵉⵜ ⵏ ⵍⵎⵖⵔⵉⴱ", align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        if commune.name_tzm:
            self.multi_cell(WIDTH - 2 * column, 5.2, commune.name_tzm, align=Align.C, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_xy(MARGIN, max(left_bottom, right_bottom, self.get_y()) + 1)

        self.set_text_color(*MUTED)
        half = WIDTH / 2
        top = self.get_y()
        if commune.address_fr:
            self.text_cell(half, 4.6, commune.address_fr, size=8.5, align=Align.L)
        left_bottom = self.get_y()
        self.set_xy(MARGIN + half, top)
        if commune.address_ar:
            self.text_cell(half, 5.2, commune.address_ar, size=9.5, align=Align.R)
        self.set_xy(MARGIN, max(left_bottom, self.get_y()))
        contacts = "   ·   ".join(value for value in (commune.phone, commune.email) if value)
        if contacts:
            self.text_cell(WIDTH, 4.6, contacts, size=8.5, align=Align.C)
        self.set_text_color(*INK)
        self.ln(1.5)
        self.set_line_width(0.4)
        self.line(MARGIN, self.get_y(), MARGIN + WIDTH, self.get_y())
        self.set_line_width(0.2)
        self.ln(3)
