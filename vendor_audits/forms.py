from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Territory
from vendor_audits.models import Aql, SampleItem


class DateInput(forms.DateInput):
    input_type = "date"


class VendorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    tax_id = forms.CharField(label=_("NIT"), max_length=20, required=False)
    contact_name = forms.CharField(label=_("Contact"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)


class ContractForm(forms.Form):
    number = forms.CharField(label=_("Contract number"), max_length=50)
    unit_price = forms.DecimalField(label=_("Price per form"), max_digits=12, decimal_places=2, min_value=0.01)
    aql = forms.ChoiceField(label=_("AQL"), choices=Aql.choices, initial=Aql.AQL_2_5)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput, required=False)


class DeliveryForm(forms.Form):
    contract = forms.ModelChoiceField(label=_("Contract"), queryset=None)
    number = forms.CharField(label=_("Delivery number"), max_length=50)
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput, initial=timezone.localdate)

    def __init__(self, *args, vendor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = vendor.contracts.all()


class TerritoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class BoxForm(forms.Form):
    code = forms.CharField(label=_("Box code"), max_length=50)
    forms_declared = forms.IntegerField(label=_("Forms declared"), min_value=1, max_value=1_000_000)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput, initial=timezone.localdate)
    territory = TerritoryChoiceField(
        label=_("Territory of the forms"),
        queryset=Territory.objects.exclude(kind=Territory.Kind.LOCALITY).select_related("parent").order_by("path"),
        required=False,
    )
    manifest = forms.FileField(
        label=_("Vendor manifest (spreadsheet)"),
        required=False,
        help_text=_("The records digitized from this box, one row per form in box order; imported as a roster."),
    )


class SampleItemForm(forms.Form):
    """One row of the sample page, prefixed with its position (p17-…): the position is the
    row's prefix, never a field of its own."""

    id_number = forms.CharField(label=_("ID number on the form"), max_length=20, required=False)
    discrepancies = forms.MultipleChoiceField(
        label=_("Discrepancies"),
        choices=list(SampleItem.Field.choices),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    notes = forms.CharField(label=_("Notes"), max_length=500, required=False)


class SamplePageForm(forms.Form):
    page = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ReceiveBackForm(forms.Form):
    received_on = forms.DateField(label=_("Received back on"), widget=DateInput, initial=timezone.localdate)


class ActaForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=120, initial="Bogotá D.C.")
    signers = forms.CharField(
        label=_("Who signs"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: name, role."),
    )
    observations = forms.CharField(label=_("Observations"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_signers(self):
        signers = []
        for number, line in enumerate(self.cleaned_data["signers"].splitlines(), start=1):
            if not line.strip():
                continue
            name, _sep, role = line.partition(",")
            if not role.strip():
                raise forms.ValidationError(_("Line %(n)s: write “name, role”.") % {"n": number})
            signers.append({"name": name.strip(), "role": role.strip()})
        return signers


class SignedScanForm(forms.Form):
    signed_scan = forms.FileField(label=_("Signed scan (PDF, PNG or JPEG)"))


class ResumeInspectionForm(forms.Form):
    corrective_action = forms.CharField(
        label=_("Vendor's corrective action"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("What the vendor changed and why the party accepts it. Inspection resumes tightened."),
    )
