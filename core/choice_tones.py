"""Badge tones of the audit log's actions (failed logins and rejections stand out in red, exports
and downloads of personal data in amber), so the audit list draws `{% status_badge value of=… %}`
instead of comparing action codes. Called from `CoreConfig.ready()`."""

from core.tones import toned


def tone_choices() -> None:
    from core.models import AuditEvent

    toned(
        LOGIN="secondary",
        LOGIN_FAILED="danger",
        LOGOUT="secondary",
        CREATE="secondary",
        UPDATE="secondary",
        DELETE="secondary",
        STATUS_CHANGE="secondary",
        EXPORT="warning",
        DOWNLOAD="warning",
        APPROVE="secondary",
        REJECT="danger",
        IMPORT="secondary",
        ROLLBACK="secondary",
        MERGE="secondary",
        ANONYMIZE="secondary",
        VIEW="secondary",
    )(AuditEvent.Action)
