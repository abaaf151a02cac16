"""The tabular layer's messages (core.tabular.errors), listed here so that makemessages finds them
and militancia's catalogue carries their Spanish (core has no catalogue of its own)."""

from django.utils.translation import gettext_noop

TABULAR_MESSAGES = [
    gettext_noop("The file is too large ({size} MB; at most {limit} MB)."),
    gettext_noop("The file is empty."),
    gettext_noop("The file is not a spreadsheet: upload an .xlsx, .xls, .ods or .csv file."),
    gettext_noop("The file looks like an Excel or OpenDocument file but it is damaged."),
    gettext_noop("The file expands to far more data than it holds (possible compression bomb); it was rejected."),
    gettext_noop("The file contains macros; save it as a plain .xlsx without macros."),
    gettext_noop("The file is protected with a password; remove the password and upload it again."),
    gettext_noop("The file has no sheet."),
    gettext_noop("The first sheet is empty."),
    gettext_noop("The sheet has headers but no data rows."),
    gettext_noop("No header row was found (expected columns such as {expected})."),
    gettext_noop("The sheet has {columns} columns; at most {limit} are accepted."),
    gettext_noop("The sheet has more than {limit} rows; split it into smaller files."),
    gettext_noop("The file needs too much memory to read; split it into smaller files."),
    gettext_noop("Reading the file took too long; split it into smaller files."),
    gettext_noop(
        "The file could not be read: it is damaged or is not a valid spreadsheet. "
        "Open it in Excel or LibreOffice, save it again as .xlsx and upload it again."
    ),
    gettext_noop("The text file could not be decoded (expected UTF-8 or Latin-1)."),
]
