"""One word for one thing: the translation catalogues and the two-step verification pages follow the glossary
(docs/glossary.md), where each key term has its English, French and Arabic forms and the words to avoid."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from babel.messages.pofile import read_po
from django.conf import settings
from django.test import Client

from tenants.models import Commune
from tests.conftest import PASSWORD, client_for, make_staff

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
LOCALE = ROOT / "platform" / "jisr" / "locale"
LANGUAGES = ("en", "fr", "ar")

# What is not words in an English text: placeholders and markup.
NOT_WORDS = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\{?\s*[\w.]+\s*\}?\}|<[^>]+>")
# Short vowels, shadda, sukun, the dagger alif and the tatweel; the marks that hold left-to-right runs in place.
ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Term:
    english: tuple[str, ...]
    forms: dict[str, tuple[str, ...]]  # the accepted French and Arabic forms, the term first
    avoid: dict[str, tuple[str, ...]]  # per language, en included
    other_senses: tuple[str, ...]

    def mentioned_in(self, english_text: str) -> bool:
        """The English text uses the term, in one of its forms or a word to avoid (allauth's own texts still do)."""
        text = NOT_WORDS.sub(" ", english_text).lower()
        if any(phrase in text for phrase in self.other_senses):
            return False
        return any(
            re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text) for form in self.english + self.avoid["en"]
        )


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def split(cell: str, separator: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(separator) if part.strip())


def read_glossary() -> list[Term]:
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("<!-- glossary:start -->", 1)[1].split("<!-- glossary:end -->", 1)[0]
    rows = [cells(line) for line in table.strip().splitlines()]
    assert rows[0] == [
        "English",
        "French",
        "Arabic",
        "Avoid in English",
        "Avoid in French",
        "Avoid in Arabic",
        "Other senses",
    ]
    terms = []
    for row in rows[2:]:
        english, french, arabic, avoid_en, avoid_fr, avoid_ar, other = row
        terms.append(
            Term(
                english=tuple(form.lower() for form in split(english, " / ")),
                forms={"fr": split(french, " / "), "ar": split(arabic, " / ")},
                avoid={"en": split(avoid_en.lower(), ";"), "fr": split(avoid_fr, ";"), "ar": split(avoid_ar, ";")},
                other_senses=tuple(phrase.lower() for phrase in split(other, ";")),
            )
        )
    return terms


TERMS = read_glossary()


def plain(text: str, language: str) -> str:
    """The text as the glossary's forms are compared with it."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " ")
    if language == "ar":
        return ARABIC_MARKS.sub("", text)
    return text.replace("’", "'").lower()


def has(text: str, words: tuple[str, ...], language: str) -> str | None:
    """The first of the words found anywhere in the text (compared as `plain` says), if any."""
    found = plain(text, language)
    return next((word for word in words if plain(word, language) in found), None)


# Before an Arabic word: and/so, then by/for/like, then the article (وبال، فلل...).
PROCLITICS = "(?:[وف]?[بلك]?(?:ال|ل)?)"


def uses(text: str, words: tuple[str, ...], language: str) -> str | None:
    """The first of the words the text uses as a word of its own, if any: « مشفرة » (encrypted) does not
    use « شفرة », « الشفرة » and « بالشفرة » do."""
    found = plain(text, language)
    before = PROCLITICS if language == "ar" else ""
    return next(
        (word for word in words if re.search(rf"(?<!\w){before}{re.escape(plain(word, language))}", found)), None
    )


def catalogue(language: str) -> list[tuple[str, list[str]]]:
    """(English text, translations) of every entry: the plural's English form counts as well."""
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        messages = read_po(po, locale=language)
    entries = []
    for message in messages:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = list(message.string) if isinstance(message.string, tuple) else [message.string]
        entries.append((" ".join(ids), strings))
    return entries


def test_the_glossary_has_the_key_terms_in_three_languages() -> None:
    english = {term.english[0] for term in TERMS}
    for key in ("case", "referral", "office head", "two-step verification", "recovery code", "password"):
        assert key in english
    for term in TERMS:
        assert term.english, term
        assert term.forms["fr"], term
        assert term.forms["ar"], term


def test_the_check_tells_a_term_from_its_other_senses_and_reads_arabic_without_its_vowels() -> None:
    (code,) = (term for term in TERMS if term.english[0] == "code")
    (referral,) = (term for term in TERMS if term.english[0] == "referral")
    (two_step,) = (term for term in TERMS if term.english[0] == "two-step verification")
    assert code.mentioned_in("Type the code from the app.")
    assert not code.mentioned_in("With its country code, e.g. +33")
    assert not code.mentioned_in("%(code)s")  # a placeholder is not the word
    assert two_step.mentioned_in("Your account is protected by two-factor authentication.")  # allauth's words
    assert has("وُجِّه الملف إلى المصلحة", referral.forms["ar"], "ar")
    assert has("Saisissez le code d’authentification", ("code d'authentification",), "fr")
    assert not has("البريد الالكتروني", ("البريد الإلكتروني",), "ar")  # hamzas count
    assert uses("أدخلوا الكود", ("كود",), "ar")
    assert uses("بالشفرة", ("شفرة",), "ar")
    assert not uses("الأرقام مشفرة", ("شفرة",), "ar")  # encrypted, not a code


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_no_translation_uses_a_word_the_glossary_avoids(language: str) -> None:
    faults = []
    for english, strings in catalogue(language):
        for term in TERMS:
            if any(phrase in english.lower() for phrase in term.other_senses):
                continue
            for string in strings:
                word = uses(string, term.avoid[language], language)
                if word:
                    faults.append(f"{english!r}: {string!r} says {word!r} ({term.english[0]!r})")
    assert not faults, f"{language}: words to avoid (docs/glossary.md):\n" + "\n".join(faults)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_entry_that_uses_a_term_says_it_with_the_glossary_word(language: str) -> None:
    faults = []
    for english, strings in catalogue(language):
        for term in TERMS:
            if term.mentioned_in(english) and not any(
                has(string, term.forms[language], language) for string in strings
            ):
                faults.append(f"{english!r}: {strings[-1]!r} has none of {' / '.join(term.forms[language])}")
    assert not faults, f"{language}: terms not said as the glossary says (docs/glossary.md):\n" + "\n".join(faults)


class VisibleText(HTMLParser):
    """What a reader sees or hears of a page: its text, and the alt, title, label and placeholder attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        for name, value in attrs:
            if name in ("alt", "title", "aria-label", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def in_language(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def two_step_pages(commune: Commune, language: str) -> dict[str, str]:
    """Every page of two-step verification, as a new staff member meets them: confirming their password,
    setting it up, the recovery codes, the overview, and the sign-in step (also with a wrong code); and the
    account's other pages (password, signing out)."""
    head = make_staff(commune, email=f"glossary-{language}@aitmelloul.test")
    client = in_language(client_for(commune), language)
    assert client.post("/accounts/login/", {"login": head.email, "password": PASSWORD}).status_code == 302
    pages = {}
    confirm = client.get("/accounts/2fa/totp/activate/")
    assert confirm.status_code == 302
    pages["password again"] = client.get(confirm["Location"]).content.decode()
    pages["password refused"] = client.post(confirm["Location"], {"password": "not it"}).content.decode()
    assert client.post(confirm["Location"], {"password": PASSWORD}).status_code == 302
    pages["set-up"] = client.get("/accounts/2fa/totp/activate/").content.decode()
    pages["set-up, wrong code"] = client.post("/accounts/2fa/totp/activate/", {"code": "000000"}).content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    activated = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert activated.status_code == 302
    pages["recovery codes"] = client.get(activated["Location"]).content.decode()
    pages["overview"] = client.get("/accounts/2fa/").content.decode()
    pages["new recovery codes"] = client.get("/accounts/2fa/recovery-codes/generate/").content.decode()
    pages["remove the app"] = client.get("/accounts/2fa/totp/deactivate/").content.decode()
    pages["change password"] = client.get("/accounts/password/change/").content.decode()
    pages["sign out?"] = client.get("/accounts/logout/").content.decode()
    pages["signed out"] = client.post("/accounts/logout/", follow=True).content.decode()
    pages["forgotten password"] = client.get("/accounts/password/reset/").content.decode()
    pages["link sent"] = client.post("/accounts/password/reset/", {"email": head.email}, follow=True).content.decode()
    assert client.post("/accounts/login/", {"login": head.email, "password": PASSWORD}).status_code == 302
    pages["sign-in step"] = client.get("/accounts/2fa/authenticate/").content.decode()
    pages["sign-in step, wrong code"] = client.post("/accounts/2fa/authenticate/", {"code": "000000"}).content.decode()
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_two_step_verification_pages_say_it_as_the_glossary_does(commune_a: Commune, language: str) -> None:
    pages = two_step_pages(commune_a, language)
    direction = "rtl" if language == "ar" else "ltr"
    two_step = next(term for term in TERMS if term.english[0] == "two-step verification")
    said = two_step.english[0] if language == "en" else two_step.forms[language][0]
    for name, html in pages.items():
        assert f'<html lang="{language}" dir="{direction}">' in html, name
        text = visible_text(html)
        for term in TERMS:
            word = uses(text, term.avoid[language], language)
            assert word is None, f"{language}, {name}: {word!r} ({term.english[0]!r}) in {text!r}"
    for name in ("set-up", "overview", "sign-in step"):
        assert plain(said, language) in plain(visible_text(pages[name]), language), (language, name)
