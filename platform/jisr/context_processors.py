from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation

from jisr.languages import page_languages


def platform(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs on every page: the commune, if any, the text direction, the switch's languages."""
    return {
        "commune": getattr(request, "tenant", None),
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
        "page_languages": page_languages(request),
    }
