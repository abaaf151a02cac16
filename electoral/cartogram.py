"""The board's map, drawn here as SVG: no tile server, no CDN, no script.

No openly licensed Python package on the index ships Colombia's department and municipality
boundaries for vendoring (checked 2026-12: geodatasets downloads on demand, the rest are
scrapers), so departments are a tile cartogram: one square per department, placed roughly
where it lies (`DEPARTMENT_TILES`), coloured by the figure. A department's municipalities are
a tile grid in alphabetical order (their shape is not drawn: the colour carries the figure and
the tooltip names each one). Colours come in five classes (quintiles of the figures shown).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# DIVIPOLA code → (column, row), north-west at (0, 0).
DEPARTMENT_TILES = {
    "88": (0, 0),
    "44": (6, 0),
    "08": (4, 1),
    "47": (5, 1),
    "20": (6, 1),
    "23": (3, 2),
    "70": (4, 2),
    "13": (5, 2),
    "54": (6, 2),
    "27": (2, 3),
    "05": (3, 3),
    "68": (4, 3),
    "15": (5, 3),
    "81": (6, 3),
    "66": (2, 4),
    "17": (3, 4),
    "25": (4, 4),
    "85": (5, 4),
    "99": (6, 4),
    "76": (1, 5),
    "63": (2, 5),
    "73": (3, 5),
    "11": (4, 5),
    "50": (5, 5),
    "94": (6, 5),
    "19": (1, 6),
    "41": (2, 6),
    "18": (3, 6),
    "95": (4, 6),
    "97": (5, 6),
    "52": (0, 7),
    "86": (1, 7),
    "91": (4, 7),
}
# Sequential palette, light to dark (colour-blind safe, readable in greyscale).
PALETTE = ("#e8eef8", "#b9cbe8", "#7f9fd2", "#4a6fb0", "#1d3b72")
EMPTY = "#f1f1f1"
TILE, GAP = 58, 4


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    value: float | None
    label: str  # the figure as people read it (Colombian format)
    url: str = ""


def classes(values: Sequence[float]) -> list[float]:
    """The four cut points of five quintile classes."""
    ordered = sorted(v for v in values if v is not None)
    if not ordered:
        return []
    cuts = [ordered[min(len(ordered) - 1, int(len(ordered) * k / 5))] for k in (1, 2, 3, 4)]
    return sorted({cut for cut in cuts if cut > ordered[0]})  # equal cuts would make empty classes


def colour(value: float | None, cuts: list[float]) -> str:
    if value is None or not cuts:
        return EMPTY
    return PALETTE[sum(1 for cut in cuts if value >= cut) if value > 0 else 0]


def _tile(x: int, y: int, tile: Tile, fill: str, short: str) -> SafeString:
    text = "#ffffff" if fill in PALETTE[3:] else "#1b1b1b"
    body = format_html(
        '<title>{}: {}</title><rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="{}" stroke="#ffffff"/>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="13" font-weight="600" fill="{}">{}</text>',
        tile.name,
        tile.label,
        x,
        y,
        TILE,
        TILE,
        fill,
        x + TILE // 2,
        y + TILE // 2 + 5,
        text,
        short,
    )
    if tile.url:
        return format_html(
            # The name starts with the text the tile shows (axe: label-content-name-mismatch).
            '<a href="{}" class="map-tile" data-code="{}" aria-label="{} · {}: {}">{}</a>',
            tile.url,
            tile.code,
            short,
            tile.name,
            tile.label,
            body,
        )
    return format_html('<g class="map-tile" data-code="{}">{}</g>', tile.code, body)


def _short(name: str) -> str:
    letters = "".join(ch for ch in name if ch.isalpha())
    return letters[:3].upper() or "?"


def department_map(tiles: list[Tile], *, title: str) -> SafeString:
    cuts = classes([t.value for t in tiles if t.value is not None])
    by_code = {t.code: t for t in tiles}
    parts = []
    for code, (col, row) in DEPARTMENT_TILES.items():
        tile = by_code.get(code) or Tile(code=code, name=code, value=None, label="—")
        parts.append(_tile(col * (TILE + GAP), row * (TILE + GAP), tile, colour(tile.value, cuts), _short(tile.name)))
    width, height = 7 * (TILE + GAP), 8 * (TILE + GAP)
    return _svg(parts, width, height, title)


def grid_map(tiles: list[Tile], *, title: str, columns: int = 10) -> SafeString:
    ordered = sorted(tiles, key=lambda t: t.name)
    cuts = classes([t.value for t in ordered if t.value is not None])
    parts = [
        _tile((i % columns) * (TILE + GAP), (i // columns) * (TILE + GAP), t, colour(t.value, cuts), _short(t.name))
        for i, t in enumerate(ordered)
    ]
    rows = max(1, (len(ordered) + columns - 1) // columns)
    return _svg(parts, min(columns, max(1, len(ordered))) * (TILE + GAP), rows * (TILE + GAP), title)


def _svg(parts: list[SafeString], width: int, height: int, title: str) -> SafeString:
    # A map with links is a group of links (an image's children are not reachable: axe's
    # nested-interactive); one without links is a single image.
    role = "group" if any("<a " in part for part in parts) else "img"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="{}" aria-label="{}"'
        ' class="board-map">{}</svg>',
        width,
        height,
        width,
        height,
        role,
        title,
        format_html_join("", "{}", ((p,) for p in parts)),
    )


def legend(tiles: list[Tile], fmt: Callable[[float], str]) -> list[tuple[str, str]]:
    """(colour, "from value") per class, for the key under the map."""
    cuts = classes([t.value for t in tiles if t.value is not None])
    if not cuts:
        return []
    return [(PALETTE[0], "< " + fmt(cuts[0]))] + [(PALETTE[i + 1], "≥ " + fmt(cut)) for i, cut in enumerate(cuts)]
