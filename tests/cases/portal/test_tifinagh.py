"""Tamazight in Tifinagh beside the page's language: the office's name and the portal's headings."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from cases.portal.templatetags.tifinagh import HEADINGS
from tenants.models import Commune
from tests.cases.portal.test_portal import visitor

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/portal/", "/portal/request/", "/portal/track/", "/appointments/", "/guide/", "/guide/on-duty/"]


def is_tifinagh(text: str) -> bool:
    return all("\u2d30" <= char <= "\u2d7f" for char in text if not char.isspace())


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_every_public_page_has_the_headings_and_the_office_name_in_tifinagh(commune_a: Commune, language: str) -> None:
    client = visitor(commune_a, HTTP_ACCEPT_LANGUAGE=language)
    for path in PUBLIC_PAGES:
        page = client.get(path).content.decode()
        assert f'<html lang="{language}"' in page, path
        assert f'<span class="brand__tzm" lang="zgh">{commune_a.name_tzm}</span>' in page, path
        for words in HEADINGS.values():
            assert f'<span class="tzm" lang="zgh" dir="ltr">{words}</span>' in page, (path, words)


def test_the_headings_are_tifinagh_and_the_font_for_them_is_served() -> None:
    assert all(is_tifinagh(words) for words in HEADINGS.values())
    assert finders.find("jisr/fonts/NotoSansTifinagh-Regular.ttf")
    css = Path(str(finders.find("jisr/jisr.css"))).read_text(encoding="utf-8")
    assert 'url("fonts/NotoSansTifinagh-Regular.ttf")' in css
    assert "unicode-range: U+2D30-2D7F" in css
