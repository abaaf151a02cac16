from __future__ import annotations

from django import forms
from django.core.cache import cache
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.forms import TerritoryCodeMixin
from core.models import Territory
from core.uploads import UploadRefused, check_upload
from core.widgets import SearchSelect
from militancia.identity import IdType
from militancia.models import Member
from militancia.selectors import territory_choices
from militancia.services import ALLOWED_TRANSITIONS

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NamedErrorsMixin:
    """Every error message names its field ("Fecha de nacimiento: …"), as staff asked."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = field.label
            field.error_messages = {
                **field.error_messages,
                "required": _("%(field)s: this field is required.") % {"field": label},
                "invalid": _("%(field)s: enter a valid value.") % {"field": label},
                "invalid_choice": _("%(field)s: choose a valid option.") % {"field": label},
                "invalid_image": _("%(field)s: upload a valid image (JPEG or PNG).") % {"field": label},
                "max_length": _("%(field)s: the text is too long.") % {"field": label},
            }
            if isinstance(field, forms.DateField):
                field.error_messages["invalid"] = _("%(field)s: enter a valid date.") % {"field": label}
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = _("%(field)s: enter a valid e-mail address.") % {"field": label}
                # EmailField's validator carries its own message; replace it with the named one.
                field.validators = [
                    type(v)(message=field.error_messages["invalid"]) if v.__class__.__name__ == "EmailValidator" else v
                    for v in field.validators
                ]


class Select(forms.Select):
    """A <select> rendered in Python, not one template per <option> (named Select so that the
    shared `control` filter styles it as one).

    The territory lists have ~1,150 options: Django's per-option templates cost ~100 ms a page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value]) if v not in (None, "")}
        options = []
        for option_value, label in self.choices:
            key = "" if option_value is None else str(option_value)
            mark = " selected" if key in selected else ""
            # Labels of cached choices are escaped once, when cached (SafeString).
            options.append(f'<option value="{escape(key)}"{mark}>{conditional_escape(label)}</option>')
        return mark_safe(f"<select{flatatt(final_attrs)}>{''.join(options)}</select>")  # noqa: S308 (escaped above)


FastSelect = Select


class TerritoryChoiceField(forms.ModelChoiceField):
    widget = SearchSelect

    def label_from_instance(self, obj: Territory) -> str:
        indent = "\u00a0\u00a0\u00a0" * max(obj.depth - 1, 0)
        return f"{indent}{obj.name}"


class TerritoryFilterField(TerritoryCodeMixin, TerritoryChoiceField):
    """The filter's territory, by DIVIPOLA code in the query string (?territory=05)."""


class MunicipalityChoiceField(forms.ModelChoiceField):
    widget = SearchSelect

    def label_from_instance(self, obj: Territory) -> str:
        return obj.label


TERRITORY_CHOICES_SECONDS = 10 * 60


def cached_choices(kind: str, user, field: forms.ModelChoiceField) -> list[tuple[str, str]]:
    """The field's (value, label) pairs, cached per territorial scope: the tree rarely changes."""
    scope = "national" if user.is_national else "-".join(sorted(str(t.pk) for t in user.scope_territories))
    key = f"militancia:territory-choices:v3:{kind}:{scope}"
    choices = cache.get(key)
    if choices is None:
        choices = [(str(value), escape(str(label))) for value, label in field.choices]
        cache.set(key, choices, TERRITORY_CHOICES_SECONDS)
    return choices


class MemberFilterForm(NamedErrorsMixin, forms.Form):
    q = forms.CharField(
        label=_("Document or name"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 1020304050 or José Pérez")}),
    )
    territory = TerritoryFilterField(
        label=_("Territory"), required=False, queryset=Territory.objects.none(), empty_label=_("All")
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Member.Status.choices])
    joined_from = forms.DateField(label=_("Joined from"), required=False, widget=DATE_INPUT)
    joined_to = forms.DateField(label=_("Joined until"), required=False, widget=DATE_INPUT)
    has_card = forms.ChoiceField(
        label=_("Card"), required=False, choices=[("", _("All")), ("yes", _("With card")), ("no", _("Without card"))]
    )

    # The short selects share the first row with the search box and the territory; the dates, the second.
    field_order = ["q", "territory", "status", "has_card", "joined_from", "joined_to"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["territory"]
        field.queryset = territory_choices(user=user)
        # Render from a cached list (~1,150 territories); the queryset still validates a choice.
        field.widget.choices = cached_choices("filter", user, field)

    def clean(self):
        data = super().clean()
        if data.get("joined_from") and data.get("joined_to") and data["joined_from"] > data["joined_to"]:
            self.add_error("joined_to", _("Joined until: the end date is before the start date."))
        return data


def _check_upload(upload, *, label, allowed: dict[str, str]):
    """Size and type by content (magic bytes), never by the file name. `allowed`: kind → name shown."""
    if not upload:
        return upload
    try:
        check_upload(upload, allowed=allowed, max_bytes=MAX_UPLOAD_BYTES)
    except UploadRefused as exc:
        if exc.code == "too_large":
            raise forms.ValidationError(_("%(field)s: the file is larger than 5 MB.") % {"field": label}) from exc
        raise forms.ValidationError(
            _("%(field)s: the file type is not allowed (%(types)s).")
            % {"field": label, "types": ", ".join(allowed.values())}
        ) from exc
    return upload


class MemberForm(NamedErrorsMixin, forms.Form):
    """The create/edit form. Normalization and the registry's rules live in the services."""

    id_type = forms.ChoiceField(label=_("Document type"), choices=IdType.choices, initial=IdType.CC)
    id_number = forms.CharField(label=_("Document number"), max_length=30)
    first_names = forms.CharField(label=_("First names"), max_length=120)
    last_names = forms.CharField(label=_("Last names"), max_length=120)
    birth_date = forms.DateField(label=_("Birth date"), required=False, widget=DATE_INPUT)
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=[("", "—"), *Member.Sex.choices])
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=30, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    address = forms.CharField(label=_("Address"), required=False, max_length=250)
    territory = MunicipalityChoiceField(label=_("Municipality"), queryset=Territory.objects.none(), empty_label="—")
    joined_on = forms.DateField(label=_("Joined on"), widget=DATE_INPUT)
    consent_date = forms.DateField(label=_("Data-processing authorization date"), widget=DATE_INPUT)
    consent_channel = forms.ChoiceField(
        label=_("Authorization channel"), choices=[("", "—"), *Member.ConsentChannel.choices]
    )
    consent_evidence = forms.CharField(
        label=_("Authorization evidence"),
        required=False,
        max_length=250,
        help_text=_("Where the signed authorization is kept (box, file, folder) or its reference."),
    )
    consent_file = forms.FileField(label=_("Authorization file (PDF or image)"), required=False)
    photo = forms.ImageField(label=_("Photo"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["territory"]
        field.queryset = (
            Territory.objects.visible_to(user)
            .filter(kind__in=[Territory.Kind.MUNICIPALITY, Territory.Kind.LOCALITY])
            .select_related("parent")
            .order_by("path")
        )
        field.widget.choices = cached_choices("municipality", user, field)
        if not self.is_bound and "joined_on" not in self.initial:
            self.initial["joined_on"] = timezone.localdate()

    def clean_consent_file(self):
        return _check_upload(
            self.cleaned_data.get("consent_file"),
            label=self.fields["consent_file"].label,
            allowed={"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"},
        )

    def clean_photo(self):
        return _check_upload(
            self.cleaned_data.get("photo"),
            label=self.fields["photo"].label,
            allowed={"jpeg": "JPEG", "png": "PNG"},
        )

    @classmethod
    def initial_from(cls, member: Member) -> dict:
        return {name: getattr(member, name) for name in cls.base_fields if name not in ("consent_file", "photo")}


class MemberStatusForm(NamedErrorsMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    effective_date = forms.DateField(label=_("Effective date"), widget=DATE_INPUT)

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_TRANSITIONS[member.status]
        self.fields["to_status"].choices = [("", "—")] + [
            (v, label) for v, label in Member.Status.choices if v in allowed
        ]
        if not self.is_bound:
            self.initial.setdefault("effective_date", timezone.localdate())


class DuplicateDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("merge", "merge"), ("distinct", "distinct")])
    keep = forms.IntegerField(required=False)
