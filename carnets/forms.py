from __future__ import annotations

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from carnets.models import Card, CardDesign, Consumable, Jornada, MaintenanceRecord, PrintBatch, Printer
from carnets.photos import read_image
from core.forms import TerritoryCodeMixin
from core.models import Territory
from core.ordering import spanish_key
from core.widgets import SearchSelect
from militancia.identity import PERSON_FIELDS, IdType
from militancia.models import Member
from rosters.models import RosterUpload

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _territories(user, kinds=(Territory.Kind.DEPARTMENT, Territory.Kind.MUNICIPALITY, Territory.Kind.LOCALITY)):
    return Territory.objects.visible_to(user).filter(kind__in=kinds).select_related("parent").order_by("path")


class TerritoryChoiceField(forms.ModelChoiceField):
    widget = SearchSelect

    def label_from_instance(self, obj):
        if obj.parent_id and obj.kind != Territory.Kind.DEPARTMENT:
            return f"{obj.name} ({obj.parent.name})"
        return obj.name


class BatchCardSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search in the batch"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("Card number, ID number or name"), "type": "search"}),
    )


class TerritoryFilterField(TerritoryCodeMixin, TerritoryChoiceField):
    """The filter's territory, by DIVIPOLA code in the query string (?territory=05)."""


class CardFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Card number, ID number or name")}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All"))] + Card.Status.choices)
    territory = TerritoryFilterField(label=_("Territory"), required=False, queryset=Territory.objects.none())
    printed_from = forms.DateField(label=_("Printed from"), required=False, widget=DATE)
    printed_to = forms.DateField(label=_("Printed until"), required=False, widget=DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = _territories(user, (Territory.Kind.DEPARTMENT,))


class DeliverForm(forms.Form):
    delivered_to = forms.CharField(
        label=_("Delivered to"), max_length=150, help_text=_("The member, or who received it on their behalf.")
    )
    place = forms.CharField(label=_("Where"), max_length=150)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=250)


class ImageUploadField(forms.FileField):
    """A file checked by content with Pillow (type, size, pixels), whatever its extension."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "read"):
            read_image(upload, label=str(self.label))
            upload.seek(0)
        return upload


class CardDesignForm(forms.ModelForm):
    logo = ImageUploadField(label=_("Party logo"), required=False)
    front_background = ImageUploadField(label=_("Front background"), required=False)
    back_background = ImageUploadField(label=_("Back background"), required=False)
    activate = forms.BooleanField(label=_("Make it the active design"), required=False)

    class Meta:
        model = CardDesign
        fields = ["name", "party_name", "title", "primary_color", "text_color", "back_text"]
        widgets = {
            "primary_color": forms.TextInput(attrs={"type": "color"}),
            "text_color": forms.TextInput(attrs={"type": "color"}),
            "back_text": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_primary_color(self):
        return self._color("primary_color")

    def clean_text_color(self):
        return self._color("text_color")

    def _color(self, name):
        value = self.cleaned_data[name]
        if not HEX.match(value or ""):
            raise ValidationError(_("Write the colour as #RRGGBB."))
        return value.upper()


class BatchForm(forms.Form):
    SELECTION = [
        (PrintBatch.Selection.FILTERS, _("Members by territory and date")),
        (PrintBatch.Selection.ROSTER, _("Members of a roster upload")),
        (PrintBatch.Selection.JORNADA, _("Members of a registration drive")),
    ]
    name = forms.CharField(label=_("Batch name"), max_length=120, required=False)
    selection = forms.ChoiceField(
        label=_("Select members by"), choices=SELECTION, widget=forms.RadioSelect, initial=PrintBatch.Selection.FILTERS
    )
    territory = TerritoryChoiceField(label=_("Territory"), required=False, queryset=Territory.objects.none())
    joined_from = forms.DateField(label=_("Joined from"), required=False, widget=DATE)
    joined_to = forms.DateField(label=_("Joined until"), required=False, widget=DATE)
    roster = forms.ModelChoiceField(label=_("Roster upload"), required=False, queryset=RosterUpload.objects.none())
    jornada = forms.ModelChoiceField(label=_("Registration drive"), required=False, queryset=Jornada.objects.none())
    layout = forms.ChoiceField(label=_("Layout"), choices=PrintBatch.Layout.choices, initial=PrintBatch.Layout.CR80)
    printer = forms.ModelChoiceField(
        label=_("Printer"), required=False, queryset=Printer.objects.exclude(status=Printer.Status.RETIRED)
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["territory"].queryset = _territories(user)
        self.fields["jornada"].queryset = Jornada.objects.visible_to(user)
        self.fields["roster"].queryset = RosterUpload.objects.visible_to(user).order_by("-pk")

    def clean(self):
        data = super().clean()
        selection = data.get("selection")
        if selection == PrintBatch.Selection.ROSTER and not data.get("roster"):
            self.add_error("roster", _("Choose the roster upload."))
        if selection == PrintBatch.Selection.JORNADA and not data.get("jornada"):
            self.add_error("jornada", _("Choose the registration drive."))
        if selection == PrintBatch.Selection.FILTERS and not data.get("territory") and not self.user.is_national:
            self.add_error("territory", _("Choose a territory within your scope."))
        return data


class MarkPrintedForm(forms.Form):
    printer = forms.ModelChoiceField(
        label=_("Printer used"), queryset=Printer.objects.exclude(status=Printer.Status.RETIRED)
    )
    failed = forms.CharField(
        label=_("Cards that failed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Card numbers that did not print well, separated by spaces, commas or lines. "
            "They go back to pending. Leave empty if all printed."
        ),
    )

    def clean_failed(self):
        return [n for n in re.split(r"[\s,;]+", self.cleaned_data["failed"] or "") if n]


class PrinterForm(forms.ModelForm):
    class Meta:
        model = Printer
        fields = [
            *Printer.DESCRIPTION_FIELDS,
            "card_stock",
            "ribbon",
            "next_maintenance_on",
            "notes",
        ]
        widgets = {"next_maintenance_on": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class MaintenanceForm(forms.ModelForm):
    class Meta:
        model = MaintenanceRecord
        fields = ["kind", "done_on", "description", "cost", "firmware_version", "next_due_on"]
        widgets = {"done_on": DATE, "next_due_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("next_due_on") and data.get("done_on") and data["next_due_on"] <= data["done_on"]:
            self.add_error("next_due_on", _("The next due date must come after the maintenance date."))
        if data.get("cost") is not None and data["cost"] < 0:
            self.add_error("cost", _("The cost cannot be negative."))
        return data


class ConsumableForm(forms.ModelForm):
    class Meta:
        model = Consumable
        fields = ["name", "kind", "unit", "panels_per_roll", "reorder_level", "is_active"]


class PurchaseForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1)
    rolls = forms.BooleanField(label=_("Quantity is in rolls (ribbons)"), required=False)
    supplier = forms.CharField(label=_("Supplier"), max_length=150)
    cost = forms.DecimalField(label=_("Total cost"), required=False, min_value=0, max_digits=14, decimal_places=2)


class AdjustmentForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), help_text=_("Negative to take from stock (e.g. -3)."))
    reason = forms.CharField(label=_("Reason"), max_length=250)


class JornadaForm(forms.ModelForm):
    territory = TerritoryChoiceField(label=_("Territory"), queryset=Territory.objects.none())

    class Meta:
        model = Jornada
        fields = ["name", "territory", "place", "starts_on", "ends_on", "team", "printer", "linked_event"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "team": forms.SelectMultiple(attrs={"size": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = _territories(user)
        self.fields["team"].queryset = drive_team_candidates(user)
        self.fields["team"].help_text = _("Only users of the card team who may work at the drive's table.")
        self.fields["printer"].queryset = Printer.objects.exclude(status=Printer.Status.RETIRED)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The drive cannot end before it starts."))
        return data


def drive_team_candidates(user):
    """Users who may work at a drive's table (the roles the table page admits), national or with a
    scope that meets the operator's own."""
    from carnets.roles import CARD_WORKERS

    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[role.value for role in CARD_WORKERS])
        .prefetch_related("territories")
    )
    if not user.is_national:
        ancestors = set()
        for node in user.scope_territories:
            while node is not None:
                ancestors.add(node.pk)
                node = node.parent
        users = users.filter(
            Q(territories__isnull=True)
            | Q(territories__in=Territory.objects.visible_to(user).values("pk"))
            | Q(territories__in=ancestors)
        )
    return users.distinct().order_by("username")


class LookupForm(forms.Form):
    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices, initial=IdType.CC)
    id_number = forms.CharField(label=_("Document number"), max_length=20)


class RegistrationForm(forms.Form):
    """The table form of a drive. Images are checked by the service (before any write)."""

    member = forms.IntegerField(required=False, widget=forms.HiddenInput)
    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices, initial=IdType.CC)
    id_number = forms.CharField(label=_("Document number"), max_length=20)
    first_names = forms.CharField(label=_("First names"), max_length=120)
    last_names = forms.CharField(label=_("Last names"), max_length=120)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—")] + Member.Sex.choices)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    territory = TerritoryChoiceField(label=_("Municipality"), queryset=Territory.objects.none())
    consent = forms.BooleanField(label=_("The person accepts the data-processing authorization"), required=False)
    photo = forms.FileField(label=_("Photo"), required=False)
    fingerprint = forms.FileField(label=_("Fingerprint image"), required=False)
    signature = forms.CharField(required=False, widget=forms.HiddenInput)
    # Captures checked on a previous, failed submission, sent back so nobody signs or scans twice.
    photo_data = forms.CharField(required=False, widget=forms.HiddenInput)
    fingerprint_data = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, jornada, user, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = Territory.objects.subtree([jornada.territory]).filter(
            kind__in=[Territory.Kind.MUNICIPALITY, Territory.Kind.LOCALITY]
        )
        if member is not None:
            # An existing member keeps their territory unless the operator picks another on purpose.
            municipalities = municipalities | Territory.objects.filter(pk=member.territory_id)
            self.fields["territory"].help_text = _(
                "Their current territory is selected; choose another only if the person moved."
            )
        self.fields["territory"].queryset = (
            municipalities.visible_to(user).select_related("parent").order_by(spanish_key("name"), "pk")
        )

    def member_data(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                *PERSON_FIELDS,
                "territory",
            )
        }


class DrivePackageForm(forms.Form):
    """Prepare a drive package: how many card numbers to reserve for the drive."""

    block_size = forms.IntegerField(
        label=_("Card numbers to reserve"),
        min_value=1,
        max_value=20_000,
        initial=1000,
        help_text=_("Cards printed offline take these numbers; unused ones are never given to anyone else."),
    )


class PackagePassphraseForm(forms.Form):
    """The passphrase the team lead will type on the laptop (never stored)."""

    passphrase = forms.CharField(
        label=_("Passphrase for the team lead"),
        min_length=12,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. Give it to the team lead in person, never with the file."),
    )
    passphrase2 = forms.CharField(
        label=_("Passphrase again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("passphrase") and data.get("passphrase") != data.get("passphrase2"):
            self.add_error("passphrase2", _("The two passphrases are different."))
        return data
