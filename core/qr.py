"""The one QR drawer of the PDFs: segno's matrix drawn as one path of rectangles.

reportlab's QrCodeWidget draws one rectangle object per module (≈20 ms a card); here the dark
modules of each row become one rectangle per run, written as raw path operators in module units
and scaled by one transformation matrix, so a code costs a short string in the content stream.

The matrix comes from segno's public API with a fixed mask: choosing the best of eight masks is
most of segno's time, and a camera does not notice the difference.
"""

from __future__ import annotations

import re

import segno
from reportlab.lib.colors import white
from reportlab.pdfgen.canvas import Canvas

MASK = 2
_DARK_RUN = re.compile(b"\x01+")


def qr_matrix(data: str) -> list[bytearray]:
    """The QR matrix of `data` (rows of 0/1, no quiet zone), error level M, mask MASK."""
    return [bytearray(row) for row in segno.make_qr(data, error="m", mask=MASK, boost_error=False).matrix]


def qr_path_ops(data: str) -> tuple[str, int]:
    """PDF path operators for the dark modules (one rectangle per horizontal run), in module
    units with row 0 at the top, and the number of modules a side."""
    matrix = qr_matrix(data)
    width = len(matrix) + 1  # rows joined with a light separator, so no run crosses a row
    flat = b"\x00".join(matrix)
    ops = [
        f"{run.start() % width} {run.start() // width} {run.end() - run.start()} 1 re"
        for run in _DARK_RUN.finditer(flat)
    ]
    return " ".join(ops), len(matrix)


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float, *, quiet: int = 1) -> None:
    """A black-on-white QR code of `data` in the square (x, y, size), with `quiet` light modules
    of margin on each side."""
    ops, modules = qr_path_ops(data)
    scale = size / (modules + 2 * quiet)
    canvas.saveState()  # the caller's fill colour survives the white box
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.restoreState()
    # Flip y so that row 0 is at the top; integers keep the stream short.
    offset = quiet * scale
    canvas.addLiteral(f"q 0 g {scale:.4f} 0 0 {-scale:.4f} {x + offset:.3f} {y + size - offset:.3f} cm {ops} f Q")
