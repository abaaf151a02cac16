"""Read `{% status_badge %}` markup back from a rendered page, as a person sees it: the stored
value and the label of every badge, in page order."""

from __future__ import annotations

import re

_BADGE = re.compile(
    r'<span class="badge text-bg-(?P<tone>\w+)[^"]*\bstatus-badge\b[^"]*"[^>]*'
    r'\bdata-status="(?P<value>[^"]*)">(?P<label>[^<]*)</span>'
)


def status_badges(html: str) -> list[tuple[str, str]]:
    """(stored value, label) of each status badge in `html`."""
    return [(match["value"], match["label"]) for match in _BADGE.finditer(html)]


def badge_tones(html: str) -> list[str]:
    """The Bootstrap tone of each status badge in `html`."""
    return [match["tone"] for match in _BADGE.finditer(html)]
