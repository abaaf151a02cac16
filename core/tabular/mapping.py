"""The column-mapping step: the user says which column of the file holds each field.

Shared by every import that lets people upload their own spreadsheets (rosters, the electoral
geography and results): one select per field, whose options name each column of the file with
a few of its values, so a person who never saw the field names can still recognise the column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SAMPLE_VALUES = 3


@dataclass(frozen=True)
class ColumnField:
    """One field an import can read: its name in code, its label for people, whether it is required."""

    name: str
    label: str
    required: bool = False
    help_text: str = ""
    multiple: bool = False  # several columns, e.g. one column per party in a "wide" results file


def column_letter(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA": the names spreadsheets give their columns."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def column_samples(sample: Sequence[Sequence], width: int, count: int = SAMPLE_VALUES) -> list[list[str]]:
    """For each of `width` columns, its first `count` different non-empty values in the sample rows."""
    values: list[list[str]] = [[] for _ in range(width)]
    for row in sample:
        for index in range(min(width, len(row))):
            text = _shown(row[index])[:40]
            if text and text not in values[index] and len(values[index]) < count:
                values[index].append(text)
    return values


def column_choices(headers: Sequence, sample: Sequence[Sequence] = ()) -> list[tuple[str, str]]:
    """The options of a mapping select: "B: N° de inscritos (p. ej.: 350, 340)", and "not in the file"."""
    samples = column_samples(sample, len(headers))
    choices = [("", str(gettext_lazy("— not in the file —")))]
    for index, name in enumerate(headers):
        label = f"{column_letter(index)}: {_shown(name) or _('(no title)')}"
        if samples[index]:
            label += " " + _("(e.g.: %(values)s)") % {"values": ", ".join(samples[index])}
        choices.append((str(index), label))
    return choices


def duplicate_columns(mapping: Mapping[str, int | list[int]]) -> bool:
    columns = [index for value in mapping.values() for index in (value if isinstance(value, list) else [value])]
    return len(columns) != len(set(columns))


class ColumnMappingForm(forms.Form):
    """One choice per field: which column of the file holds it (or none).

    Required fields are required by the form too (the label gets its mark); imports whose rules
    are more than "this field is required" (the roster's full name OR first and last names)
    declare every field optional and check the mapping themselves.
    """

    def __init__(
        self,
        *args,
        fields: Sequence[ColumnField],
        headers: Sequence,
        initial_mapping: Mapping[str, int],
        sample: Sequence[Sequence] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.width = len(headers)
        choices = column_choices(headers, sample)
        for spec in fields:
            if spec.multiple:
                chosen = initial_mapping.get(spec.name) or []
                self.fields[spec.name] = forms.MultipleChoiceField(
                    label=spec.label,
                    choices=choices[1:],
                    required=spec.required,
                    help_text=spec.help_text,
                    widget=forms.CheckboxSelectMultiple,
                    initial=[str(index) for index in chosen],
                )
                continue
            self.fields[spec.name] = forms.ChoiceField(
                label=spec.label,
                choices=choices,
                required=spec.required,
                help_text=spec.help_text,
                initial=str(initial_mapping[spec.name]) if spec.name in initial_mapping else "",
            )

    def mapping(self) -> dict[str, int | list[int]]:
        result: dict[str, int | list[int]] = {}
        for field, value in self.cleaned_data.items():
            if isinstance(value, list):
                if value:
                    result[field] = [int(index) for index in value]
            elif value not in ("", None):
                result[field] = int(value)
        return result

    def clean(self):
        cleaned = super().clean()
        if duplicate_columns(self.mapping()):
            raise forms.ValidationError(_("The same column is chosen for two fields."))
        return cleaned
