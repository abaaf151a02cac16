from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Territory
from core.tabular.mapping import ColumnField, ColumnMappingForm
from core.widgets import SearchSelect
from militancia.forms import NamedErrorsMixin
from rosters.fields import FIELD_LABELS, ROSTER_FIELDS


class RosterUploadForm(NamedErrorsMixin, forms.Form):
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


class RosterMappingForm(ColumnMappingForm):
    """One choice per field: which column of the file holds it (or none). Which combinations are
    enough (full name, or first and last names) is `mapping_problems`' business, so none is required."""

    def __init__(self, *args, headers: list[str], initial_mapping: dict[str, int], sample=(), **kwargs):
        fields = [ColumnField(name=field, label=FIELD_LABELS[field]) for field in ROSTER_FIELDS]
        super().__init__(
            *args, fields=fields, headers=headers, initial_mapping=initial_mapping, sample=sample, **kwargs
        )


class ConflictResolveForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("kept", _("Keep the member in their territory")), ("moved", _("Move to the roster's territory"))],
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
