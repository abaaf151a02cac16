from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import TerritoryCodeMixin
from core.models import Territory
from militancia.identity import IdType
from party_bodies.models import TrainingEvent


class DateInput(forms.DateInput):
    input_type = "date"


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


def territory_queryset(user):
    return (
        Territory.objects.visible_to(user)
        .exclude(kind=Territory.Kind.LOCALITY)
        .select_related("parent")
        .order_by("path")
    )


class BodyForm(forms.Form):
    territory = TerritoryChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200, required=False, help_text=_("Empty: the standard name."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territory_queryset(user)


class TerritoryFilterField(TerritoryCodeMixin, TerritoryChoiceField):
    """The filter's territory, by DIVIPOLA code in the query string (?territory=05)."""


class TerritoryFilterForm(forms.Form):
    territory = TerritoryFilterField(label=_("Territory"), queryset=Territory.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territory_queryset(user)


class TermForm(forms.Form):
    office = forms.IntegerField(widget=forms.HiddenInput)
    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices, initial=IdType.CC)
    id_number = forms.CharField(label=_("Member's document number"), max_length=20)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput, initial=timezone.localdate)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)


class EndTermForm(forms.Form):
    ends_on = forms.DateField(label=_("Ended on"), widget=DateInput, initial=timezone.localdate)


class TrainingForm(forms.Form):
    territory = TerritoryChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingEvent.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    topic = forms.CharField(label=_("Topic"), max_length=300)
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200)
    trainer = forms.CharField(label=_("Trainer"), max_length=200)
    hours = forms.IntegerField(label=_("Hours"), min_value=1, max_value=200, initial=4)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territory_queryset(user)


class AttendanceForm(forms.Form):
    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices, initial=IdType.CC)
    id_number = forms.CharField(label=_("Member's document number"), max_length=20)
