"""Badge tones of the choices communications pages draw like a status without being one (a
review's decision, a press mention's tone), so `{% status_badge value of=… %}` colours them and
no template compares their codes. Called from `ComunicacionesConfig.ready()`."""

from core.tones import toned


def tone_choices() -> None:
    from comunicaciones.models import MediaMention, PieceVersion

    toned(APPROVED="success", RETURNED="danger")(PieceVersion.Decision)
    toned(POSITIVE="success", NEUTRAL="secondary", NEGATIVE="danger")(MediaMention.Tone)
