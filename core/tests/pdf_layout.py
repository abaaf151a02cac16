"""Where a PDF draws its text, to test that no text is drawn over other text or off the page.

Each text run reportlab writes is read back with pypdf's visitor (position and font), and its box
is measured with reportlab's own font metrics: two runs whose boxes cross overlap on paper."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth


@dataclass(frozen=True)
class Run:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def crosses(self, other: Run, slack: float = 0.6) -> bool:
        return (
            self.page == other.page
            and self.x0 + slack < other.x1
            and other.x0 + slack < self.x1
            and self.y0 + slack < other.y1
            and other.y0 + slack < self.y1
        )


def _font_name(font_dict) -> str:
    name = str((font_dict or {}).get("/BaseFont", "/Helvetica")).lstrip("/")
    try:
        getFont(name)
    except KeyError:
        return "Helvetica"
    return name


def text_runs(pdf: bytes) -> tuple[list[Run], list[tuple[float, float]]]:
    """Every text run with its box, and each page's size."""
    reader = PdfReader(BytesIO(pdf))
    runs: list[Run] = []
    sizes = []
    for number, page in enumerate(reader.pages):
        sizes.append((float(page.mediabox.width), float(page.mediabox.height)))
        # pypdf reports each run of a line written in one text object (a Paragraph line mixing
        # regular and bold) at the line's start: such runs continue where the previous one ended.
        line = {"start": None, "end": 0.0}

        def visit(text, cm, tm, font_dict, font_size, number=number, line=line):
            text = text.rstrip("\n")
            if not text.strip():
                return
            # Position and scale in page space: the text matrix times the current transformation.
            a, b, c, d, e, f = tm
            A, B, C, D, E, F = cm
            x = e * A + f * C + E
            y = e * B + f * D + F
            scale = ((a * A + b * C) ** 2 + (a * B + b * D) ** 2) ** 0.5
            size = font_size * scale
            width = stringWidth(text, _font_name(font_dict), size)
            if line["start"] is not None and abs(line["start"][0] - x) < 0.01 and abs(line["start"][1] - y) < 0.01:
                x = line["end"]
            else:
                line["start"] = (x, y)
            line["end"] = x + width
            # Descenders to ascenders, roughly: 0.2 em below the baseline, 0.75 em above.
            runs.append(Run(number, text, x, y - 0.2 * size, x + width, y + 0.75 * size))

        page.extract_text(visitor_text=visit)
    return runs, sizes


def overlapping(pdf: bytes) -> list[tuple[str, str]]:
    """Pairs of texts drawn over each other."""
    runs, _sizes = text_runs(pdf)
    pairs = []
    for i, run in enumerate(runs):
        for other in runs[i + 1 :]:
            if run.crosses(other):
                pairs.append((run.text, other.text))
    return pairs


def off_page(pdf: bytes, margin: float = 0.0) -> list[str]:
    """Texts drawn (partly) outside their page."""
    runs, sizes = text_runs(pdf)
    out = []
    for run in runs:
        width, height = sizes[run.page]
        if run.x0 < margin - 0.5 or run.x1 > width - margin + 0.5 or run.y0 < 0 or run.y1 > height:
            out.append(run.text)
    return out


def all_text(pdf: bytes) -> str:
    return "\n".join(run.text for run in text_runs(pdf)[0])
