from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from attention.models import AttentionKind, AttentionRequest
from core.models import Territory
from core.roles import Role
from core.widgets import SearchSelect
from militancia.identity import IdType, InvalidIdNumber, normalize_id_number
from militancia.models import Member

from .challenge import Outcome, verify_challenge

STAFF_ROLES = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)


class DateInput(forms.DateInput):
    input_type = "date"


class QueueFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("open", pgettext_lazy("attention requests still open", "Open")),
        ("all", pgettext_lazy("attention requests, any status", "All")),
        *AttentionRequest.Status.choices,
    ]
    URGENCY_CHOICES = [("", _("Any due date")), ("overdue", _("Overdue")), ("soon", _("Due soon"))]

    q = forms.CharField(label=_("Tracking or ID number"), required=False, max_length=30)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any kind")), *AttentionKind.choices], required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("Any channel")), *AttentionRequest.Channel.choices], required=False
    )
    urgency = forms.ChoiceField(label=_("Due"), choices=URGENCY_CHOICES, required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)


def _territory_choices(user):
    return (
        Territory.objects.visible_to(user)
        .filter(kind__in=[Territory.Kind.DEPARTMENT, Territory.Kind.MUNICIPALITY])
        .select_related("parent")
        .order_by("path")
    )


class TerritoryChoiceField(forms.ModelChoiceField):
    widget = SearchSelect

    def label_from_instance(self, obj):
        return obj.label


class _RequesterFields(forms.Form):
    requester_id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices, initial=IdType.CC)
    requester_id_number = forms.CharField(label=_("Document number"), max_length=20)
    requester_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    address = forms.CharField(label=_("Postal address"), max_length=250, required=False)

    def clean(self):
        data = super().clean()
        id_type, raw = data.get("requester_id_type"), data.get("requester_id_number")
        if id_type and raw:
            try:
                data["requester_id_number"] = normalize_id_number(id_type, raw)
            except InvalidIdNumber as exc:
                self.add_error("requester_id_number", str(exc))
        if not any((data.get(f) or "").strip() for f in ("email", "phone", "address")):
            self.add_error(
                None,
                _("Give at least one way to answer the request: an e-mail, a phone number or a postal address."),
            )
        return data


class StaffRequestForm(_RequesterFields):
    """Staff register a request from any channel. A member is found by document number (in scope)."""

    channel = forms.ChoiceField(label=_("Channel"), choices=AttentionRequest.Channel.choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=AttentionKind.choices)
    territory = TerritoryChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.none(),
        required=False,
        help_text=_("For a person who is not a member. A member's request goes to the member's territory."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}))
    received_on = forms.DateField(label=_("Received on"), widget=DateInput, initial=timezone.localdate)
    assigned_to = forms.ModelChoiceField(label=_("Assign to"), queryset=get_user_model().objects.none(), required=False)
    attachment = forms.FileField(label=_("Attachment (PDF, PNG or JPEG)"), required=False)

    field_order = [
        "channel",
        "kind",
        *AttentionRequest.REQUESTER_FIELDS,
        "territory",
        "subject",
        "description",
        "received_on",
        "assigned_to",
        "attachment",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.member = None
        self.fields["territory"].queryset = _territory_choices(user)
        self.fields["assigned_to"].queryset = staff_choices(user)

    def clean(self):
        data = super().clean()
        # Staff may link only a member they can see; the contact fields fall back to the member's.
        if data.get("requester_id_number") and not self.has_error("requester_id_number"):
            self.member = (
                Member.objects.visible_to(self.user)
                .select_related("territory")
                .filter(id_type=data["requester_id_type"], id_number=data["requester_id_number"])
                .first()
            )
        if self.member is not None:
            self.errors.pop("__all__", None)
        else:
            if not data.get("requester_name"):
                self.add_error("requester_name", _("Not a member in your scope: write the person's name."))
            if not data.get("territory"):
                self.add_error("territory", _("Not a member in your scope: choose the territory."))
        return data


def staff_choices(user):
    """Active staff who handle requests. A regional user only sees staff scoped inside their own territories."""
    users = get_user_model().objects.filter(is_active=True, groups__name__in=[r.value for r in STAFF_ROLES])
    if not user.is_national:
        users = users.filter(territories__in=Territory.objects.subtree(user.scope_territories))
    return users.distinct().order_by("first_name", "last_name", "username")


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            (AttentionRequest.Status.IN_PROGRESS, AttentionRequest.Status.IN_PROGRESS.label),
            (AttentionRequest.Status.WAITING, AttentionRequest.Status.WAITING.label),
            (AttentionRequest.Status.CLOSED, AttentionRequest.Status.CLOSED.label),
        ],
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    answer_text = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 10}))
    attachment = forms.FileField(label=_("Attach a file (PDF, PNG or JPEG)"), required=False)
    send = forms.BooleanField(label=_("Send it to the requester's e-mail"), required=False, initial=True)


class ExtensionForm(forms.Form):
    new_due_on = forms.DateField(label=_("New due date"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    notice_on = forms.DateField(label=_("Requester notified on"), widget=DateInput, initial=timezone.localdate)


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(label=_("Assign to"), queryset=get_user_model().objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = staff_choices(user)


PUBLIC_KINDS = AttentionKind.choices


class PublicRequestForm(_RequesterFields):
    """The public form: no login, a challenge, a honeypot; the person chooses their municipality."""

    kind = forms.ChoiceField(label=_("What do you need?"), choices=PUBLIC_KINDS)
    requester_name = forms.CharField(label=_("Full name"), max_length=200)
    territory = TerritoryChoiceField(
        label=_("Municipality"),
        queryset=Territory.objects.municipalities().select_related("parent").order_by("parent__name", "name"),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Your request"), widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(label=_("Attachment (PDF, PNG or JPEG, up to 10 MB)"), required=False)
    challenge_answer = forms.CharField(label=_("Anti-spam check"), max_length=4)
    challenge_token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    accept_policy = forms.BooleanField(label=_("I authorize the processing of my data to answer this request"))

    field_order = [
        "kind",
        "requester_name",
        "requester_id_type",
        "requester_id_number",
        "email",
        "phone",
        "address",
        "territory",
        "subject",
        "description",
        "attachment",
        "accept_policy",
        "challenge_answer",
        "website",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Municipalities grouped by department: a long list people can scan.
        groups: dict[str, list] = {}
        for municipality in self.fields["territory"].queryset:
            groups.setdefault(municipality.parent.name, []).append((municipality.pk, municipality.name))
        self.fields["territory"].choices = [("", "---------"), *groups.items()]

    def clean(self):
        data = super().clean()
        outcome = verify_challenge(
            data.get("challenge_token", ""), data.get("challenge_answer"), data.get("website", "")
        )
        if outcome is Outcome.TOO_FAST:
            self.add_error(
                "challenge_answer",
                _("The form was sent too fast to be checked. Wait a few seconds and send it again."),
            )
        elif outcome is Outcome.REPLAYED:
            self.add_error(
                "challenge_answer", _("This anti-spam check was already used. Answer the new question and send again.")
            )
        elif outcome is Outcome.INVALID:
            self.add_error(
                "challenge_answer", _("The anti-spam check expired. Answer the new question and send again.")
            )
        elif outcome is not Outcome.OK:
            self.add_error("challenge_answer", _("The anti-spam answer is not right. Try the new question."))
        return data


class PublicStatusForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number"), max_length=20)
    requester_id_number = forms.CharField(label=_("Your document number"), max_length=20)

    def clean_tracking_number(self):
        return self.cleaned_data["tracking_number"].strip().upper()

    def clean_requester_id_number(self):
        raw = self.cleaned_data["requester_id_number"].strip().upper()
        return "".join(ch for ch in raw if ch.isalnum())
