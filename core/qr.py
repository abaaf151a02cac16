"""The one QR drawer of the PDFs: a QR matrix drawn as one inline 1-bit image mask.

reportlab's QrCodeWidget draws one rectangle object per module (≈20 ms a card); here the whole
matrix is one inline image mask (one bit per module, hex-encoded) scaled by one transformation
matrix, so a code costs a short string in the content stream.

The matrix: segno's public API (`segno_matrix`: `segno.make_qr(data, error="m", mask=MASK,
boost_error=False).matrix`, already with a fixed mask) is too slow for the card batch target
(500 cards/s, DESIGN.md). `make bench ARGS=carnets` (bench/bench_carnets.py, 10,000 CR80 cards
with photos) renders the same specs both ways. Measured 2026-12-07 on this 2-core machine with
nothing else running (median of 3 runs, 1-minute load average 1.2–1.8 including the benchmark
itself): the renderer draws 702 cards/s with the fast encoder and 410 cards/s with segno
(`renderer_only_cards_per_s` against `renderer_segno_qr_cards_per_s`); the whole batch (database
read, specs and PDF) 659 cards/s with the fast encoder. With segno even the renderer alone
misses the target, so the fast path stays.
So `qr_matrix` keeps a fast encoder for the card's URL, checked module for module against segno
by the tests. Every card's URL has the same shape (same prefix, same token length), so the
version, error level and mask are the same for all of them: the function patterns, format and
version information and the order in which data bits are placed are computed once (with segno's
encoder module, which is not part of segno's documented API: pin segno's version) and reused.
Per code only the data codewords, the Reed–Solomon blocks (table driven) and the placement of
the bits remain. Anything this fast path does not handle (versions ≥ 10, non-Latin-1 text) goes
to segno's public API.
"""

from __future__ import annotations

from functools import cache
from itertools import chain, zip_longest

import segno
from reportlab.lib.colors import white
from reportlab.pdfgen.canvas import Canvas
from segno import consts, encoder

MASK = 2  # a fixed mask: choosing the best of eight costs more than a camera notices
ERROR = consts.ERROR_LEVEL_M


def _version_for(length: int) -> int | None:
    """Smallest version (1–9) whose byte-mode capacity at level M holds `length` bytes."""
    for version in range(1, 10):
        if consts.SYMBOL_CAPACITY[version][ERROR] >= 4 + 8 + 8 * length:
            return version
    return None


@cache
def _plan(version: int):
    """(template rows, data positions in placement order, mask bits, EC layout) for a version."""
    size = encoder.calc_matrix_size(version)
    reserved = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(reserved, size, size)
    encoder.add_alignment_patterns(reserved, size, size)
    positions = []
    for right in range(size - 1, 0, -2):
        if right <= 6:
            right -= 1
        for vertical in range(size):
            for z in (0, 1):
                j = right - z
                upwards = ((right & 2) == 0) ^ (j < 6)
                i = (size - 1 - vertical) if upwards else vertical
                if reserved[i][j] == 0x2:
                    positions.append((i, j))
    mask_fn = encoder.get_data_mask_functions(False)[MASK]
    # The mask as one integer, first placed module in the most significant bit.
    mask_bits = int("".join("1" if mask_fn(i, j) else "0" for i, j in positions), 2)
    sample = segno.make_qr("x", error="m", version=version, mask=MASK, mode="byte", boost_error=False)
    template = [bytearray(row) for row in sample.matrix]
    for i, j in positions:
        template[i][j] = 0
    blocks = []
    for info in consts.ECC[version][ERROR]:
        blocks += [(info.num_data, info.num_total - info.num_data)] * info.num_blocks
    return template, positions, mask_bits, blocks


@cache
def _generator_rows(ec_words: int) -> list[int]:
    """For each byte value f, the generator polynomial times f, as one integer of `ec_words` bytes."""
    gen = consts.GEN_POLY[ec_words]
    log, exp = consts.GALIOS_LOG, consts.GALIOS_EXP
    rows = [0]
    for factor in range(1, 256):
        value = 0
        for g in gen:
            value = (value << 8) | exp[log[factor] + g]
        rows.append(value)
    return rows


def _ec_block(data: bytes, ec_words: int) -> bytes:
    """Reed–Solomon remainder by long division, the remainder held in one integer."""
    rows = _generator_rows(ec_words)
    shift = 8 * (ec_words - 1)
    mask = (1 << (8 * ec_words)) - 1
    remainder = 0
    for byte in data:
        factor = (remainder >> shift) ^ byte
        remainder = ((remainder << 8) & mask) ^ rows[factor]
    return remainder.to_bytes(ec_words, "big")


_BIN8 = [format(value, "08b") for value in range(256)]


def _codewords(payload: bytes, version: int, blocks) -> bytes:
    capacity = sum(data for data, _ec in blocks)
    bits = "0100" + _BIN8[len(payload)] + "".join(_BIN8[byte] for byte in payload)
    bits += "0" * min(4, capacity * 8 - len(bits))
    # Like segno: 1–8 zero bits (a whole zero byte when already aligned; readers stop at the terminator).
    bits += "0" * (8 - len(bits) % 8)
    data = bytearray(int(bits, 2).to_bytes(len(bits) // 8, "big"))
    del data[capacity:]
    pad = (0xEC, 0x11)
    index = 0
    while len(data) < capacity:
        data.append(pad[index % 2])
        index += 1
    data_blocks, ec_blocks, offset = [], [], 0
    for size, ec_words in blocks:
        block = bytes(data[offset : offset + size])
        offset += size
        data_blocks.append(block)
        ec_blocks.append(_ec_block(block, ec_words))
    out = bytearray(x for x in chain.from_iterable(zip_longest(*data_blocks)) if x is not None)
    out += bytes(x for x in chain.from_iterable(zip_longest(*ec_blocks)) if x is not None)
    return bytes(out)


def segno_matrix(data: str) -> list[bytearray]:
    """The same matrix through segno's public API: the reference the fast path is tested and
    benchmarked against, and the path for whatever the fast path does not handle."""
    return [bytearray(row) for row in segno.make_qr(data, error="m", mask=MASK, boost_error=False).matrix]


def qr_matrix(data: str) -> list[bytearray]:
    """The QR matrix (rows of 0/1, no quiet zone) of `data`, error level M, mask MASK."""
    try:
        payload = data.encode("latin-1")
    except UnicodeEncodeError:
        payload = None
    version = _version_for(len(payload)) if payload is not None else None
    if version is None:
        return segno_matrix(data)
    template, positions, mask_bits, blocks = _plan(version)
    codewords = _codewords(payload, version, blocks)
    bits = int.from_bytes(codewords, "big") << (len(positions) - 8 * len(codewords))
    stream = format(bits ^ mask_bits, f"0{len(positions)}b")
    rows = [bytearray(row) for row in template]
    for (i, j), bit in zip(positions, stream, strict=True):
        if bit == "1":
            rows[i][j] = 1
    return rows


_BITS = bytes.maketrans(b"\x00\x01", b"01")


def qr_image_ops(data: str) -> tuple[str, int]:
    """The dark modules as the data of a 1-bit PDF image mask (ASCIIHex, one row per line of the
    matrix, row 0 at the top), and the number of modules a side.

    One hex string per code instead of a rectangle operator per run of dark modules: the run
    formatting was a third of the card batch's CPU time (cProfile, issue 14). An image mask is
    painted in the fill colour with no interpolation, so the modules stay sharp at any size.
    """
    matrix = qr_matrix(data)
    modules = len(matrix)
    pad = -modules % 8
    digits = (modules + pad) // 4
    hex_rows = [format(int(bytes(row).translate(_BITS), 2) << pad, f"0{digits}x") for row in matrix]
    return "".join(hex_rows), modules


def draw_qr(canvas: Canvas, data: str, x: float, y: float, size: float, *, quiet: int = 1) -> None:
    """A black-on-white QR code of `data` in the square (x, y, size), with `quiet` light modules
    of margin on each side."""
    hex_data, modules = qr_image_ops(data)
    scale = size / (modules + 2 * quiet)
    canvas.saveState()  # the caller's fill colour survives the white box
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.restoreState()
    # The image mask fills the unit square (its first row at the top); 1 = dark module = painted.
    side, offset = modules * scale, quiet * scale
    canvas.addLiteral(
        f"q 0 g {side:.4f} 0 0 {side:.4f} {x + offset:.3f} {y + offset:.3f} cm "
        f"BI /W {modules} /H {modules} /IM true /D [1 0] /F /AHx ID {hex_data}> EI Q"
    )
