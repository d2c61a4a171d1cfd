from __future__ import annotations

from django.http import HttpRequest
from django.utils import translation


def platform(request: HttpRequest) -> dict[str, object]:
    """What the base layout needs on every page: the commune, if any, and the text direction."""
    return {
        "commune": getattr(request, "tenant", None),
        "text_direction": "rtl" if translation.get_language_bidi() else "ltr",
    }
