"""Poll watchers: recruitment, lifecycle, substitution, evaluation, training and assignments."""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditEvent
from core.permissions import ensure_reach, ensure_role, refuse
from core.text import looks_like_formula
from core.workflow import move
from electoral.models import (
    Election,
    ElectoralUnit,
    PollWatcher,
    TrainingAttendance,
    TrainingSession,
    WatcherAssignment,
)
from electoral.models.watchers import WATCHER_WORKFLOW
from electoral.roles import OPERATORS
from electoral.services.coverage import coverage_refresh, place_ids_for
from militancia.identity import InvalidIdNumber, clean_person_name, normalize_id_number
from militancia.models import Member

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from core.models import Territory, User
    from electoral.models import Incident

W = PollWatcher.Status

ASSIGNABLE = (W.ACCREDITED, W.ASSIGNED)


def _move(watcher: PollWatcher, name: str, actor, note: str = "", **kwargs) -> PollWatcher:
    return move(watcher, workflow=WATCHER_WORKFLOW, name=name, actor=actor, note=note[:500], **kwargs)


@transaction.atomic
def watcher_recruit(
    *,
    actor: User,
    election: Election,
    territory: Territory,
    role: str,
    member: Member | None = None,
    id_type: str = "CC",
    id_number: str = "",
    first_names: str = "",
    last_names: str = "",
    phone: str = "",
    email: str = "",
) -> PollWatcher:
    """Recruit a member, or a person with an ID number who is not a member yet, as a prospect."""
    ensure_role(actor, OPERATORS, _("recruit poll watchers"))
    ensure_reach(actor, territory)
    if member is not None:
        id_type, id_number = member.id_type, member.id_number
        first_names, last_names = member.first_names, member.last_names
        phone, email = phone or member.phone, email or member.email
    else:
        try:
            id_number = normalize_id_number(id_type, id_number)
        except InvalidIdNumber as exc:
            refuse(str(exc), "id_number")
        member = Member.objects.filter(id_type=id_type, id_number=id_number).first()
    first_names, last_names = clean_person_name(first_names), clean_person_name(last_names)
    _refuse_bad_names(first_names=first_names, last_names=last_names)
    if PollWatcher.objects.filter(election=election, id_type=id_type, id_number=id_number).exists():
        refuse(
            _("%(type)s %(number)s is already a watcher in this election.") % {"type": id_type, "number": id_number},
            "id_number",
        )
    watcher = PollWatcher(
        election=election,
        member=member,
        id_type=id_type,
        id_number=id_number,
        first_names=first_names,
        last_names=last_names,
        phone=phone,
        email=email,
        territory=territory,
        role=role,
        created_by=actor,
    )
    watcher.full_clean()
    watcher.save()
    WATCHER_WORKFLOW.record(watcher, from_status="", to_status=watcher.status, actor=actor, note=_("Recruited"))
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=watcher)
    return watcher


def _refuse_bad_names(*, first_names: str, last_names: str) -> None:
    """Both names (already cleaned), none that a spreadsheet would run as a formula when the
    watchers are exported (the authority's list): one message per field, naming it."""
    if not first_names or not last_names:
        refuse(_("Write the watcher's first and last names."), "first_names" if not first_names else "last_names")
    errors = {
        name: [
            _("%(field)s: it cannot start with =, +, - or @ (it looks like a spreadsheet formula).") % {"field": label}
        ]
        for name, label, value in (
            ("first_names", _("First names"), first_names),
            ("last_names", _("Last names"), last_names),
        )
        if looks_like_formula(value)
    }
    if errors:
        raise ValidationError(errors)


def _locked(watcher: PollWatcher) -> PollWatcher:
    return PollWatcher.objects.select_for_update().select_related("election").get(pk=watcher.pk)


def _step(*, actor, watcher: PollWatcher, name: str, note: str = "", apply=None) -> PollWatcher:
    """One lifecycle move asked for by a person: 403 for a role or territory outside it, then the table."""
    transition = WATCHER_WORKFLOW.transition(name)
    ensure_role(actor, transition.roles, _("move a watcher to “%(s)s”") % {"s": W(transition.target).label})
    ensure_reach(actor, watcher.territory)
    return _move(watcher, name, actor, note, apply=apply)


def watcher_confirm(*, actor: User, watcher: PollWatcher, note: str = "") -> PollWatcher:
    """prospect → confirmed."""
    return _step(actor=actor, watcher=watcher, name="confirm", note=note)


def watcher_train(*, actor: User, watcher: PollWatcher, note: str = "") -> PollWatcher:
    """confirmed → trained, once the watcher attended a training session."""

    def check(locked: PollWatcher) -> None:
        if not locked.trainings.filter(attended=True).exists():
            refuse(_("%(name)s has not attended any training session yet.") % {"name": locked.full_name})

    return _step(actor=actor, watcher=watcher, name="train", note=note, apply=check)


def watcher_accredit(*, actor: User, watcher: PollWatcher, credential_number: str = "", note: str = "") -> PollWatcher:
    """trained → accredited, with the credential number (or one made up from the election and id)."""

    def number(locked: PollWatcher) -> None:
        locked.credential_number = credential_number.strip() or f"T-{locked.election_id}-{locked.pk:06d}"

    return _step(actor=actor, watcher=watcher, name="accredit", note=note, apply=number)


@transaction.atomic
def watcher_substitute(*, actor: User, watcher: PollWatcher, substitute: PollWatcher, reason: str) -> PollWatcher:
    """Replace a watcher: the substitute takes over the active assignments; who replaced whom and why is kept."""
    ensure_role(actor, OPERATORS, _("replace poll watchers"))
    if not reason.strip():
        refuse(_("Write why the watcher is replaced."), "reason")
    # Lock both rows in id order so two substitutions cannot deadlock.
    locked = {
        w.pk: w
        for w in PollWatcher.objects.select_for_update().filter(pk__in=[watcher.pk, substitute.pk]).order_by("pk")
    }
    watcher, substitute = locked[watcher.pk], locked.get(substitute.pk)
    ensure_reach(actor, watcher.territory)
    ensure_reach(actor, substitute.territory)
    if substitute is None or substitute.pk == watcher.pk:
        refuse(_("Choose a different person as substitute."), "substitute")
    if substitute.election_id != watcher.election_id:
        refuse(_("The substitute must be a watcher of the same election."), "substitute")
    if watcher.status == W.REPLACED:
        refuse(_("%(name)s has already been replaced.") % {"name": watcher.full_name})
    if substitute.status in (W.REPLACED, W.PROSPECT):
        refuse(_("The substitute must be confirmed and not replaced."), "substitute")
    assignments = list(watcher.assignments.filter(active=True).select_related("unit"))
    if assignments and substitute.status not in ASSIGNABLE:
        refuse(_("The substitute must be accredited to take over the tables."), "substitute")
    for assignment in assignments:
        _check_overlap(substitute, assignment.unit, assignment.starts_at, assignment.ends_at)
    WatcherAssignment.objects.filter(pk__in=[a.pk for a in assignments]).update(watcher=substitute)

    def replace(locked: PollWatcher) -> None:
        locked.replaced_by = substitute
        locked.replacement_reason = reason.strip()[:300]

    watcher = _move(
        watcher,
        "replace",
        actor,
        _("Replaced by %(name)s: %(reason)s") % {"name": substitute.full_name, "reason": reason},
        apply=replace,
        changes={"replaced_by": [None, substitute.pk]},
        message=reason[:500],
    )
    if assignments and substitute.status == W.ACCREDITED:
        _move(substitute, "assign", actor, _("Replaces %(name)s") % {"name": watcher.full_name})
    return watcher


@transaction.atomic
def watcher_evaluate(*, actor: User, watcher: PollWatcher, score: int, notes: str = "") -> PollWatcher:
    """Score (1–5) and notes after the election; they feed the directory for the next one."""
    ensure_role(actor, OPERATORS, _("evaluate poll watchers"))
    watcher = _locked(watcher)
    ensure_reach(actor, watcher.territory)
    if timezone.localdate() < watcher.election.date:
        refuse(
            _("The evaluation is recorded after the election (%(date)s).")
            % {"date": watcher.election.date.strftime("%d/%m/%Y")}
        )
    if score is None or not 1 <= int(score) <= 5:
        refuse(_("The score goes from 1 to 5."), "score")
    watcher.score, watcher.evaluation_notes, watcher.evaluated_at = int(score), notes, timezone.now()
    watcher.save(update_fields=["score", "evaluation_notes", "evaluated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=watcher, changes={"score": [None, watcher.score]})
    return watcher


@transaction.atomic
def training_create(
    *, actor: User, election: Election, territory: Territory, starts_at: datetime, place: str, topic: str, trainer: str
) -> TrainingSession:
    ensure_role(actor, OPERATORS, _("schedule training sessions"))
    ensure_reach(actor, territory)
    session = TrainingSession(
        election=election,
        territory=territory,
        starts_at=starts_at,
        place=place,
        topic=topic,
        trainer=trainer,
        created_by=actor,
    )
    session.full_clean()
    session.save()
    return session


@transaction.atomic
def training_attendance_record(
    *, actor: User, session: TrainingSession, attended_ids: set[int], invited_ids: set[int]
) -> int:
    """Record who came; a confirmed watcher who attended becomes “trained” (with history)."""
    ensure_role(actor, OPERATORS, _("record training attendance"))
    ensure_reach(actor, session.territory)
    watchers = {
        w.pk: w
        for w in PollWatcher.objects.visible_to(actor)
        .select_for_update()
        .filter(election=session.election_id, pk__in=invited_ids | attended_ids)
    }
    unknown = (invited_ids | attended_ids) - set(watchers)
    if unknown:
        refuse(_("Some watchers are not of this election or outside your scope."))
    trained = 0
    for pk, watcher in watchers.items():
        attended = pk in attended_ids
        TrainingAttendance.objects.update_or_create(
            session=session,
            watcher=watcher,
            defaults={"attended": attended, "recorded_by": actor, "recorded_at": timezone.now()},
        )
        if attended and watcher.status == W.CONFIRMED:
            _move(watcher, "train", actor, str(session))
            trained += 1
    return trained


def _default_window(election: Election) -> tuple[datetime, datetime]:
    """Election day, from the installation of the tables to the end of the count."""
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(election.date, time(7, 0)), tz),
        timezone.make_aware(datetime.combine(election.date, time(18, 0)), tz),
    )


def _check_overlap(watcher: PollWatcher, unit: ElectoralUnit, starts_at, ends_at, pending=()) -> None:
    clash = (
        watcher.assignments.filter(active=True, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(unit=unit)
        .select_related("unit")
        .first()
    )
    if clash is None:
        for other_unit, other_start, other_end in pending:
            if other_unit.pk != unit.pk and other_start < ends_at and other_end > starts_at:
                clash = WatcherAssignment(unit=other_unit, starts_at=other_start, ends_at=other_end)
                break
    if clash is not None:
        local = timezone.localtime
        refuse(
            _(
                "%(name)s is already assigned to %(unit)s from %(start)s to %(end)s: one person cannot be at two tables at the same time."
            )
            % {
                "name": watcher.full_name,
                "unit": clash.unit.name,
                "start": local(clash.starts_at).strftime("%H:%M"),
                "end": local(clash.ends_at).strftime("%H:%M"),
            },
            "watcher",
        )


def _check_assignable(actor: User, election: Election, watcher: PollWatcher, unit: ElectoralUnit) -> None:
    ensure_reach(actor, watcher.territory)
    ensure_reach(actor, unit.territory)
    if watcher.election_id != election.pk:
        refuse(_("%(name)s is not a watcher of this election.") % {"name": watcher.full_name}, "watcher")
    if watcher.status not in ASSIGNABLE:
        refuse(
            _("%(name)s is “%(status)s”: only accredited watchers can be assigned.")
            % {"name": watcher.full_name, "status": watcher.get_status_display()},
            "watcher",
        )
    if watcher.role == PollWatcher.Role.TABLE and not unit.is_table:
        refuse(_("A table watcher is assigned to a table, not to %(unit)s.") % {"unit": unit.name}, "unit")
    if watcher.role == PollWatcher.Role.PLACE_COORDINATOR and unit.is_table:
        refuse(_("A polling-place coordinator is assigned to a polling place, not to a table."), "unit")


@transaction.atomic
def assignments_create(
    *,
    actor: User,
    election: Election,
    pairs: list[tuple[PollWatcher, ElectoralUnit]],
    starts_at: datetime | None = None,
    ends_at: datetime | None = None,
) -> list[WatcherAssignment]:
    """Assign watchers to tables/places (one or many): all are checked first, then all are written, or none."""
    ensure_role(actor, OPERATORS, _("assign poll watchers"))
    if not pairs:
        refuse(_("Choose at least one watcher and table."))
    default_start, default_end = _default_window(election)
    starts_at, ends_at = starts_at or default_start, ends_at or default_end
    if ends_at <= starts_at:
        refuse(_("The end of the shift must be after its start."), "ends_at")
    ids = sorted({w.pk for w, _u in pairs})
    locked = {w.pk: w for w in PollWatcher.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    pending: dict[int, list] = {}
    errors: list[str] = []
    for number, (watcher, unit) in enumerate(pairs, start=1):
        watcher = locked[watcher.pk]
        try:
            _check_assignable(actor, election, watcher, unit)
            _check_overlap(watcher, unit, starts_at, ends_at, pending.get(watcher.pk, ()))
        except Exception as exc:  # collect every refusal, naming the line, before writing anything
            if not hasattr(exc, "messages"):
                raise
            errors.append(
                _("Line %(n)s (%(unit)s): %(msg)s") % {"n": number, "unit": unit.name, "msg": " ".join(exc.messages)}
            )
            continue
        pending.setdefault(watcher.pk, []).append((unit, starts_at, ends_at))
    if errors:
        refuse(errors if len(errors) > 1 else errors[0])
    created = []
    for watcher, unit in pairs:
        watcher = locked[watcher.pk]
        if watcher.assignments.filter(active=True, unit=unit).exists():
            continue
        created.append(
            WatcherAssignment.objects.create(
                election=election, watcher=watcher, unit=unit, starts_at=starts_at, ends_at=ends_at, created_by=actor
            )
        )
        if watcher.status == W.ACCREDITED:
            _move(watcher, "assign", actor, unit.name)
    coverage_refresh(election_id=election.pk, place_ids=place_ids_for(units=(unit for _w, unit in pairs)))
    audit_record(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        obj=election,
        message=_("%(count)s poll watcher assignments") % {"count": len(created)},
    )
    return created


@transaction.atomic
def assignment_end(*, actor: User, assignment: WatcherAssignment) -> None:
    """Take a watcher off a table; with no table left the watcher goes back to “accredited”."""
    ensure_role(actor, OPERATORS, _("assign poll watchers"))
    assignment = WatcherAssignment.objects.select_for_update().select_related("watcher", "unit").get(pk=assignment.pk)
    ensure_reach(actor, assignment.unit.territory)
    watcher = _locked(assignment.watcher)
    assignment.active = False
    assignment.save(update_fields=["active"])
    coverage_refresh(election_id=assignment.election_id, place_ids=place_ids_for(units=[assignment.unit]))
    if watcher.status == W.ASSIGNED and not watcher.assignments.filter(active=True).exists():
        _move(watcher, "unassign", actor, _("Removed from %(unit)s") % {"unit": assignment.unit.name})


@transaction.atomic
def assignment_checkin(
    *, actor: User, assignment: WatcherAssignment, present: bool, at: datetime | None = None
) -> WatcherAssignment:
    """Election-day check-in: present or absent, with the time."""
    ensure_role(actor, OPERATORS, _("record check-ins"))
    assignment = WatcherAssignment.objects.select_for_update().select_related("unit").get(pk=assignment.pk)
    ensure_reach(actor, assignment.unit.territory)
    if not assignment.active:
        refuse(_("This assignment is no longer active."))
    assignment.checkin = WatcherAssignment.CheckIn.PRESENT if present else WatcherAssignment.CheckIn.ABSENT
    assignment.checkin_at = at or timezone.now()
    assignment.checkin_by = actor
    assignment.save(update_fields=["checkin", "checkin_at", "checkin_by"])
    coverage_refresh(election_id=assignment.election_id, place_ids=place_ids_for(units=[assignment.unit]))
    return assignment


@transaction.atomic
def incident_report(
    *,
    actor: User,
    election: Election,
    unit: ElectoralUnit,
    kind: str,
    description: str,
    table: ElectoralUnit | None = None,
    occurred_at: datetime | None = None,
    photo: UploadedFile | None = None,
    watcher: PollWatcher | None = None,
) -> Incident:
    """An election-day incident at a polling place (and table), with an optional photo checked by content."""
    from electoral.models import Incident
    from electoral.services.uploads import check_photo

    ensure_role(actor, OPERATORS, _("report incidents"))
    ensure_reach(actor, unit.territory)
    if table is not None and table.parent_id != unit.pk:
        refuse(_("The table %(table)s is not in %(place)s.") % {"table": table.name, "place": unit.name}, "table")
    if photo:
        check_photo(upload=photo)
    incident = Incident(
        election=election,
        unit=unit,
        table=table,
        kind=kind,
        description=description,
        occurred_at=occurred_at or timezone.now(),
        photo=photo or "",
        watcher=watcher,
        reported_by=actor,
    )
    incident.full_clean()
    incident.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, obj=incident)
    return incident
