"""Field work: contacts who are not (yet) members, anonymous tallies, canvassing campaigns, turfs,
walk/call lists checked out to volunteers, and the attempts recorded from a phone."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import optional_territory, user_link
from core.scoping import ScopedManager, ScopedQuerySet
from core.workflow import toned
from militancia.fields import optional_member
from militancia.identity import IdType


@toned(
    UNKNOWN="secondary",
    STRONG_SUPPORTER="success",
    SUPPORTER="success",
    UNDECIDED="warning",
    OPPONENT="danger",
    STRONG_OPPONENT="danger",
)
class SupportLevel(models.IntegerChoices):
    """1 strong supporter … 5 strong opponent; 0 when nobody knows yet."""

    UNKNOWN = 0, pgettext_lazy("support level", "Unknown")
    STRONG_SUPPORTER = 1, pgettext_lazy("support level", "1 · Strong supporter")
    SUPPORTER = 2, pgettext_lazy("support level", "2 · Leaning supporter")
    UNDECIDED = 3, pgettext_lazy("support level", "3 · Undecided")
    OPPONENT = 4, pgettext_lazy("support level", "4 · Leaning opponent")
    STRONG_OPPONENT = 5, pgettext_lazy("support level", "5 · Strong opponent")


SUPPORTERS = (SupportLevel.STRONG_SUPPORTER, SupportLevel.SUPPORTER)
OPPONENTS = (SupportLevel.OPPONENT, SupportLevel.STRONG_OPPONENT)


class ContactQuerySet(ScopedQuerySet):
    def supporters(self):
        return self.filter(support_level__in=SUPPORTERS)


class Contact(models.Model):
    """A person known to the campaign who is not necessarily a member.

    Political leaning is sensitive data: a contact exists only with the person's recorded consent
    to be contacted (channel and date, a check constraint); without it the canvasser increments an
    anonymous `SupportTally` instead and nothing personal is kept. A contact who is or becomes a
    member points at the member (never a second copy of the person).
    """

    SCOPE_FIELD = "territory"
    SupportLevel = SupportLevel  # for templates: {% status_badge c.support_level of=c.SupportLevel %}

    class Source(models.TextChoices):
        CANVASS = "canvass", _("Door-to-door or phone canvassing")
        EVENT = "event", _("Event or meeting")
        REFERRAL = "referral", _("Referred by a member")
        SOCIAL = "social", _("Social media or web")
        OTHER = "other", _("Other")

    class ConsentChannel(models.TextChoices):
        PAPER = "paper", _("Signed paper form")
        VERBAL = "verbal", _("Verbal, recorded by the canvasser")
        PHONE = "phone", _("Phone call (recorded)")
        DIGITAL = "digital", _("Web form or message")

    id_type = models.CharField(_("document type"), max_length=5, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("document number"), max_length=20, blank=True)
    first_names = models.CharField(_("first names"), max_length=120)
    last_names = models.CharField(_("last names"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    polling_place = models.ForeignKey(
        "electoral.ElectoralUnit",
        verbose_name=_("polling place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    support_level = models.PositiveSmallIntegerField(
        _("support level"), choices=SupportLevel.choices, default=SupportLevel.UNKNOWN
    )
    tags = ArrayField(models.CharField(max_length=40), verbose_name=_("tags"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.CANVASS)
    consent_channel = models.CharField(_("consent channel"), max_length=10, choices=ConsentChannel.choices)
    consent_date = models.DateField(_("consent date"))
    consent_evidence = models.CharField(_("consent evidence"), max_length=250, blank=True)
    member = optional_member(related_name="campaign_contacts")
    created_by = user_link(_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["last_names", "first_names", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(consent_channel=""),
                name="contact_needs_consent",
                violation_error_message=_("A contact is stored only with the person's consent to be contacted."),
            ),
            models.UniqueConstraint(
                fields=["id_type", "id_number"],
                condition=~Q(id_number=""),
                name="contact_document_once",
                violation_error_message=_("A contact with this document already exists."),
            ),
            models.UniqueConstraint(fields=["member"], condition=Q(member__isnull=False), name="contact_member_once"),
        ]
        indexes = [
            models.Index(fields=["territory", "support_level"], name="contact_territory_level"),
            models.Index(fields=["polling_place", "support_level"], name="contact_place_level"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_names}".strip()

    @property
    def is_supporter(self) -> bool:
        return self.support_level in SUPPORTERS

    @property
    def is_opponent(self) -> bool:
        return self.support_level in OPPONENTS


class SupportTally(models.Model):
    """Anonymous count of people of one support level at a polling place or table: what a canvasser
    keeps when the person did not consent ("3 simpatizantes, 1 opositor en la mesa 12")."""

    SCOPE_FIELD = "territory"

    unit = models.ForeignKey(
        "electoral.ElectoralUnit", verbose_name=_("polling place or table"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    support_level = models.PositiveSmallIntegerField(_("support level"), choices=SupportLevel.choices)
    count = models.PositiveIntegerField(_("people"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("anonymous tally")
        verbose_name_plural = _("anonymous tallies")
        constraints = [models.UniqueConstraint(fields=["unit", "support_level"], name="tally_once_per_level")]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.get_support_level_display()} · {self.count}"


class Campaign(models.Model):
    """A canvassing campaign, door-to-door or by phone, with its script (the fixed questions plus
    the issues the canvasser may tick) and how long a volunteer keeps a list."""

    SCOPE_FIELD = "territory"
    SCOPE_INCLUDE_UNSET = True  # a national campaign holds no personal data itself; its turfs are scoped

    class Kind(models.TextChoices):
        DOOR = "door", _("Door to door")
        PHONE = "phone", _("Phone")

    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.DOOR)
    territory = optional_territory(_("Leave empty for a national campaign."))
    election = models.ForeignKey(
        "electoral.Election",
        verbose_name=_("election"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    intro = models.TextField(_("script introduction"), blank=True)
    issues = ArrayField(
        models.CharField(max_length=60), verbose_name=_("issues to ask about"), default=list, blank=True
    )
    checkout_days = models.PositiveSmallIntegerField(_("days a volunteer keeps a list"), default=3)
    list_size = models.PositiveSmallIntegerField(_("contacts per list"), default=25)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = user_link(_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("canvassing campaign")
        verbose_name_plural = _("canvassing campaigns")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(checkout_days__gte=1), name="campaign_checkout_days"),
            models.CheckConstraint(condition=Q(list_size__gte=1), name="campaign_list_size"),
        ]

    def __str__(self) -> str:
        return self.name


class Turf(models.Model):
    """The area a campaign works: a territory, optionally narrowed to a polling place or section,
    with the number of contacts it aims to reach."""

    SCOPE_FIELD = "territory"

    campaign = models.ForeignKey(Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="turfs")
    name = models.CharField(_("name"), max_length=160)
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "electoral.ElectoralUnit",
        verbose_name=_("polling place or section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_count = models.PositiveIntegerField(_("target (contacts reached)"), default=100)
    created_by = user_link(_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("turf")
        verbose_name_plural = _("turfs")
        ordering = ["campaign", "name", "id"]

    def __str__(self) -> str:
        return self.name


class WalkListQuerySet(ScopedQuerySet):
    def checked_out(self, now=None):
        """Lists a volunteer holds now: assigned and not past their due time (expiry is lazy)."""
        return self.filter(volunteer__isnull=False, completed_at__isnull=True, due_at__gt=now or timezone.now())

    def in_pool(self, now=None):
        """Lists anyone may take: never assigned, or whose checkout expired (an expired list returns)."""
        now = now or timezone.now()
        return self.filter(completed_at__isnull=True).filter(Q(volunteer__isnull=True) | Q(due_at__lte=now))

    def of_volunteer(self, user, now=None):
        return self.checked_out(now).filter(volunteer=user)


@toned(AVAILABLE="secondary", CHECKED_OUT="primary", EXPIRED="warning", COMPLETED="success")
class ListState(models.TextChoices):
    AVAILABLE = "available", pgettext_lazy("walk list", "Available")
    CHECKED_OUT = "checked_out", pgettext_lazy("walk list", "Checked out")
    EXPIRED = "expired", pgettext_lazy("walk list", "Expired (back in the pool)")
    COMPLETED = "completed", pgettext_lazy("walk list", "Completed")


class WalkList(models.Model):
    """A walk or call list cut from a turf and checked out to one volunteer for the campaign's days.

    Expiry is lazy: a list whose `due_at` has passed is back in the pool for every query
    (`in_pool`, `checked_out`), and the volunteer can no longer record on it; the next checkout
    overwrites the volunteer and due date. No beat task is needed for correctness.
    """

    SCOPE_FIELD = "turf__territory"

    turf = models.ForeignKey(Turf, verbose_name=_("turf"), on_delete=models.CASCADE, related_name="lists")
    number = models.PositiveIntegerField(_("number"))
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("volunteer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="walk_lists",
    )
    checked_out_at = models.DateTimeField(_("checked out"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    contacts = models.ManyToManyField(Contact, through="ListEntry", related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = WalkListQuerySet.as_manager()

    class Meta:
        verbose_name = _("walk list")
        verbose_name_plural = _("walk lists")
        ordering = ["turf", "number"]
        constraints = [models.UniqueConstraint(fields=["turf", "number"], name="walklist_number_once")]
        indexes = [models.Index(fields=["volunteer", "due_at"], name="walklist_volunteer_due")]

    def __str__(self) -> str:
        return f"{self.turf.name} · {self.number}"

    @property
    def status(self) -> str:
        if self.completed_at:
            return ListState.COMPLETED
        if self.volunteer_id is None:
            return ListState.AVAILABLE
        if self.due_at and self.due_at <= timezone.now():
            return ListState.EXPIRED
        return ListState.CHECKED_OUT

    @property
    def is_expired(self) -> bool:
        return self.status == ListState.EXPIRED

    def checkout_until(self, now) -> timedelta:
        return now + timedelta(days=self.turf.campaign.checkout_days)


class ListEntry(models.Model):
    """One contact on a list, in walking order."""

    SCOPE_FIELD = "walk_list__turf__territory"

    walk_list = models.ForeignKey(WalkList, on_delete=models.CASCADE, related_name="entries")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="list_entries")
    position = models.PositiveIntegerField()

    objects = ScopedManager()

    class Meta:
        ordering = ["walk_list", "position"]
        constraints = [models.UniqueConstraint(fields=["walk_list", "contact"], name="listentry_once")]

    def __str__(self) -> str:
        return f"{self.walk_list_id} · {self.position}"


class Attempt(models.Model):
    """One knock or call: not home, refused, or talked (with the script's answers).

    `client_uuid` is generated by the phone before the first try: a retried request after a
    dropped connection is stored once.
    """

    SCOPE_FIELD = "walk_list__turf__territory"

    @toned(NOT_HOME="secondary", REFUSED="danger", TALKED="success")
    class Result(models.TextChoices):
        NOT_HOME = "not_home", _("Not home / no answer")
        REFUSED = "refused", _("Refused")
        TALKED = "talked", _("Talked")

    client_uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    walk_list = models.ForeignKey(WalkList, verbose_name=_("list"), on_delete=models.CASCADE, related_name="attempts")
    contact = models.ForeignKey(Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="attempts")
    volunteer = user_link(_("volunteer"))
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    support_level = models.PositiveSmallIntegerField(
        _("support level"), choices=SupportLevel.choices, null=True, blank=True
    )
    issues = ArrayField(models.CharField(max_length=60), verbose_name=_("issues"), default=list, blank=True)
    wants_to_volunteer = models.BooleanField(_("wants to volunteer"), null=True, blank=True)
    wants_card = models.BooleanField(_("wants a membership card"), null=True, blank=True)
    needs_ride = models.BooleanField(_("needs a ride on election day"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded on the phone"))
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("canvassing attempt")
        verbose_name_plural = _("canvassing attempts")
        ordering = ["-recorded_at", "-id"]
        indexes = [
            models.Index(fields=["walk_list", "contact"], name="attempt_list_contact"),
            models.Index(fields=["contact"], name="attempt_contact"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="talked") | Q(support_level__isnull=True), name="attempt_answers_only_if_talked"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_result_display()} · {self.recorded_at:%Y-%m-%d}"
