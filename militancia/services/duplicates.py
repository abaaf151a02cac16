"""Possible duplicates: detection in SQL, and the two decisions (merge, or different people)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.jobs import JobProgress, job_create, job_enqueue
from core.models import AuditEvent, Job
from core.permissions import ensure_national, ensure_reach, ensure_role
from militancia.identity import CONSENT_AND_BIOMETRIC_FIELDS
from militancia.models import DuplicateCandidate, Member
from militancia.roles import DUPLICATE_DECIDERS

if TYPE_CHECKING:
    from core.models import User

DETECT_JOB_KIND = "militancia.duplicates_detect"  # also the task's name

# Each rule is a self-join on the normalized name (indexed), so detection stays a few set-based
# statements even at millions of members. Pairs are stored ordered (a < b) and only once: a pair
# already decided (merged, or marked as different people) is never proposed again.
_PAIR_RULES = {
    DuplicateCandidate.Reason.NAME_AND_BIRTH: """
        a.birth_date IS NOT NULL AND b.birth_date = a.birth_date AND b.id_number <> a.id_number
    """,
    DuplicateCandidate.Reason.SIMILAR_NUMBER: """
        b.id_type = a.id_type AND length(b.id_number) = length(a.id_number) AND b.id_number <> a.id_number
        AND (SELECT count(*) FROM generate_series(1, length(a.id_number)) AS i
             WHERE substr(a.id_number, i, 1) <> substr(b.id_number, i, 1)) = 1
    """,
    DuplicateCandidate.Reason.PHONE_OR_EMAIL: """
        ((a.phone <> '' AND b.phone = a.phone) OR (a.email <> '' AND lower(b.email) = lower(a.email)))
    """,
}


def duplicates_detect(*, territory_ids: list[int] | None = None, progress: JobProgress | None = None) -> dict:
    """Find likely pairs and store them as pending candidates: how many were new, per rule and in all.

    `territory_ids` limits the search to members of those territories (both sides); None = everyone.
    `progress` (the job's progress bar) moves after each rule.
    """
    progress = progress or JobProgress(None)
    progress(0, total=len(_PAIR_RULES), step=_("Searching for possible duplicates"))
    table = Member._meta.db_table
    candidates = DuplicateCandidate._meta.db_table
    scope = ""
    params: list = []
    if territory_ids:
        scope = "AND a.territory_id = ANY(%s) AND b.territory_id = ANY(%s)"
        params = [list(territory_ids), list(territory_ids)]
    found = {}
    with connection.cursor() as cursor:
        for reason, condition in _PAIR_RULES.items():
            cursor.execute(
                f"""
                INSERT INTO {candidates} (member_a_id, member_b_id, reason, status, found_at)
                SELECT a.id, b.id, %s, %s, now()
                FROM {table} a JOIN {table} b ON b.search_name = a.search_name AND b.id > a.id
                WHERE a.search_name <> '' AND a.merged_into_id IS NULL AND b.merged_into_id IS NULL
                  AND a.anonymized_at IS NULL AND b.anonymized_at IS NULL
                  AND ({condition}) {scope}
                ON CONFLICT (member_a_id, member_b_id) DO NOTHING
                """,
                [reason.value, DuplicateCandidate.Status.PENDING, *params],
            )
            found[reason.value] = cursor.rowcount
            progress(len(found))
    return found


def duplicates_detect_start(*, actor: User) -> Job:
    """Queue the search (the page's button): the national office's decision, so only its deciders."""
    from militancia.tasks import detect_duplicates

    ensure_role(actor, DUPLICATE_DECIDERS, _("search for possible duplicates"))
    ensure_national(actor, _("search for possible duplicates"))
    job = job_create(kind=DETECT_JOB_KIND, user=actor, total=len(_PAIR_RULES))
    job_enqueue(job=job, task=detect_duplicates)
    return job


def duplicates_detect_run(*, territory_ids: list[int] | None = None, progress: JobProgress) -> dict:
    """The search as a job (the button, and the nightly schedule): its result is what the page shows."""
    found = duplicates_detect(territory_ids=territory_ids, progress=progress)
    return {"found": found, "total": sum(found.values())}


# Blanks on the kept record are filled from the other one; nothing already there is overwritten.
_FILLABLE = (
    "birth_date",
    "sex",
    "phone",
    "email",
    "address",
    "consent_date",
    "consent_channel",
    *CONSENT_AND_BIOMETRIC_FIELDS,
)


def _authorize(actor: User, candidate: DuplicateCandidate) -> None:
    ensure_role(actor, DUPLICATE_DECIDERS, _("decide on possible duplicates"))
    # Both records, not only the one the pair is scoped by: a merge writes to both.
    ensure_reach(actor, candidate.member_a)
    ensure_reach(actor, candidate.member_b)


def _lock_pending(candidate: DuplicateCandidate) -> DuplicateCandidate:
    locked = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if locked.status != DuplicateCandidate.Status.PENDING:
        raise ValidationError(_("This pair was already decided."))
    return locked


@transaction.atomic
def duplicate_merge(*, candidate: DuplicateCandidate, keep: Member, actor: User) -> Member:
    """Merge the pair into `keep`: blanks filled from the other record, which stays (read-only)
    with `merged_into` pointing at the kept one, so the history and provenance of both remain."""
    _authorize(actor, candidate)
    candidate = _lock_pending(candidate)
    if keep.pk not in (candidate.member_a_id, candidate.member_b_id):
        raise ValidationError(_("Choose one of the two records of the pair to keep."))
    other_id = candidate.member_b_id if keep.pk == candidate.member_a_id else candidate.member_a_id
    # Lock both rows in a fixed order so two merges cannot deadlock.
    members = {m.pk: m for m in Member.objects.select_for_update().filter(pk__in=[keep.pk, other_id]).order_by("pk")}
    kept, other = members[keep.pk], members[other_id]
    if kept.merged_into_id or other.merged_into_id:
        raise ValidationError(_("One of the records was already merged into another one."))
    filled = {}
    for name in _FILLABLE:
        mine, theirs = getattr(kept, name), getattr(other, name)
        if not mine and theirs:
            setattr(kept, name, theirs)
            filled[name] = [None, theirs.name if hasattr(theirs, "url") else theirs]
    if other.has_card and not kept.has_card:
        kept.has_card = True
    kept.updated_by = actor
    kept.save()
    other.merged_into = kept
    other.updated_by = actor
    other.save(update_fields=["merged_into", "updated_by", "updated_at"])
    now = timezone.now()
    candidate.status = DuplicateCandidate.Status.MERGED
    candidate.decided_by, candidate.decided_at = actor, now
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.MERGE,
        obj=kept,
        changes=filled,
        message=_("Record %(other)s merged into this one.")
        % {"other": f"#{other.pk} {other.id_type} {other.id_number}"},
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.MERGE,
        obj=other,
        changes={"merged_into": [None, kept.pk]},
        message=_("Merged into record %(kept)s.") % {"kept": f"#{kept.pk} {kept.id_type} {kept.id_number}"},
    )
    return kept


@transaction.atomic
def duplicate_mark_distinct(*, candidate: DuplicateCandidate, actor: User) -> DuplicateCandidate:
    """Record that the two members are different people: the pair is never proposed again."""
    _authorize(actor, candidate)
    candidate = _lock_pending(candidate)
    candidate.status = DuplicateCandidate.Status.DISTINCT
    candidate.decided_by, candidate.decided_at = actor, timezone.now()
    candidate.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.APPROVE,
        obj=candidate,
        message=_("Members #%(a)s and #%(b)s marked as different people.")
        % {"a": candidate.member_a_id, "b": candidate.member_b_id},
    )
    return candidate
