"""Badge tones of status choices: kept apart from core/workflow.py so that core's own models
(the Job tracking row) can be toned without importing the workflow, which imports them."""

from types import MappingProxyType

from django.core.exceptions import ImproperlyConfigured

TONES = ("primary", "secondary", "success", "danger", "warning", "info", "light", "dark")


def toned(**tones: str):
    """Class decorator giving every value of a status choices class its badge tone.

    `@toned(DRAFT="secondary", APPROVED="success")` on `class Status(models.TextChoices)`;
    then `Status.tones["approved"] == "success"`. Every member must have one.
    """

    def decorate(choices):
        missing = [member.name for member in choices if member.name not in tones]
        unknown = set(tones) - {member.name for member in choices}
        wrong = {tone for tone in tones.values() if tone not in TONES}
        if missing or unknown or wrong:
            raise ImproperlyConfigured(f"{choices.__qualname__} tones: missing {missing}, unknown {unknown}, {wrong}")
        choices.tones = MappingProxyType({choices[name].value: tone for name, tone in tones.items()})
        return choices

    return decorate


def tone_of(choices, value: str) -> str:
    return getattr(choices, "tones", {}).get(value, "secondary")
