"""`manage.py card_photos_prepare`: the card copies of photos stored without one (an upgraded
installation, a bulk load), made ahead so the first print batch has nothing left to shrink."""

import os
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from carnets import photos
from carnets.services.card_photos import card_photos_prepare
from carnets.tests.factories import broken_png_bytes, jpeg_bytes
from militancia.models import Member
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "members" / "photos").mkdir(parents=True)
    return tmp_path


def bulk_loaded(media, member: Member, content: bytes | None = None) -> Member:
    """The member's photo written straight into storage and set with a queryset update, as a bulk
    load (or a version before card copies) left it: no post_save, so no card copy."""
    name = f"members/photos/{member.pk}.jpg"
    (media / name).write_bytes(jpeg_bytes(color=(member.pk % 256, 60, 120)) if content is None else content)
    Member.objects.filter(pk=member.pk).update(photo=name)
    member.refresh_from_db()
    return member


def copies(media) -> list[str]:
    return sorted(os.listdir(photos.cache_dir()))


def run(*args: str) -> str:
    out = StringIO()
    call_command("card_photos_prepare", *args, stdout=out)
    return out.getvalue()


def test_it_makes_the_copy_of_photos_stored_without_one(media):
    members = [bulk_loaded(media, MemberFactory()) for _ in range(3)]
    MemberFactory()  # no photo: not counted
    assert copies(media) == []

    output = run()

    for member in members:
        (copy,) = photos.card_photo_copies(member.photo)
        with Image.open(copy) as image:
            assert image.format == "JPEG"
    assert "Fotos de militantes: 3; copias para carnet hechas: 3; ya hechas: 0; ilegibles: 0;" in output


def test_a_first_batch_then_finds_every_copy_made(media):
    members = [bulk_loaded(media, MemberFactory()) for _ in range(3)]
    run()
    names = [member.photo.name for member in members]
    expected = [photos.card_photo_copies(member.photo)[0] for member in members]
    assert list(photos.card_photo_paths(names)) == expected


def test_a_second_run_makes_nothing(media):
    for _ in range(3):
        bulk_loaded(media, MemberFactory())
    card_photos_prepare()
    made = {name: os.stat(photos.cache_dir() / name).st_mtime_ns for name in copies(media)}

    result = card_photos_prepare()

    assert (result.photos, result.made, result.present, result.unreadable) == (3, 0, 3, 0)
    assert {name: os.stat(photos.cache_dir() / name).st_mtime_ns for name in copies(media)} == made


def test_photos_saved_with_their_copy_are_counted_as_already_made(media):
    from carnets.tests.factories import with_photo

    with_photo(MemberFactory())  # post_save made its copy
    bulk_loaded(media, MemberFactory())
    result = card_photos_prepare()
    assert (result.photos, result.made, result.present) == (2, 1, 1)


def test_dry_run_makes_nothing(media):
    for _ in range(2):
        bulk_loaded(media, MemberFactory())

    output = run("--dry-run")

    assert copies(media) == []
    assert "Fotos de militantes: 2; copias para carnet por hacer: 2; ya hechas: 0; ilegibles: 0;" in output
    assert "no se hizo nada (--dry-run)" in output


@pytest.mark.parametrize(
    "content",
    [b"no es una imagen", jpeg_bytes()[:300], broken_png_bytes()],
    ids=["not-an-image", "truncated-jpeg", "broken-png"],
)
def test_a_damaged_photo_is_counted_and_the_others_get_their_copy(media, content):
    before = [bulk_loaded(media, MemberFactory()) for _ in range(2)]
    damaged = bulk_loaded(media, MemberFactory(), content)
    after = [bulk_loaded(media, MemberFactory()) for _ in range(2)]

    # Pages of two members: the damaged photo is in the second, and the third still runs.
    result = card_photos_prepare(batch_size=2, workers=2)

    assert (result.photos, result.made, result.unreadable) == (5, 4, 1)
    assert result.unreadable_ids == [damaged.pk]
    assert all(photos.card_photo_copies(member.photo) for member in before + after)


def test_a_photo_whose_file_is_gone_is_counted_as_unreadable(media):
    kept = bulk_loaded(media, MemberFactory())
    gone = bulk_loaded(media, MemberFactory())
    os.remove(media / gone.photo.name)

    result = card_photos_prepare()

    assert (result.photos, result.made, result.unreadable) == (2, 1, 1)
    assert photos.card_photo_copies(kept.photo)


def test_the_command_names_the_members_whose_photo_is_unreadable(media):
    bulk_loaded(media, MemberFactory())
    damaged = bulk_loaded(media, MemberFactory(), b"no es una imagen")

    output = run()

    assert "copias para carnet hechas: 1; ya hechas: 0; ilegibles: 1;" in output
    assert f"Militantes: {damaged.pk}." in output


def test_a_dry_run_counts_a_missing_file_as_unreadable(media):
    gone = bulk_loaded(media, MemberFactory())
    os.remove(media / gone.photo.name)
    result = card_photos_prepare(dry_run=True)
    assert (result.photos, result.made, result.unreadable) == (1, 0, 1)


def test_territory_limits_the_run_to_its_subtree(media, medellin, bogota):
    in_antioquia = bulk_loaded(media, MemberFactory(territory=medellin))
    in_bogota = bulk_loaded(media, MemberFactory(territory=bogota))

    output = run("--territory", "05")

    assert photos.card_photo_copies(in_antioquia.photo)
    assert photos.card_photo_copies(in_bogota.photo) == []
    assert "Fotos de militantes: 1; copias para carnet hechas: 1;" in output


def test_an_unknown_territory_code_is_refused(media, territories):
    with pytest.raises(CommandError, match="No hay un territorio con el código 99999"):
        run("--territory", "99999")


def test_counts_are_written_as_colombians_read_them(monkeypatch):
    from carnets.services import card_photos

    result = card_photos.CardPhotosPrepared(photos=1_234_567, made=1_234_567)
    monkeypatch.setattr("carnets.management.commands.card_photos_prepare.card_photos_prepare", lambda **kwargs: result)
    assert "Fotos de militantes: 1.234.567; copias para carnet hechas: 1.234.567;" in run()
