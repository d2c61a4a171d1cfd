"""A commune's code: the short name that begins its case references (AITM-2026-00042), unique in the country.

References used to begin with the first three letters of the slug, so every "Aït …" commune numbered its
cases AIT-…: a transferred case, a slip or a tracker could name two cases. A code is the commune's
official code when the operator gives one, otherwise one read from its French name by the rule below.

Codes have 4 to 6 characters, so a new reference can never be read as one of the old form (2 or 3
characters before the year): both stay valid, stored in each case, and never name the same case.

The rule, for a name the operator gave no code for (accents folded, words split at anything not a letter,
one-letter words such as an elided l' or d' left out):

- one word: its first 6 letters (Tiznit → TIZNIT, Taroudant → TAROUD, Nador → NADOR);
- several words: the first 4 letters of the first word, then the first letter of each other word, 6 at the
  most (Aït Melloul → AITM, Béni Mellal → BENIM, Ksar El Kebir → KSAREK); if that makes fewer than 4,
  the next letters of the last word follow (El Jadida → ELJA);
- taken already: a number at the end, from 2, in place of the last letters if 6 would be passed
  (Aït Baha → AITB, then AITB2 for another "Aït B…"); a name of fewer than 4 letters has a number from 1
  (Fès → FES1).

No module of the models is imported here: the data migration that gave the existing communes their codes
(tenants/migrations/0005_commune_code.py) applies the same rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

CODE_PATTERN = r"^[A-Z][A-Z0-9]{3,5}$"
LONGEST = 6
SHORTEST = 4
NOT_A_LETTER = re.compile(r"[^A-Z]+")
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})


def is_code(value: str) -> bool:
    return re.fullmatch(CODE_PATTERN, value) is not None


def _words(name: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", name.translate(LIGATURES))
    folded = "".join(char for char in decomposed if char.isascii()).upper()
    return [word for word in NOT_A_LETTER.split(folded) if len(word) > 1]


def readable_code(name_fr: str, slug: str = "") -> str:
    """The letters a commune's name gives by the rule, before they are made unique (3 to 6 letters)."""
    words = _words(name_fr) or _words(slug) or ["COM"]
    if len(words) == 1:
        code = words[0][:LONGEST]
    else:
        code = words[0][:SHORTEST] + "".join(word[0] for word in words[1:])
        if len(code) < SHORTEST:
            code += words[-1][1 : 1 + SHORTEST - len(code)]
    return code[:LONGEST].ljust(3, "X")


def first_free(base: str, taken: Container[str]) -> str:
    """`base`, or `base` with a number, whichever is not in `taken` first; LookupError after 999.

    Every candidate begins with the first 3 letters of `base`: a caller can read the taken codes by that
    prefix alone.
    """
    if len(base) >= SHORTEST and base not in taken:
        return base
    for number in range(2 if len(base) >= SHORTEST else 1, 1000):
        suffix = str(number)
        candidate = base[: LONGEST - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
    raise LookupError(f"every code from {base} with a number is taken")


def derive_code(name_fr: str, slug: str, taken: Container[str]) -> str:
    """The code a commune with this name gets when the operator gave none."""
    return first_free(readable_code(name_fr, slug), taken)
