"""Attention requests (PQRS): habeas-data queries and claims, petitions, with legal deadlines."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import user_link
from core.roles import Role
from core.scoping import ScopedManager, ScopedQuerySet
from core.workflow import StatusHistory, Transition, Workflow, reach_guard, toned
from militancia.fields import optional_member


class AttentionKind(models.TextChoices):
    """The kind of request decides its legal response term (business days)."""

    HD_QUERY = "hd_query", _("Habeas-data query")
    HD_CLAIM = "hd_claim", _("Habeas-data claim")
    PETITION = "petition", _("General petition")
    DOCUMENTS = "documents", _("Request for documents")
    CONSULTATION = "consultation", _("Consultation")


# (term, extra business days allowed with notice). Ley 1581 de 2012 arts. 14-15 (queries 10+5,
# claims 15+8); Ley 1755 de 2015 art. 14 (petitions 15, documents 10, consultations 30; the
# parágrafo allows an extension of at most the initial term, i.e. never beyond double).
LEGAL_TERMS: dict[str, tuple[int, int]] = {
    AttentionKind.HD_QUERY: (10, 5),
    AttentionKind.HD_CLAIM: (15, 8),
    AttentionKind.PETITION: (15, 15),
    AttentionKind.DOCUMENTS: (10, 10),
    AttentionKind.CONSULTATION: (30, 30),
}


class AttentionRequestQuerySet(ScopedQuerySet):
    def open(self) -> AttentionRequestQuerySet:
        # A positive IN (not NOT IN) lets the planner walk the (status, due_on) index.
        return self.filter(status__in=AttentionRequest.OPEN_STATUSES)


class AttentionRequest(models.Model):
    """A request from a member or any person, answered within its legal term.

    Scoped by `territory`: the member's territory, or the one chosen on the form for a
    person who is not in the registry.
    """

    SCOPE_FIELD = "territory"
    # Who asks and how to answer them: the fields the staff form, the public form and the API share.
    REQUESTER_FIELDS = ("requester_id_type", "requester_id_number", "requester_name", "email", "phone", "address")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        WHATSAPP = "whatsapp", _("WhatsApp")
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("Phone")
        WEB = "web", _("Public web form")

    @toned(RECEIVED="secondary", IN_PROGRESS="primary", WAITING="warning", ANSWERED="success", CLOSED="dark")
    class Status(models.TextChoices):
        RECEIVED = "recibida", _("Received")
        IN_PROGRESS = "en_tramite", _("In progress")
        WAITING = "en_espera", _("Waiting for the requester")
        ANSWERED = "respondida", _("Answered")
        CLOSED = "cerrada", _("Closed")

    CLOSED_STATUSES = (Status.ANSWERED, Status.CLOSED)
    OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROGRESS, Status.WAITING)

    tracking_number = models.CharField(_("tracking number"), max_length=20, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    kind = models.CharField(_("kind"), max_length=14, choices=AttentionKind.choices)
    member = optional_member(related_name="attention_requests")
    requester_id_type = models.CharField(_("document type"), max_length=5, default="CC")
    requester_id_number = models.CharField(_("document number"), max_length=20, db_index=True)
    requester_name = models.CharField(_("requester name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"))
    received_on = models.DateField(_("received on"))
    due_on = models.DateField(_("due on"))
    legal_max_due_on = models.DateField(_("latest legal due date"), editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    assigned_to = user_link(_("assigned to"))
    answer_text = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_sent_at = models.DateTimeField(_("answer sent"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)
    # Ley 1755 de 2015 art. 17: while the requester completes the request the term does not run.
    suspended_on = models.DateField(_("term suspended since"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = user_link(_("registered by"))

    objects = AttentionRequestQuerySet.as_manager()

    class Meta:
        db_table = "militancia_attentionrequest"  # kept from before the app split
        verbose_name = _("attention request")
        verbose_name_plural = _("attention requests")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on", "id"], name="attention_queue"),
            models.Index(fields=["territory", "status", "due_on"], name="attention_territory_queue"),
            models.Index(fields=["received_on"], name="attention_received"),
            # The queue: open requests by due date, read in index order and cut at one page.
            models.Index(
                fields=["due_on", "id"],
                condition=models.Q(status__in=["recibida", "en_tramite", "en_espera"]),
                name="attention_open_by_due",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(email="", phone="", address=""), name="attention_has_contact"),
            models.CheckConstraint(
                condition=models.Q(due_on__lte=models.F("legal_max_due_on")), name="attention_due_within_law"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} · {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED_STATUSES

    @property
    def is_suspended(self) -> bool:
        return self.status == self.Status.WAITING and self.suspended_on is not None

    @property
    def withdrawal_on(self):
        """Art. 17: a request not completed within a month of the notice is taken as withdrawn."""
        if not self.is_suspended:
            return None
        from core.dates import add_months

        return add_months(self.suspended_on, 1)

    @property
    def answered_on_time(self) -> bool | None:
        if not self.answered_on:
            return None
        return self.answered_on <= self.due_on


class AttentionExtension(models.Model):
    """An extension of a request's term, with its reason and the date the requester was told."""

    SCOPE_FIELD = "request__territory"

    request = models.ForeignKey(AttentionRequest, on_delete=models.CASCADE, related_name="extensions")
    previous_due_on = models.DateField(_("previous due date"))
    new_due_on = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    notice_on = models.DateField(_("requester notified on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_attentionextension"  # kept from before the app split
        verbose_name = _("term extension")
        verbose_name_plural = _("term extensions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.previous_due_on} → {self.new_due_on}"


class AttentionHistory(StatusHistory):
    """One move of a request's status (or another notable event), who and when."""

    SCOPE_FIELD = "request__territory"
    Status = AttentionRequest.Status

    request = models.ForeignKey(AttentionRequest, on_delete=models.CASCADE, related_name="history")

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_attentionhistory"  # kept from before the app split
        verbose_name = _("request history entry")
        verbose_name_plural = _("request history")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.from_label or '—'} → {self.to_label}"


_A = AttentionRequest.Status
HANDLERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)

# Answering is allowed from any open status (a simple query is often answered the day it
# arrives) and is made by `attention_answer` with the answer's text; a closed request stays closed.
ATTENTION_WORKFLOW = Workflow(
    model=AttentionRequest,
    history=AttentionHistory,
    history_fk="request",
    guard=reach_guard(lambda request: request.territory),
    subject=lambda request: request.tracking_number,
    transitions=[
        Transition("process", (_A.RECEIVED, _A.WAITING), _A.IN_PROGRESS, HANDLERS, _("Mark in progress")),
        Transition("wait", (_A.RECEIVED, _A.IN_PROGRESS), _A.WAITING, HANDLERS, _("Wait for the requester")),
        Transition("answer", (_A.RECEIVED, _A.IN_PROGRESS, _A.WAITING), _A.ANSWERED, HANDLERS, manual=False),
        Transition("reopen", (_A.ANSWERED,), _A.IN_PROGRESS, HANDLERS, _("Reopen"), style="outline-secondary"),
        Transition("close", (_A.ANSWERED,), _A.CLOSED, HANDLERS, _("Close the request"), style="outline-secondary"),
    ],
)


class AttentionAttachment(models.Model):
    """A file sent with the request, or with its answer."""

    SCOPE_FIELD = "request__territory"

    request = models.ForeignKey(AttentionRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="attention/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    is_answer = models.BooleanField(_("part of the answer"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        db_table = "militancia_attentionattachment"  # kept from before the app split
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
