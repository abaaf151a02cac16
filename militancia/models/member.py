from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.fields import user_link
from core.scoping import ScopedManager, ScopedQuerySet
from core.workflow import StatusHistory, Transition, Workflow, toned
from militancia.identity import IdType, fold, search_name


class MemberQuerySet(ScopedQuerySet):
    def search(self, text: str) -> MemberQuerySet:
        """Accent- and case-insensitive name search: every word must start a word of the name.

        Uses the GIN-indexed tsvector built from `search_name` ("simple" config: no stemming,
        no stop words), so "jose perez" finds "José Pérez Gómez" among millions.
        """
        words = [word for word in fold(text).replace(":", " ").replace("&", " ").split() if word.isalnum()]
        if not words:
            return self.none()
        query = " & ".join(f"{word}:*" for word in words)
        return self.filter(search_vector=SearchQuery(query, search_type="raw", config="simple"))

    def active(self) -> MemberQuerySet:
        return self.filter(status=Member.Status.ACTIVE)


class Member(models.Model):
    """A party member ("militante"), keyed by document type and number.

    Affiliation to a party is sensitive personal data (Ley 1581 de 2012): every read path is
    scoped by territory, every change is audited, and a resignation is a status, never a delete.
    """

    SCOPE_FIELD = "territory"

    @toned(ACTIVE="success", SUSPENDED="warning", RESIGNED="secondary", DECEASED="secondary", EXPELLED="secondary")
    class Status(models.TextChoices):
        ACTIVE = "activo", _("Active")
        SUSPENDED = "suspendido", _("Suspended")
        RESIGNED = "renuncio", _("Resigned")
        DECEASED = "fallecido", _("Deceased")
        EXPELLED = "expulsado", _("Expelled")

    class Sex(models.TextChoices):
        FEMALE = "F", _("Female")
        MALE = "M", _("Male")
        OTHER = "X", _("Other / not stated")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Manual")
        ROSTER = "roster", _("Roster")
        JORNADA = "jornada", _("Registration drive")
        API = "api", _("API")

    class ConsentChannel(models.TextChoices):
        PAPER = "paper", _("Signed paper form")
        JORNADA = "jornada", _("Signed on screen at a registration drive")
        WEB = "web", _("Web form")
        OTHER = "other", _("Other")

    id_type = models.CharField(_("document type"), max_length=5, choices=IdType.choices, default=IdType.CC)
    id_number = models.CharField(_("document number"), max_length=20)
    first_names = models.CharField(_("first names"), max_length=120)
    last_names = models.CharField(_("last names"), max_length=120)
    search_name = models.CharField(_("search name"), max_length=250, editable=False, default="")
    search_vector = models.GeneratedField(
        expression=SearchVector("search_name", config="simple"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    # No index of its own: member_territory_status (territory, status) starts with it and serves
    # every lookup by territory; a second one only costs each insert and update (roster imports).
    territory = models.ForeignKey(
        "core.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="members",
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    joined_on = models.DateField(_("joined on"), db_index=True)

    source = models.CharField(_("origin"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField(_("origin reference"), max_length=40, blank=True)

    consent_date = models.DateField(_("data-processing authorization date"), null=True, blank=True)
    consent_channel = models.CharField(
        _("authorization channel"), max_length=10, choices=ConsentChannel.choices, blank=True
    )
    consent_evidence = models.CharField(
        _("authorization evidence"),
        max_length=250,
        blank=True,
        help_text=_("Where the signed authorization is kept (box, file, folder) or its reference."),
    )
    consent_file = models.FileField(_("authorization file"), upload_to="consent/%Y/%m/", blank=True)

    photo = models.ImageField(_("photo"), upload_to="members/photos/%Y/%m/", blank=True)
    signature = models.ImageField(_("signature"), upload_to="members/signatures/%Y/%m/", blank=True)
    fingerprint = models.ImageField(_("fingerprint"), upload_to="members/fingerprints/%Y/%m/", blank=True)

    has_card = models.BooleanField(_("has card"), default=False, db_index=True)
    has_open_claim = models.BooleanField(_("habeas-data claim in progress"), default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # member_merged_into below: only the few merged members are indexed
    )
    anonymized_at = models.DateTimeField(_("anonymized"), null=True, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Who last wrote the row: bookkeeping (the audit trail is the record), never searched by.
    # No index and no database constraint: with them a roster import of 100,000 members paid
    # about a second for 200,000 foreign-key checks against one user row and two indexes of
    # one repeated key (bench/bench_roster.py). Accounts are deactivated, not deleted; when one
    # is, Django's SET_NULL still empties these fields (one scan of the table).
    created_by = user_link(_("created by"), db_index=False, db_constraint=False)
    updated_by = user_link(_("updated by"), db_index=False, db_constraint=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            # id_number first: lookups by number alone (API, rosters) use this index.
            models.UniqueConstraint(fields=["id_number", "id_type"], name="member_unique_document"),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="member_search_vector"),
            models.Index(fields=["territory", "status"], name="member_territory_status"),
            models.Index(fields=["search_name", "birth_date"], name="member_name_birth"),
            models.Index(fields=["created_at"], name="member_created"),
            models.Index(
                fields=["merged_into"], name="member_merged_into", condition=models.Q(merged_into__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.id_type} {self.id_number})"

    def save(self, *args, **kwargs):
        self.search_name = search_name(self.first_names, self.last_names)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_names", "last_names"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_names} {self.last_names}".strip()

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def status_frozen_reason(self) -> str:
        """Why this record's status can no longer change, or "" when it can."""
        if self.merged_into_id:
            return gettext("This record was merged into another one; change the status there.")
        if self.anonymized_at:  # suppressed: the record stays as it was left, with no new history
            return gettext("This record was anonymized; its status no longer changes.")
        return ""


class MemberStatusChange(StatusHistory):
    """One dated move of a member's status, with its reason (`note`): the status history."""

    SCOPE_FIELD = "member__territory"
    Status = Member.Status

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="status_changes"
    )
    effective_date = models.DateField(_("effective date"))

    objects = ScopedManager()

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.from_status} → {self.to_status}"


_M = Member.Status

# A deceased member's record is closed. A resignation is a status, never a delete. The service
# (`member_change_status`) checks the reason and the effective date.
MEMBER_WORKFLOW = Workflow(
    model=Member,
    history=MemberStatusChange,
    history_fk="member",
    subject=lambda member: str(_("The member")),
    transitions=[
        Transition("reactivate", (_M.SUSPENDED, _M.RESIGNED, _M.EXPELLED), _M.ACTIVE, system=True),
        Transition("suspend", (_M.ACTIVE,), _M.SUSPENDED, system=True),
        Transition("resign", (_M.ACTIVE, _M.SUSPENDED), _M.RESIGNED, system=True),
        Transition("decease", (_M.ACTIVE, _M.SUSPENDED, _M.RESIGNED, _M.EXPELLED), _M.DECEASED, system=True),
        Transition("expel", (_M.ACTIVE, _M.SUSPENDED), _M.EXPELLED, system=True),
    ],
)


class DuplicateCandidate(models.Model):
    """A pair of members that are probably the same person, waiting for a decision."""

    SCOPE_FIELD = "member_a__territory"

    class Reason(models.TextChoices):
        NAME_AND_BIRTH = "name_birth", _("Same name and birth date")
        SIMILAR_NUMBER = "similar_number", _("Same name, ID number differs by one digit")
        PHONE_OR_EMAIL = "contact", _("Same name and phone or e-mail")

    @toned(PENDING="warning", MERGED="success", DISTINCT="secondary")
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        MERGED = "merged", _("Merged")
        DISTINCT = "distinct", _("Different people")

    member_a = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    member_b = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    decided_by = user_link(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["member_a", "member_b"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=models.Q(member_a__lt=models.F("member_b")), name="duplicate_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_a_id} ~ {self.member_b_id}"
