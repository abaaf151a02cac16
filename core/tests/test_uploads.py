"""The one upload check: size, type by content, zip bombs, images decoded (no database)."""

import io
import zipfile

import pytest
from PIL import Image

from core.uploads import UploadRefused, check_upload, sniff


def _png(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _refusal(data: bytes, **kwargs) -> str:
    with pytest.raises(UploadRefused) as caught:
        check_upload(io.BytesIO(data), **kwargs)
    return caught.value.code


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"GIF89a\x01\x00", "gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (b"\x00\x00\x00\x18ftypmp42", "mp4"),
        (b"\x00\x00\x00\x14ftypqt  ", "mov"),
        (b"\x00\x00\x00\x1cftypavif", "avif"),
        (b"\x1a\x45\xdf\xa3\x9f", "webm"),
        (b"MZ\x90\x00", None),
    ],
)
def test_it_sniffs_the_kind_from_the_first_bytes(head, kind):
    assert sniff(head) == kind


def test_it_returns_the_kind_of_an_allowed_file():
    assert check_upload(io.BytesIO(b"%PDF-1.4 body"), allowed={"pdf"}, max_bytes=100) == "pdf"


def test_it_refuses_a_file_over_the_limit():
    assert _refusal(b"%PDF-" + b"x" * 200, allowed={"pdf"}, max_bytes=100) == "too_large"


def test_it_refuses_an_empty_file():
    assert _refusal(b"", allowed={"pdf"}, max_bytes=100) == "empty"


def test_it_refuses_a_known_kind_that_is_not_allowed():
    assert _refusal(_png(), allowed={"pdf"}, max_bytes=10_000) == "type"


def test_it_refuses_content_it_does_not_recognize_whatever_the_name():
    assert _refusal(b"<script>alert(1)</script>", allowed={"pdf", "png"}, max_bytes=100) == "unknown"


def test_it_tells_office_files_apart_by_their_entries():
    xlsx = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"})
    assert check_upload(io.BytesIO(xlsx), allowed={"xlsx"}, max_bytes=10_000) == "xlsx"
    assert check_upload(io.BytesIO(docx), allowed={"docx"}, max_bytes=10_000) == "docx"


def test_it_refuses_a_zip_bomb_before_opening_any_entry():
    bomb = _zip({"word/document.xml": b"0" * (20 * 1024 * 1024)})
    assert _refusal(bomb, allowed={"docx"}, max_bytes=10 * 1024 * 1024) == "zip_bomb"


def test_it_refuses_a_damaged_archive():
    assert _refusal(b"PK\x03\x04" + b"\x00" * 60, allowed={"xlsx"}, max_bytes=10_000) == "bad_zip"


def test_it_refuses_a_truncated_image_when_asked_to_decode_it():
    data = _png((64, 64))[:60]
    assert _refusal(data, allowed={"png"}, max_bytes=10_000, max_pixels=10_000) == "bad_image"


def test_it_refuses_an_image_with_too_many_pixels():
    assert _refusal(_png((200, 200)), allowed={"png"}, max_bytes=100_000, max_pixels=10_000) == "too_many_pixels"


def test_it_leaves_the_file_at_its_start():
    upload = io.BytesIO(_png())
    check_upload(upload, allowed={"png"}, max_bytes=10_000, max_pixels=10_000)
    assert upload.tell() == 0
