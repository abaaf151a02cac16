from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.scoping import ScopedManager
from core.workflow import toned
from electoral.models.geography import StagedImport


class BallotOption(models.Model):
    """A line of the ballot and of the results file: a party/list, a candidate, or blank/null/unmarked."""

    SCOPE_FIELD = "election__territory"
    SCOPE_INCLUDE_UNSET = True

    class Kind(models.TextChoices):
        PARTY = "party", _("Party or list")
        CANDIDATE = "candidate", _("Candidate")
        BLANK = "blank", _("Blank vote")
        NULL = "null", _("Null vote")
        UNMARKED = "unmarked", _("Unmarked ballot")

    VOTE_KINDS = (Kind.PARTY, Kind.CANDIDATE)

    election = models.ForeignKey("electoral.Election", on_delete=models.CASCADE, related_name="ballot_options")
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    party = models.CharField(_("party"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PARTY)
    is_own = models.BooleanField(_("our party"), default=False)
    candidate = models.ForeignKey(
        "electoral.Candidate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScopedManager()

    class Meta:
        verbose_name = _("ballot option")
        verbose_name_plural = _("ballot options")
        ordering = ["kind", "code"]
        constraints = [models.UniqueConstraint(fields=["election", "code"], name="ballot_option_code")]

    def __str__(self) -> str:
        return self.name


class TableResult(models.Model):
    """The tally of one table: votes per ballot option, totals by kind, registered voters when counted.

    `votes` is {ballot option id: votes}. One row per table (120,000 for a national election)
    rather than one per table and option (2.4 M): the official file is folded into these rows
    set-based, and the per-unit summaries unfold them with `jsonb_each`.
    """

    SCOPE_FIELD = "table__territory"
    SCOPE_INCLUDE_UNSET = True

    class Source(models.TextChoices):
        IMPORT = "import", _("Official file")
        DOUBLE_ENTRY = "double_entry", _("Double entry")

    # No index of its own: the unique (election, table) starts with it.
    election = models.ForeignKey(
        "electoral.Election", on_delete=models.CASCADE, related_name="table_results", db_index=False
    )
    table = models.ForeignKey("electoral.ElectoralUnit", on_delete=models.PROTECT, related_name="+")
    registered = models.PositiveIntegerField(default=0)
    valid = models.PositiveIntegerField(default=0)
    blank = models.PositiveIntegerField(default=0)
    null_votes = models.PositiveIntegerField(default=0)
    unmarked = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    own_votes = models.PositiveIntegerField(default=0)
    votes = models.JSONField(default=dict)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.IMPORT)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("table result")
        verbose_name_plural = _("table results")
        constraints = [models.UniqueConstraint(fields=["election", "table"], name="table_result_once")]

    def __str__(self) -> str:
        return f"{self.table_id}: {self.total}"


# The summaries' links: deleted with what they point to (in Django), but without foreign-key
# constraints, whose checks at commit (three per row, 280,000 rows for a national election)
# took 5 of a 2.4-million-row results import's 35 seconds, and without indexes of their own:
# pages read the summaries by election and unit (each unique constraint), and a unit or an
# option is deleted so rarely that one scan of the summaries then costs less than keeping an
# index on every refresh.
SUMMARY_LINK = {"on_delete": models.CASCADE, "db_constraint": False, "db_index": False}


class UnitSummary(models.Model):
    """Totals of every unit above the tables, rebuilt set-based after each import or decision.

    The analysis pages read these few rows instead of aggregating 2.4 M votes per request.
    Derived rows, written only by that refresh from a join of existing units and options: no
    database constraints (SUMMARY_LINK), Django's CASCADE still removes them with their unit.
    """

    election = models.ForeignKey("electoral.Election", related_name="+", **SUMMARY_LINK)
    unit = models.ForeignKey("electoral.ElectoralUnit", related_name="summaries", **SUMMARY_LINK)
    registered = models.PositiveBigIntegerField(default=0)
    tables = models.PositiveIntegerField(default=0)
    tables_reported = models.PositiveIntegerField(default=0)
    valid = models.PositiveBigIntegerField(default=0)
    blank = models.PositiveBigIntegerField(default=0)
    null_votes = models.PositiveBigIntegerField(default=0)
    unmarked = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    own_votes = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "unit"], name="unit_summary_once")]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.total}"


class UnitOptionSummary(models.Model):
    """Votes per ballot option for every unit above the tables (same refresh as UnitSummary)."""

    election = models.ForeignKey("electoral.Election", related_name="+", **SUMMARY_LINK)
    unit = models.ForeignKey("electoral.ElectoralUnit", related_name="+", **SUMMARY_LINK)
    option = models.ForeignKey(BallotOption, related_name="+", **SUMMARY_LINK)
    votes = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "unit", "option"], name="unit_option_once")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.option_id}: {self.votes}"


class ResultImport(StagedImport):
    """One upload of the official results file: validated as a whole, then loaded in one transaction."""

    election = models.ForeignKey("electoral.Election", on_delete=models.CASCADE, related_name="result_imports")
    file = models.FileField(_("file"), upload_to="electoral/results/%Y/%m/")
    rows = models.PositiveIntegerField(default=0)
    tables = models.PositiveIntegerField(default=0)
    error_report = models.FileField(upload_to="electoral/results/errors/%Y/%m/", blank=True)
    seconds = models.FloatField(default=0)

    class Meta(StagedImport.Meta):
        verbose_name = _("results import")
        verbose_name_plural = _("results imports")


class TallyCapture(models.Model):
    """Double entry of one table's tally sheet (acta): two different users type it from the photo.

    Equal entries are accepted as the table's result; a mismatch waits for a third user to decide.
    """

    SCOPE_FIELD = "table__territory"
    SCOPE_INCLUDE_UNSET = True

    @toned(AWAITING_SECOND="secondary", MISMATCH="warning", ACCEPTED="success")
    class Status(models.TextChoices):
        AWAITING_SECOND = "awaiting_second", pgettext_lazy("tally status", "Waiting for the second entry")
        MISMATCH = "mismatch", pgettext_lazy("tally status", "Entries differ: waiting for a decision")
        ACCEPTED = "accepted", pgettext_lazy("tally status", "Accepted")

    election = models.ForeignKey("electoral.Election", on_delete=models.CASCADE, related_name="tally_captures")
    table = models.ForeignKey(
        "electoral.ElectoralUnit", verbose_name=_("table"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.AWAITING_SECOND)
    photo = models.ImageField(_("tally-sheet photo"), upload_to="electoral/tally/%Y/%m/", blank=True)
    first_values = models.JSONField(default=dict)
    first_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    first_at = models.DateTimeField(null=True)
    second_values = models.JSONField(default=dict, blank=True)
    second_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    second_at = models.DateTimeField(null=True, blank=True)
    decided_values = models.JSONField(default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("tally double entry")
        verbose_name_plural = _("tally double entries")
        ordering = ["-first_at"]
        constraints = [models.UniqueConstraint(fields=["election", "table"], name="tally_capture_once")]

    def __str__(self) -> str:
        return f"{self.table_id} · {self.get_status_display()}"

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    @property
    def is_mismatch(self) -> bool:
        return self.status == self.Status.MISMATCH

    def differences(self) -> list[str]:
        keys = sorted(set(self.first_values) | set(self.second_values))
        return [k for k in keys if self.first_values.get(k) != self.second_values.get(k)]
