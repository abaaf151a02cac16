from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True, "pattern": "[0-9]{6}"}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code has only digits."))
        return token


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Recovery code"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        from core.second_factor import normalize_recovery_code

        code = normalize_recovery_code(self.cleaned_data["code"])
        if len(code) != 16:
            raise forms.ValidationError(_("A recovery code has 16 letters and digits, like ABCD-EFGH-IJKL-MNOP."))
        return code


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All"))] + list(AuditEvent.Action.choices)
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("All"))] + list(AuditEvent.Source.choices)
    )
    object_type = forms.CharField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


class TerritoryFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name or code"), required=False, widget=forms.TextInput(attrs={"placeholder": _("Name or code")})
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, **kwargs):
        from core.models import Territory

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All"))] + list(Territory.Kind.choices)


class TerritoryCodeMixin:
    """For a ModelChoiceField of territories: the options' values and the query string carry the
    DIVIPOLA code (`?territory=05` is Antioquia), never a database id."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        territory = self.queryset.by_code(value)
        if territory is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return territory
