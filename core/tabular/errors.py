from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_


class TabularError(Exception):
    """A problem with an uploaded table. `code` is stable (tests, API); `message` is for people."""

    MESSAGES = {
        "too_large": N_("The file is too large ({size} MB; at most {limit} MB)."),
        "empty_file": N_("The file is empty."),
        "unknown_type": N_("The file is not a spreadsheet: upload an .xlsx, .xls, .ods or .csv file."),
        "bad_zip": N_("The file looks like an Excel or OpenDocument file but it is damaged."),
        "zip_bomb": N_("The file expands to far more data than it holds (possible compression bomb); it was rejected."),
        "macros": N_("The file contains macros; save it as a plain .xlsx without macros."),
        "password": N_("The file is protected with a password; remove the password and upload it again."),
        "no_sheet": N_("The file has no sheet."),
        "empty_sheet": N_("The first sheet is empty."),
        "headers_only": N_("The sheet has headers but no data rows."),
        "no_header": N_("No header row was found (expected columns such as {expected})."),
        "too_many_columns": N_("The sheet has {columns} columns; at most {limit} are accepted."),
        "too_many_rows": N_("The sheet has more than {limit} rows; split it into smaller files."),
        "out_of_memory": N_("The file needs too much memory to read; split it into smaller files."),
        "timeout": N_("Reading the file took too long; split it into smaller files."),
        # The parser's own words ("XmlError: … unrecognized entity") go to the log, never to people.
        "unreadable": N_(
            "The file could not be read: it is damaged or is not a valid spreadsheet. "
            "Open it in Excel or LibreOffice, save it again as .xlsx and upload it again."
        ),
        "encoding": N_("The text file could not be decoded (expected UTF-8 or Latin-1)."),
    }

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        template = _(self.MESSAGES.get(self.code, self.MESSAGES["unreadable"]))
        try:
            return template.format(**self.params)
        except (KeyError, IndexError):
            return template
