"""Spanish alphabetical order that works on any PostgreSQL (no ICU collation needed).

Databases created with the C or C.UTF-8 collation (and the embedded pgserver) sort by bytes:
"Álvarez" after "Zuluaga". ICU collations ("es-x-icu") are not always there, so the sort key is
built with core SQL functions only: accents folded, case folded, and "ñ" placed right after "n"
(as "n{", since "{" sorts after every ASCII letter).
"""

from __future__ import annotations

from django.db.models import F, Func, Value
from django.db.models.functions import Lower, Replace

_ACCENTED = "ÁÀÂÄÉÈÊËÍÌÎÏÓÒÔÖÚÙÛÜáàâäéèêëíìîïóòôöúùûü"
_PLAIN = "AAAAEEEEIIIIOOOOUUUUaaaaeeeeiiiioooouuuu"


class _Translate(Func):
    function = "TRANSLATE"


def spanish_key(field: str):
    """An expression to `order_by` that sorts `field` as a Spanish reader expects."""
    folded = _Translate(F(field), Value(_ACCENTED), Value(_PLAIN))
    folded = Replace(Replace(folded, Value("ñ"), Value("n{")), Value("Ñ"), Value("n{"))
    return Lower(folded)
