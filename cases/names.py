"""Names as the office hears and writes them: محمد, Mohamed, Mohammed, Mhamed are one person.

Two normalised forms are stored on each person and matched with PostgreSQL
trigrams (cases.selectors.search_people):

- `search_names`: the names as written, each script cleaned of what does not
  tell names apart: Latin without accents, case or punctuation; Arabic
  without diacritics or tatweel, its letter variants unified (أ إ آ → ا,
  ة → ه, ى → ي, ...);
- `search_keys`: a phonetic skeleton common to both scripts: consonants
  only, each Arabic letter and Latin spelling mapped to one class
  (خ / kh → x, ش / ch / sh → c, ق / q / k → k, ...), doubles collapsed.
  "محمد", "Mohamed", "Mohammed", "Muhammad" and "Mhamed" all give "mhmd".
"""

from __future__ import annotations

import re
import unicodedata

ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_VARIANTS = str.maketrans(
    {
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
        "ى": "ي", "ی": "ي", "ئ": "ي",
        "ة": "ه",
        "ؤ": "و",
        "ک": "ك", "ڭ": "ك", "گ": "ك",
        "ڤ": "ف", "پ": "ب",
    }
)  # fmt: skip
# Arabic consonants → skeleton classes. Long vowels (ا و ي inside a word), ء and ع have no class.
ARABIC_CLASSES = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "x", "د": "d", "ذ": "d",
    "ر": "r", "ز": "z", "س": "s", "ش": "c", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
}  # fmt: skip
# Latin spellings of those sounds, longest first.
LATIN_DIGRAPHS = [
    ("sch", "c"), ("tch", "c"), ("kh", "x"), ("ch", "c"), ("sh", "c"), ("gh", "g"), ("dj", "j"),
    ("ph", "f"), ("th", "t"), ("dh", "d"), ("ck", "k"),
]  # fmt: skip
LATIN_CLASSES = {
    "b": "b", "c": "k", "d": "d", "f": "f", "g": "j", "h": "h", "j": "j", "k": "k", "l": "l",
    "m": "m", "n": "n", "p": "b", "q": "k", "r": "r", "s": "s", "t": "t", "v": "f", "w": "w",
    "x": "x", "z": "z",
}  # fmt: skip
ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3]")
TOKEN = re.compile(r"[^\W\d_]+")


def is_arabic(text: str) -> bool:
    return bool(ARABIC_LETTER.search(text))


def normalize_arabic(text: str) -> str:
    text = ARABIC_DIACRITICS.sub("", text).translate(ARABIC_VARIANTS)
    return " ".join(TOKEN.findall(text))


def normalize_latin(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
    return " ".join(TOKEN.findall(plain.replace("'", "").replace("’", "")))


def normalize(text: str) -> str:
    """A name as written, cleaned of accents, case, diacritics and letter variants."""
    return " ".join(
        normalize_arabic(token) if is_arabic(token) else normalize_latin(token) for token in text.split()
    ).strip()


def _collapse(letters: list[str]) -> str:
    out: list[str] = []
    for letter in letters:
        if not out or out[-1] != letter:
            out.append(letter)
    return "".join(out)


def _arabic_skeleton(word: str) -> str:
    word = ARABIC_DIACRITICS.sub("", word)
    if word.endswith("ة"):  # taa marbuta is a vowel ending: Fatima, not Fatimah
        word = word[:-1]
    letters = []
    for position, char in enumerate(normalize_arabic(word).replace(" ", "")):
        if char in ARABIC_CLASSES:
            letters.append(ARABIC_CLASSES[char])
        elif char in "وي" and position == 0:
            letters.append("w" if char == "و" else "y")
    return _collapse(letters)


def _latin_skeleton(word: str) -> str:
    word = normalize_latin(word).replace(" ", "")
    initial = ""
    if word.startswith("w"):
        initial, word = "w", word[1:]
    elif word.startswith("ou") and len(word) > 2 and word[2] in "aeiy":  # Oualid, Ouafae: w
        initial, word = "w", word[2:]
    elif word.startswith("y") and len(word) > 1 and word[1] in "aeiou":  # Youssef, Yassine: y
        initial, word = "y", word[1:]
    for spelling, sound in LATIN_DIGRAPHS:
        word = word.replace(spelling, sound.upper())  # upper: already mapped
    letters = [initial] if initial else []
    for char in word:
        if char.isupper():
            letters.append(char.lower())
        elif char in LATIN_CLASSES:
            letters.append(LATIN_CLASSES[char])
    return _collapse(letters)


def skeleton(word: str) -> str:
    """The consonant skeleton of one word, the same for its Arabic and Latin spellings."""
    return _arabic_skeleton(word) if is_arabic(word) else _latin_skeleton(word)


def keys(text: str) -> str:
    """Skeletons of every word of a name; the article (ال / el / al) is its own word."""
    words: list[str] = []
    for token in TOKEN.findall(ARABIC_DIACRITICS.sub("", text)):
        if is_arabic(token) and token.startswith("ال") and len(token) > 3:
            words += ["ال", token[2:]]
        else:
            words.append(token)
    return " ".join(dict.fromkeys(filter(None, (skeleton(word) for word in words))))


def phone_digits(number: str) -> str:
    """The digits of a phone number, for matching whatever way it was typed."""
    return "".join(char for char in number if char.isdigit())
