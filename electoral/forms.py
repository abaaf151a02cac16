from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Territory, User
from core.widgets import SearchSelect
from electoral.models import (
    BallotOption,
    Election,
    ElectoralUnit,
    Incident,
    Milestone,
    Poll,
    PollWatcher,
)
from electoral.roles import READERS
from militancia.identity import IdType, InvalidIdNumber, normalize_id_number, normalize_phone
from militancia.models import Member

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def territory_field(user, required=True, label=None):
    return forms.ModelChoiceField(
        queryset=Territory.objects.visible_to(user).exclude(kind=Territory.Kind.LOCALITY).order_by("path"),
        required=required,
        label=label or _("Territory"),
        widget=SearchSelect,
    )


class ElectionForm(forms.ModelForm):
    class Meta:
        model = Election
        fields = ["name", "kind", "date", "territory", "root_unit", "reminder_days"]
        widgets = {"date": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"] = territory_field(user, required=False, label=_("Territory (empty: national)"))
        self.fields["root_unit"].queryset = ElectoralUnit.objects.visible_to(user).filter(depth__lte=1)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["name", "deadline", "legal_basis", "responsible", "notes"]
        widgets = {"deadline": DATETIME, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["deadline"].error_messages["required"] = _("The legal deadline (date and time) is required.")
        # Only people who can open the electoral calendar: a milestone they cannot see helps nobody.
        self.fields["responsible"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=[role.value for role in READERS])
            .distinct()
            .order_by("first_name", "username")
        )


class MilestoneStatusForm(forms.Form):
    """Offers only the statuses the milestone can go to from where it is (never its own)."""

    status = forms.ChoiceField(label=_("New status"), choices=[])
    evidence = forms.FileField(label=_("Evidence"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, milestone: Milestone, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (status, Milestone.Status(status).label) for status in Milestone.MOVES.get(milestone.status, ())
        ]


class CopyMilestonesForm(forms.Form):
    source = forms.ModelChoiceField(queryset=Election.objects.none(), label=_("Copy from the election"))

    def __init__(self, *args, user=None, election=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            Election.objects.visible_to(user).exclude(pk=election.pk).filter(milestones__isnull=False).distinct()
        )


class MemberByDocumentMixin:
    """`id_type` and `id_number` fields: the number is normalized (a bad one is an error on its
    field) and `cleaned_data["member"]` is the member with that document the user may see, or None."""

    def clean(self):
        data = super().clean()
        if data.get("id_type") and data.get("id_number"):
            try:
                data["id_number"] = normalize_id_number(data["id_type"], data["id_number"])
            except InvalidIdNumber as exc:
                self.add_error("id_number", str(exc))
            else:
                data["member"] = (
                    Member.objects.visible_to(self.user)
                    .filter(id_type=data["id_type"], id_number=data["id_number"])
                    .first()
                )
        return data


class CandidateForm(MemberByDocumentMixin, forms.Form):
    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices, initial=IdType.CC)
    id_number = forms.CharField(label=_("Document number of the member"), max_length=20)
    office = forms.CharField(label=_("Office"), max_length=150)
    territory = forms.ModelChoiceField(
        queryset=Territory.objects.none(), required=False, label=_("Territory (empty: national)")
    )
    constituency = forms.ModelChoiceField(
        queryset=ElectoralUnit.objects.none(), required=False, label=_("Constituency")
    )
    list_position = forms.IntegerField(label=_("List position"), required=False, min_value=1)
    deadline_milestone = forms.ModelChoiceField(
        queryset=Milestone.objects.none(), required=False, label=_("Deadline milestone")
    )

    def __init__(self, *args, user=None, election=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["territory"].queryset = territory_field(user).queryset
        self.fields["constituency"].queryset = (
            ElectoralUnit.objects.visible_to(user).filter(depth__lte=2).exclude(kind__in=ElectoralUnit.TABLE_KINDS)
        )
        self.fields["deadline_milestone"].queryset = election.milestones.all()


class RequirementForm(forms.Form):
    name = forms.CharField(label=_("Document"), max_length=200)
    description = forms.CharField(label=_("Description"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Required"), required=False, initial=True)
    deadline_milestone = forms.ModelChoiceField(
        queryset=Milestone.objects.none(), required=False, label=_("Deadline milestone")
    )

    def __init__(self, *args, election=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline_milestone"].queryset = election.milestones.all()


class DocumentUploadForm(forms.Form):
    requirement = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("File (PDF, PNG or JPEG)"))


class EndorsementMoveForm(forms.Form):
    move = forms.ChoiceField(choices=[(m, m) for m in ("complete", "approve", "issue", "register", "reject")])
    note = forms.CharField(required=False, max_length=2000)
    reference = forms.CharField(required=False, max_length=100)


class WatcherForm(MemberByDocumentMixin, forms.Form):
    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices, initial=IdType.CC)
    id_number = forms.CharField(label=_("Document number"), max_length=20)
    first_names = forms.CharField(
        label=_("First names"),
        max_length=120,
        required=False,
        help_text=_("Filled in from the registry when the person is a member."),
    )
    last_names = forms.CharField(label=_("Last names"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    territory = forms.ModelChoiceField(queryset=Territory.objects.none(), label=_("Territory"))
    role = forms.ChoiceField(label=_("Role"), choices=PollWatcher.Role.choices, initial=PollWatcher.Role.TABLE)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # The type-ahead picker, as on every other territory field (a plain list has 1,100+ towns).
        self.fields["territory"] = territory_field(user)

    def clean_phone(self):
        try:
            return normalize_phone(self.cleaned_data["phone"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class SubstituteForm(forms.Form):
    substitute = forms.ModelChoiceField(queryset=PollWatcher.objects.none(), label=_("Substitute"))
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, user=None, watcher=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substitute"].queryset = (
            PollWatcher.objects.visible_to(user)
            .filter(election=watcher.election_id)
            .exclude(pk=watcher.pk)
            .exclude(status__in=(PollWatcher.Status.REPLACED, PollWatcher.Status.PROSPECT))
        )


class EvaluationForm(forms.Form):
    score = forms.IntegerField(label=_("Score (1–5)"), min_value=1, max_value=5)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TrainingForm(forms.Form):
    territory = forms.ModelChoiceField(queryset=Territory.objects.none(), label=_("Territory"))
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    place = forms.CharField(label=_("Place"), max_length=200)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    trainer = forms.CharField(label=_("Trainer"), max_length=150)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = territory_field(user).queryset


class AssignForm(forms.Form):
    watcher = forms.ModelChoiceField(queryset=PollWatcher.objects.none(), label=_("Watcher"))
    unit_code = forms.CharField(label=_("Table or polling-place code"), max_length=40)
    starts_at = forms.DateTimeField(label=_("From"), required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    ends_at = forms.DateTimeField(label=_("Until"), required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])

    def __init__(self, *args, user=None, election=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["watcher"].queryset = PollWatcher.objects.visible_to(user).filter(election=election)


class IncidentForm(forms.ModelForm):
    place_code = forms.CharField(label=_("Polling-place code"), max_length=40)
    table_code = forms.CharField(label=_("Table code"), max_length=40, required=False)

    class Meta:
        model = Incident
        fields = ["occurred_at", "kind", "description", "photo"]
        widgets = {"occurred_at": DATETIME, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].input_formats = ["%Y-%m-%dT%H:%M"]
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"
        self.fields["photo"].widget.attrs["capture"] = "environment"
        self.order_fields(["place_code", "table_code", "occurred_at", "kind", "description", "photo"])


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.csv, .xlsx, .xls or .ods)"))


class BallotOptionForm(forms.ModelForm):
    class Meta:
        model = BallotOption
        fields = ["code", "name", "party", "kind", "is_own"]


class PollForm(forms.ModelForm):
    class Meta:
        model = Poll
        fields = [
            "pollster",
            "field_start",
            "field_end",
            "published_on",
            "sample_size",
            "method",
            "margin_of_error",
            "population",
            "territory",
            "notes",
        ]
        widgets = {"field_start": DATE, "field_end": DATE, "published_on": DATE}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"] = territory_field(user, required=False, label=_("Territory (empty: national)"))
        # The service says what is wrong with a sample of 0 (in words), not the browser's min check.
        self.fields["sample_size"].min_value = None
        self.fields["sample_size"].validators = []
        self.fields["sample_size"].widget.attrs.pop("min", None)

    def _post_clean(self):
        # The model's checks (sample > 0, dates in order) are the service's: it names each field.
        pass


class PollResultForm(forms.Form):
    label = forms.CharField(label=_("Option"), max_length=200, required=False)
    percent = forms.DecimalField(label=_("Percent"), max_digits=5, decimal_places=2, required=False)
    is_undecided = forms.BooleanField(label=_("Don't know / no answer"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("label") and data.get("percent") is None:
            self.add_error("percent", _("Give the percent of this option."))
        if data.get("percent") is not None and not data.get("label"):
            self.add_error("label", _("Name the option of this percent."))
        return data


PollResultFormSet = forms.formset_factory(PollResultForm, extra=0, min_num=1, max_num=40, validate_max=True)


def result_rows(formset) -> list[dict]:
    """The filled rows of a valid results formset, as the service takes them."""
    return [
        {
            "label": f.cleaned_data["label"],
            "percent": f.cleaned_data["percent"],
            "is_undecided": f.cleaned_data["is_undecided"],
        }
        for f in formset.forms
        if f.cleaned_data.get("label")
    ]


class PollImportForm(forms.Form):
    file = forms.FileField(label=_("File (.csv, .xlsx, .xls or .ods)"))


class BoardFilterForm(forms.Form):
    territory = forms.CharField(label=_("Territory (DIVIPOLA code)"), required=False, max_length=20)
    level = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("place", _("Polling places")),
            ("section", _("Zones / sections")),
            ("municipality", _("Municipalities")),
            ("department", _("Departments")),
        ],
    )
