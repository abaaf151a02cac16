"""In-app notifications, each also sent by e-mail through Celery once the transaction commits."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from comunicaciones.models import Notification, Piece
from core.models import User
from core.roles import Role


def _reachable(users, piece: Piece | None) -> list:
    if piece is None or piece.territory_id is None:
        return list(users)
    return [u for u in users if u.can_reach(piece.territory)]


def notify_users(*, piece: Piece | None, user_ids, message: str, comment: str = "") -> list[Notification]:
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return []
    users = User.objects.filter(pk__in=ids, is_active=True).prefetch_related("territories")
    return _create(_reachable(users, piece), piece=piece, message=message, comment=comment)


def notify_chiefs(*, piece: Piece, message: str, exclude=()) -> list[Notification]:
    chiefs = (
        User.objects.filter(is_active=True, groups__name=Role.COMMS_CHIEF.value)
        .exclude(pk__in=[pk for pk in exclude if pk])
        .prefetch_related("territories")
        .distinct()
    )
    return _create(_reachable(chiefs, piece), piece=piece, message=message, kind=Notification.Kind.REVIEW)


def _create(users, *, piece, message: str, comment: str = "", kind: str = Notification.Kind.INFO) -> list[Notification]:
    from comunicaciones.tasks import send_notification_email

    notifications = Notification.objects.bulk_create(
        [Notification(recipient=u, piece=piece, kind=kind, message=message[:300], comment=comment) for u in users]
    )
    ids = [n.pk for n in notifications]
    for pk in ids:
        transaction.on_commit(lambda pk=pk: send_notification_email.delay(pk))
    return notifications


def notification_mark_read(*, user: User, notification_ids=None) -> int:
    """Mark the user's own notifications read (all of them when no ids are given)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def notifications_resolve_review(*, piece: Piece) -> int:
    """The piece was decided: every chief's "waiting for review" notice about it is done."""
    return Notification.objects.filter(piece=piece, kind=Notification.Kind.REVIEW, read_at__isnull=True).update(
        read_at=timezone.now()
    )


SUBJECT_MAX_CHARS = 120


def subject_text(message: str, limit: int = SUBJECT_MAX_CHARS) -> str:
    """The message fitted to an e-mail subject: cut at the last whole word, with an ellipsis."""
    message = " ".join(message.split())
    if len(message) <= limit:
        return message
    cut = message[: limit - 1]
    if message[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"


def notification_email_send(*, notification: Notification) -> bool:
    """E-mail one notification to its recipient, once (a redelivered task sends nothing twice)."""
    from django.conf import settings
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils.translation import gettext as _

    if notification.emailed_at is not None or not notification.recipient.email:
        return False
    if notification.piece_id is None:
        path = reverse("comunicaciones:notification-list")
    elif notification.piece.is_in_review and notification.recipient.has_role(Role.COMMS_CHIEF):
        path = reverse("comunicaciones:review", args=[notification.piece_id])
    else:
        path = reverse("comunicaciones:piece-detail", args=[notification.piece_id])
    body = notification.message
    if notification.comment:
        body += "\n\n" + _("Comment:") + "\n" + notification.comment
    body += "\n\n" + settings.SITE_URL + path
    send_mail(
        subject=_("[Communications] %(message)s") % {"message": subject_text(notification.message)},
        message=body,
        from_email=None,
        recipient_list=[notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True
