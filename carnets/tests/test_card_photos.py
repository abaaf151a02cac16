"""The card-sized photo cache: shrunk ahead by a pool of threads, in the batch's order, once each."""

import os

import pytest
from PIL import Image

from carnets import photos
from carnets.tests.factories import broken_png_bytes, jpeg_bytes


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "miembros").mkdir()
    return tmp_path


def _store(media, name, size=(480, 600), color=(30, 60, 120)):
    (media / name).write_bytes(jpeg_bytes(size=size, color=color))
    return name


def test_a_first_batch_shrinks_every_photo_in_order(media):
    names = [_store(media, f"miembros/{i}.jpg", color=(i * 20, 60, 120)) for i in range(12)]
    # Two cards of the same member, a member without a photo and one whose file is gone.
    names += [names[0], "", "miembros/borrada.jpg"]
    paths = list(photos.card_photo_paths(names, workers=3))
    assert len(paths) == len(names)
    assert paths[-2:] == ["", ""]
    assert paths[12] == paths[0]
    assert len(set(paths[:12])) == 12
    for name, path in zip(names[:12], paths[:12], strict=True):
        assert path == photos.cache_entry(str(media), str(photos.cache_dir()), name)[1]
        with Image.open(path) as image:
            assert image.format == "JPEG"
            assert image.size == (234, 300)  # decoded at 1/2 and cropped: ≥ 85 % of 260 × 334, never upscaled
    # No temporary file is left behind by the threads.
    assert not [f for f in os.listdir(photos.cache_dir()) if f.endswith(".tmp")]


def test_a_later_batch_reuses_the_cached_photos(media):
    name = _store(media, "miembros/a.jpg")
    (first,) = photos.card_photo_paths([name])
    made = os.stat(first).st_mtime_ns
    (again,) = photos.card_photo_paths([name])
    assert again == first
    assert os.stat(again).st_mtime_ns == made


def test_a_new_photo_makes_a_new_cache_entry(media):
    name = _store(media, "miembros/a.jpg")
    (first,) = photos.card_photo_paths([name])
    _store(media, name, size=(500, 640), color=(200, 10, 10))
    (second,) = photos.card_photo_paths([name])
    assert second != first


def test_an_unreadable_photo_gives_the_placeholder(media):
    (media / "miembros" / "rota.jpg").write_bytes(b"no es una imagen")
    assert list(photos.card_photo_paths(["miembros/rota.jpg"])) == [""]


def test_a_png_damaged_inside_gives_the_placeholder_and_the_batch_goes_on(media):
    """Pillow finds a damaged PNG chunk while decoding and says so with a SyntaxError."""
    (media / "miembros" / "rota.png").write_bytes(broken_png_bytes())
    good = _store(media, "miembros/buena.jpg")
    paths = list(photos.card_photo_paths(["miembros/rota.png", good], workers=2))
    assert paths[0] == ""
    assert paths[1]


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((480, 600), (240, 300)),  # 1/2: 233 × 300 after the crop, ≥ 85 % of 260 × 334
        ((675, 900), (338, 450)),  # a stored upload (900 px longest side), portrait
        ((900, 675), (450, 338)),  # landscape: cropped to 525 × 675, still ≥ 85 % at 1/2
        ((2600, 3340), (325, 418)),  # a camera photo: 1/8
        ((300, 380), (300, 380)),  # already small: decoded whole
    ],
)
def test_jpegs_decode_at_the_smallest_scale_that_keeps_print_resolution(size, expected):
    """What the JPEG decoder really gives: asked for a size rounded up (338 for 675 / 2), Pillow
    decoded the whole photo."""
    import io

    buffer = io.BytesIO()
    Image.new("RGB", size, (120, 80, 60)).save(buffer, "JPEG")
    with Image.open(buffer) as image:
        image.draft("RGB", photos._draft_size(image.size))
        assert image.size == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((480, 600), (234, 300)),  # decoded at 1/2 (240 × 300), the sides trimmed to the card's proportions
        ((675, 900), (260, 334)),  # larger than the card photo once drafted: shrunk to it
        ((900, 675), (260, 334)),  # landscape: the sides trimmed, then shrunk
        ((200, 200), (156, 200)),  # too small: cropped, never upscaled
    ],
)
def test_the_card_photo_keeps_the_card_proportions_without_upscaling(media, size, expected):
    name = _store(media, "miembros/x.jpg", size=size)
    (path,) = photos.card_photo_paths([name])
    with Image.open(path) as image:
        width, height = image.size
    assert abs(width - expected[0]) <= 1 and abs(height - expected[1]) <= 1
    assert abs(width / height - 260 / 334) < 0.01


@pytest.mark.django_db
def test_a_member_saved_with_a_photo_has_its_card_photo_ready(media):
    """Made when the photo is stored, so the first print batch has nothing left to shrink."""
    from django.core.files.base import ContentFile

    from carnets.tests.factories import jpeg_bytes
    from militancia.tests.factories import MemberFactory

    member = MemberFactory()
    assert photos.card_photo_copies(member.photo) == []
    member.photo.save("foto.jpg", ContentFile(jpeg_bytes(size=(675, 900))), save=True)
    (copy,) = photos.card_photo_copies(member.photo)
    made = os.stat(copy).st_mtime_ns
    assert list(photos.card_photo_paths([member.photo.name])) == [copy]  # the batch reuses it
    assert os.stat(copy).st_mtime_ns == made
