"""Cédula scanning at the drive table: parsing what a keyboard scanner typed, and decoding one
camera frame (1280×720 JPEG with the PDF417 of a cédula) with zxing-cpp, as the scan endpoint does.
The page posts a frame every 700 ms: the decode must stay well under that on the laptop."""

from __future__ import annotations

import io
import statistics
import time

from PIL import Image


def _frame() -> bytes:
    from core.tests.id_samples import cedula_pdf417, pdf417_png

    barcode = Image.open(io.BytesIO(pdf417_png(cedula_pdf417(), scale=3))).convert("L")
    frame = Image.new("L", (1280, 720), 200)
    frame.paste(barcode, ((1280 - barcode.width) // 2, (720 - barcode.height) // 2))
    out = io.BytesIO()
    frame.convert("RGB").save(out, format="JPEG", quality=92)
    return out.getvalue()


def _timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def run() -> dict:
    from core.id_scan import decode_barcode_image, read_scan
    from core.tests.id_samples import as_typed, cedula_pdf417, mrz_td1

    typed = as_typed(cedula_pdf417())
    mrz = mrz_td1()
    frame = _frame()
    parse = _timed(lambda: read_scan(typed), 2000)
    parse_mrz = _timed(lambda: read_scan(mrz), 2000)
    decode = _timed(lambda: read_scan(decode_barcode_image(Image.open(io.BytesIO(frame)))), 30)
    return {
        "parse_pdf417_typed_ms_p50": round(statistics.median(parse), 4),
        "parse_mrz_ms_p50": round(statistics.median(parse_mrz), 4),
        "camera_frame_decode_ms_p50": round(statistics.median(decode), 1),
        "camera_frame_decode_ms_p95": round(sorted(decode)[int(len(decode) * 0.95) - 1], 1),
        "frame_bytes": len(frame),
    }
