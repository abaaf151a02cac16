"""Cédulas of known content for tests: the PDF417 payload in the Colombian layout (as bytes, as a
keyboard scanner types it, as a barcode image) and the MRZ of a digital cédula with its check digits."""

from __future__ import annotations

import io
import random

from core.id_scan import mrz_check_digit


def cedula_pdf417(
    *,
    number: str = "1036123456",
    first_surname: str = "RESTREPO",
    second_surname: str = "OCHOA",
    first_name: str = "LUZ",
    second_name: str = "DARY",
    sex: str = "F",
    birth: str = "19850314",
    birthplace: str = "01005",
    blood: str = "O+",
    header: str = "03",
    seed: int = 7,
) -> bytes:
    """531 bytes laid out as the back of a yellow cédula (fields padded with NUL, latin-1)."""

    def pad(value: str, width: int) -> bytes:
        raw = value.encode("latin-1")
        assert len(raw) <= width
        return raw + b"\x00" * (width - len(raw))

    shift = b"\x00" if header == "I3" else b""
    head = (header + "20065791").encode() + b"\x00" * 14 + b"PubDSK_1" + b"\x00" * 8 + b"48219936"
    body = (
        number.zfill(10).encode()
        + shift
        + pad(first_surname, 23)
        + pad(second_surname, 23)
        + pad(first_name, 23)
        + pad(second_name, 23)
        + b"0"
        + sex.encode()
        + birth.encode()
        + pad(birthplace, 6)
        + pad(blood, 3)
    )
    rng = random.Random(seed)
    fingerprint = bytes(rng.randrange(256) for _ in range(531 - len(head) - len(body)))
    return head + body + fingerprint


def as_typed(payload: bytes, *, nul: str = " ") -> str:
    """What a keyboard-emulating scanner types: NUL sent as `nul` ("" drops it), and the binary
    fingerprint template as printable characters (the parser never reads it)."""
    text = payload[:169].decode("latin-1").replace("\x00", nul)
    rng = random.Random(3)
    return text + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(531 - 169))


def pdf417_png(payload: bytes, *, scale: int = 3) -> bytes:
    """The payload as a PDF417 image made by an independent encoder (pdf417gen), as PNG bytes."""
    import pdf417gen

    codes = pdf417gen.encode(payload, columns=12, security_level=5)
    image = pdf417gen.render_image(codes, scale=scale, ratio=3, padding=20)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _field(value: str, width: int) -> str:
    return (value + "<" * width)[:width]


def mrz_td1(
    *,
    nuip: str = "1036123456",
    card_number: str = "000012345",
    surnames: str = "RESTREPO<OCHOA",
    given: str = "LUZ<DARY",
    birth: str = "850314",
    sex: str = "F",
    expiry: str = "350314",
    breaks: str = "\n",
) -> str:
    """The three lines of a Colombian digital cédula's MRZ, every check digit right."""
    line1 = "ICCOL" + card_number + mrz_check_digit(card_number) + _field("05001", 15)
    optional2 = _field(nuip, 11)
    line2_head = birth + mrz_check_digit(birth) + sex + expiry + mrz_check_digit(expiry) + "COL" + optional2
    composite = mrz_check_digit(line1[5:30] + line2_head[0:7] + line2_head[8:15] + line2_head[18:29])
    line2 = line2_head + composite
    line3 = _field(f"{surnames}<<{given}", 30)
    return breaks.join((line1, line2, line3))


def with_digit(mrz: str, *, line: int, position: int, digit: str) -> str:
    """The MRZ with one character replaced (a misread check digit)."""
    lines = mrz.split("\n")
    text = lines[line]
    lines[line] = text[:position] + digit + text[position + 1 :]
    return "\n".join(lines)


OCR_B_FONT = "/usr/share/fonts/opentype/ocr-b/OCRB.otf"


def mrz_card_jpeg(mrz: str, *, width: int = 1280, height: int = 810, angle: float = 0.0) -> bytes:
    """A photo-like back of a digital cédula: a light card with a chip, some printed text and the
    MRZ in OCR-B (Debian's fonts-ocr-b, the MRZ typeface) on its lower third, saved as a JPEG the
    way a camera frame arrives. `angle` tilts it a little as a hand does."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    card = Image.new("RGB", (width, height), (226, 231, 224))
    draw = ImageDraw.Draw(card)
    draw.rounded_rectangle((70, 90, 250, 230), radius=18, fill=(196, 170, 90))  # the chip
    label = ImageFont.truetype(OCR_B_FONT, 30)
    draw.text((320, 110), "REPUBLICA DE COLOMBIA", font=label, fill=(40, 60, 90))
    draw.text((320, 160), "LUGAR DE NACIMIENTO MEDELLIN", font=label, fill=(40, 60, 90))
    mrz_font = ImageFont.truetype(OCR_B_FONT, 52)
    for number, line in enumerate(mrz.split("\n")):
        draw.text((60, 520 + number * 82), line, font=mrz_font, fill=(25, 25, 25))
    if angle:
        card = card.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=(120, 110, 100))
    card = card.filter(ImageFilter.GaussianBlur(0.8))
    out = io.BytesIO()
    card.save(out, format="JPEG", quality=85)
    return out.getvalue()
