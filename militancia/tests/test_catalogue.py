"""The Spanish catalogue is complete and its compiled .mo matches the .po."""

from pathlib import Path

import polib
from django.utils import translation
from django.utils.translation import gettext, ngettext, npgettext, pgettext

LC_MESSAGES = Path(__file__).resolve().parents[1] / "locale" / "es" / "LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"


def _key(entry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


def test_it_has_no_untranslated_entries():
    catalogue = polib.pofile(str(PO_PATH))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    assert missing == []


def test_it_has_no_fuzzy_entries():
    catalogue = polib.pofile(str(PO_PATH))
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert fuzzy == []


def test_it_has_no_obsolete_entries():
    catalogue = polib.pofile(str(PO_PATH))
    assert [entry.msgid for entry in catalogue.obsolete_entries()] == []


def test_it_never_calls_a_member_afiliado():
    catalogue = polib.pofile(str(PO_PATH))
    wrong = [entry.msgstr for entry in catalogue if "afiliad" in entry.msgstr.lower()]
    assert wrong == []


def test_it_compiled_every_translation():
    # The .mo is what Django reads: a .po edited without compiling silently shows English.
    catalogue = polib.pofile(str(PO_PATH))
    compiled = {_key(entry): entry.msgstr for entry in polib.mofile(str(MO_PATH)) if entry.msgid}
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


def test_it_is_what_users_see():
    # Django merges catalogues: the project's locale/ and the apps listed before militancia win
    # on a shared msgid. A msgid they translate differently needs a context (pgettext) here.
    catalogue = polib.pofile(str(PO_PATH))
    with translation.override("es-co"):
        shown = {_key(entry): _shown(entry) for entry in catalogue.translated_entries()}
    shadowed = [
        (entry.msgid, _msgstr(entry), shown[_key(entry)])
        for entry in catalogue.translated_entries()
        if shown[_key(entry)] != _msgstr(entry)
    ]
    assert shadowed == []
