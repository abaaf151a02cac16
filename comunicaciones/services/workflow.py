"""The content piece's state machine: the only place where `Piece.status` changes.

The machine is a `core.workflow.Workflow` (`PIECE_WORKFLOW`): its table says which move goes from
where to where, its guard adds the piece's own rules (who may make each move: the team, the
author, the designer, the chief, and never the author or designer approving their own piece).
`piece_move` makes one move through `core.workflow.move`, which locks the row, checks, appends
the `PieceEvent` and the audit event; for submissions and decisions it also freezes or closes a
`PieceVersion`. Two chiefs deciding at once: the second waits for the first's lock, then finds the
piece no longer in review and is told who decided it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comunicaciones.models import Channel, Piece, PieceEvent, PieceVersion, Publication, Stage
from core.audit import audit_record
from core.models import AuditEvent, Territory, User
from core.roles import Role
from core.workflow import Moves, Transition, TransitionError, Workflow, move

S = Piece.Status
TEAM_ROLES = (Role.COMMS_PROFESSIONAL, Role.COMMS_CHIEF)
APPROVE, REJECT = AuditEvent.Action.APPROVE, AuditEvent.Action.REJECT


class PieceTransitionError(TransitionError):
    """An illegal move of a piece: the record is left untouched and the message says why."""


class Who:
    TEAM = "team"  # any communications professional or chief
    AUTHOR = "author"
    DESIGNER = "designer"
    CHIEF = "chief"  # and never the piece's own author or designer
    DESIGNER_OR_CHIEF = "designer_or_chief"


# Who may make each move; the checks are in `_guard` (they depend on the piece, not only on roles).
WHO = {
    "plan_meeting": Who.TEAM,
    "start_production": Who.TEAM,
    "submit_content": Who.AUTHOR,
    "approve_content": Who.CHIEF,
    "return_content": Who.CHIEF,
    "start_design": Who.TEAM,
    "submit_design": Who.DESIGNER,
    "approve_design": Who.CHIEF,
    "return_design": Who.CHIEF,
    "deliver_final": Who.DESIGNER_OR_CHIEF,
    "publish": Who.TEAM,
}

DECISION_BY_ACTION = {
    "approve_content": PieceVersion.Decision.APPROVED,
    "approve_design": PieceVersion.Decision.APPROVED,
    "return_content": PieceVersion.Decision.RETURNED,
    "return_design": PieceVersion.Decision.RETURNED,
}


# --- checks (pure: no database) -------------------------------------------------------------


def _is_team(user) -> bool:
    return user.is_authenticated and user.has_role(*TEAM_ROLES)


def _is_chief(user) -> bool:
    return user.is_authenticated and user.has_role(Role.COMMS_CHIEF)


def _guard(piece: Piece, transition: Transition, actor) -> str | None:
    """Why `actor` may not make this move on this piece (a Spanish sentence), or None."""
    who = WHO[transition.name]
    if actor is None or not _is_team(actor):
        return _("Only the communications team can move pieces through the workflow.")
    if piece.territory_id and not actor.can_reach(piece.territory):
        return _("This piece is outside your territorial scope.")
    if who == Who.CHIEF:
        if not _is_chief(actor):
            return _("Only the communications chief can approve or return pieces.")
        if piece.is_producer(actor):
            return _("You are the author or designer of this piece: you cannot approve or return it.")
    if who == Who.AUTHOR and actor.pk != piece.author_id:
        return _("Only the piece's author can submit its content.")
    if who == Who.DESIGNER and actor.pk != piece.designer_id:
        return _("Only the piece's designer can submit its design.")
    if who == Who.DESIGNER_OR_CHIEF and actor.pk != piece.designer_id and not _is_chief(actor):
        return _("Only the designer or the chief can deliver the final file.")
    if (
        transition.name == "start_design"
        and piece.designer_id
        and actor.pk != piece.designer_id
        and not _is_chief(actor)
    ):
        return _("This piece already has a designer.")
    if transition.name == "start_production" and piece.status == S.NEED and not piece.one_off:
        return _("This need is not one-off: it goes to the editorial meeting first.")
    return None


def _unready(piece: Piece, transition: Transition) -> str | None:
    """What the piece still lacks to be submitted (the page says it beside a disabled button)."""
    if transition.name == "submit_content" and not piece.text.strip():
        return _("The piece has no text yet: write the content before submitting it.")
    if (
        transition.name == "submit_design"
        and not piece.attachments.filter(stage=Stage.DESIGN, removed=False, is_final=False).exists()
    ):
        return _("Upload at least one design file (image, video or PDF) before submitting.")
    return None


PIECE_WORKFLOW = Workflow(
    model=Piece,
    history=PieceEvent,
    history_fk="piece",
    guard=_guard,
    precondition=_unready,
    subject=lambda piece: piece.title,
    lock_related=("territory",),
    transitions=[
        Transition(
            "plan_meeting", (S.NEED,), S.EDITORIAL, label=gettext_lazy("Take to editorial meeting"), style="secondary"
        ),
        Transition("start_production", (S.NEED, S.EDITORIAL), S.DRAFTING, label=gettext_lazy("Start production")),
        Transition(
            "submit_content",
            (S.DRAFTING, S.CONTENT_RETURNED),
            S.CONTENT_REVIEW,
            label=gettext_lazy("Submit for content review"),
        ),
        Transition(
            "approve_content",
            (S.CONTENT_REVIEW,),
            S.CONTENT_APPROVED,
            label=gettext_lazy("Approve content"),
            style="success",
            audit_action=APPROVE,
        ),
        Transition(
            "return_content",
            (S.CONTENT_REVIEW,),
            S.CONTENT_RETURNED,
            label=gettext_lazy("Return content with comments"),
            style="warning",
            audit_action=REJECT,
            needs_note=True,
        ),
        Transition("start_design", (S.CONTENT_APPROVED,), S.DESIGN, label=gettext_lazy("Take for design")),
        Transition(
            "submit_design",
            (S.DESIGN, S.DESIGN_RETURNED),
            S.DESIGN_REVIEW,
            label=gettext_lazy("Submit design for review"),
        ),
        Transition(
            "approve_design",
            (S.DESIGN_REVIEW,),
            S.DESIGN_APPROVED,
            label=gettext_lazy("Approve design"),
            style="success",
            audit_action=APPROVE,
        ),
        Transition(
            "return_design",
            (S.DESIGN_REVIEW,),
            S.DESIGN_RETURNED,
            label=gettext_lazy("Return design with comments"),
            style="warning",
            audit_action=REJECT,
            needs_note=True,
        ),
        Transition("deliver_final", (S.DESIGN_APPROVED,), S.FINAL_DELIVERED, label=gettext_lazy("Deliver final file")),
        # Made by `publication_record` (a publication needs its channel and URL), never by a button.
        Transition(
            "publish", (S.FINAL_DELIVERED,), S.PUBLISHED, label=gettext_lazy("Record publication"), manual=False
        ),
    ],
)
TRANSITIONS = PIECE_WORKFLOW.table


def refusal(*, piece: Piece, transition: Transition, actor: User) -> str | None:
    """Why `actor` may not make this move now (a Spanish sentence), or None if they may."""
    if piece.status not in transition.sources:
        return _("You cannot “%(action)s”: the piece is in “%(status)s”.") % {
            "action": transition.label,
            "status": piece.get_status_display(),
        }
    return PIECE_WORKFLOW.refusal(piece, transition, actor)


def allowed_transitions(*, piece: Piece, user: User) -> Moves:
    """The moves the user may make on the piece now (for buttons; the service re-checks)."""
    return PIECE_WORKFLOW.allowed(piece, user)


# --- the one write path -------------------------------------------------------------------


def _lock(piece_id: int) -> Piece:
    # Lock the row for the whole transaction: a second decision on the same piece waits here
    # and then sees the first one's result instead of overwriting it.
    return Piece.objects.select_for_update(of=("self",)).select_related("territory").get(pk=piece_id)


def _last_event(piece: Piece) -> PieceEvent | None:
    return piece.events.select_related("actor").order_by("-at", "-pk").first()


@transaction.atomic
def piece_move(
    *,
    piece_id: int,
    name: str,
    actor: User,
    comment: str = "",
    expected_version: int | None = None,
    assignee: User | None = None,
    _publication: bool = False,
) -> Piece:
    """Make the move `name` of the table. Raises PieceTransitionError (record untouched) if illegal.

    `expected_version`: the version the actor was looking at; a decision on an older round is
    refused. `assignee`: the author (start_production) or designer (start_design); default the actor.
    """
    if name not in TRANSITIONS:
        raise PieceTransitionError(_("Unknown action."))
    transition = TRANSITIONS[name]
    piece = _lock(piece_id)
    comment = (comment or "").strip()

    last = _last_event(piece) if transition.is_decision and piece.status not in transition.sources else None
    if last is not None and last.action in DECISION_BY_ACTION:
        raise PieceTransitionError(
            _("This piece is no longer waiting for review: %(who)s already left it in “%(status)s”. Reload the page.")
            % {"who": last.actor, "status": piece.get_status_display()}
        )
    reason = refusal(piece=piece, transition=transition, actor=actor)
    if reason:
        raise PieceTransitionError(reason)
    if expected_version is not None and expected_version != piece.version:
        raise PieceTransitionError(
            _("The piece changed while you were reviewing it (it is now version %(version)s). Reload the page.")
            % {"version": piece.version}
        )
    if name == "publish" and not _publication:
        raise PieceTransitionError(_("Record the publication (channel and URL) to publish the piece."))
    if assignee is not None and not _is_team(assignee):
        raise PieceTransitionError(_("Pieces can only be assigned to the communications team."))
    if transition.needs_note and not comment:
        raise PieceTransitionError(_("A return needs a reason: write what must be changed in the comment."))

    now = timezone.now()
    effect = _EFFECTS.get(name)

    def apply(locked: Piece) -> None:
        if effect is not None:
            effect(locked, actor=actor, assignee=assignee, comment=comment, now=now)
        locked.full_clean(exclude=["created_by", "status"])

    piece = move(
        piece,
        workflow=PIECE_WORKFLOW,
        name=name,
        actor=actor,
        note=comment,
        apply=apply,
        message=comment[:500],
        history=lambda locked: {"action": name, "version": locked.version, "at": now},
    )
    if transition.is_decision:
        from comunicaciones.services.notifications import notifications_resolve_review

        notifications_resolve_review(piece=piece)
    from comunicaciones.services.notifications import notify_after_move

    notify_after_move(piece=piece, action=transition.name, actor=actor, comment=comment)
    return piece


def _assign_author(piece: Piece, *, actor, assignee, **_context) -> None:
    piece.author = assignee or piece.author or actor


def _assign_designer(piece: Piece, *, actor, assignee, **_context) -> None:
    piece.designer = assignee or piece.designer or actor


def _submit(stage: str) -> Callable:
    def effect(piece: Piece, *, actor, now, **_context) -> None:
        _freeze_version(piece, actor=actor, stage=stage, now=now)

    return effect


def _decide(decision: str) -> Callable:
    def effect(piece: Piece, *, actor, comment, now, **_context) -> None:
        _decide_version(piece, actor=actor, decision=decision, comment=comment, now=now)

    return effect


def _deliver(piece: Piece, *, now, **_context) -> None:
    piece.delivered_at = now
    if not piece.attachments.filter(is_final=True, removed=False).exists():
        # No separate final file uploaded: the approved design's files are the final ones.
        approved = piece.versions.filter(stage=Stage.DESIGN, decision=PieceVersion.Decision.APPROVED).last()
        if approved is not None:
            # Only the design's files: the content step's references are not the deliverable.
            approved.attachments.filter(stage=Stage.DESIGN).update(is_final=True)


def _publish(piece: Piece, *, now, **_context) -> None:
    piece.published_at = piece.published_at or now


# What each move records besides the status (run under the lock, before the save).
_EFFECTS: dict[str, Callable] = {
    "start_production": _assign_author,
    "start_design": _assign_designer,
    "submit_content": _submit(Stage.CONTENT),
    "submit_design": _submit(Stage.DESIGN),
    "approve_content": _decide(PieceVersion.Decision.APPROVED),
    "approve_design": _decide(PieceVersion.Decision.APPROVED),
    "return_content": _decide(PieceVersion.Decision.RETURNED),
    "return_design": _decide(PieceVersion.Decision.RETURNED),
    "deliver_final": _deliver,
    "publish": _publish,
}


def _freeze_version(piece: Piece, *, actor, stage: str, now) -> PieceVersion:
    if stage == Stage.CONTENT and not piece.text.strip():
        raise PieceTransitionError(_("The piece has no text yet: write the content before submitting it."))
    working = list(piece.attachments.filter(removed=False, is_final=False))
    if stage == Stage.DESIGN and not [a for a in working if a.stage == Stage.DESIGN]:
        raise PieceTransitionError(_("Upload at least one design file (image, video or PDF) before submitting."))
    number = piece.version + 1
    version = PieceVersion.objects.create(
        piece=piece,
        number=number,
        stage=stage,
        round=piece.versions.filter(stage=stage).count() + 1,
        text=piece.text,
        submitted_by=actor,
        submitted_at=now,
    )
    version.attachments.set(working)
    piece.version = number
    piece.submitted_at = now
    return version


def _decide_version(piece: Piece, *, actor, decision: str, comment: str, now) -> None:
    updated = PieceVersion.objects.filter(piece=piece, number=piece.version, decided_at__isnull=True).update(
        decision=decision, decided_by=actor, decided_at=now, comment=comment
    )
    if updated != 1:  # pragma: no cover - guarded by the status check under the lock
        raise PieceTransitionError(_("This version was already decided. Reload the page."))
    piece.submitted_at = None


# --- registration, editing, publication -----------------------------------------------------


def _require_team(actor) -> None:
    if not _is_team(actor):
        raise PieceTransitionError(_("Only the communications team can do this."))


def _clean_channels(channels) -> list[str]:
    valid = set(Channel.values)
    channels = list(dict.fromkeys(channels or []))
    wrong = [c for c in channels if c not in valid]
    if wrong:
        raise PieceTransitionError(_("Unknown channel: %(channel)s.") % {"channel": ", ".join(wrong)})
    return channels


@transaction.atomic
def piece_register_need(
    *,
    actor: User,
    title: str,
    requested_by: str,
    request: str,
    due_date: date | None = None,
    campaign: str = "",
    one_off: bool = False,
    territory: Territory | None = None,
    channels: list[str] | None = None,
    planned_date: date | None = None,
    author: User | None = None,
) -> Piece:
    """Register a communication need as a piece. A one-off need goes straight to production."""
    _require_team(actor)
    if territory is not None and not actor.can_reach(territory):
        raise PieceTransitionError(_("This piece is outside your territorial scope."))
    piece = Piece(
        title=title,
        requested_by=requested_by,
        request=request,
        due_date=due_date,
        campaign=campaign,
        one_off=one_off,
        territory=territory,
        channels=_clean_channels(channels),
        planned_date=planned_date or due_date,
        created_by=actor,
    )
    piece.full_clean()
    piece.save()
    PIECE_WORKFLOW.record(piece, from_status="", to_status=piece.status, actor=actor, action="register")
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=piece)
    if one_off:
        piece = piece_move(
            piece_id=piece.pk,
            name="start_production",
            actor=actor,
            assignee=author,
            comment=_("One-off need: straight to production."),
        )
    return piece


PLANNING_FIELDS = (
    "title",
    "liaison",
    "brief",
    "allied_networks_note",
    "channels",
    "planned_date",
    "due_date",
    "campaign",
)


@transaction.atomic
def piece_update(*, piece_id: int, actor: User, **fields: object) -> Piece:
    """Edit the planning fields (team, until published) and the text (author, while drafting)."""
    piece = _lock(piece_id)
    _require_team(actor)
    if piece.territory_id and not actor.can_reach(piece.territory):
        raise PieceTransitionError(_("This piece is outside your territorial scope."))
    unknown = set(fields) - set(PLANNING_FIELDS) - {"text"}
    if unknown:
        raise PieceTransitionError(
            _("These fields cannot be edited: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if "text" in fields and fields["text"] != piece.text:
        if piece.status not in (S.NEED, S.EDITORIAL, S.DRAFTING, S.CONTENT_RETURNED):
            raise PieceTransitionError(_("The text can only change while the piece is being drafted or was returned."))
        if piece.author_id and actor.pk != piece.author_id:
            raise PieceTransitionError(_("Only the piece's author can change its text."))
    if piece.status == S.PUBLISHED and set(fields) - {"text"}:
        raise PieceTransitionError(_("A published piece can no longer be changed."))
    if "channels" in fields:
        fields["channels"] = _clean_channels(fields["channels"])
    for name, value in fields.items():
        setattr(piece, name, value)
    piece.full_clean(exclude=["created_by"])
    piece.save()
    return piece


def piece_reschedule(*, piece_id: int, actor: User, planned_date: date) -> Piece:
    return piece_update(piece_id=piece_id, actor=actor, planned_date=planned_date)


# A publication is recorded after it happened; a few minutes of slack absorb clocks that differ.
PUBLICATION_FUTURE_MARGIN = timedelta(minutes=15)


def _check_publication_date(piece: Piece, published_at: datetime, *, now: datetime) -> None:
    label = _("Published at")
    # The form is precise to the minute: a piece registered at 10:03:27 may be published at 10:03.
    earliest = piece.created_at.replace(second=0, microsecond=0)
    if published_at < earliest:
        raise PieceTransitionError(
            {
                "published_at": _(
                    "%(field)s: the publication cannot be earlier than the piece's registration (%(date)s)."
                )
                % {"field": label, "date": _local(piece.created_at)}
            }
        )
    if published_at > now + PUBLICATION_FUTURE_MARGIN:
        raise PieceTransitionError(
            {
                "published_at": _(
                    "%(field)s: a publication is recorded once it happened; it cannot be later than now (%(date)s)."
                )
                % {"field": label, "date": _local(now)}
            }
        )


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


@transaction.atomic
def publication_record(
    *, piece_id: int, actor: User, channel: str, url: str, published_at: datetime | None = None
) -> Publication:
    """Record the piece published on one channel; the first publication moves it to published."""
    piece = _lock(piece_id)
    if piece.status not in (S.FINAL_DELIVERED, S.PUBLISHED):
        raise PieceTransitionError(
            _("Only a piece whose final file was delivered can be published (it is in “%(status)s”).")
            % {"status": piece.get_status_display()}
        )
    reason = (
        refusal(piece=piece, transition=TRANSITIONS["publish"], actor=actor)
        if piece.status == S.FINAL_DELIVERED
        else None
    )
    if reason:
        raise PieceTransitionError(reason)
    if piece.status == S.PUBLISHED and not _is_team(actor):
        raise PieceTransitionError(_("Only the communications team can move pieces through the workflow."))
    if piece.channels and channel not in piece.channels:
        raise PieceTransitionError(
            _("%(channel)s is not one of this piece's channels.")
            % {"channel": dict(Channel.choices).get(channel, channel)}
        )
    if Publication.objects.filter(piece=piece, channel=channel).exists():
        raise PieceTransitionError(_("This piece was already published on that channel."))
    now = timezone.now()
    published_at = published_at or now
    _check_publication_date(piece, published_at, now=now)
    publication = Publication(piece=piece, channel=channel, url=url, published_at=published_at, published_by=actor)
    publication.full_clean()
    publication.save()
    comment = f"{publication.get_channel_display()}: {url}"
    if piece.status == S.FINAL_DELIVERED:
        piece_move(
            piece_id=piece.pk,
            name="publish",
            actor=actor,
            comment=comment,
            _publication=True,
        )
        # The calendar shows the piece on its day: a piece published without a plan gets that day.
        Piece.objects.filter(pk=piece.pk).update(
            published_at=publication.published_at,
            planned_date=piece.planned_date or timezone.localdate(publication.published_at),
        )
    else:
        # Already published elsewhere: this channel still enters the piece's history.
        PIECE_WORKFLOW.record(
            piece,
            from_status=piece.status,
            to_status=piece.status,
            actor=actor,
            note=comment,
            action="publish",
            version=piece.version,
            at=now,
        )
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=publication)
    return publication
