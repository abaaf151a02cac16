from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import TerritoryCodeMixin
from core.models import Territory
from militancia.identity import IdType
from social_orgs.models import OrganizationActivity, OrganizationMember, SocialOrganization, WorkFront


class DateInput(forms.DateInput):
    input_type = "date"


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


class OrganizationFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    territory = TerritoryFilterField(label=_("Territory"), queryset=Territory.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *SocialOrganization.Kind.choices]
        self.fields["territory"].queryset = territory_queryset(user)


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SocialOrganization.Kind.choices)
    territory = TerritoryChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    contact_name = forms.CharField(label=_("Contact person"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    fronts = forms.ModelMultipleChoiceField(
        label=_("Work fronts"), queryset=WorkFront.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territory_queryset(user)
        self.fields["fronts"].queryset = WorkFront.objects.visible_to(user).filter(active=True)


class MemberLinkForm(forms.Form):
    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices, initial=IdType.CC)
    id_number = forms.CharField(label=_("Member's document number"), max_length=20)
    role = forms.ChoiceField(label=_("Role in the organization"), choices=OrganizationMember.Role.choices)
    position = forms.CharField(label=_("Position held"), max_length=120, required=False)
    since = forms.DateField(label=_("Since"), widget=DateInput, required=False)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationActivity.Kind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    title = forms.CharField(label=_("Title"), max_length=200)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    front = forms.ModelChoiceField(label=_("Work front"), queryset=WorkFront.objects.none(), required=False)

    def __init__(self, *args, organization: SocialOrganization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["front"].queryset = organization.fronts.all()


class ElectionForm(forms.Form):
    title = forms.CharField(label=_("Election"), max_length=200, initial=_("Election of the board"))
    held_on = forms.DateField(label=_("Date"), widget=DateInput)


class FrontForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    territory = TerritoryChoiceField(
        label=_("Territory"), queryset=Territory.objects.none(), required=False, help_text=_("Empty: a national front.")
    )
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territory_queryset(user)


class PositionForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("office", "Position"), max_length=120)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100, initial=1)
    requires_member = forms.BooleanField(label=_("Candidates must be party members"), required=False)


class CandidateForm(forms.Form):
    position = forms.ModelChoiceField(label=pgettext_lazy("office", "Position"), queryset=None)
    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices, initial=IdType.CC, required=False)
    id_number = forms.CharField(
        label=_("Member's document number"),
        max_length=20,
        required=False,
        help_text=_("For a party member; leave empty for another person."),
    )
    name = forms.CharField(label=_("Name (not a member)"), max_length=200, required=False)

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = election.positions.all()


class SupportForm(forms.Form):
    party_support = forms.BooleanField(label=_("The party supports this election"), required=False)
    support_notes = forms.CharField(
        label=_("How the party supports it"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class CancelForm(forms.Form):
    note = forms.CharField(label=_("Why it is cancelled"), max_length=500, required=False)
