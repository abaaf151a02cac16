"""In-app notifications, each also sent by e-mail through Celery once the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comunicaciones.models import Notification, Piece
from core.models import User
from core.roles import Role


def _reachable(users, piece: Piece | None) -> list:
    if piece is None or piece.territory_id is None:
        return list(users)
    return [u for u in users if u.can_reach(piece.territory)]


def notify_users(
    *, piece: Piece | None, user_ids: Iterable[int | None], message: str, comment: str = ""
) -> list[Notification]:
    ids = {pk for pk in user_ids if pk}
    if not ids:
        return []
    users = User.objects.filter(pk__in=ids, is_active=True).prefetch_related("territories")
    return _create(_reachable(users, piece), piece=piece, message=message, comment=comment)


def notify_chiefs(*, piece: Piece, message: str, exclude: Iterable[int | None] = ()) -> list[Notification]:
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


def notification_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
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


def subject_text(*, message: str, limit: int = SUBJECT_MAX_CHARS) -> str:
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
        subject=_("[Communications] %(message)s") % {"message": subject_text(message=notification.message)},
        message=body,
        from_email=None,
        recipient_list=[notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def notify_after_move(*, piece: Piece, action: str, actor: User, comment: str) -> None:
    """Tell who must act next after a move of the piece workflow (never the one who made it)."""
    is_decision = action.startswith(("approve_", "return_"))
    if action in ("submit_content", "submit_design"):
        kind = _("content") if action == "submit_content" else _("design")
        notify_chiefs(
            piece=piece,
            exclude=[piece.author_id, piece.designer_id],
            message=_("“%(title)s” is waiting for %(kind)s review (version %(version)s, sent by %(who)s).")
            % {"title": piece.title, "kind": kind, "version": piece.version, "who": actor},
        )
    elif is_decision:
        recipient_id = piece.author_id if action.endswith("_content") else piece.designer_id
        if action.startswith("approve"):
            message = _("“%(title)s”: %(who)s approved version %(version)s.")
        else:
            message = _("“%(title)s” came back to you: %(who)s returned version %(version)s.")
        notify_users(
            piece=piece,
            user_ids=[recipient_id],
            message=message % {"title": piece.title, "who": actor, "version": piece.version},
            comment=comment,
        )
        if action == "approve_design":
            _notify_publisher(
                piece,
                actor=actor,
                already=[recipient_id],
                message=_("“%(title)s”: %(who)s approved the design. Once the final file is delivered, publish it.")
                % {"title": piece.title, "who": actor},
            )
    elif action == "deliver_final":
        _notify_publisher(
            piece,
            actor=actor,
            message=_("“%(title)s”: %(who)s delivered the final file. Publish it and record the publication.")
            % {"title": piece.title, "who": actor},
        )
    elif action == "start_production" and piece.author_id != actor.pk:
        notify_users(
            piece=piece,
            user_ids=[piece.author_id],
            message=_("%(who)s assigned you “%(title)s” to draft.") % {"who": actor, "title": piece.title},
        )
    elif action == "start_design" and piece.designer_id != actor.pk:
        notify_users(
            piece=piece,
            user_ids=[piece.designer_id],
            message=_("%(who)s assigned you the design of “%(title)s”.") % {"who": actor, "title": piece.title},
        )


def _notify_publisher(piece: Piece, *, actor, message: str, already=()) -> None:
    """Tell the professional who publishes the piece (its author, the community manager) that it
    moved towards publication; never the person who made the move, never twice."""
    recipients = [pk for pk in (piece.author_id,) if pk and pk != actor.pk and pk not in already]
    notify_users(piece=piece, user_ids=recipients, message=message)
