from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import user_link
from core.scoping import ScopedManager, ScopedQuerySet
from core.workflow import StatusHistory, Transition, Workflow, toned


def new_token() -> str:
    return secrets.token_urlsafe(16)


class CardDesign(models.Model):
    """The artwork of a card (front and back, CR80). One is active; printed cards keep theirs.

    A design that has printed cards is never edited in place: saving changes makes a new design,
    so a card printed last year still renders as it was printed.
    """

    name = models.CharField(_("name"), max_length=120)
    logo = models.ImageField(_("party logo"), upload_to="carnets/designs/", blank=True)
    front_background = models.ImageField(_("front background"), upload_to="carnets/designs/", blank=True)
    back_background = models.ImageField(_("back background"), upload_to="carnets/designs/", blank=True)
    party_name = models.CharField(_("party name"), max_length=80)
    title = models.CharField(_("card title"), max_length=60, default="CARNET DE MILITANTE")
    primary_color = models.CharField(_("main colour"), max_length=7, default="#8B1E3F")
    text_color = models.CharField(_("text colour"), max_length=7, default="#1B1B1B")
    back_text = models.TextField(
        _("back text"),
        blank=True,
        help_text=_("Printed on the back: what the card certifies, how to verify it, what to do if found."),
    )
    is_active = models.BooleanField(_("active"), default=False)
    created_by = user_link(_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("card design")
        verbose_name_plural = _("card designs")
        ordering = ["-is_active", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True), name="carddesign_one_active")
        ]

    def __str__(self) -> str:
        return self.name


class CardQuerySet(ScopedQuerySet):
    def live(self) -> CardQuerySet:
        return self.filter(status__in=Card.LIVE_STATUSES)


class Card(models.Model):
    """One membership card ("carnet"): a numbered, versioned plastic card of one member.

    A member holds at most one live card (pending, printed or delivered). A reprint after a loss
    makes a new version and marks the old one replaced; every move is a CardStatusChange row.
    """

    SCOPE_FIELD = "member__territory"

    @toned(
        PENDING="secondary", PRINTED="primary", DELIVERED="success", LOST="warning", REVOKED="danger", REPLACED="dark"
    )
    class Status(models.TextChoices):
        PENDING = "pendiente", _("Pending")
        PRINTED = "impreso", _("Printed")
        DELIVERED = "entregado", _("Delivered")
        LOST = "perdido", _("Lost")
        REVOKED = "anulado", _("Revoked")
        REPLACED = "reemplazado", _("Replaced")

    LIVE_STATUSES = (Status.PENDING, Status.PRINTED, Status.DELIVERED)
    VALID_STATUSES = (Status.PRINTED, Status.DELIVERED)

    number = models.CharField(_("card number"), max_length=20, unique=True)
    member = models.ForeignKey(
        "militancia.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="cards"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    design = models.ForeignKey(
        CardDesign, verbose_name=_("design"), null=True, blank=True, on_delete=models.PROTECT, related_name="cards"
    )
    token = models.CharField(_("verification token"), max_length=32, unique=True, default=new_token, editable=False)
    issued_on = models.DateField(_("issue date"))
    replaces = models.OneToOneField(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    batch = models.ForeignKey(
        "carnets.PrintBatch",
        verbose_name=_("print batch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cards",
    )
    jornada = models.ForeignKey(
        "carnets.Jornada",
        verbose_name=_("registration drive"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cards",
    )
    printer = models.ForeignKey(
        "carnets.Printer", verbose_name=_("printer"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivered_to = models.CharField(_("delivered to"), max_length=150, blank=True)
    delivered_place = models.CharField(_("delivery place"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    created_by = user_link(_("created by"))

    objects = CardQuerySet.as_manager()

    class Meta:
        verbose_name = _("card")
        verbose_name_plural = _("cards")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status__in=["pendiente", "impreso", "entregado"]),
                name="card_one_live_per_member",
            ),
            models.UniqueConstraint(fields=["member", "version"], name="card_member_version"),
        ]
        indexes = [models.Index(fields=["status", "printed_at"], name="card_status_printed")]

    def __str__(self) -> str:
        return f"{self.number} v{self.version}"

    @property
    def is_valid(self) -> bool:
        return self.status in self.VALID_STATUSES

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES


class CardStatusChange(StatusHistory):
    """One move of a card's status: who and when (the card's history)."""

    SCOPE_FIELD = "card__member__territory"
    Status = Card.Status

    card = models.ForeignKey(Card, verbose_name=_("card"), on_delete=models.CASCADE, related_name="history")

    objects = ScopedManager()

    class Meta:
        verbose_name = _("card status change")
        verbose_name_plural = _("card status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.card_id}: {self.from_status} → {self.to_status}"


_C = Card.Status

# A batch prints its cards in bulk (carnets.services.batches) with the same sources and targets;
# a reprint (→ replaced) also issues the new version. Every move may be made by the system (the
# demo data, a drive's table printing at once): the card services check roles and scope themselves.
CARD_WORKFLOW = Workflow(
    model=Card,
    history=CardStatusChange,
    history_fk="card",
    subject=lambda card: card.number,
    transitions=[
        Transition("print", (_C.PENDING,), _C.PRINTED, label=_("Mark printed"), system=True),
        Transition("print_failed", (_C.PRINTED,), _C.PENDING, label=_("Print failed"), manual=False, system=True),
        Transition("deliver", (_C.PRINTED,), _C.DELIVERED, label=_("Delivered"), system=True),
        Transition("lose", (_C.PRINTED, _C.DELIVERED), _C.LOST, label=_("Reported lost"), system=True),
        Transition(
            "revoke", (_C.PENDING, _C.PRINTED, _C.DELIVERED, _C.LOST), _C.REVOKED, label=_("Revoke card"), system=True
        ),
        Transition("replace", (_C.PRINTED, _C.DELIVERED, _C.LOST), _C.REPLACED, label=_("Reprint"), system=True),
    ],
)


class PrintBatch(models.Model):
    """A set of pending cards rendered together into one PDF and then printed.

    The batch's territory is the selection's territory (none = national), which scopes who sees it.
    """

    SCOPE_FIELD = "territory"

    @toned(CREATED="secondary", RENDERING="info", READY="primary", FAILED="danger", PRINTED="success", CANCELLED="dark")
    class Status(models.TextChoices):
        CREATED = "creado", _("Created")
        RENDERING = "generando", _("Rendering PDF")
        READY = "listo", _("PDF ready")
        FAILED = "fallido", _("Rendering failed")
        PRINTED = "impreso", _("Printed")
        CANCELLED = "cancelado", pgettext_lazy("card status", "Cancelled")

    class Layout(models.TextChoices):
        CR80 = "cr80", _("One card per page, CR80 (card printer, duplex)")
        A4 = "a4", _("A4 sheets, 10 cards with crop marks")

    class Selection(models.TextChoices):
        FILTERS = "filtros", _("Member filters")
        ROSTER = "planilla", _("Roster upload")
        JORNADA = "jornada", _("Registration drive")
        CARDS = "carnets", _("Chosen cards")

    name = models.CharField(_("name"), max_length=120)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CREATED)
    layout = models.CharField(_("layout"), max_length=6, choices=Layout.choices, default=Layout.CR80)
    selection = models.CharField(_("selected by"), max_length=10, choices=Selection.choices)
    selection_detail = models.CharField(_("selection"), max_length=250, blank=True)
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    jornada = models.ForeignKey(
        "carnets.Jornada", verbose_name=_("registration drive"), null=True, blank=True, on_delete=models.SET_NULL
    )
    printer = models.ForeignKey(
        "carnets.Printer", verbose_name=_("printer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    card_count = models.PositiveIntegerField(_("cards"), default=0)
    printed_count = models.PositiveIntegerField(_("printed"), default=0)
    failed_numbers = models.JSONField(_("failed cards"), default=list, blank=True)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pdf = models.FileField(_("PDF"), upload_to="carnets/batches/%Y/%m/", blank=True)
    created_by = user_link(_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)
    printed_by = user_link(_("printed by"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("print batch")
        verbose_name_plural = _("print batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.name}"

    @property
    def is_rendering(self) -> bool:
        return self.status == self.Status.RENDERING

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def sides(self) -> int:
        return 2


class PrintBatchHistory(StatusHistory):
    """One move of a print batch's status: who, when, from, to (the batch's history)."""

    SCOPE_FIELD = "batch__territory"
    SCOPE_INCLUDE_UNSET = True
    Status = PrintBatch.Status

    batch = models.ForeignKey(
        PrintBatch, verbose_name=_("print batch"), on_delete=models.CASCADE, related_name="history"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("print batch status change")
        verbose_name_plural = _("print batch status changes")
        ordering = ["at", "id"]


_B = PrintBatch.Status

# Rendering runs in the background (the task makes `rendered` or `render_failed`); a batch
# rendered again stays ready. The batch services check the card team's role and scope; the
# demo data moves batches with no actor.
BATCH_WORKFLOW = Workflow(
    model=PrintBatch,
    history=PrintBatchHistory,
    history_fk="batch",
    subject=lambda batch: str(batch),
    transitions=[
        Transition("render", (_B.CREATED, _B.FAILED, _B.READY), _B.RENDERING, label=_("Render the PDF"), system=True),
        Transition("rendered", (_B.RENDERING, _B.READY), _B.READY, system=True, manual=False),
        Transition("render_failed", (_B.RENDERING,), _B.FAILED, system=True, manual=False),
        Transition("print", (_B.READY,), _B.PRINTED, label=_("Mark printed"), system=True),
        Transition("cancel", (_B.CREATED, _B.FAILED, _B.READY), _B.CANCELLED, label=_("Cancel batch"), system=True),
    ],
)
