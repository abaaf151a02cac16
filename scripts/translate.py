"""Fill a .po catalogue from a JSON dictionary {msgid: msgstr} and compile it.

    python scripts/translate.py locale/es/LC_MESSAGES/django.po translations.json

Used when adding many strings at once; translators may also edit the .po directly.
Reports the msgids still untranslated.
"""

import json
import sys

import polib


def main(po_path: str, json_path: str | None = None) -> int:
    catalogue = polib.pofile(po_path)
    table = {}
    if json_path:
        with open(json_path, encoding="utf-8") as handle:
            table = json.load(handle)
    for entry in catalogue:
        if entry.msgid in table and not entry.msgid_plural:
            entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
    catalogue.save(po_path)
    catalogue.save_as_mofile(po_path[:-3] + ".mo")
    missing = [e.msgid for e in catalogue if not e.translated() and not e.obsolete]
    for msgid in missing:
        print("UNTRANSLATED:", msgid.replace("\n", " ")[:120])
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
