from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Territory
from targets.models import Indicator


class MonthField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]


class PeriodForm(forms.Form):
    period = MonthField(label=_("Month"), required=False)


class TargetForm(forms.Form):
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    indicator = forms.ChoiceField(label=_("Indicator"), choices=Indicator.choices)
    period = MonthField(label=_("Month"), initial=lambda: timezone.localdate().strftime("%Y-%m"))
    value = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from targets.selectors import indicator_choices

        self.fields["indicator"].choices = indicator_choices()
        # Every department is listed: a target outside the user's scope is refused with a clear message.
        self.fields["territory"].queryset = Territory.objects.filter(
            kind__in=[Territory.Kind.COUNTRY, Territory.Kind.DEPARTMENT]
        ).order_by("depth", "name")


class ReportForm(forms.Form):
    period = MonthField(label=_("Month"))
