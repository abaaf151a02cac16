"""What people type, made safe to keep: one normalization and one formula rule for every input path.

Forms, the API, rosters and drives all pass names and addresses through `clean_text` (Unicode NFC,
no invisible or direction-override characters) and refuse names that `looks_like_formula`.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width characters and the BOM hide text inside a name ("Ana\u200bMaría" ≠ "AnaMaría" for a
# search); bidi overrides and isolates show a value reversed ("Trojan Source"). None belongs in a name.
INVISIBLE_CHARACTERS = re.compile("[\u200b-\u200d\ufeff\u202a-\u202e\u2066-\u2069]")

# A cell starting with one of these is run as a formula by spreadsheet programs when the value is
# exported later; names and addresses that start so are refused at the door (exports also escape).
FORMULA_START = ("=", "+", "-", "@")


def clean_text(value) -> str:
    """The text in NFC (one code point per accented letter), without invisible characters."""
    if value is None:
        return ""
    # Removed first, so that letters the removal brings together are composed too.
    return unicodedata.normalize("NFC", INVISIBLE_CHARACTERS.sub("", str(value)))


def looks_like_formula(value: str | None) -> bool:
    """True when a spreadsheet would read the (cleaned) value as a formula."""
    return bool(value) and str(value).lstrip().startswith(FORMULA_START)
