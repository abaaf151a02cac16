"""Solidarity and human-rights cases: members or leaders in need, helped by volunteer professionals.

These are among the most sensitive records of the product. A case is seen by the holders of the
solidarity secretariat's role (within their territorial scope) and by the professional it is
assigned to (through the professional's user account); never by a coordinator or a national
administrator for their office alone. A threat case may be restricted: then only its named people
(holders of the role) and its professional see it. `SolidarityCase.objects.visible_to(user)` is
the one place that rule lives.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import optional_territory, user_link
from core.roles import Role
from core.scoping import scope_condition
from core.workflow import StatusHistory, Transition, Workflow, toned


def holds_solidarity_role(user) -> bool:
    """The secretariat's role, held as a group: a superuser or a national administrator does not
    get it for their office (the issue: only the secretariat's role and the assigned professional)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Role.SOLIDARITY.value in user.role_names


PROFESSIONAL_CACHE_SECONDS = 8 * 60 * 60


def _professional_cache_key(user_id: int) -> str:
    return f"solidarity:is-professional:{user_id}"


def is_case_professional(user) -> bool:
    """The user is the account of a professional of the directory (who may be assigned cases).

    Asked on every page (the sidebar entry), so the answer is cached from the sign-in on
    (`remember_professional`, connected to user_logged_in): saving or deleting a professional
    forgets it for their account. An account unlinked from a professional keeps the sidebar entry
    until its next sign-in at most; the cases themselves are checked on every read."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return cache.get_or_set(
        _professional_cache_key(user.pk),
        lambda: Professional.objects.filter(user=user, active=True).exists(),
        PROFESSIONAL_CACHE_SECONDS,
    )


def remember_professional(sender, request, user, **kwargs) -> None:
    """On sign-in: look the account up once, so pages ask the cache, not the database."""
    cache.delete(_professional_cache_key(user.pk))
    is_case_professional(user)


class Specialty(models.TextChoices):
    LAWYER = "abogado", _("Lawyer")
    DOCTOR = "medico", _("Doctor")
    PSYCHOLOGIST = "psicologo", _("Psychologist")
    SOCIAL_WORKER = "trabajo_social", _("Social worker")
    HUMAN_RIGHTS = "ddhh", _("Human-rights defender")
    OTHER = "otro", _("Other")


class ProfessionalQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProfessionalQuerySet:
        """The directory is the secretariat's: role holders see the professionals of their scope
        and the national ones (no territory)."""
        if not holds_solidarity_role(user):
            return self.none()
        if user.is_national:
            return self
        return self.filter(scope_condition(self.model, user))


class Professional(models.Model):
    """A volunteer professional (lawyer, doctor, social worker…) who helps the secretariat.

    Optionally linked to a user account, so the professional can sign in and work on the cases
    assigned to them (and only those). An empty territory means they work nationwide.
    """

    SCOPE_FIELD = "territory"
    SCOPE_INCLUDE_UNSET = True

    class Availability(models.TextChoices):
        AVAILABLE = "disponible", _("Available")
        LIMITED = "limitada", _("Limited")
        UNAVAILABLE = "no_disponible", _("Not available")

    name = models.CharField(_("name"), max_length=200)
    specialty = models.CharField(_("specialty"), max_length=20, choices=Specialty.choices)
    territory = optional_territory(_("Where they work; empty: nationwide."))
    availability = models.CharField(
        _("availability"), max_length=16, choices=Availability.choices, default=Availability.AVAILABLE
    )
    availability_notes = models.CharField(_("availability notes"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="solidarity_professional",
        help_text=_("To let the professional sign in and see the cases assigned to them."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ProfessionalQuerySet.as_manager()

    class Meta:
        verbose_name = _("volunteer professional")
        verbose_name_plural = _("volunteer professionals")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(phone="", email=""), name="solidarity_professional_contact"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_specialty_display()})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.user_id:
            cache.delete(_professional_cache_key(self.user_id))

    def delete(self, *args, **kwargs):
        user_id = self.user_id
        result = super().delete(*args, **kwargs)
        if user_id:
            cache.delete(_professional_cache_key(user_id))
        return result

    def covers(self, territory) -> bool:
        """Whether the professional works where `territory` is (nationwide ones work everywhere)."""
        return self.territory_id is None or territory.path.startswith(self.territory.path)


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> CaseQuerySet:
        """Who sees a case: the professional it is assigned to; holders of the role within their
        scope, unless the case is restricted, which then only its named people see."""
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        condition = Q(professional__user=user, professional__active=True)
        if holds_solidarity_role(user):
            unrestricted = Q(restricted=False)
            if not user.is_national:
                unrestricted &= scope_condition(self.model, user)
            named = Exists(
                SolidarityCase.allowed_users.through.objects.filter(solidaritycase_id=OuterRef("pk"), user_id=user.pk)
            )
            condition |= unrestricted | (Q(restricted=True) & named)
        return self.filter(condition)


class SolidarityCase(models.Model):
    """A member or leader in need (legal, medical, social, threats…), helped until the case closes."""

    SCOPE_FIELD = "territory"

    class Kind(models.TextChoices):
        LEGAL = "juridico", _("Legal")
        MEDICAL = "medico", _("Medical")
        SOCIAL = "asistencial", _("Social assistance")
        SECURITY = "seguridad", _("Security or threats")
        OTHER = "otro", _("Other")

    @toned(LOW="secondary", MEDIUM="info", HIGH="warning", CRITICAL="danger")
    class Urgency(models.TextChoices):
        LOW = "baja", pgettext_lazy("urgency", "Low")
        MEDIUM = "media", pgettext_lazy("urgency", "Medium")
        HIGH = "alta", _("High")
        CRITICAL = "critica", _("Critical")

    @toned(OPEN="secondary", ASSIGNED="primary", FOLLOW_UP="info", CLOSED="dark")
    class Status(models.TextChoices):
        OPEN = "abierto", pgettext_lazy("solidarity case", "Open")
        ASSIGNED = "asignado", _("Assigned")
        FOLLOW_UP = "en_seguimiento", _("In follow-up")
        CLOSED = "cerrado", pgettext_lazy("solidarity case", "Closed")

    # Which specialties suit each kind of case (assigning another one needs a confirmation).
    SUITED: dict[str, tuple[str, ...]] = {
        Kind.LEGAL: (Specialty.LAWYER, Specialty.HUMAN_RIGHTS),
        Kind.MEDICAL: (Specialty.DOCTOR, Specialty.PSYCHOLOGIST),
        Kind.SOCIAL: (Specialty.SOCIAL_WORKER, Specialty.PSYCHOLOGIST),
        Kind.SECURITY: (Specialty.LAWYER, Specialty.HUMAN_RIGHTS),
        Kind.OTHER: tuple(Specialty.values),
    }

    member = models.ForeignKey(
        "militancia.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="solidarity_cases"
    )
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.MEDIUM)
    facts = models.TextField(_("what happened"))
    needs = models.TextField(_("what is needed"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    professional = models.ForeignKey(
        Professional,
        verbose_name=_("professional"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # Why a professional from outside the case's territory was assigned (required then).
    assignment_reason = models.TextField(_("reason for the assignment"), blank=True)
    restricted = models.BooleanField(
        _("restricted"), default=False, help_text=_("Only the named people and the professional see it.")
    )
    allowed_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("named people"), blank=True, related_name="+"
    )
    outcome = models.TextField(_("outcome"), blank=True)
    opened_on = models.DateField(_("opened on"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_by = user_link(_("opened by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("solidarity case")
        verbose_name_plural = _("solidarity cases")
        ordering = ["-opened_on", "-id"]
        indexes = [
            models.Index(fields=["territory", "status"], name="solidarity_case_territory"),
            models.Index(fields=["status", "-opened_on"], name="solidarity_case_status"),
        ]

    def __str__(self) -> str:
        return _("Case %(number)s") % {"number": self.number}

    @property
    def number(self) -> str:
        return f"SOL-{self.pk:05d}" if self.pk else "SOL-—"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def suits(self, professional: Professional) -> bool:
        return professional.specialty in self.SUITED.get(self.kind, ())


class CaseAction(models.Model):
    """Something done for the case, or a follow-up of how the person is, with the next step."""

    class Kind(models.TextChoices):
        ACTION = "accion", _("Action")
        FOLLOW_UP = "seguimiento", _("Follow-up")

    case = models.ForeignKey(SolidarityCase, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ACTION)
    done_on = models.DateField(_("date"))
    description = models.TextField(_("description"))
    next_step_on = models.DateField(_("next follow-up on"), null=True, blank=True)
    author = user_link(_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("case action")
        verbose_name_plural = _("case actions")
        ordering = ["done_on", "id"]

    def __str__(self) -> str:
        return f"{self.case.number} · {self.get_kind_display()} {self.done_on:%d/%m/%Y}"


class CaseHistory(StatusHistory):
    """One move of a case's status (assignments carry the professional in the note)."""

    Status = SolidarityCase.Status

    case = models.ForeignKey(SolidarityCase, on_delete=models.CASCADE, related_name="history")

    class Meta:
        verbose_name = _("case history entry")
        verbose_name_plural = _("case history")
        ordering = ["at", "id"]


def case_visible_to(case: SolidarityCase, actor) -> bool:
    """Whether `actor` sees `case`, asked of the database once per loaded case and actor: the guard
    weighs every transition of the page's buttons, and a case read through `visible_to(actor)`
    (selectors.case_get) is marked as seen by them. A move locks a fresh row, checked again."""
    seen = case.__dict__.setdefault("_visible_to", {})
    if actor.pk not in seen:
        seen[actor.pk] = SolidarityCase.objects.visible_to(actor).filter(pk=case.pk).exists()
    return seen[actor.pk]


def mark_visible_to(case: SolidarityCase, actor) -> SolidarityCase:
    """Record that `case` was read through `visible_to(actor)` (no need to ask again)."""
    case.__dict__.setdefault("_visible_to", {})[actor.pk] = True
    return case


def _case_guard(case: SolidarityCase, transition, actor) -> str | None:
    """Only those who see the case move it; assigning, closing and reopening are the secretariat's."""
    from django.utils.translation import gettext

    if actor is None:
        return None
    if not case_visible_to(case, actor):
        return gettext("This case is not among yours.")
    if transition.name in SECRETARIAT_MOVES and not holds_solidarity_role(actor):
        return gettext("Only the solidarity secretariat may take this step.")
    return None


_S = SolidarityCase.Status
SECRETARIAT_MOVES = ("assign", "close", "reopen")

# Roles are checked by the guard (the professional may hold no role at all): `roles=()`.
CASE_WORKFLOW = Workflow(
    model=SolidarityCase,
    history=CaseHistory,
    history_fk="case",
    guard=_case_guard,
    subject=lambda case: str(case),
    transitions=[
        Transition("assign", (_S.OPEN, _S.ASSIGNED, _S.FOLLOW_UP), _S.ASSIGNED, manual=False),
        Transition("follow", (_S.ASSIGNED,), _S.FOLLOW_UP, manual=False),
        Transition(
            "close",
            (_S.OPEN, _S.ASSIGNED, _S.FOLLOW_UP),
            _S.CLOSED,
            label=_("Close the case"),
            style="outline-secondary",
            needs_note=True,
        ),
        Transition("reopen", (_S.CLOSED,), _S.FOLLOW_UP, label=_("Reopen"), style="outline-secondary", needs_note=True),
    ],
)
