"""Forms of field work. Rules live in the services; the forms parse and limit choices to the scope."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Contact, SupportLevel
from campaigns.roles import CANVASSERS
from core.models import Territory, User
from core.widgets import SearchSelect
from militancia.forms import DATE_INPUT, NamedErrorsMixin, TerritoryChoiceField


def _places(user):
    from electoral.models import ElectoralUnit

    return ElectoralUnit.objects.visible_to(user).filter(Q_places()).select_related("parent").order_by("path")


def Q_places():  # noqa: N802 - reads like the Q it returns
    from django.db.models import Q

    from electoral.models import ElectoralUnit

    return Q(table_count__gt=0) | Q(kind=ElectoralUnit.Kind.POLLING_PLACE)


def _table_of(place, number: int):
    from electoral.models import ElectoralUnit

    return (
        ElectoralUnit.objects.filter(parent=place, kind__in=ElectoralUnit.TABLE_KINDS)
        .filter(name__iregex=rf"(^|[^0-9]){number}$")
        .first()
    )


class UnitChoiceField(forms.ModelChoiceField):
    widget = SearchSelect

    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.code})"


def _tags(value: str) -> list[str]:
    return [t.strip() for t in value.split(",") if t.strip()]


class ContactForm(NamedErrorsMixin, forms.Form):
    """A person met in the field. Without consent only an anonymous tally is kept (the form says so)."""

    has_consent = forms.TypedChoiceField(
        label=_("Did the person consent to be contacted by the party?"),
        choices=[("yes", _("Yes: store their data")), ("no", _("No: only count them, anonymously"))],
        widget=forms.RadioSelect,
        initial="yes",
        help_text=_(
            "Political leaning is sensitive data (Ley 1581 de 2012). Without the person's consent nothing "
            "personal is stored: only the anonymous count of the polling place or table goes up by one."
        ),
    )
    support_level = forms.TypedChoiceField(
        label=_("Support level"), choices=SupportLevel.choices, coerce=int, initial=SupportLevel.UNKNOWN
    )
    polling_place = UnitChoiceField(
        label=_("Polling place"), queryset=Territory.objects.none(), required=False, empty_label="—"
    )
    table_number = forms.IntegerField(
        label=_("Table (optional)"),
        required=False,
        min_value=1,
        max_value=9999,
        help_text=_("The anonymous count is kept per table when you know it."),
    )
    first_names = forms.CharField(label=_("First names"), max_length=120, required=False)
    last_names = forms.CharField(label=_("Last names"), max_length=120, required=False)
    id_number = forms.CharField(label=_("Document number (optional)"), max_length=20, required=False)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=20, widget=forms.TextInput(attrs={"type": "tel"})
    )
    address = forms.CharField(label=_("Address"), required=False, max_length=250)
    territory = TerritoryChoiceField(label=_("Territory"), queryset=Territory.objects.none(), required=False)
    tags = forms.CharField(label=_("Tags (separated by commas)"), required=False, max_length=300)
    source = forms.ChoiceField(label=_("Source"), choices=Contact.Source.choices, initial=Contact.Source.CANVASS)
    consent_channel = forms.ChoiceField(
        label=_("Consent channel"), choices=[("", "—"), *Contact.ConsentChannel.choices], required=False
    )
    consent_date = forms.DateField(label=_("Consent date"), required=False, widget=DATE_INPUT)
    consent_evidence = forms.CharField(
        label=_("Consent evidence"),
        required=False,
        max_length=250,
        help_text=_("Where the signed form is kept, or the recording's reference."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["polling_place"].queryset = _places(user)
        self.fields["territory"].queryset = Territory.objects.visible_to(user).order_by("path")
        if not self.is_bound:
            self.initial.setdefault("consent_date", timezone.localdate())

    @property
    def consented(self) -> bool:
        return self.cleaned_data.get("has_consent") == "yes"

    def clean(self):
        data = super().clean()
        if data.get("has_consent") == "yes":
            for name in ("first_names", "territory", "consent_channel", "consent_date"):
                if not data.get(name):
                    self.add_error(name, _("This field is required when the person consents."))
        elif not data.get("polling_place"):
            self.add_error("polling_place", _("An anonymous count needs the polling place."))
        elif data.get("table_number"):
            data["table"] = _table_of(data["polling_place"], data["table_number"])
            if data["table"] is None:
                self.add_error("table_number", _("This polling place has no table with that number."))
        return data

    def tally_unit(self):
        """Where the anonymous count goes: the table when given, else the polling place."""
        return self.cleaned_data.get("table") or self.cleaned_data["polling_place"]

    def contact_values(self) -> dict:
        d = self.cleaned_data
        return {
            "first_names": d["first_names"],
            "last_names": d["last_names"],
            "id_number": d["id_number"].strip(),
            "id_type": "CC" if d["id_number"].strip() else "",
            "phone": d["phone"],
            "address": d["address"],
            "territory": d["territory"],
            "polling_place": d["polling_place"],
            "support_level": d["support_level"],
            "tags": _tags(d["tags"]),
            "source": d["source"],
            "consent_channel": d["consent_channel"],
            "consent_date": d["consent_date"],
            "consent_evidence": d["consent_evidence"],
        }


class ContactEditForm(NamedErrorsMixin, forms.Form):
    support_level = forms.TypedChoiceField(label=_("Support level"), choices=SupportLevel.choices, coerce=int)
    tags = forms.CharField(label=_("Tags (separated by commas)"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20)
    address = forms.CharField(label=_("Address"), required=False, max_length=250)

    def values(self) -> dict:
        d = self.cleaned_data
        return {**d, "tags": _tags(d["tags"])}


class ContactSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or document"), required=False, max_length=120)
    support_level = forms.TypedChoiceField(
        label=_("Support level"),
        choices=[("", _("Any")), *SupportLevel.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    tag = forms.CharField(label=_("Tag"), required=False, max_length=40)


class CampaignForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    kind = forms.ChoiceField(label=_("Kind"), choices=Campaign.Kind.choices)
    territory = TerritoryChoiceField(
        label=_("Territory"), queryset=Territory.objects.none(), required=False, empty_label=_("National")
    )
    intro = forms.CharField(label=_("Script introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    issues = forms.CharField(
        label=_("Issues to ask about (separated by commas)"),
        required=False,
        max_length=600,
        initial="Seguridad, Empleo, Salud, Educación, Vías",
    )
    checkout_days = forms.IntegerField(label=_("Days a volunteer keeps a list"), min_value=1, max_value=60, initial=3)
    list_size = forms.IntegerField(label=_("Contacts per list"), min_value=1, max_value=500, initial=25)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.visible_to(user).order_by("path")

    def values(self) -> dict:
        d = self.cleaned_data
        return {**d, "issues": _tags(d["issues"])}


class TurfForm(NamedErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    territory = TerritoryChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    unit = UnitChoiceField(
        label=_("Polling place or section (optional)"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label="—",
    )
    target_count = forms.IntegerField(label=_("Target (people talked to)"), min_value=1, initial=100)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territory"].queryset = Territory.objects.visible_to(user).order_by("path")
        self.fields["unit"].queryset = _places(user)


class CheckoutForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=User.objects.none(), widget=SearchSelect)

    def __init__(self, *args, turf, **kwargs):
        super().__init__(*args, **kwargs)
        roles = [str(r.value) for r in CANVASSERS]
        self.fields["volunteer"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=roles)
            .filter(_reaching(turf.territory))
            .distinct()
            .order_by("first_name", "last_name")
        )
        self.fields["volunteer"].label_from_instance = lambda u: u.get_full_name() or u.username


def _reaching(territory: Territory):
    """Users whose scope includes the territory: national ones, or scoped to it or an ancestor."""
    from django.db.models import Exists, OuterRef, Q

    parts = territory.path.strip("/").split("/")
    ancestors = ["/".join(parts[: n + 1]) + "/" for n in range(len(parts))]
    scoped = User.territories.through.objects.filter(user_id=OuterRef("pk"))
    return ~Exists(scoped) | Q(territories__path__in=ancestors)
