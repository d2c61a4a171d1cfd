"""Markup rules every template keeps, read from the template files themselves.

axe (tests/e2e/test_accessibility.py) checks the pages a browser test visits;
these rules cover the templates no browser test reaches.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted(
    path
    for folder in ("cases", "platform", "tenants", "network", "analytics")
    for path in (ROOT / folder).rglob("*.html")
    if "templates" in path.parts
)
TABLE_WRAP = re.compile(r'<div class="table-wrap"([^>]*)>')


def test_there_are_templates_to_check() -> None:
    assert len(TEMPLATES) > 40


def test_every_scrolling_table_can_be_reached_and_is_named() -> None:
    """A table wider than a phone scrolls sideways in its wrapper: keyboard users need to focus it,
    and screen readers to hear what it is (WCAG 2.1.1, 4.1.2)."""
    faults = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for match in TABLE_WRAP.finditer(text):
            attributes = match.group(1)
            named = re.search(r'aria-labelledby="([\w-]+)"', attributes)
            if 'tabindex="0"' not in attributes or 'role="region"' not in attributes:
                faults.append(f"{path.relative_to(ROOT)}: not focusable as a region")
            elif named is None and "aria-label=" not in attributes:
                faults.append(f"{path.relative_to(ROOT)}: no name")
            elif named is not None and f'id="{named.group(1)}"' not in text:
                faults.append(f"{path.relative_to(ROOT)}: named by a missing id {named.group(1)}")
    assert not faults, "\n".join(faults)


INLINE = [
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I), "an inline event handler (onclick=...)"),
    (re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "an inline script"),
    (re.compile(r"<style[\s>]", re.I), "a style element"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_template_needs_the_policy_to_allow_inline_code() -> None:
    """The Content-Security-Policy allows scripts and styles from the platform's files only (no
    'unsafe-inline'): a template with inline code would be broken in the browser. Chart data goes in
    json_script, which the policy does not run."""
    faults = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in TEMPLATES
        for pattern, what in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not faults, "\n".join(faults)
