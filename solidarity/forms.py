from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Territory, User
from core.roles import Role
from militancia.identity import IdType
from solidarity.models import CaseAction, Professional, SolidarityCase, Specialty


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


def secretariat_users():
    return User.objects.filter(groups__name=Role.SOLIDARITY.value, is_active=True).order_by(
        "first_name", "last_name", "username"
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class UserMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    urgency = forms.ChoiceField(label=_("Urgency"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        # No status chosen: the cases still open (the list's default view).
        self.fields["status"].choices = [("", _("Not closed")), *SolidarityCase.Status.choices]
        self.fields["kind"].choices = everything + list(SolidarityCase.Kind.choices)
        self.fields["urgency"].choices = everything + list(SolidarityCase.Urgency.choices)


class CaseForm(forms.Form):
    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices, initial=IdType.CC)
    id_number = forms.CharField(label=_("Member's document number"), max_length=20)
    kind = forms.ChoiceField(label=_("Kind of case"), choices=SolidarityCase.Kind.choices)
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=SolidarityCase.Urgency.choices, initial=SolidarityCase.Urgency.MEDIUM
    )
    facts = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    needs = forms.CharField(label=_("What is needed"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)


class AssignForm(forms.Form):
    professional = forms.ModelChoiceField(label=_("Professional"), queryset=Professional.objects.none())
    territory_reason = forms.CharField(
        label=_("Reason (professional from another territory)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=1000,
    )
    confirm_specialty = forms.BooleanField(
        label=_("Assign even if the specialty does not suit the kind of case"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = (
            Professional.objects.visible_to(user)
            .filter(active=True)
            .exclude(availability=Professional.Availability.UNAVAILABLE)
            .select_related("territory")
        )


class ActionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CaseAction.Kind.choices)
    done_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    next_step_on = forms.DateField(label=_("Next follow-up on"), widget=DateInput, required=False)


class CloseForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), max_length=3000)


class ReopenForm(forms.Form):
    note = forms.CharField(label=_("Why it is reopened"), widget=forms.Textarea(attrs={"rows": 2}), max_length=3000)


class RestrictForm(forms.Form):
    restricted = forms.BooleanField(label=_("Restricted case (threats)"), required=False)
    users = UserMultipleChoiceField(
        label=_("Named people"), queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = secretariat_users()


class ProfessionalForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    specialty = forms.ChoiceField(label=_("Specialty"), choices=Specialty.choices)
    territory = TerritoryChoiceField(
        label=_("Territory"), queryset=Territory.objects.none(), required=False, help_text=_("Empty: nationwide.")
    )
    availability = forms.ChoiceField(label=_("Availability"), choices=Professional.Availability.choices)
    availability_notes = forms.CharField(label=_("Availability notes"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    user = UserChoiceField(
        label=_("User account"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("To let the professional sign in and see the cases assigned to them."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, user, professional: Professional | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territory_queryset(user)
        taken = Professional.objects.exclude(user=None)
        if professional is not None:
            taken = taken.exclude(pk=professional.pk)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True)
            .exclude(pk__in=taken.values("user_id"))
            .order_by("first_name", "last_name", "username")
        )
