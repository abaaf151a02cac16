"""Helpers for the tests of protected files: find the link a page renders, read a file answer."""

from __future__ import annotations

import io
from html.parser import HTMLParser

from PIL import Image

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def jpeg_bytes(color=(30, 60, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 50), color).save(out, "JPEG")
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), (255, 255, 255)).save(out, "PNG")
    return out.getvalue()


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("href", "src") and value]


def page_links(html: str) -> list[str]:
    """Every href and src of the page, as the browser would read them."""
    parser = _Links()
    parser.feed(html)
    return parser.links


def file_link(response, needle: str) -> str:
    """The one link (href or src) of a rendered page that contains `needle`."""
    assert response.status_code == 200, response.status_code
    found = [link for link in page_links(response.content.decode()) if needle in link]
    assert len(found) == 1, found
    return found[0]


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content
