from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import TerritoryCodeMixin
from core.models import Territory
from meetings.models import Meeting, Secretariat
from militancia.identity import IdType


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class TerritoryFilterField(TerritoryCodeMixin, TerritoryChoiceField):
    """The filter's territory, by DIVIPOLA code in the query string (?territory=05)."""


def territory_queryset(user):
    return (
        Territory.objects.visible_to(user)
        .exclude(kind=Territory.Kind.LOCALITY)
        .select_related("parent")
        .order_by("path")
    )


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class ResponsibleField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


def staff_queryset():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Meeting.Kind.choices)
    secretariat = forms.ChoiceField(label=_("Convening secretariat"), choices=Secretariat.choices)
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput)
    territory = TerritoryChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    link = forms.URLField(
        label=_("Link"), max_length=500, required=False, assume_scheme="https", help_text=_("For a virtual meeting.")
    )
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}))
    attendee_users = StaffChoiceField(
        label=_("Attending staff"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territory_queryset(user)
        self.fields["attendee_users"].queryset = staff_queryset()


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=pgettext_lazy("meeting", "Minutes"), widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    attendee_users = StaffChoiceField(
        label=_("Attending staff"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendee_users"].queryset = staff_queryset()


class CommitmentForm(forms.Form):
    """Responsible person and due date are checked by the service, whose message names them."""

    description = forms.CharField(label=_("Commitment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    responsible = ResponsibleField(
        label=_("Responsible person"), queryset=get_user_model().objects.none(), required=False
    )
    due_on = forms.DateField(label=_("Due date"), widget=DateInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = staff_queryset()


class MemberAttendeeForm(forms.Form):
    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices, initial=IdType.CC)
    id_number = forms.CharField(label=_("Member's document number"), max_length=20)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)


class MeetingFilterForm(forms.Form):
    territory = TerritoryFilterField(label=_("Territory"), queryset=Territory.objects.none(), required=False)
    secretariat = forms.ChoiceField(
        label=_("Convening secretariat"), choices=[("", "—"), *Secretariat.choices], required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *Meeting.Kind.choices], required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The national office filters by department (a thousand municipalities make a slow,
        # unusable list); a territorial user picks among their own municipalities.
        choices = territory_queryset(user)
        self.fields["territory"].queryset = choices.filter(depth__lte=1) if user.is_national else choices


class CommitmentMoveForm(forms.Form):
    name = forms.CharField(max_length=20)
    note = forms.CharField(max_length=500, required=False)
