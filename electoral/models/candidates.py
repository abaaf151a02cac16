from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import optional_territory
from core.models import AuditEvent
from core.scoping import ScopedManager
from core.workflow import StatusHistory, Transition, Workflow, reach_guard, toned
from electoral.roles import DECIDERS, OPERATORS


def deadline_milestone_link() -> models.ForeignKey:
    """The calendar milestone that sets a deadline: the date moves with the legal calendar."""
    return models.ForeignKey(
        "electoral.Milestone",
        verbose_name=_("deadline milestone"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class Candidate(models.Model):
    """A member standing for an office in an election, on the party's list."""

    SCOPE_FIELD = "territory"
    SCOPE_INCLUDE_UNSET = True  # a national list (senate, presidency) is seen by every electoral user

    election = models.ForeignKey(
        "electoral.Election", verbose_name=_("election"), on_delete=models.CASCADE, related_name="candidates"
    )
    member = models.ForeignKey(
        "militancia.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="candidacies"
    )
    office = models.CharField(_("office"), max_length=150)
    constituency = models.ForeignKey(
        "electoral.ElectoralUnit",
        verbose_name=_("constituency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    territory = optional_territory(_("Where the candidacy is (empty: national)."))
    list_position = models.PositiveSmallIntegerField(_("list position"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["election", "office", "list_position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["election", "member"], name="candidate_once_per_election"),
        ]

    def __str__(self) -> str:
        return f"{self.member.full_name} · {self.office}"


class DocumentRequirement(models.Model):
    """One document of an election's endorsement checklist (configurable per election)."""

    SCOPE_FIELD = "election__territory"
    SCOPE_INCLUDE_UNSET = True

    election = models.ForeignKey(
        "electoral.Election", verbose_name=_("election"), on_delete=models.CASCADE, related_name="document_requirements"
    )
    name = models.CharField(_("document"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=True)
    deadline_milestone = deadline_milestone_link()
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "name"], name="docreq_unique_name")]

    def __str__(self) -> str:
        return self.name


class Endorsement(models.Model):
    """The party's endorsement (aval) of a candidate: a state machine ending in the authority's registration."""

    SCOPE_FIELD = "candidate__territory"
    SCOPE_INCLUDE_UNSET = True

    @toned(
        REQUESTED="secondary",
        DOCUMENTS_COMPLETE="secondary",
        APPROVED="secondary",
        ISSUED="success",
        REGISTERED="success",
        REJECTED="danger",
    )
    class Status(models.TextChoices):
        REQUESTED = "solicitado", pgettext_lazy("endorsement status", "Requested")
        DOCUMENTS_COMPLETE = "documentos_completos", pgettext_lazy("endorsement status", "Documents complete")
        APPROVED = "aprobado_comite", pgettext_lazy("endorsement status", "Approved by the committee")
        ISSUED = "aval_emitido", pgettext_lazy("endorsement status", "Endorsement issued")
        REGISTERED = "inscrito", pgettext_lazy("endorsement status", "Registered with the authority")
        REJECTED = "rechazado", pgettext_lazy("endorsement status", "Rejected")

    candidate = models.OneToOneField(
        Candidate, verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="endorsement"
    )
    status = models.CharField(_("status"), max_length=22, choices=Status.choices, default=Status.REQUESTED)
    deadline_milestone = deadline_milestone_link()
    committee_reference = models.CharField(_("committee minutes"), max_length=100, blank=True)
    letter_number = models.CharField(_("letter number"), max_length=30, blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    authority_reference = models.CharField(_("registration reference"), max_length=100, blank=True)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")

    def __str__(self) -> str:
        return f"{self.candidate} · {self.get_status_display()}"

    @property
    def is_rejected(self) -> bool:
        return self.status == self.Status.REJECTED

    def missing_requirements(self) -> list:
        """Required documents of the election's checklist not uploaded yet for this endorsement."""
        uploaded = set(self.documents.values_list("requirement_id", flat=True))
        return [
            r
            for r in self.candidate.election.document_requirements.select_related("deadline_milestone")
            if r.required and r.pk not in uploaded
        ]

    @property
    def documents_open(self) -> bool:
        """Checklist documents can still be uploaded or replaced."""
        return self.status in (self.Status.REQUESTED, self.Status.DOCUMENTS_COMPLETE, self.Status.APPROVED)


class EndorsementDocument(models.Model):
    """A document uploaded for an endorsement checklist item: who uploaded it and when."""

    SCOPE_FIELD = "endorsement__candidate__territory"
    SCOPE_INCLUDE_UNSET = True

    endorsement = models.ForeignKey(Endorsement, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(DocumentRequirement, on_delete=models.PROTECT, related_name="uploads")
    file = models.FileField(_("file"), upload_to="electoral/endorsements/%Y/%m/")
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("endorsement document")
        verbose_name_plural = _("endorsement documents")
        ordering = ["requirement__order", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["endorsement", "requirement"], name="endorsement_document_once"),
        ]

    def __str__(self) -> str:
        return self.original_name or self.file.name


class EndorsementHistory(StatusHistory):
    """One move of an endorsement through its workflow."""

    SCOPE_FIELD = "endorsement__candidate__territory"
    SCOPE_INCLUDE_UNSET = True
    Status = Endorsement.Status

    endorsement = models.ForeignKey(Endorsement, on_delete=models.CASCADE, related_name="history")

    objects = ScopedManager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("endorsement history")
        verbose_name_plural = _("endorsement history")

    def __str__(self) -> str:
        return f"{self.endorsement_id}: {self.from_status} → {self.to_status}"


_E = Endorsement.Status

# What each step needs on file; the page shows the step disabled with this reason until then.
_NEEDS_DOCUMENTS = {
    "complete": _("Documents missing: %(names)s."),
    "issue": _("The endorsement cannot be issued: documents missing: %(names)s."),
}


def _documents_missing(endorsement: Endorsement, transition: Transition) -> str | None:
    if transition.name not in _NEEDS_DOCUMENTS:
        return None
    missing = endorsement.missing_requirements()
    if not missing:
        return None
    return str(_NEEDS_DOCUMENTS[transition.name]) % {"names": ", ".join(r.name for r in missing)}


ENDORSEMENT_WORKFLOW = Workflow(
    model=Endorsement,
    history=EndorsementHistory,
    history_fk="endorsement",
    subject=lambda endorsement: str(_("The endorsement")),
    guard=reach_guard(lambda endorsement: endorsement.candidate.territory),
    precondition=_documents_missing,
    lock_related=("candidate__member", "candidate__election", "candidate__territory"),
    transitions=[
        Transition("complete", (_E.REQUESTED,), _E.DOCUMENTS_COMPLETE, OPERATORS, _("Mark documents complete")),
        Transition(
            "approve",
            (_E.DOCUMENTS_COMPLETE,),
            _E.APPROVED,
            DECIDERS,
            _("Approve (committee)"),
            audit_action=AuditEvent.Action.APPROVE,
        ),
        Transition("issue", (_E.APPROVED,), _E.ISSUED, DECIDERS, _("Issue the endorsement")),
        Transition("register", (_E.ISSUED,), _E.REGISTERED, DECIDERS, _("Registered with the authority")),
        Transition(
            "reject",
            (_E.REQUESTED, _E.DOCUMENTS_COMPLETE, _E.APPROVED, _E.ISSUED),
            _E.REJECTED,
            DECIDERS,
            _("Reject"),
            style="outline-danger",
            audit_action=AuditEvent.Action.REJECT,
        ),
    ],
)
