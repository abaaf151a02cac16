"""Social organizations the party relates with (juntas, unions, brigades, CESCO, cooperatives…),
the work fronts that coordinate them, the party members who belong to or lead them, the
relationship's notes and activities, and the organizations' own elections the party supports."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import optional_territory, user_link
from core.scoping import ScopedManager
from core.workflow import Transition, Workflow, reach_guard, toned
from militancia.fields import optional_member
from social_orgs.roles import ELECTION_HANDLERS


class WorkFront(models.Model):
    """A department of work by front or theme (youth, women, unions, environment…): the
    secretariat constitutes and coordinates them; organizations are grouped under them."""

    SCOPE_FIELD = "territory"
    SCOPE_INCLUDE_UNSET = True

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    territory = optional_territory(_("Empty: a national front."))
    coordinator = optional_member(related_name="coordinated_fronts")
    active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("work front")
        verbose_name_plural = _("work fronts")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class SocialOrganization(models.Model):
    """A social organization of a territory, with its contact and the fronts it works on."""

    SCOPE_FIELD = "territory"

    class Kind(models.TextChoices):
        COMMUNITY_BOARD = "junta", _("Community action board / neighbours' board")
        UNION = "sindicato", _("Trade union")
        BRIGADE = "brigada", _("Brigade")
        CESCO = "cesco", _("CESCO")
        COOPERATIVE = "cooperativa", _("Cooperative")
        ASSOCIATION = "asociacion", _("Association")
        OTHER = "otra", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    description = models.TextField(_("description"), blank=True)
    fronts = models.ManyToManyField(WorkFront, verbose_name=_("work fronts"), blank=True, related_name="organizations")
    active = models.BooleanField(_("active"), default=True)
    created_by = user_link(_("registered by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("social organization")
        verbose_name_plural = _("social organizations")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["territory", "kind"], name="social_org_territory_kind")]

    def __str__(self) -> str:
        return self.name


class OrganizationMember(models.Model):
    """A party member who belongs to, or leads, an organization."""

    SCOPE_FIELD = "organization__territory"

    class Role(models.TextChoices):
        MEMBER = "miembro", _("Member of the organization")
        LEADER = "dirigente", _("Leader")

    organization = models.ForeignKey(SocialOrganization, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(
        "militancia.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="social_organizations"
    )
    role = models.CharField(_("role in the organization"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    position = models.CharField(_("position held"), max_length=120, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    added_by = user_link(_("added by"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("organization member")
        verbose_name_plural = _("organization members")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "member"], name="social_org_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} · {self.member_id}"


class OrganizationActivity(models.Model):
    """A note on the relationship, a meeting or an activity with the organization."""

    SCOPE_FIELD = "organization__territory"

    class Kind(models.TextChoices):
        NOTE = "nota", _("Relationship note")
        MEETING = "reunion", _("Meeting")
        ACTIVITY = "actividad", _("Joint activity")

    organization = models.ForeignKey(SocialOrganization, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    front = models.ForeignKey(
        WorkFront, verbose_name=_("work front"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = user_link(_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return self.title


class OrganizationElection(models.Model):
    """An internal election of an organization (its board, its delegates) that the party supports."""

    SCOPE_FIELD = "organization__territory"

    @toned(PLANNED="primary", HELD="success", CANCELLED="secondary")
    class Status(models.TextChoices):
        PLANNED = "prevista", _("Planned")
        HELD = "realizada", pgettext_lazy("organization election", "Held")
        CANCELLED = "cancelada", _("Cancelled")

    organization = models.ForeignKey(SocialOrganization, on_delete=models.CASCADE, related_name="elections")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    party_support = models.BooleanField(_("supported by the party"), default=False)
    support_notes = models.TextField(_("how the party supports it"), blank=True)
    result_notes = models.TextField(_("result"), blank=True)
    created_by = user_link(_("registered by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("organization election")
        verbose_name_plural = _("organization elections")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    @property
    def is_planned(self) -> bool:
        return self.status == self.Status.PLANNED


class ElectionPosition(models.Model):
    """A position to be filled in the election (president, treasurer, delegates…)."""

    SCOPE_FIELD = "election__organization__territory"

    election = models.ForeignKey(OrganizationElection, on_delete=models.CASCADE, related_name="positions")
    name = models.CharField(pgettext_lazy("office", "position"), max_length=120)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    requires_member = models.BooleanField(
        _("candidates must be party members"),
        default=False,
        help_text=_("The party only backs members for this position."),
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = pgettext_lazy("office", "position")
        verbose_name_plural = _("positions")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["election", "name"], name="social_org_position_once")]

    def __str__(self) -> str:
        return self.name


class ElectionCandidate(models.Model):
    """A candidate for a position: a party member (linked) or, where allowed, another person."""

    SCOPE_FIELD = "position__election__organization__territory"

    position = models.ForeignKey(ElectionPosition, on_delete=models.CASCADE, related_name="candidates")
    member = optional_member(related_name="organization_candidacies")
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Only for a candidate who is not a member.")
    )
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    elected = models.BooleanField(_("elected"), default=False)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["position_id", "-votes", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "member"],
                condition=models.Q(member__isnull=False),
                name="social_org_candidate_once",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.member.full_name if self.member_id else self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.position_id and self.position.requires_member and self.member_id is None:
            raise ValidationError(
                {
                    "member": _("Member: the position «%(position)s» requires a party member as candidate.")
                    % {"position": self.position.name}
                }
            )
        if self.member_id is None and not self.name.strip():
            raise ValidationError({"name": _("Name: write the candidate's name, or link a member.")})


_E = OrganizationElection.Status

ELECTION_WORKFLOW = Workflow(
    model=OrganizationElection,
    history=None,
    history_fk="election",
    guard=reach_guard(lambda election: election.organization.territory),
    transitions=[
        Transition("hold", (_E.PLANNED,), _E.HELD, ELECTION_HANDLERS, manual=False),
        Transition(
            "cancel", (_E.PLANNED,), _E.CANCELLED, ELECTION_HANDLERS, _("Cancel the election"), "outline-secondary"
        ),
    ],
    lock_related=("organization__territory",),
)
