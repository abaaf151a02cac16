"""The communications PDFs with the longest real values: no number or name broken across lines."""

import shutil
import subprocess

import pytest

from comunicaciones.models import Channel
from comunicaciones.pdf import _fitting_size, render_meeting_minutes, render_monthly_report

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
BIG = {
    "followers": 123456789,
    "posts": 98765,
    "reach": 1234567890,
    "impressions": 9876543210,
    "engagement": 123456789,
    "clicks": 98765432,
    "video_views": 1234567890,
}
LONGEST_NAME = "María Fernanda de los Ángeles Rodríguez-Castañeda"


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True).stdout


def _figures():
    channels = list(Channel.values)
    metrics = {m: {"value": v, "previous": v // 3, "change": 12345.6} for m, v in BIG.items()}
    review = {"decisions": 123456, "approved": 100000, "returned": 23456, "return_rate": 100.0,
              "avg_wait_hours": 12345.6, "max_wait_hours": 123456.7, "avg_rounds": 12.35}  # fmt: skip
    return {
        "month": "2026-09-01",
        "previous_month": "2026-08-01",
        "produced": dict.fromkeys(channels, 12345),
        "produced_total": 123456,
        "published": dict.fromkeys(channels, 23456),
        "published_total": 164192,
        "published_pieces": 123456,
        "review": {"content": review, "design": review},
        "networks": [{"channel": c, "label": str(Channel(c).label), "metrics": metrics} for c in channels],
        "channel_labels": {c: str(Channel(c).label) for c in channels},
    }


def test_the_monthly_report_never_breaks_a_billion_across_lines(tmp_path):
    text = _text(render_monthly_report(_figures()), tmp_path)
    assert text.count("9.876.543.210") == len(Channel.values)


def test_a_number_that_does_not_fit_gets_a_smaller_font():
    assert _fitting_size("9.876.543.210", 40) < 8


def test_a_number_that_fits_keeps_its_font():
    assert _fitting_size("98.765", 40) == 8


def test_the_minutes_keep_the_longest_author_name_whole(tmp_path):
    data = {
        "date": "2026-09-30", "attendees": "Comité", "topics": "Afiliación", "sources": "", "products": "",
        "channels": ["Facebook"], "decisions": "", "recorded_by": "Jefa",
        "pieces": [{"title": "Convocatoria en el Archipiélago de San Andrés, Providencia y Santa Catalina",
                    "status": "Archivo final entregado", "author": LONGEST_NAME}],
    }  # fmt: skip
    assert "Rodríguez-Castañeda" in _text(render_meeting_minutes(data), tmp_path)
