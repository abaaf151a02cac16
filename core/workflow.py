"""The one state-machine helper: every status that moves (pieces, rosters, batches, cards,
members, endorsements, poll watchers, attention requests, boxes) moves through `move()`.

An app declares its machine once, as a `Workflow`: the model, its history model (a subclass of
the abstract `StatusHistory`) and a transition table (`Transition`: name, source states, target,
roles allowed). Its services then call `move()`, which

1. locks the row (`select_for_update`): two people moving the same record at once are
   serialized, and the second one sees the first one's result instead of overwriting it;
2. checks the table (source state, role) and the machine's own rules (`Workflow.guard`);
3. lets the service apply what the move records besides the status (`apply`);
4. writes the status, appends the history row and the audit event, in the caller's transaction.

An illegal move raises `TransitionError` and leaves the record untouched. Pages ask
`allowed_transitions(obj, user)` which buttons to draw; the service checks again anyway. What a
record still lacks for a move (a piece with no text, an endorsement with documents missing) is the
machine's `precondition`: `pending_transitions` lists those moves with the reason, so pages draw
them disabled and say why, never as a button the service would refuse.
Status colours live on the choices class (`toned`), and `{% status_badge %}` draws them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.audit import audit_record
from core.fields import user_link
from core.models import AuditEvent
from core.tones import TONES, tone_of, toned  # noqa: F401  (re-exported: apps decorate their Status with it)


class TransitionError(ValidationError):
    """An illegal move: the record is left untouched and the message says why (in Spanish)."""


class StatusHistory(models.Model):
    """One move of a record's status: from, to, who, when and why. Each machine subclasses it
    with a foreign key to its record (named in `Workflow.history_fk`) and sets `Status` to the
    record's choices class, so the history shows labels, never stored codes."""

    Status: type[models.TextChoices] | None = None

    from_status = models.CharField(pgettext_lazy("workflow", "from"), max_length=30, blank=True)
    to_status = models.CharField(pgettext_lazy("workflow", "to"), max_length=30)
    actor = user_link(pgettext_lazy("workflow", "by"))
    at = models.DateTimeField(pgettext_lazy("workflow", "when"), default=timezone.now)
    note = models.TextField(pgettext_lazy("workflow", "note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_label or '—'} → {self.to_label}"

    def _label(self, code: str) -> str:
        if not code:
            return ""
        return str(dict(self.Status.choices).get(code, code)) if self.Status else code

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)


@dataclass(frozen=True)
class Transition:
    """One row of a transition table.

    `roles`: who may ask for it (empty: any signed-in user the machine's guard lets through).
    `system`: the system (a task, no actor) may make it. `manual`: offered as a button;
    moves a service makes as a side effect (an upload finishing its validation) are not.
    """

    name: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...] = ()
    label: str = ""
    style: str = "primary"
    audit_action: str = AuditEvent.Action.STATUS_CHANGE
    system: bool = False
    manual: bool = True
    needs_note: bool = False

    @property
    def is_decision(self) -> bool:
        """An approval or a rejection (pages show these as a review)."""
        return self.audit_action in (AuditEvent.Action.APPROVE, AuditEvent.Action.REJECT)


Guard = Callable[[models.Model, Transition, object], "str | None"]


class Moves(list):
    """The transitions a user may make now, in table order. A page also asks for one by its
    name, `{% if moves.deliver %}` (the template engine looks a name up as a key), instead of
    comparing `m.name` with a string: a move the user may not make is simply absent."""

    def __getitem__(self, key):
        if isinstance(key, str):
            for transition in self:
                if transition.name == key:
                    return transition
            raise KeyError(key)
        return super().__getitem__(key)


_workflows: dict[str, Workflow] = {}


@dataclass
class Workflow:
    """A model's state machine: its transition table, history model and extra rules.

    `subject(obj)` names the record in refusals ("El aval", the watcher's name).
    `guard(obj, transition, actor)` returns why the actor may not make that move now (a
    Spanish sentence) or None: territorial scope, "the author never approves", and the like.
    """

    model: type[models.Model]
    history: type[StatusHistory] | None
    history_fk: str
    transitions: Iterable[Transition]
    field: str = "status"
    guard: Guard | None = None
    precondition: Callable[[models.Model, Transition], str | None] | None = None
    subject: Callable[[models.Model], str] = str
    lock_related: tuple[str, ...] = ()
    table: dict[str, Transition] = dataclass_field(init=False)

    def __post_init__(self) -> None:
        self.table = {t.name: t for t in self.transitions}
        self.transitions = tuple(self.table.values())
        statuses = set(self.status_choices.values)
        for t in self.transitions:
            if t.target not in statuses or not set(t.sources) <= statuses:
                raise ImproperlyConfigured(f"{self.model.__name__}: transition {t.name} names an unknown status")
            if hasattr(Moves, t.name):
                # `moves.copy` would find the list's method when the move is not allowed.
                raise ImproperlyConfigured(f"{self.model.__name__}: transition {t.name} shadows a list method")
        _workflows[self.model._meta.label_lower] = self

    @property
    def status_choices(self) -> type[models.TextChoices]:
        return self.model.Status

    def transition(self, name: str) -> Transition:
        try:
            return self.table[name]
        except KeyError:
            raise TransitionError(_("Unknown step.")) from None

    def between(self, obj: models.Model, target: str) -> Transition:
        """The transition from `obj`'s status to `target` (for services that move by target)."""
        source = getattr(obj, self.field)
        for t in self.transitions:
            if t.target == target and source in t.sources:
                return t
        raise TransitionError(self._cannot(obj, target))

    def _cannot(self, obj: models.Model, target: str) -> str:
        labels = dict(self.status_choices.choices)
        source = getattr(obj, self.field)
        return _("%(subject)s cannot go from «%(old)s» to «%(new)s».") % {
            "subject": self.subject(obj),
            "old": labels.get(source, source),
            "new": labels.get(target, target),
        }

    def refusal(self, obj: models.Model, transition: Transition, actor) -> str | None:
        """Why `actor` (None: the system) may not make this move now, or None if they may."""
        if getattr(obj, self.field) not in transition.sources:
            return self._cannot(obj, transition.target)
        if actor is None:
            if not transition.system:
                return _("This step must be taken by a person.")
        elif not getattr(actor, "is_authenticated", False):
            return _("Sign in to take this step.")
        elif transition.roles and not actor.has_role(*transition.roles):
            return _("Your role does not allow you to take this step (%(step)s).") % {
                "step": transition.label or self.status_choices(transition.target).label
            }
        if self.guard is not None:
            reason = self.guard(obj, transition, actor)
            if reason:
                return reason
        return self.unready(obj, transition)

    def unready(self, obj: models.Model, transition: Transition) -> str | None:
        """What the record still lacks for this move (no text, documents missing), or None."""
        return self.precondition(obj, transition) if self.precondition is not None else None

    def allowed(self, obj: models.Model, user) -> Moves:
        return Moves(t for t in self.transitions if t.manual and self.refusal(obj, t, user) is None)

    def pending(self, obj: models.Model, user) -> list[tuple[Transition, str]]:
        """The moves `user` could make but the record is not ready for, each with what it lacks:
        pages show them disabled with the reason instead of a button the service would refuse."""
        if self.precondition is None:
            return []
        waiting = []
        for t in self.transitions:
            if not t.manual:
                continue
            reason = self.unready(obj, t)
            if reason and self.refusal(obj, t, user) == reason:
                waiting.append((t, reason))
        return waiting

    def lock(self, pk) -> models.Model:
        # Locks only the record's own row (`of=self`): joined rows may be nullable.
        queryset = self.model._base_manager.select_for_update(of=("self",))
        if self.lock_related:
            queryset = queryset.select_related(*self.lock_related)
        return queryset.get(pk=pk)

    def record(self, obj: models.Model, *, from_status: str, to_status: str, actor, note: str = "", **extra):
        """Append one history row (also for the first status, from "")."""
        if self.history is None:
            return None
        return self.history.objects.create(
            **{self.history_fk: obj},
            from_status=from_status,
            to_status=to_status,
            actor=actor if getattr(actor, "pk", None) else None,
            note=note,
            **extra,
        )


def reach_guard(territory_of: Callable[[models.Model], object]) -> Guard:
    """A guard refusing records outside the actor's territorial scope (a record with no
    territory is national: national users only). The system is never refused."""

    def guard(obj, transition, actor):
        if actor is None or actor.is_national:
            return None
        territory = territory_of(obj)
        if territory is None or not actor.can_reach(territory):
            return _("This is outside your territorial scope.")
        return None

    return guard


def workflow_for(obj_or_model) -> Workflow:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    try:
        return _workflows[model._meta.label_lower]
    except KeyError:
        raise LookupError(f"{model._meta.label} has no workflow") from None


def pending_transitions(obj: models.Model, user) -> list[tuple[Transition, str]]:
    """The moves `user` could make once the record is ready, each with what it still lacks."""
    return workflow_for(obj).pending(obj, user)


def allowed_transitions(obj: models.Model, user) -> Moves:
    """The moves `user` may make on `obj` now: for the buttons of a page (the service re-checks)."""
    return workflow_for(obj).allowed(obj, user)


@transaction.atomic
def move(
    obj: models.Model | int,
    *,
    name: str,
    actor,
    note: str = "",
    workflow: Workflow | None = None,
    apply: Callable[[models.Model], None] | None = None,
    changes: dict | None = None,
    audit_action: str | None = None,
    message: str | None = None,
    history: dict | Callable[[models.Model], dict] | None = None,
    save_fields: Iterable[str] | None = None,
) -> models.Model:
    """Make the move `name` on `obj` (or its pk's row); return the locked, updated record.

    `apply(locked)` runs after the checks and before the save: it sets what the move records
    besides the status, or raises `TransitionError`/`ValidationError` to refuse it.
    `changes` adds fields to the audit event; `history` adds fields to the history row (a dict,
    or a function of the updated record, for values `apply` sets). `save_fields`: save only the
    status and these columns (rows that workers update concurrently, e.g. progress counters).
    """
    workflow = workflow or workflow_for(obj)
    transition = workflow.transition(name)
    locked = workflow.lock(obj.pk if isinstance(obj, models.Model) else obj)
    reason = workflow.refusal(locked, transition, actor)
    if reason:
        raise TransitionError(reason)
    note = (note or "").strip()
    if transition.needs_note and not note:
        raise TransitionError({"note": [_("Write the reason.")]})
    old = getattr(locked, workflow.field)
    if apply is not None:
        apply(locked)
    setattr(locked, workflow.field, transition.target)
    locked.save(update_fields=None if save_fields is None else [workflow.field, *save_fields])
    extra = history(locked) if callable(history) else (history or {})
    workflow.record(locked, from_status=old, to_status=transition.target, actor=actor, **{"note": note, **extra})
    audit_record(
        actor=actor,
        action=audit_action or transition.audit_action,
        obj=locked,
        changes={workflow.field: [old, transition.target], **(changes or {})},
        message=note if message is None else message,
    )
    if isinstance(obj, models.Model) and obj is not locked:
        # The caller's instance follows the row it asked to move.
        obj.refresh_from_db()
    return locked
