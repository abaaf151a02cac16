"""Print batches: select members → pending cards → PDF (Celery) → printed (stock consumed)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from carnets.models import Card, CardStatusChange, Jornada, PrintBatch, Printer
from carnets.models.cards import BATCH_WORKFLOW
from carnets.roles import CARD_WORKERS
from carnets.services.cards import active_design, card_numbers
from carnets.services.stock import StockMovement, _apply, stock_consume_for_batch, stock_needs, stock_shortages
from core.audit import audit_record
from core.jobs import JobFailed, JobProgress, job_create, job_enqueue
from core.models import AuditEvent
from core.permissions import ensure_reach, ensure_role
from core.scoping import scope_condition
from core.workflow import TransitionError, move

if TYPE_CHECKING:
    from core.models import Territory, User
    from militancia.models import Member

MAX_BATCH = 20_000
S = Card.Status
B = PrintBatch.Status


def batch_preview(*, members: QuerySet[Member]) -> dict:
    """How many cards a selection makes: pending already, new to issue, skipped (already hold one)."""
    from militancia.models import Member

    active = members.filter(status=Member.Status.ACTIVE)
    live = Card.objects.filter(status__in=Card.LIVE_STATUSES)
    pending_free = live.filter(status=S.PENDING, member__in=active.values("pk")).exclude(
        batch__status__in=[B.CREATED, B.RENDERING, B.READY]
    )
    new = active.exclude(pk__in=live.values("member_id"))
    return {"pending": pending_free.count(), "new": new.count(), "pending_qs": pending_free, "new_qs": new}


@transaction.atomic
def batch_create(
    *,
    actor: User,
    members: QuerySet[Member],
    name: str,
    layout: str,
    selection: str,
    selection_detail: str = "",
    territory: Territory | None = None,
    jornada: Jornada | None = None,
    printer: Printer | None = None,
) -> PrintBatch:
    """A batch of pending cards for the selected (already scoped) members.

    Members without a live card get a new pending card; pending cards not in another open batch
    join it; members who already hold a printed or delivered card are left out.
    """
    ensure_role(actor, CARD_WORKERS, _("create print batches"))
    for scoped in (territory, jornada):
        if scoped is not None:
            ensure_reach(actor, scoped)
    if not actor.is_national:
        # Callers pass a scoped selection; the service does not rely on it.
        members = members.filter(scope_condition(members.model, actor))
    preview = batch_preview(members=members)
    total = preview["pending"] + preview["new"]
    if total == 0:
        raise ValidationError(
            _("The selection has no active members waiting for a card: an empty batch is not created.")
        )
    if total > MAX_BATCH:
        raise ValidationError(
            _("The selection has %(n)s cards; a batch holds at most %(max)s. Narrow the filters.")
            % {"n": total, "max": MAX_BATCH}
        )
    design = active_design() if preview["new"] else None
    batch = PrintBatch(
        name=name.strip() or _("Batch of %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")},
        layout=layout,
        selection=selection,
        selection_detail=selection_detail[:250],
        territory=territory,
        jornada=jornada,
        printer=printer,
        created_by=actor,
    )
    batch.full_clean()
    batch.save()

    pending_ids = list(preview["pending_qs"].select_for_update(of=("self",)).values_list("pk", flat=True))
    Card.objects.filter(pk__in=pending_ids).update(batch=batch)

    new_member_ids = list(preview["new_qs"].values_list("pk", flat=True))
    if new_member_ids:
        versions = dict(
            Card.objects.filter(member_id__in=new_member_ids)
            .values("member_id")
            .annotate(v=Max("version"))
            .values_list("member_id", "v")
        )
        today = timezone.localdate()
        numbers = card_numbers(count=len(new_member_ids))
        actor_id = actor.pk if getattr(actor, "pk", None) else None
        cards = Card.objects.bulk_create(
            [
                Card(
                    number=number,
                    member_id=member_id,
                    version=versions.get(member_id, 0) + 1,
                    design=design,
                    issued_on=today,
                    batch=batch,
                    jornada=jornada,
                    created_by_id=actor_id,
                )
                for number, member_id in zip(numbers, new_member_ids, strict=True)
            ],
            batch_size=2000,
        )
        CardStatusChange.objects.bulk_create(
            [CardStatusChange(card=card, from_status="", to_status=S.PENDING, actor_id=actor_id) for card in cards],
            batch_size=2000,
        )
    batch.card_count = len(pending_ids) + len(new_member_ids)
    batch.save(update_fields=["card_count"])
    BATCH_WORKFLOW.record(batch, from_status="", to_status=batch.status, actor=actor)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=batch,
        message=_("%(n)s cards (%(new)s new) — %(detail)s")
        % {"n": batch.card_count, "new": len(new_member_ids), "detail": selection_detail},
    )
    return batch


@transaction.atomic
def batch_render_start(*, batch: PrintBatch, actor: User) -> PrintBatch:
    """Check stock, then queue the PDF rendering (the page follows the job's progress)."""
    ensure_role(actor, CARD_WORKERS, _("render print batches"))
    ensure_reach(actor, batch)
    from carnets.tasks import render_batch_pdf

    batch = PrintBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in BATCH_WORKFLOW.transition("render").sources:
        raise ValidationError(
            _("This batch cannot be rendered now (it is “%(s)s”).") % {"s": batch.get_status_display()}
        )
    count = batch.cards.count()
    if count == 0:
        raise ValidationError(_("The batch has no cards left to print."))
    shortages = stock_shortages(cards=count, printer=batch.printer)
    if shortages:
        raise ValidationError(shortages)
    job = job_create(kind="carnets.batch_render", user=actor, total=count)

    def attach(locked: PrintBatch) -> None:
        locked.job = job

    batch = move(batch, workflow=BATCH_WORKFLOW, name="render", actor=actor, apply=attach, save_fields=["job"])
    job_enqueue(job=job, task=render_batch_pdf, args=(batch.pk,))
    return batch


def batch_render(*, batch_id: int, progress: JobProgress | None = None) -> PrintBatch | None:
    """Render the batch PDF and store it (called by the task; safe to run again)."""
    from carnets.rendering import render_card_queryset

    batch = PrintBatch.objects.filter(pk=batch_id).first()
    if batch is None or batch.status not in (B.RENDERING, B.READY):
        return None
    data = render_card_queryset(
        batch.cards.all(), layout=batch.layout, title=_("Print batch #%(id)s") % {"id": batch.pk}, progress=progress
    )
    previous = {}

    def store(locked: PrintBatch) -> None:
        previous["name"] = locked.pdf.name
        locked.pdf.save(f"lote-{locked.pk}.pdf", ContentFile(data), save=False)

    try:
        batch = move(batch_id, workflow=BATCH_WORKFLOW, name="rendered", actor=None, apply=store, save_fields=["pdf"])
    except TransitionError:
        return None  # cancelled or failed meanwhile
    old = previous["name"]
    if old and old != batch.pdf.name:
        batch.pdf.storage.delete(old)
    return batch


def batch_render_failed(*, batch_id: int) -> None:
    with contextlib.suppress(TransitionError, PrintBatch.DoesNotExist):  # no longer rendering
        move(batch_id, workflow=BATCH_WORKFLOW, name="render_failed", actor=None)


def batch_render_run(*, batch: PrintBatch, progress: JobProgress) -> dict:
    """The rendering job: render the PDF, or put the batch back as failed and fail the job."""
    progress(0, step=_("Rendering cards"))
    try:
        rendered = batch_render(batch_id=batch.pk, progress=progress)
    except Exception as exc:
        batch_render_failed(batch_id=batch.pk)
        raise JobFailed(_("The PDF could not be rendered: %(error)s") % {"error": exc}) from exc
    if rendered is None:
        raise JobFailed(_("The batch no longer exists or was cancelled."))
    return {"batch": rendered.pk, "cards": rendered.card_count}


@transaction.atomic
def batch_mark_printed(
    *, batch: PrintBatch, actor: User, printer: Printer | None, failed_numbers: list[str] | None = None
) -> PrintBatch:
    """The batch came out of `printer`. Failed cards go back to pending (out of the batch); the
    others become printed, and PVC cards and ribbon panels are taken from stock."""
    ensure_role(actor, CARD_WORKERS, _("mark print batches printed"))
    ensure_reach(actor, batch)
    batch = PrintBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in BATCH_WORKFLOW.transition("print").sources:
        raise ValidationError(_("Only a batch whose PDF is ready can be marked printed."))
    if printer is None:
        raise ValidationError(_("Say which printer printed the batch."))
    numbers = dict(batch.cards.filter(status=S.PENDING).values_list("number", "pk"))
    failed = [n.strip().upper() for n in failed_numbers or [] if n.strip()]
    unknown = sorted(set(failed) - set(numbers))
    if unknown:
        raise ValidationError(
            _("These card numbers are not pending in this batch: %(list)s") % {"list": ", ".join(unknown)}
        )
    printed_ids = [pk for number, pk in numbers.items() if number not in set(failed)]
    failed_ids = [numbers[n] for n in set(failed)]
    if printed_ids:
        stock_consume_for_batch(batch=batch, cards=len(printed_ids), printer=printer, actor=actor)
    now = timezone.now()
    Card.objects.filter(pk__in=printed_ids).update(status=S.PRINTED, printed_at=now, printer=printer)
    Card.objects.filter(pk__in=failed_ids).update(batch=None)
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    note_ok = _("Printed in batch #%(id)s") % {"id": batch.pk}
    note_failed = _("Failed in batch #%(id)s: back to pending") % {"id": batch.pk}
    CardStatusChange.objects.bulk_create(
        [
            CardStatusChange(card_id=pk, from_status=S.PENDING, to_status=S.PRINTED, actor_id=actor_id, note=note_ok)
            for pk in printed_ids
        ]
        + [
            CardStatusChange(
                card_id=pk, from_status=S.PENDING, to_status=S.PENDING, actor_id=actor_id, note=note_failed
            )
            for pk in failed_ids
        ],
        batch_size=2000,
    )
    from militancia.models import Member

    Member.objects.filter(cards__pk__in=printed_ids, has_card=False).update(has_card=True)

    def record(locked: PrintBatch) -> None:
        locked.printer = printer
        locked.printed_count = len(printed_ids)
        locked.failed_numbers = sorted(set(failed))
        locked.printed_at = now
        locked.printed_by = actor

    message = _("%(ok)s printed, %(failed)s failed, printer %(printer)s") % {
        "ok": len(printed_ids),
        "failed": len(failed_ids),
        "printer": printer,
    }
    batch = move(
        batch,
        workflow=BATCH_WORKFLOW,
        name="print",
        actor=actor,
        note=message,
        apply=record,
        save_fields=["printer", "printed_count", "failed_numbers", "printed_at", "printed_by"],
    )
    return batch


@transaction.atomic
def batch_cancel(*, batch: PrintBatch, actor: User) -> PrintBatch:
    ensure_role(actor, CARD_WORKERS, _("cancel print batches"))
    ensure_reach(actor, batch)
    batch = PrintBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in BATCH_WORKFLOW.transition("cancel").sources:
        raise ValidationError(_("This batch cannot be cancelled (it is “%(s)s”).") % {"s": batch.get_status_display()})
    batch.cards.filter(status=S.PENDING).update(batch=None)
    batch = move(batch, workflow=BATCH_WORKFLOW, name="cancel", actor=actor)
    return batch


@transaction.atomic
def card_mark_printed(*, card: Card, printer: Printer | None, actor: User) -> Card:
    """One card printed on the spot (registration drive): takes one PVC card and its ribbon panels."""
    ensure_role(actor, CARD_WORKERS, _("record card printing"))
    ensure_reach(actor, card)
    from carnets.services.cards import _locked, _move

    card = _locked(card)
    if card.status != S.PENDING:
        raise ValidationError(_("Card %(number)s is not pending printing.") % {"number": card.number})
    if printer is None:
        raise ValidationError(_("Say which printer printed the card."))
    shortages = stock_shortages(cards=1, printer=printer)
    if shortages:
        raise ValidationError(shortages)
    for need in stock_needs(cards=1, printer=printer):
        _apply(
            need["consumable"],
            -need["needed"],
            kind=StockMovement.Kind.CONSUMPTION,
            created_by=actor,
            reason=_("Card %(number)s") % {"number": card.number},
        )
    return _move(
        card,
        S.PRINTED,
        actor,
        _("Printed on %(printer)s") % {"printer": printer},
        printed_at=timezone.now(),
        printer=printer,
        batch=None,
    )
