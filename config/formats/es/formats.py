"""Input formats for every Spanish variant (es, es-co, es-mx, es-cl).

Browsers only accept ISO values in <input type="date"> and <input type="datetime-local">:
a value like "06/12/2026" is discarded and the field shows empty. Widgets render with the
first input format, so ISO comes first; the Colombian forms stay accepted when typed.
Display formats (dd/mm/aaaa) still come from Django's es_CO module.
"""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d/%m/%y",
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%y %H:%M",
]
