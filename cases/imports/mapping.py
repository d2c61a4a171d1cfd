"""Which column of a register holds what: the fields a row may fill, and the headings offices give them.

Headings are compared once normalised (cases.names for accents, case and Arabic letter variants, plus the
Arabic article and punctuation), so "Téléphone", "TELEPHONE", "الهاتف" and "هاتف" are one heading.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases import names

# Person
FULL_NAME = "full_name"
LAST_NAME_LATIN = "last_name_latin"
FIRST_NAME_LATIN = "first_name_latin"
LAST_NAME_AR = "last_name_ar"
FIRST_NAME_AR = "first_name_ar"
SEX = "sex"
BIRTH_YEAR = "birth_year"
GENERATION = "generation"
STATUS = "status"
COUNTRY = "residence_country"
CITY = "residence_city"
PHONE = "phone"
WHATSAPP = "whatsapp"
EMAIL = "email"
LANGUAGE = "preferred_language"
# Case
OPENED_ON = "opened_on"
KIND = "kind"
CATEGORY = "category"
CHANNEL = "channel"
SUBJECT = "subject"
DESCRIPTION = "description"
CASE_STATUS = "case_status"
ANSWERED_ON = "answered_on"
CLOSED_ON = "closed_on"

NAME_FIELDS = (FULL_NAME, LAST_NAME_LATIN, FIRST_NAME_LATIN, LAST_NAME_AR, FIRST_NAME_AR)
CASE_FIELDS = (OPENED_ON, KIND, CATEGORY, CHANNEL, SUBJECT, DESCRIPTION, CASE_STATUS, ANSWERED_ON, CLOSED_ON)

FIELDS: dict[str, Promise] = {
    FULL_NAME: _("full name (either script)"),
    LAST_NAME_LATIN: _("last name (Latin script)"),
    FIRST_NAME_LATIN: _("first name (Latin script)"),
    LAST_NAME_AR: _("last name (Arabic script)"),
    FIRST_NAME_AR: _("first name (Arabic script)"),
    SEX: _("sex"),
    BIRTH_YEAR: _("year of birth"),
    GENERATION: _("generation"),
    STATUS: _("status"),
    COUNTRY: _("country of residence"),
    CITY: _("city of residence"),
    PHONE: _("phone"),
    WHATSAPP: _("WhatsApp"),
    EMAIL: _("e-mail"),
    LANGUAGE: _("preferred language"),
    OPENED_ON: _("case: date received"),
    KIND: _("case: kind"),
    CATEGORY: _("case: category"),
    CHANNEL: _("case: channel"),
    SUBJECT: _("case: subject"),
    DESCRIPTION: _("case: description"),
    CASE_STATUS: _("case: status"),
    ANSWERED_ON: _("case: date answered"),
    CLOSED_ON: _("case: date closed"),
}

# Headings seen in the offices' registers, in Arabic, French and English (normalised when compared).
SYNONYMS: dict[str, tuple[str, ...]] = {
    FULL_NAME: (
        "nom et prenom", "nom prenom", "nom complet", "prenom et nom", "nom et prenoms", "full name", "name",
        "الاسم الكامل", "الاسم والنسب", "الاسم و النسب", "الإسم الكامل", "الاسم العائلي والشخصي", "اسم المرتفق",
        "المرتفق", "nom de l usager", "usager", "beneficiaire",
    ),
    LAST_NAME_LATIN: ("nom", "nom de famille", "last name", "surname", "family name", "nom latin", "nom fr"),
    FIRST_NAME_LATIN: ("prenom", "first name", "given name", "prenom latin", "prenom fr"),
    LAST_NAME_AR: ("النسب", "الاسم العائلي", "nom en arabe", "nom arabe", "النسب بالعربية", "last name arabic"),
    FIRST_NAME_AR: ("الاسم الشخصي", "الاسم", "prenom en arabe", "prenom arabe", "الاسم بالعربية", "first name arabic"),
    SEX: ("sexe", "genre", "sex", "gender", "الجنس", "النوع"),
    BIRTH_YEAR: (
        "annee de naissance", "date de naissance", "ne le", "ne en", "year of birth", "birth year", "date of birth",
        "سنة الازدياد", "تاريخ الازدياد", "سنة الولادة", "تاريخ الولادة", "سنه الميلاد", "تاريخ الميلاد",
    ),
    GENERATION: ("generation", "الجيل"),
    STATUS: ("statut", "qualite", "categorie d usager", "status", "الصفة", "الوضعية"),
    COUNTRY: (
        "pays de residence", "pays", "pays d accueil", "country", "country of residence", "بلد الإقامة", "البلد",
        "بلد الاقامة", "دولة الإقامة", "الدولة", "بلد الاستقبال",
    ),
    CITY: ("ville", "ville de residence", "city", "المدينة", "مدينة الإقامة", "مدينه الاقامه"),
    PHONE: (
        "telephone", "tel", "gsm", "portable", "numero de telephone", "phone", "mobile", "الهاتف", "رقم الهاتف",
        "الهاتف المحمول", "tel gsm",
    ),
    WHATSAPP: ("whatsapp", "واتساب", "الواتساب", "رقم الواتساب", "numero whatsapp"),
    EMAIL: ("email", "e mail", "mail", "courriel", "adresse email", "البريد الإلكتروني", "البريد الالكتروني"),
    LANGUAGE: ("langue", "langue preferee", "language", "اللغة", "لغة التواصل"),
    OPENED_ON: (
        "date", "date de reception", "date d accueil", "date de visite", "date d arrivee", "date du depot",
        "date d ouverture", "date received", "received on", "التاريخ", "تاريخ الاستقبال", "تاريخ الزيارة",
        "تاريخ التوصل", "تاريخ الإيداع", "تاريخ الطلب",
    ),
    KIND: ("type", "type de demande", "nature", "nature de la demande", "kind", "نوع الطلب", "طبيعة الطلب"),
    CATEGORY: ("categorie", "domaine", "secteur", "category", "المجال", "الصنف", "القطاع", "الفئة"),
    CHANNEL: (
        "canal", "mode de contact", "moyen de contact", "mode d accueil", "channel", "القناة", "وسيلة التواصل",
        "طريقة التواصل", "وسيلة الاتصال",
    ),
    SUBJECT: ("objet", "sujet", "objet de la demande", "subject", "الموضوع", "موضوع الطلب", "موضوع الشكاية"),
    DESCRIPTION: (
        "description", "observations", "observation", "remarques", "details", "notes", "ملاحظات", "الملاحظات",
        "تفاصيل", "وصف",
    ),
    CASE_STATUS: (
        "etat", "etat du dossier", "suite", "suite reservee", "statut du dossier", "case status", "الحالة",
        "حالة الملف", "مآل الطلب", "المآل", "مال الطلب",
    ),
    ANSWERED_ON: (
        "date de reponse", "date de traitement", "traite le", "date answered", "تاريخ الرد", "تاريخ الجواب",
        "تاريخ المعالجة",
    ),
    CLOSED_ON: (
        "date de cloture", "cloture le", "date de classement", "date closed", "closed on", "تاريخ الإغلاق",
        "تاريخ الحفظ", "تاريخ التسوية",
    ),
}  # fmt: skip

PUNCTUATION = re.compile(r"[^\w\s]|_")
ARABIC_ARTICLE = re.compile(r"^(?:وال|بال|فال|لل|ال)(?=\w{2,})")


def normalize(text: str) -> str:
    """A heading or a value as compared: no accents, case, diacritics, article, letter variants or punctuation
    (digits kept: "2e génération")."""
    text = PUNCTUATION.sub(" ", str(text).replace("’", " ").replace("'", " "))
    words = []
    for word in text.split():
        if names.is_arabic(word):
            word = names.ARABIC_DIACRITICS.sub("", word).translate(names.ARABIC_VARIANTS)
            word = ARABIC_ARTICLE.sub("", word)
        else:
            decomposed = unicodedata.normalize("NFKD", word)
            word = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
        if word:
            words.append(word)
    return " ".join(words)


_INDEX: dict[str, str] = {normalize(synonym): field for field, synonyms in SYNONYMS.items() for synonym in synonyms}


def field_for(heading: str) -> tuple[str, int]:
    """The field a heading most likely names, and how sure: 2 said exactly, 1 its words found, 0 unknown."""
    key = normalize(heading)
    if not key:
        return "", 0
    if key in _INDEX:
        return _INDEX[key], 2
    words = set(key.split())
    found = [(len(synonym), field) for synonym, field in _INDEX.items() if set(synonym.split()) <= words]
    if found:
        return max(found)[1], 1
    return "", 0


def heading_score(headings: Iterable[str]) -> int:
    """How much a row looks like a register's headings: how many of its cells name a field."""
    return sum(1 for heading in headings if field_for(heading)[1] > 0)


def suggest(headings: list[str], remembered: dict[str, str] | None = None) -> list[str]:
    """A field (or '' to ignore) per column: what the office chose before for that heading, else the
    synonyms; each field to one column only, the surest first."""
    remembered = remembered or {}
    choices: list[tuple[int, int, str]] = []
    for index, heading in enumerate(headings):
        key = normalize(heading)
        if key and key in remembered:
            choices.append((3, index, remembered[key]))
        else:
            field, sureness = field_for(heading)
            choices.append((sureness, index, field))
    result = [""] * len(headings)
    taken: set[str] = set()
    for sureness, index, field in sorted(choices, key=lambda item: (-item[0], item[1])):
        if field and field in FIELDS and field not in taken and sureness > 0:
            result[index] = field
            taken.add(field)
    return result
