"""The portal's headings in Tamazight, in Tifinagh, beside the page's own language.

Moroccan public signs carry Arabic, Tamazight (Tifinagh) and often French; the
portal's navigation does the same, so a Tamazight speaker finds the way in
whatever language the page is in. The words follow IRCAM's standard Moroccan
Tamazight (the Latin transcription is beside each); they are proposals to be
checked by a speaker trained in that standard before a commune relies on them,
which is why they live here, in one place, and not in the templates.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

HEADINGS: dict[str, str] = {
    "home": "ⴰⵏⵙⵓⴼ ⵢⵉⵙⵡⵏ",  # ansuf yiswn: welcome
    "procedures": "ⵜⵉⴳⴰⵡⵉⵏ ⵜⵉⵏⴱⴰⴹⵉⵏ",  # tigawin tinbaḍin: administrative procedures
    "request": "ⴰⵙⵓⵜⵔ",  # asuter: a request
    "track": "ⴰⴹⴼⵓⵔ ⵏ ⵓⵙⵓⵜⵔ",  # aḍfur n usuter: following a request
    "appointments": "ⴰⵎⵙⴰⴳⴰⵔ",  # amsagar: a meeting, an appointment
    "duty": "ⵉⴽⵓⴷⴰⵏ ⵏ ⵓⵙⵏⵓⴱⴳ",  # ikudan n usnubg: the times of reception
}


@register.simple_tag
def tifinagh(section: str) -> SafeString | str:
    """The heading of a section in Tifinagh, marked with its language; nothing for an unknown section."""
    words = HEADINGS.get(section)
    if words is None:
        return ""
    return format_html('<span class="tzm" lang="zgh" dir="ltr">{}</span>', words)
