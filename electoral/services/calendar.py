"""Elections and the legal calendar: milestones, their status, copying a set, reminders."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record, field_changes
from core.models import AuditEvent
from core.permissions import ensure_reach, ensure_role, refuse
from electoral.models import Election, Milestone, MilestoneHistory
from electoral.roles import DECIDERS
from electoral.services.uploads import check_document

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from core.models import Territory, User
    from electoral.models import ElectoralUnit

logger = logging.getLogger(__name__)

MILESTONE_MOVES = Milestone.MOVES


@transaction.atomic
def election_create(
    *,
    actor: User,
    name: str,
    kind: str,
    date: date,
    territory: Territory | None = None,
    root_unit: ElectoralUnit | None = None,
    reminder_days: int = 5,
) -> Election:
    ensure_role(actor, DECIDERS, _("create elections"))
    ensure_reach(actor, territory)
    election = Election(
        name=name,
        kind=kind,
        date=date,
        territory=territory,
        root_unit=root_unit,
        reminder_days=reminder_days,
        created_by=actor,
    )
    election.full_clean()
    election.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=election)
    return election


@transaction.atomic
def election_update(*, actor: User, election: Election, **values: object) -> Election:
    ensure_role(actor, DECIDERS, _("change elections"))
    ensure_reach(actor, election.territory)
    before = {key: getattr(election, key) for key in values}
    for key, value in values.items():
        setattr(election, key, value)
    ensure_reach(actor, election.territory)
    election.full_clean()
    election.save()
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=election, changes=field_changes(before, values))
    return election


def _check_deadline(name: str, deadline) -> None:
    if deadline is None or deadline == "":
        refuse(
            _("The milestone “%(name)s” has no legal deadline: date and time are required.") % {"name": name},
            "deadline",
        )


@transaction.atomic
def milestone_create(
    *,
    actor: User,
    election: Election,
    name: str,
    deadline: datetime | None,
    legal_basis: str = "",
    responsible: User | None = None,
    notes: str = "",
) -> Milestone:
    ensure_role(actor, DECIDERS, _("change the legal calendar"))
    ensure_reach(actor, election.territory)
    _check_deadline(name, deadline)
    milestone = Milestone(
        election=election, name=name, deadline=deadline, legal_basis=legal_basis, responsible=responsible, notes=notes
    )
    milestone.full_clean()
    milestone.save()
    MilestoneHistory.objects.create(milestone=milestone, to_status=milestone.status, actor=actor, note=_("Created"))
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=milestone)
    return milestone


@transaction.atomic
def milestone_update(*, actor: User, milestone: Milestone, **values: object) -> Milestone:
    ensure_role(actor, DECIDERS, _("change the legal calendar"))
    ensure_reach(actor, milestone.election.territory)
    if "deadline" in values:
        _check_deadline(values.get("name", milestone.name), values["deadline"])
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    before = {key: getattr(milestone, key) for key in values}
    for key, value in values.items():
        setattr(milestone, key, value)
    if "deadline" in values and before.get("deadline") != values["deadline"]:
        # A moved deadline deserves fresh reminders.
        milestone.early_reminder_sent_at = milestone.day_reminder_sent_at = None
        if milestone.status == Milestone.Status.OVERDUE and values["deadline"] > timezone.now():
            milestone.status = Milestone.Status.PENDING
    milestone.full_clean()
    milestone.save()
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=milestone, changes=field_changes(before, values))
    return milestone


@transaction.atomic
def milestone_set_status(
    *, actor: User, milestone: Milestone, status: str, note: str = "", evidence: UploadedFile | None = None
) -> Milestone:
    """Move a milestone. The secretary (or the person responsible for it) may; “overdue” is set by the system."""
    milestone = Milestone.objects.select_for_update().select_related("election").get(pk=milestone.pk)
    if milestone.responsible_id != getattr(actor, "pk", None):
        # The person responsible for a milestone may report on it whatever their role or scope.
        ensure_role(actor, DECIDERS, _("change the status of a milestone"))
        ensure_reach(actor, milestone.election.territory)
    if status not in MILESTONE_MOVES.get(milestone.status, ()):
        refuse(
            _("The milestone “%(name)s” cannot go from “%(old)s” to “%(new)s”.")
            % {"name": milestone.name, "old": milestone.get_status_display(), "new": Milestone.Status(status).label}
        )
    old = milestone.status
    milestone.status = status
    if evidence:
        check_document(upload=evidence, field="evidence")
        milestone.evidence = evidence
    milestone.completed_at = timezone.now() if status == Milestone.Status.DONE else None
    milestone.save()
    MilestoneHistory.objects.create(
        milestone=milestone, from_status=old, to_status=status, actor=actor, note=note[:500]
    )
    audit_record(actor=actor, action=AuditEvent.Action.STATUS_CHANGE, obj=milestone, changes={"status": [old, status]})
    return milestone


def milestones_mark_overdue(*, now: datetime | None = None) -> int:
    """The system's move: open milestones whose deadline has passed become “overdue” (with history)."""
    now = now or timezone.now()
    moved = 0
    with transaction.atomic():
        late = list(
            Milestone.objects.select_for_update(skip_locked=True).filter(
                status__in=(Milestone.Status.PENDING, Milestone.Status.IN_PROGRESS), deadline__lt=now
            )
        )
        for milestone in late:
            MilestoneHistory.objects.create(
                milestone=milestone,
                from_status=milestone.status,
                to_status=Milestone.Status.OVERDUE,
                note=_("Deadline passed"),
            )
        moved = Milestone.objects.filter(pk__in=[m.pk for m in late]).update(status=Milestone.Status.OVERDUE)
    return moved


@transaction.atomic
def milestones_copy(*, actor: User, source: Election, target: Election) -> list[Milestone]:
    """Copy an earlier election's milestone set, every deadline shifted by the distance between election dates.

    Idempotent: a milestone already in the target calendar (same name and deadline) is not copied
    again, so copying twice (or a double click) never duplicates the calendar."""
    ensure_role(actor, DECIDERS, _("change the legal calendar"))
    ensure_reach(actor, target.territory)
    if source.pk == target.pk:
        refuse(_("Choose an earlier election, not the same one."), "source")
    # Two copies at once into the same election wait for each other, so the second sees the first's rows.
    Election.objects.select_for_update().filter(pk=target.pk).first()
    originals = list(source.milestones.all())
    if not originals:
        refuse(_("The election “%(name)s” has no milestones to copy.") % {"name": source.name}, "source")
    shift = target.date - source.date
    present = set(target.milestones.values_list("name", "deadline"))
    copies = []
    for m in originals:
        key = (m.name, m.deadline + shift)
        if key in present:
            continue
        present.add(key)
        copies.append(
            Milestone(
                election=target,
                name=m.name,
                deadline=m.deadline + shift,
                legal_basis=m.legal_basis,
                responsible=m.responsible,
                notes=m.notes,
            )
        )
    if not copies:
        return []
    created = Milestone.objects.bulk_create(copies)
    MilestoneHistory.objects.bulk_create(
        [
            MilestoneHistory(
                milestone=m, to_status=m.status, actor=actor, note=_("Copied from %(name)s") % {"name": source.name}
            )
            for m in created
        ]
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=target,
        message=_("%(count)s milestones copied from election #%(id)s (moved %(days)s days)")
        % {"count": len(created), "id": source.pk, "days": shift.days},
    )
    return created


def _claim_reminder(milestone_id: int, field: str) -> bool:
    """A conditional UPDATE: only the first caller (worker, retry, second beat) gets to send it."""
    return bool(
        Milestone.objects.filter(pk=milestone_id, **{f"{field}__isnull": True}).update(**{field: timezone.now()})
    )


def _recipients(milestone: Milestone) -> list[str]:
    """The person responsible; without one, whoever created the election."""
    for person in (milestone.responsible, milestone.election.created_by):
        if person is not None and person.is_active and person.email:
            return [person.email]
    return []


def milestone_reminders_send(*, today: date | None = None) -> dict:
    """E-mail the responsible person N days before a deadline and on the day; each reminder goes once."""
    today = today or timezone.localdate()
    sent = {"early": 0, "day": 0}
    candidates = Milestone.objects.filter(
        status__in=(Milestone.Status.PENDING, Milestone.Status.IN_PROGRESS),
        deadline__date__gte=today,
        deadline__date__lte=today + timedelta(days=60),
    ).select_related("election__created_by", "responsible")
    for milestone in candidates:
        days_left = (timezone.localdate(milestone.deadline) - today).days
        if days_left == 0 and milestone.day_reminder_sent_at is None:
            field, kind = "day_reminder_sent_at", "day"
        elif 0 < days_left <= milestone.election.reminder_days and milestone.early_reminder_sent_at is None:
            field, kind = "early_reminder_sent_at", "early"
        else:
            continue
        recipients = _recipients(milestone)
        if not recipients or not _claim_reminder(milestone.pk, field):
            continue
        subject = (_("Today is the deadline: %(name)s") if kind == "day" else _("In %(days)s days: %(name)s")) % {
            "name": milestone.name,
            "days": days_left,
        }
        body = _(
            "Election: %(election)s\nMilestone: %(name)s\nLegal deadline: %(deadline)s\nLegal basis: %(basis)s\n"
            "Status: %(status)s\n"
        ) % {
            "election": milestone.election.name,
            "name": milestone.name,
            "deadline": timezone.localtime(milestone.deadline).strftime("%Y-%m-%d %H:%M"),
            "basis": milestone.legal_basis or "—",
            "status": milestone.get_status_display(),
        }
        try:
            send_mail(subject, body, None, recipients)
        except Exception:
            # Give the reminder back so the next run retries it.
            Milestone.objects.filter(pk=milestone.pk).update(**{field: None})
            logger.exception("Milestone reminder %s could not be sent", milestone.pk)
            continue
        sent[kind] += 1
    return sent
