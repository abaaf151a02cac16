from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Territory
from core.widgets import SearchSelect
from militancia.roster.fields import FIELD_LABELS, ROSTER_FIELDS


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file"),
        help_text=_("Excel (.xlsx, .xls), OpenDocument (.ods) or CSV separated by ; or ,"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none(), widget=SearchSelect)
    consent_location = forms.CharField(
        label=_("Where are the signed consent forms kept?"),
        max_length=250,
        help_text=_("Office, box or folder of the paper authorizations (habeas data) signed by these people."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = (
            Territory.objects.visible_to(user)
            .filter(kind__in=[Territory.Kind.DEPARTMENT, Territory.Kind.MUNICIPALITY, Territory.Kind.COUNTRY])
            .select_related("parent")
            .order_by("path")
        )
        self.fields["territory"].label_from_instance = lambda t: t.label if t.kind == t.Kind.MUNICIPALITY else t.name


class RosterMappingForm(forms.Form):
    """One choice per field: which column of the file holds it (or none)."""

    def __init__(self, *args, headers: list[str], initial_mapping: dict[str, int], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in the file —"))] + [
            (str(index), f"{chr(65 + index) if index < 26 else index + 1}: {name or _('(no title)')}")
            for index, name in enumerate(headers)
        ]
        for field in ROSTER_FIELDS:
            self.fields[field] = forms.ChoiceField(
                label=FIELD_LABELS[field],
                choices=choices,
                required=False,
                initial=str(initial_mapping[field]) if field in initial_mapping else "",
            )

    def mapping(self) -> dict[str, int]:
        return {field: int(value) for field, value in self.cleaned_data.items() if value not in ("", None)}


class ConflictResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("kept", _("Keep the member in their territory")), ("moved", _("Move to the roster's territory"))],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
