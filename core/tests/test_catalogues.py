"""Every Spanish catalogue (the project's and each app's) is complete, compiled and what users see."""

from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = [Path("locale/es/LC_MESSAGES/django.po")] + sorted(
    path.relative_to(ROOT) for path in ROOT.glob("*/locale/es/LC_MESSAGES/django.po")
)


@pytest.fixture(params=[str(path) for path in CATALOGUES])
def po_path(request) -> Path:
    return ROOT / request.param


@pytest.fixture
def mo_path(po_path) -> Path:
    return po_path.with_suffix(".mo")


def _key(entry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


def test_it_has_no_untranslated_entries(po_path):
    catalogue = polib.pofile(str(po_path))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    assert missing == []


def test_it_has_no_fuzzy_entries(po_path):
    catalogue = polib.pofile(str(po_path))
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert fuzzy == []


def test_it_has_no_obsolete_entries(po_path):
    catalogue = polib.pofile(str(po_path))
    assert [entry.msgid for entry in catalogue.obsolete_entries()] == []


def test_it_never_calls_a_member_afiliado(po_path):
    catalogue = polib.pofile(str(po_path))
    wrong = [entry.msgstr for entry in catalogue if "afiliad" in entry.msgstr.lower()]
    assert wrong == []


def test_it_compiled_every_translation(po_path, mo_path):
    # The .mo is what Django reads: a .po edited without compiling silently shows English.
    catalogue = polib.pofile(str(po_path))
    compiled = {_key(entry): entry.msgstr for entry in polib.mofile(str(mo_path)) if entry.msgid}
    stale = [entry.msgid for entry in catalogue.translated_entries() if compiled.get(_key(entry)) != entry.msgstr]
    assert stale == []


def _shown(entry) -> str:
    if entry.msgid_plural:
        if entry.msgctxt:
            return npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
        return ngettext(entry.msgid, entry.msgid_plural, 1)
    return pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else gettext(entry.msgid)


def _msgstr(entry) -> str:
    return entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr


def test_it_is_what_users_see(po_path):
    # Django merges catalogues: the project's locale/ and the apps listed first win on a shared
    # msgid. A msgid they translate differently needs a context (pgettext) here.
    catalogue = polib.pofile(str(po_path))
    with translation.override("es-co"):
        shown = {_key(entry): _shown(entry) for entry in catalogue.translated_entries()}
    shadowed = [
        (entry.msgid, _msgstr(entry), shown[_key(entry)])
        for entry in catalogue.translated_entries()
        if shown[_key(entry)] != _msgstr(entry)
    ]
    assert shadowed == []
