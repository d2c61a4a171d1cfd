"""Dates the Moroccan way, in every language: the day first, a 24-hour clock, Western digits, and in
Arabic the month names Moroccan administrations write (يناير، فبراير، مارس، أبريل، ماي، يونيو، يوليوز،
غشت، شتنبر، أكتوبر، نونبر، دجنبر), not those of the Mashriq (مايو، يوليو، نوفمبر).

Two roads, one result, both from Babel's locale data for the language's Moroccan variant (`ar_MA`):
- Django's date filter and `formats.date_format` (pages, PDFs, e-mails) read the formats of
  `jisr/formats/<language>/formats.py` and the month names of our catalogue, whose entries for
  Django's own month names (`MONTH_MESSAGES` below) carry Babel's names and override Django's
  translations (tests/jisr/test_dates.py checks that they agree with Babel's);
- what is written outside a template (XLSX headers, chart axes, SMS) calls the functions below.
"""

from __future__ import annotations

from datetime import date, datetime

from babel import Locale
from babel.dates import format_skeleton
from django.utils import timezone, translation
from django.utils.translation import gettext_noop, pgettext_lazy

# The Babel locale of each of settings.LANGUAGES: Morocco's variant where Babel has one.
BABEL_LOCALES = {"ar": "ar_MA", "fr": "fr_MA", "en": "en_GB", "de": "de_DE", "es": "es_ES", "nl": "nl_NL"}

# Django's month names (django.utils.dates), repeated so that makemessages keeps them in our catalogue.
# Plain: the `F` format; "alt. month": `E`; "abbrev. month": `N`; lower-case three letters: `b` and `M`.
MONTH_MESSAGES: dict[str, tuple[object, ...]] = {
    "wide": (
        gettext_noop("January"), gettext_noop("February"), gettext_noop("March"), gettext_noop("April"),
        gettext_noop("May"), gettext_noop("June"), gettext_noop("July"), gettext_noop("August"),
        gettext_noop("September"), gettext_noop("October"), gettext_noop("November"), gettext_noop("December"),
    ),
    "alt": (
        pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
        pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"),
        pgettext_lazy("alt. month", "May"), pgettext_lazy("alt. month", "June"),
        pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
        pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
        pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December"),
    ),
    "ap": (
        pgettext_lazy("abbrev. month", "Jan."), pgettext_lazy("abbrev. month", "Feb."),
        pgettext_lazy("abbrev. month", "March"), pgettext_lazy("abbrev. month", "April"),
        pgettext_lazy("abbrev. month", "May"), pgettext_lazy("abbrev. month", "June"),
        pgettext_lazy("abbrev. month", "July"), pgettext_lazy("abbrev. month", "Aug."),
        pgettext_lazy("abbrev. month", "Sept."), pgettext_lazy("abbrev. month", "Oct."),
        pgettext_lazy("abbrev. month", "Nov."), pgettext_lazy("abbrev. month", "Dec."),
    ),
    "three": (
        gettext_noop("jan"), gettext_noop("feb"), gettext_noop("mar"), gettext_noop("apr"),
        gettext_noop("may"), gettext_noop("jun"), gettext_noop("jul"), gettext_noop("aug"),
        gettext_noop("sep"), gettext_noop("oct"), gettext_noop("nov"), gettext_noop("dec"),
    ),
}  # fmt: skip


def babel_locale(language: str | None = None) -> Locale:
    """Babel's locale for `language` (the active one by default), French when unknown."""
    code = (language or translation.get_language() or "fr").split("-")[0]
    return Locale.parse(BABEL_LOCALES.get(code, "fr_MA"))


def month_names(language: str | None = None, width: str = "wide") -> list[str]:
    """The twelve month names, January first: `wide` (ماي) or `abbreviated` (for narrow places)."""
    months = babel_locale(language).months["stand-alone"][width]
    return [months[number] for number in range(1, 13)]


def month_label(month: date, language: str | None = None) -> str:
    """« ماي 2026 », « mai 2026 », « May 2026 »: a month of a period, a column of a sheet."""
    return format_skeleton("yMMMM", month, locale=babel_locale(language))


def short_month_label(month: date, language: str | None = None) -> str:
    """« ماي 26 », « mai 26 »: a month on a chart's axis."""
    return f"{month_names(language, 'abbreviated')[month.month - 1]} {month:%y}"


def day_label(day: date, language: str | None = None) -> str:
    """« 7 دجنبر », « 7 déc. »: a day on a chart's axis."""
    return f"{day.day} {month_names(language, 'abbreviated')[day.month - 1]}"


def long_date(day: date, language: str | None = None) -> str:
    """« 7 دجنبر 2026 », « 7 décembre 2026 », « 7 December 2026 »."""
    return f"{day.day} {month_names(language)[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """07/12/2026, in every language."""
    return f"{day:%d/%m/%Y}"


def short_datetime(moment: datetime) -> str:
    """07/12/2026 15:40 in Morocco's time, in every language."""
    return f"{timezone.localtime(moment):%d/%m/%Y %H:%M}"
