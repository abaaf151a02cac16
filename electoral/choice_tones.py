"""Badge tones of the electoral choices drawn like a status without being one (a watcher's
election-day check-in), so `{% status_badge value of=… %}` and `{% status_tone %}` colour them and
no template compares their codes. Called from `ElectoralConfig.ready()`."""

from core.tones import toned


def tone_choices() -> None:
    from electoral.models import WatcherAssignment

    toned(PENDING="secondary", PRESENT="success", ABSENT="danger")(WatcherAssignment.CheckIn)
