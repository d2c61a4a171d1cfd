"""A commune's name inside a sentence, with the grammar of the reader's language (jisr.wording.of_place):
« le bureau d'accueil {{ name|of_place }} » reads « d'Aït Melloul », « de Nador », « بالناظور »."""

from __future__ import annotations

from django import template

from jisr.wording import of_place as _of_place

register = template.Library()


@register.filter
def of_place(name: str) -> str:
    return _of_place(str(name or ""))
