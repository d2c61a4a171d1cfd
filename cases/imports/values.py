"""The values of a register's cells as the office writes them, turned into what the workspace stores.

Each parser takes a cell (text, number, date from Excel) and returns the value, or raises `Invalid` with
the reason, kept untranslated (`gettext_noop`) with its parameters so the report speaks the language of
whoever reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.translation import gettext_noop as N_
from django_countries import countries

from cases import dates
from cases.imports.mapping import normalize
from cases.imports.reading import Cell, heading_text
from cases.models import CHOSEN_CHANNELS, LANGUAGES, Case, Category, Person
from cases.services.people import normalize_phone
from jisr.digits import western_digits

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01, counting Excel's 29 February 1900


@dataclass
class Invalid(Exception):
    reason: str  # an English message marked with gettext_noop
    params: dict[str, object] = field(default_factory=dict)


def text(cell: Cell) -> str:
    """A cell as text: whole numbers without '.0', dates as the office writes them, spaces collapsed."""
    return heading_text(cell)


# --- Dates -------------------------------------------------------------------------------------------------

DAY_FIRST = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")
YEAR_FIRST = re.compile(r"^(\d{4})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")
SPELLED = re.compile(r"^(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})$")
TIME_PART = re.compile(r"(?:[T\s]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")
MONTHS = {
    **dict.fromkeys(("janvier", "janv", "jan", "january", "يناير", "جانفي", "كانون الثاني"), 1),
    **dict.fromkeys(("fevrier", "fevr", "fev", "feb", "february", "فبراير", "فيفري", "شباط"), 2),
    **dict.fromkeys(("mars", "mar", "march", "مارس", "اذار"), 3),
    **dict.fromkeys(("avril", "avr", "apr", "april", "ابريل", "افريل", "نيسان"), 4),
    **dict.fromkeys(("mai", "may", "ماي", "مايو", "ايار"), 5),
    **dict.fromkeys(("juin", "jun", "june", "يونيو", "جوان", "حزيران"), 6),
    **dict.fromkeys(("juillet", "juil", "jul", "july", "يوليوز", "يوليو", "جويلية", "تموز"), 7),
    **dict.fromkeys(("aout", "aug", "august", "غشت", "اغسطس", "اوت", "اب"), 8),
    **dict.fromkeys(("septembre", "sept", "sep", "september", "شتنبر", "سبتمبر", "ايلول"), 9),
    **dict.fromkeys(("octobre", "oct", "october", "اكتوبر", "تشرين الاول"), 10),
    **dict.fromkeys(("novembre", "nov", "november", "نونبر", "نوفمبر", "تشرين الثاني"), 11),
    **dict.fromkeys(("decembre", "dec", "december", "دجنبر", "ديسمبر", "كانون الاول"), 12),
}
NOT_A_DATE = N_("Not a date: write it as 12/03/2023 or 2023-03-12.")


def _full_year(year: int, width: int) -> int:
    if width == 2:
        this = timezone.localdate().year % 100
        return 2000 + year if year <= this else 1900 + year
    return year


def _make(year: int, month: int, day: int, written: str) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise Invalid(N_("There is no such date (%(value)s)."), {"value": written}) from error


def any_date(cell: Cell) -> date | None:
    """A date written the office's way: day first (12/03/2023, 12-03-23, 12.03.2023), ISO (2023-03-12),
    spelled (12 mars 2023, 12 مارس 2023), an Excel date cell, or an Excel serial number (44997)."""
    if cell is None:
        return None
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if float(cell).is_integer() and 1 <= cell <= 80_000:
            return EXCEL_EPOCH + timedelta(days=int(cell))
        raise Invalid(NOT_A_DATE)
    written = western_digits(str(cell).strip())
    if not written:
        return None
    value = TIME_PART.sub("", written).strip()
    if match := YEAR_FIRST.match(value):
        return _make(int(match[1]), int(match[2]), int(match[3]), written)
    if match := DAY_FIRST.match(value):
        year = _full_year(int(match[3]), len(match[3]))
        return _make(year, int(match[2]), int(match[1]), written)
    if match := SPELLED.match(value):
        month = MONTHS.get(normalize(match[2]).replace(" ", ""))
        if month is None:
            raise Invalid(NOT_A_DATE)
        return _make(int(match[3]), month, int(match[1]), written)
    if value.isdigit() and 20_000 <= int(value) <= 80_000:  # a serial number, exported as text
        return EXCEL_EPOCH + timedelta(days=int(value))
    raise Invalid(NOT_A_DATE)


def case_date(cell: Cell) -> date | None:
    """A date of the office's work, plausible by the workspace's rules (cases.dates): from 2000 to today."""
    found = any_date(cell)
    for problem in dates.happened(found, ""):
        raise Invalid(problem.reason, problem.params)
    return found


def birth_year(cell: Cell) -> int | None:
    """A year (1975), or a date of birth whose year is kept (12/03/1975): only the year is stored."""
    if cell is None or (isinstance(cell, str) and not cell.strip()):
        return None
    if isinstance(cell, date):
        year = cell.year
    elif isinstance(cell, int | float) and not isinstance(cell, bool) and 1000 <= cell <= 9999:
        year = int(cell)
    else:
        written = western_digits(text(cell))
        if re.fullmatch(r"\d{4}", written):
            year = int(written)
        else:
            try:
                found = any_date(written)
            except Invalid as error:
                raise Invalid(N_("Not a year of birth: write the year, e.g. 1975.")) from error
            if found is None:
                return None
            year = found.year
    this_year = timezone.localdate().year
    if not 1900 <= year <= this_year:
        raise Invalid(N_("A year of birth between 1900 and %(year)s."), {"year": this_year})
    return year


# --- Choices ------------------------------------------------------------------------------------------------


def _labels(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
    """Each choice's value and its label in Arabic, French and English, normalised → value."""
    found: dict[str, str] = {}
    for language in ("en", "fr", "ar"):
        with translation.override(language):
            for value, label in choices:
                found[normalize(str(label))] = value
    for value, _label in choices:
        found[normalize(value)] = value
    return found


def _lookup(table: dict[str, str], cell: Cell, reason: str) -> str:
    written = text(cell)
    if not written:
        return ""
    key = normalize(western_digits(written))
    if key in table:
        return table[key]
    raise Invalid(reason, {"value": written})


@cache
def _sexes() -> dict[str, str]:
    table = _labels(Person.Sex.choices)
    male = ("m", "h", "homme", "masculin", "male", "man", "mr", "monsieur", "ذكر", "رجل", "ذ", "سيد")
    female = ("f", "femme", "feminin", "female", "woman", "mme", "madame", "mlle", "انثي", "امراه", "سيده", "ا")
    table |= dict.fromkeys(map(normalize, male), Person.Sex.MALE)
    return table | dict.fromkeys(map(normalize, female), Person.Sex.FEMALE)


def sex(cell: Cell) -> str:
    return _lookup(_sexes(), cell, N_("“%(value)s” is not a sex the register knows: write F or M (أنثى or ذكر)."))


@cache
def _generations() -> dict[str, str]:
    table = _labels(Person.Generation.choices)
    words = {
        "1": ("1", "1ere", "1re", "1er", "premiere", "premier", "first", "g1", "اول", "جيل اول", "1st"),
        "2": ("2", "2e", "2eme", "deuxieme", "seconde", "second", "g2", "ثاني", "جيل ثاني", "2nd"),
        "3": ("3", "3e", "3eme", "troisieme", "third", "g3", "ثالث", "جيل ثالث", "4", "4e", "رابع", "3rd"),
    }
    for value, synonyms in words.items():
        table |= dict.fromkeys(map(normalize, synonyms), value)
    return table


def generation(cell: Cell) -> str:
    return _lookup(_generations(), cell, N_("“%(value)s” is not a generation: write 1, 2 or 3."))


@cache
def _statuses() -> dict[str, str]:
    table = _labels(Person.Status.choices)
    words = {
        Person.Status.MRE: (
            "mre", "marocain residant a l etranger", "marocaine residant a l etranger", "marocain du monde",
            "مغربي مقيم بالخارج", "مغربية مقيمة بالخارج", "مغاربة العالم", "مغربي العالم", "مهاجر",
        ),
        Person.Status.RIGHTS_HOLDER: (
            "ayant droit", "ayants droit", "ayant droits", "heir", "ذو حقوق", "ذوو الحقوق", "ذوي الحقوق",
            "ذات حقوق",
        ),
        Person.Status.RETURNEE: ("retour", "de retour", "returnee", "returned", "عائد", "عائدة", "العائدون"),
        Person.Status.FOREIGN_NATIONAL: ("etranger", "etrangere", "foreigner", "foreign", "أجنبي", "أجنبية"),
    }  # fmt: skip
    for value, synonyms in words.items():
        table |= dict.fromkeys(map(normalize, synonyms), value)
    return table


def person_status(cell: Cell) -> str:
    return _lookup(
        _statuses(),
        cell,
        N_("“%(value)s” is not a status: MRE, rights-holder, returnee or foreign national."),
    )


@cache
def _kinds() -> dict[str, str]:
    table = _labels(Case.Kind.choices)
    words = {
        Case.Kind.COMPLAINT: ("plainte", "شكاية", "شكوى", "complainte"),
        Case.Kind.GRIEVANCE: ("reclamation", "doleance", "تظلم", "grievance"),
        Case.Kind.REQUEST: ("demande", "requete", "طلب", "request"),
        Case.Kind.INFORMATION: ("renseignement", "information", "استفسار", "استعلام", "معلومات", "إخبار"),
        Case.Kind.ORIENTATION: ("orientation", "توجيه", "إرشاد"),
    }
    for value, synonyms in words.items():
        table |= dict.fromkeys(map(normalize, synonyms), value)
    return table


def kind(cell: Cell) -> str:
    return _lookup(
        _kinds(),
        cell,
        N_("“%(value)s” is not a kind of case: complaint, grievance, request, information, orientation."),
    )


@cache
def _channels() -> dict[str, str]:
    # Only a transfer between offices brings a case "transferred" (cases.services.transfers), not a register.
    table = _labels(CHOSEN_CHANNELS)
    words = {
        Case.Channel.VISIT: ("visite", "sur place", "presentiel", "en personne", "guichet", "حضوري", "زيارة", "مباشر"),
        Case.Channel.PHONE: ("telephone", "tel", "appel", "phone", "هاتف", "هاتفي", "مكالمة"),
        Case.Channel.EMAIL: ("email", "e mail", "mail", "courriel", "بريد إلكتروني", "بريد الكتروني", "ايميل"),
        Case.Channel.WHATSAPP: ("whatsapp", "واتساب", "واتس اب"),
        Case.Channel.WEB: ("web", "portail", "site", "internet", "en ligne", "بوابة", "موقع", "انترنت"),
        Case.Channel.CONSULATE: ("consulat", "consulate", "قنصلية", "عبر القنصلية"),
        Case.Channel.ASSOCIATION: ("association", "جمعية", "عبر جمعية"),
    }
    for value, synonyms in words.items():
        table |= dict.fromkeys(map(normalize, synonyms), value)
    return table


def channel(cell: Cell) -> str:
    return _lookup(
        _channels(),
        cell,
        N_("“%(value)s” is not a channel: visit, phone, e-mail, WhatsApp, web, consulate or association."),
    )


@cache
def _case_statuses() -> dict[str, str]:
    table = _labels([choice for choice in Case.Status.choices if choice[0] != Case.Status.TRANSFERRED])
    words = {
        Case.Status.NEW: ("nouveau", "nouvelle", "new", "جديد", "جديدة", "مفتوح", "ouvert"),
        Case.Status.IN_PROGRESS: (
            "en cours", "en traitement", "in progress", "قيد المعالجة", "في طور المعالجة", "في طور الإنجاز", "جاري",
            "قيد الدراسة",
        ),
        Case.Status.WAITING_EXTERNAL: ("en attente", "en attente du service", "waiting", "في انتظار", "في الانتظار"),
        Case.Status.ANSWERED: ("repondu", "traite", "answered", "تمت الإجابة", "معالج", "تمت المعالجة", "تم الرد"),
        Case.Status.CLOSED: ("clos", "cloture", "ferme", "closed", "مغلق", "منتهي", "تمت التسوية", "حفظ"),
        Case.Status.CANCELLED: ("annule", "annulee", "cancelled", "ملغى", "ملغي", "الغاء"),
    }  # fmt: skip
    for value, synonyms in words.items():
        table |= dict.fromkeys(map(normalize, synonyms), value)
    return table


def case_status(cell: Cell) -> str:
    return _lookup(
        _case_statuses(),
        cell,
        N_("“%(value)s” is not a case status: new, in progress, waiting, answered, closed or cancelled."),
    )


@cache
def _languages() -> dict[str, str]:
    table = _labels(LANGUAGES)
    words = {
        "ar": ("arabe", "arabic", "عربي", "العربية", "عربية", "darija", "الدارجة"),
        "fr": ("francais", "french", "فرنسي", "الفرنسية", "فرنسية"),
        "en": ("anglais", "english", "انجليزي", "الإنجليزية"),
        "es": ("espagnol", "spanish", "espanol", "الإسبانية"),
        "it": ("italien", "italian", "italiano", "الإيطالية"),
        "nl": ("neerlandais", "dutch", "nederlands", "الهولندية"),
        "de": ("allemand", "german", "deutsch", "الألمانية"),
        "zgh": ("amazigh", "tamazight", "berbere", "tachelhit", "الأمازيغية", "ⵜⴰⵎⴰⵣⵉⵖⵜ"),
    }
    for value, synonyms in words.items():
        table |= dict.fromkeys(map(normalize, synonyms), value)
    return table


def language(cell: Cell) -> str:
    return _lookup(_languages(), cell, N_("“%(value)s” is not a language the office writes in."))


# --- Countries ------------------------------------------------------------------------------------------------


@cache
def _countries() -> dict[str, str]:
    table: dict[str, str] = {}
    for language_code in ("en", "fr", "ar"):
        with translation.override(language_code):
            for code, name in countries:
                if not code:  # the separator after the frequent countries
                    continue
                table[normalize(str(name))] = code
                # "السعودية (المملكة العربية)", "Corée (République de)": the name without what is in brackets
                short = re.sub(r"\s*[(\[].*?[)\]]", "", str(name))
                table.setdefault(normalize(short), code)
    for code, _name in countries:
        if not code:
            continue
        table[normalize(code)] = code
        alpha3 = countries.alpha3(code)
        if alpha3:
            table.setdefault(normalize(alpha3), code)
    aliases = {
        "NL": ("hollande", "holland", "pays bas", "الأراضي المنخفضة", "هولاندا"),
        "GB": ("angleterre", "england", "uk", "royaume uni", "grande bretagne", "بريطانيا", "انجلترا", "انكلترا"),
        "US": ("usa", "etats unis", "united states", "amerique", "امريكا", "الولايات المتحدة"),
        "DE": ("allemagne", "المانيا", "germany"),
        "ES": ("espagne", "اسبانيا", "spain"),
        "IT": ("italie", "ايطاليا", "italy"),
        "BE": ("belgique", "بلجيكا", "belgium"),
        "FR": ("france", "فرنسا"),
        "AE": ("emirats", "uae", "الإمارات", "دبي"),
        "SA": ("arabie saoudite", "السعودية", "saudi"),
        "CH": ("suisse", "سويسرا"),
        "CA": ("canada", "كندا"),
        # Morocco's territory is whole: a register that wrote the southern provinces apart counts them in Morocco.
        "MA": (
            "maroc",
            "المغرب",
            "morocco",
            "eh",
            "esh",
            "sahara",
            "sahara occidental",
            "sahara marocain",
            "western sahara",
            "الصحراء",
            "الصحراء الغربية",
            "الصحراء المغربية",
        ),
        "DZ": ("algerie", "الجزائر"),
        "TN": ("tunisie", "تونس"),
        "LY": ("libye", "ليبيا"),
        "QA": ("qatar", "قطر"),
    }
    for code, names in aliases.items():
        for name in names:
            table.setdefault(normalize(name), code)
    return table


def country(cell: Cell) -> str:
    written = text(cell)
    if not written:
        return ""
    key = normalize(written)
    if key in _countries():
        return _countries()[key]
    raise Invalid(
        N_("“%(value)s” is not a country the register knows: write its name or its code (FR, ES)."), {"value": written}
    )


# --- Categories of the office ------------------------------------------------------------------------------


def category_table() -> dict[str, Category]:
    """The office's categories by code and by name in each language, and by each part of a name ("Urbanisme /
    permis de construire" is also found as "Urbanisme"). A part two categories share finds neither."""
    table: dict[str, Category] = {}
    parts: dict[str, set[int]] = {}
    by_pk: dict[int, Category] = {}
    for item in Category.objects.all():
        by_pk[item.pk] = item
        for name in (item.name_ar, item.name_fr, item.name_en, item.code):
            if name:
                table[normalize(name)] = item
                for part in re.split(r"\s*/\s*|\s*-\s*", name):
                    if normalize(part):
                        parts.setdefault(normalize(part), set()).add(item.pk)
    for key, pks in parts.items():
        if len(pks) == 1 and key not in table:
            table[key] = by_pk[next(iter(pks))]
    return table


def category(cell: Cell, table: dict[str, Category]) -> Category | None:
    written = text(cell)
    if not written:
        return None
    found = table.get(normalize(written))
    if found is None:
        raise Invalid(
            N_("“%(value)s” is not one of the office's categories: use its name as in the office's settings."),
            {"value": written},
        )
    if not found.active:
        raise Invalid(N_("The category “%(value)s” is no longer in use."), {"value": written})
    return found


# --- Contacts -------------------------------------------------------------------------------------------------


def phone(cell: Cell) -> str:
    """+E.164 by the workspace's own rule (cases.services.people.normalize_phone), also for numbers Excel kept
    as numbers (612345678, the leading 0 lost; 33612345678 without its +)."""
    written = western_digits(text(cell))
    if not written:
        return ""
    candidates = [written]
    digits = re.sub(r"[\s.\-/()]", "", written)
    if digits.isdigit():
        if digits.startswith("00"):
            candidates.append("+" + digits[2:])
        elif len(digits) == 9 and digits[0] in "5678":
            candidates.append("0" + digits)
        elif len(digits) > 10:
            candidates.append("+" + digits)
    for candidate in candidates:
        try:
            return normalize_phone(candidate)
        except ValueError:
            continue
    raise Invalid(
        N_("“%(value)s” is not a valid phone number: write it with its country code, e.g. +33 6 12 34 56 78."),
        {"value": written},
    )


def email(cell: Cell) -> str:
    written = text(cell).lower().removeprefix("mailto:")
    if not written:
        return ""
    try:
        validate_email(written)
    except ValidationError as error:
        raise Invalid(N_("“%(value)s” is not a valid e-mail address."), {"value": written}) from error
    return written


def short_text(cell: Cell, limit: int) -> str:
    written = text(cell)
    if len(written) > limit:
        raise Invalid(
            N_("At most %(limit)s characters (this one has %(length)s)."), {"limit": limit, "length": len(written)}
        )
    return written
