"""Digits as people type them: a phone with an Arabic keyboard writes ٠١٢٣٤٥٦٧٨٩ (or the Persian ۰…۹),
and a code, a number or a date typed that way is the same as in Western digits."""

from __future__ import annotations

EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def western_digits(text: str) -> str:
    """`text` with every Arabic-Indic and Eastern Arabic-Indic digit written 0-9."""
    return text.translate(EASTERN_DIGITS)
