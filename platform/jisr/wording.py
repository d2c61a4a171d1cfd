"""Texts put in the reader's language: which version of a text in several languages to show, and a place
name inside a sentence.

An office writes its texts (its name, address, opening hours) in Arabic, French and English, and the
platform shows each reader the one of their language; when it is missing, the French one (the
administration's other language, read by most readers of es/nl/de pages too), then the Arabic one, then
whatever exists (`in_language`).

A commune's name inside a sentence takes the grammar of the language: « le bureau d'accueil d'Aït
Melloul », « de Nador », « du ... » in French; « مكتب الاستقبال بالناظور » in Arabic, where ب joins the
name and keeps its article. The catalogues therefore translate whole phrases with a placeholder for the
complement (`%(of_commune)s`), filled by `of_place` in the reader's language, rather than gluing « de »
to a name in each translation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from django.utils.translation import get_language

# The languages an office writes its texts in (tenants.models.Commune): the staff languages.
TEXT_LANGUAGES = ("ar", "fr", "en")
FALLBACK = ("fr", "ar", "en")

# Between the versions of a text in several languages written as one.
SEPARATORS = re.compile(r"\s+[·|/•]\s+|\n+")
FRENCH_VOWELS = frozenset("aeiouœæ")
# « of » before a place name in the other languages of the public pages; French and Arabic have rules below.
OF = {"en": "of {}", "es": "de {}", "de": "in {}", "nl": "van {}"}


def reader_language(language: str | None = None) -> str:
    """The two-letter code of `language`, or of the language active now (French outside any)."""
    return (language or get_language() or "fr")[:2].lower()


def in_language(versions: Mapping[str, str], language: str | None = None) -> str:
    """The version of a text for a reader of `language` (the active one by default): theirs, else French,
    else Arabic, else any that is not empty."""
    for code in (reader_language(language), *FALLBACK):
        text = (versions.get(code) or "").strip()
        if text:
            return text
    return next((text.strip() for text in versions.values() if text and text.strip()), "")


def is_arabic(text: str) -> bool:
    """Whether a text is written in Arabic script: more of its letters are Arabic than not."""
    arabic = other = 0
    for char in text:
        if char.isalpha():
            if unicodedata.bidirectional(char) in ("AL", "R"):
                arabic += 1
            else:
                other += 1
    return arabic > other


def by_script(text: str) -> dict[str, str]:
    """A text written before offices wrote one per language, shared out by script: Arabic to "ar", the rest
    to "fr"; parts in both, between separators ("Lundi-vendredi 8h30-16h30 · من الاثنين إلى الجمعة"), each to
    its own."""
    text = text.strip()
    parts = [part.strip() for part in SEPARATORS.split(text) if part.strip()]
    arabic = [part for part in parts if is_arabic(part)]
    other = [part for part in parts if not is_arabic(part)]
    if arabic and other:
        return {"fr": " · ".join(other), "ar": " · ".join(arabic)}
    return {"ar": text} if is_arabic(text) else {"fr": text} if text else {}


def of_place(name: str, language: str | None = None) -> str:
    """A place name as the complement of « office », « workspace », « commune » in a sentence:
    « d'Aït Melloul », « de Nador » (French); « بالناظور », « ببني ملال » (Arabic); « of Nador » (English)."""
    name = " ".join(name.split())
    if not name:
        return ""
    code = reader_language(language)
    if code == "ar":
        return _arabic(name)
    if code in OF:
        return OF[code].format(name)
    return _french(name)


def _french(name: str) -> str:
    """« de » shortened before a vowel (accents included: Aït, Éz, Île, Oujda), and before a Y sounded as
    a vowel (Yffiniac, not Youssoufia); joined to the article of names that start with « Le » or « Les ».

    An H is taken as sounded: in Morocco's names it writes ح or ه (« de Had Soualem », « de Hay Hassani »)."""
    for article, joined in (("Le ", "du "), ("Les ", "des ")):
        if name.startswith(article) and len(name) > len(article):
            return joined + name[len(article) :]
    letters = [_base(char) for char in name[:2]]
    first, second = letters[0], letters[1] if len(letters) > 1 else ""
    if first in FRENCH_VOWELS or (first == "y" and second.isalpha() and second not in FRENCH_VOWELS | {"y"}):
        return f"d'{name}"
    return f"de {name}"


def _base(char: str) -> str:
    """The letter without its accent, in lower case: É → e, Ï → i, Œ → œ."""
    return unicodedata.normalize("NFD", char)[:1].lower()


def _arabic(name: str) -> str:
    """ب joined to an Arabic name, its article kept (بالناظور, بأيت ملول); a name written in Latin letters
    only (no Arabic name recorded) goes after « بجماعة »."""
    if unicodedata.bidirectional(name[0]) in ("AL", "R"):
        return f"ب{name}"
    return f"بجماعة {name}"
