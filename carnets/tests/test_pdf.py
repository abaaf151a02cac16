"""The PDF itself: exact page sizes, text present, long names fitted, photos or placeholder."""

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from carnets import pdf
from carnets.tests.factories import jpeg_bytes

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "carnets"
DESIGN = pdf.DesignSpec(
    key="1",
    party_name="Partido de Prueba",
    title="CARNET DE MILITANTE",
    back_text="Este carnet acredita la militancia de su titular.",
)
LONGEST = ("María de los Ángeles Guadalupe del Perpetuo Socorro", "Rodríguez de la Santísima Trinidad Castañeda")


def _cards(n, photo=""):
    return [
        pdf.CardSpec(
            number=f"C{1000 + i:08d}",
            first_names="Ana" if i else LONGEST[0],
            last_names="Pérez" if i else LONGEST[1],
            id_label="CC 1.020.304.050",
            territory="Medellín, Antioquia",
            issued_on="23/11/2026",
            verify_url=f"https://militancia.example.org/verificar/tok{i}/",
            design_key="1",
            photo=photo,
        )
        for i in range(n)
    ]


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "foto.jpg"
    path.write_bytes(jpeg_bytes())
    return str(path)


def test_it_renders_cr80_pages_front_then_back(photo):
    data = pdf.render_cards(_cards(3, photo), {"1": DESIGN}, layout="cr80")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 6
    for page in reader.pages:
        width_mm = float(page.mediabox.width) * 25.4 / 72
        height_mm = float(page.mediabox.height) * 25.4 / 72
        assert round(width_mm, 2) == 85.60
        assert round(height_mm, 2) == 53.98
    front = reader.pages[0].extract_text()
    assert "C00001000" in front
    assert "CC 1.020.304.050" in front
    assert "Medellín, Antioquia" in front
    assert "Partido de Prueba" in front
    back = reader.pages[1].extract_text()
    assert "acredita la militancia" in back
    assert "C00001000" in back


def test_it_renders_a4_sheets_of_ten_with_crop_marks(photo):
    data = pdf.render_cards(_cards(12, photo), {"1": DESIGN}, layout="a4")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 4  # two sheets: fronts, backs, fronts, backs
    assert round(float(reader.pages[0].mediabox.width)) == 595
    assert round(float(reader.pages[0].mediabox.height)) == 842
    first_sheet = reader.pages[0].extract_text()
    assert sum(f"C{1000 + i:08d}" in first_sheet for i in range(12)) == 10
    assert sum(f"C{1000 + i:08d}" in reader.pages[2].extract_text() for i in range(12)) == 2


def test_long_names_shrink_to_fit_and_never_overflow():
    size, scale = pdf.fit_font_size(LONGEST[0], pdf.FONT_BOLD, pdf.TEXT_W, pdf.NAME_MAX, pdf.NAME_MIN)
    width = stringWidth(LONGEST[0], pdf.FONT_BOLD, size) * scale / 100
    assert width <= pdf.TEXT_W + 0.01
    assert size >= pdf.NAME_MIN
    size, scale = pdf.fit_font_size("Ana", pdf.FONT_BOLD, pdf.TEXT_W, pdf.NAME_MAX, pdf.NAME_MIN)
    assert size == pdf.NAME_MAX
    assert scale == 100
    absurd = "Wolfeschlegelsteinhausenbergerdorff " * 6
    size, scale = pdf.fit_font_size(absurd, pdf.FONT_BOLD, pdf.TEXT_W, pdf.NAME_MAX, pdf.NAME_MIN)
    assert stringWidth(absurd, pdf.FONT_BOLD, size) * scale / 100 <= pdf.TEXT_W + 0.01


def test_a_card_without_photo_gets_the_placeholder():
    data = pdf.render_cards(_cards(1), {"1": DESIGN})
    assert "SIN FOTO" in PdfReader(io.BytesIO(data)).pages[0].extract_text()


def test_zero_cards_is_an_error():
    with pytest.raises(ValueError):
        pdf.render_cards([], {"1": DESIGN})


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_cards_rasterize_for_a_look(photo):
    """Writes PNGs of a card (long name, with photo) and an A4 sheet to test-artifacts/carnets/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, layout, n in (("card", "cr80", 1), ("sheet", "a4", 10)):
        source = ARTIFACTS / f"{name}.pdf"
        source.write_bytes(pdf.render_cards(_cards(n, photo), {"1": DESIGN}, layout=layout))
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "200" if layout == "cr80" else "60",
                "-png",
                "-f",
                "1",
                "-l",
                "2",
                str(source),
                str(ARTIFACTS / name),
            ],
            check=True,
        )
    assert (ARTIFACTS / "card-1.png").exists()
    assert (ARTIFACTS / "card-2.png").exists()


def test_qr_is_one_image_mask_of_the_matrix():
    from core import qr

    data = "https://militancia.example.org/verificar/abc/"
    hex_data, modules = qr.qr_image_ops(data)
    assert modules in (25, 29, 33, 37)
    # One row per matrix row, padded to whole bytes; each bit is the module (1 = dark).
    digits = -(-modules // 8) * 2
    assert len(hex_data) == modules * digits
    rows = [hex_data[i : i + digits] for i in range(0, len(hex_data), digits)]
    bits = [format(int(row, 16), f"0{digits * 4}b")[:modules] for row in rows]
    assert bits == ["".join(str(m) for m in row) for row in qr.qr_matrix(data)]


@pytest.mark.parametrize("length", [1, 20, 31, 33, 34, 45, 60, 90, 120, 150, 200, 230])
def test_the_qr_matrix_matches_segno_module_for_module(length):
    import secrets

    import segno

    from core import qr

    for _ in range(5):
        data = ("https://militancia.example.org/verificar/" + secrets.token_urlsafe(200))[:length]
        reference = segno.make_qr(data, error="m", mask=qr.MASK, mode="byte", boost_error=False)
        assert [bytes(row) for row in qr.qr_matrix(data)] == [bytes(row) for row in reference.matrix]


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("zbarimg")), reason="poppler/zbar not installed")
def test_a_phone_can_read_the_printed_qr(tmp_path):
    """Rasterize a card at printer resolution and decode its QR with zbar (Debian zbar-tools)."""
    source = tmp_path / "card.pdf"
    source.write_bytes(pdf.render_cards(_cards(1), {"1": DESIGN}))
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-f", "1", "-l", "1", str(source), str(tmp_path / "c")], check=True
    )
    png = next(tmp_path.glob("c*.png"))
    decoded = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True, timeout=30).stdout
    assert decoded.strip() == "https://militancia.example.org/verificar/tok0/"


# The longest real values: DIVIPOLA's longest department, long printer and place names, many hours.
LONG_TERRITORY = "San Andrés, Archipiélago de San Andrés, Providencia y Santa Catalina"
LONG_PRINTER = (
    "Evolis Primacy 2 Expert Duplex con codificador de banda magnética (serie 1234567890ABCDEFGHIJ) "
    "— Sede regional Villa de San Diego de Ubaté"
)


def _long_summary():
    return pdf.JornadaSummary(
        name="Jornada del Archipiélago de San Andrés, Providencia y Santa Catalina — Foro regional de juventudes",
        territory=LONG_TERRITORY,
        place="Coliseo cubierto municipal Villa de San Diego de Ubaté, sector norte, frente a la plaza & parque",
        dates="01/12/2026 – 07/12/2026",
        printer=LONG_PRINTER,
        team=[f"Usuario de Carnetización número {i} de la regional" for i in range(12)],
        totals=[("Nuevos militantes registrados", 12345), ("Carnets emitidos", 1234567), ("Carnets impresos", 0)],
        by_hour=[(f"{d:02d}/12 {h:02d}:00", h * 3) for d in range(1, 5) for h in range(8, 18)],
        closed_by="Usuario con un nombre muy largo de la regional",
        closed_at="07/12/2026 18:05",
    )


def _text_runs(page):
    """(text, x start, x end) of every text run drawn on a page."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip() and not (tm[1] or cm[1]):  # horizontal text (the chart's slanted hours aside)
            x = tm[4] * cm[0] + cm[4]
            scale = abs(tm[0] * cm[0]) or 1
            runs.append((text, x, x + stringWidth(text.strip(), "Helvetica", size) * scale))

    page.extract_text(visitor_text=visit)
    return runs


def test_the_drive_summary_wraps_long_values_inside_the_page():
    reader = PdfReader(io.BytesIO(pdf.render_jornada_summary(_long_summary())))
    width = float(reader.pages[0].mediabox.width)
    overflowing = [text for text, _start, end in _text_runs(reader.pages[0]) if end > width - 20 * 72 / 25.4 + 1]
    assert overflowing == []


def test_the_drive_summary_keeps_the_whole_printer_name():
    reader = PdfReader(io.BytesIO(pdf.render_jornada_summary(_long_summary())))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    assert "Sede regional Villa de San Diego de Ubaté" in text


def test_the_drive_summary_writes_counts_the_colombian_way():
    reader = PdfReader(io.BytesIO(pdf.render_jornada_summary(_long_summary())))
    assert "1.234.567" in reader.pages[0].extract_text()


def test_the_longest_territory_fits_the_card_front():
    size, scale = pdf.fit_font_size(LONG_TERRITORY, pdf.FONT, pdf.NARROW_W, 7, 4.5)
    assert stringWidth(LONG_TERRITORY, pdf.FONT, size) * scale / 100 <= pdf.NARROW_W + 0.01


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_long_values_rasterize_for_a_look(photo):
    """Writes PNGs of the drive summary and of a card with the longest values to test-artifacts/carnets/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "summary-long.pdf").write_bytes(pdf.render_jornada_summary(_long_summary()))
    longest = pdf.CardSpec(
        number="C00001234",
        first_names=LONGEST[0],
        last_names=LONGEST[1],
        id_label="CC 1.020.304.050",
        territory=LONG_TERRITORY,
        issued_on="07/12/2026",
        verify_url="https://militancia.example.org/verificar/abcdefghijklmnopqrstuv/",
        design_key="1",
        photo=photo,
    )
    (ARTIFACTS / "card-long.pdf").write_bytes(pdf.render_cards([longest], {"1": DESIGN}, layout="cr80"))
    (ARTIFACTS / "sheet-long.pdf").write_bytes(pdf.render_cards([longest] * 10, {"1": DESIGN}, layout="a4"))
    for name, dpi in (("summary-long", "60"), ("card-long", "200"), ("sheet-long", "60")):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                dpi,
                "-png",
                "-f",
                "1",
                "-l",
                "2",
                str(ARTIFACTS / f"{name}.pdf"),
                str(ARTIFACTS / name),
            ],
            check=True,
        )
    assert (ARTIFACTS / "summary-long-1.png").exists()
