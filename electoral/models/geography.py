from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.scoping import ScopedQuerySet
from core.workflow import toned

PATH_WIDTH = 11  # every path segment is the zero-padded id plus "/": fixed width, so depth k is a prefix length


class ElectoralUnitQuerySet(ScopedQuerySet):
    def tables(self):
        return self.filter(kind__in=ElectoralUnit.TABLE_KINDS)

    def subtree(self, unit: ElectoralUnit):
        return self.filter(path__startswith=unit.path)


class ElectoralUnit(models.Model):
    """A node of the electoral geography (catastro), one tree generic for several countries.

    Colombia: circunscripción → department → municipality → zone → polling place → table.
    Mexico: district → section → casilla. Chile: circunscripción senatorial → district →
    comuna → polling place → table. `path` is the materialized path of zero-padded ids
    (fixed width), so a subtree is one `LIKE` and the ancestor at depth k is a prefix of
    the path: grouping 120,000 tables by any level is one scan.
    """

    SCOPE_FIELD = "territory"
    SCOPE_INCLUDE_UNSET = True  # upper levels without a territory (a national constituency) hold no personal data

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        CONSTITUENCY = "constituency", _("Constituency")
        DEPARTMENT = "department", _("Department / state / region")
        DISTRICT = "district", _("District")
        MUNICIPALITY = "municipality", _("Municipality / comuna")
        ZONE = "zone", _("Zone")
        SECTION = "section", _("Section")
        POLLING_PLACE = "polling_place", _("Polling place")
        TABLE = "table", _("Table")
        CASILLA = "casilla", _("Casilla")

    TABLE_KINDS = (Kind.TABLE, Kind.CASILLA)

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, editable=False, default="")
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_voters = models.PositiveIntegerField(_("registered voters"), default=0)
    # Tables directly below (non-zero for polling places): the coverage board reads it instead of counting.
    table_count = models.PositiveIntegerField(_("tables"), default=0, db_default=0, editable=False)
    address = models.CharField(_("address"), max_length=250, blank=True)
    is_priority = models.BooleanField(_("priority"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ElectoralUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("electoral unit")
        verbose_name_plural = _("electoral units")
        ordering = ["path"]
        indexes = [
            models.Index(fields=["path"], name="eunit_path_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["parent", "kind"], name="eunit_parent_kind"),
            models.Index(fields=["territory", "kind"], name="eunit_territory_kind"),
            models.Index(
                fields=["path"],
                name="eunit_places",
                opclasses=["varchar_pattern_ops"],
                condition=models.Q(table_count__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and self.is_table and self.parent_id:
            type(self).objects.filter(pk=self.parent_id).update(table_count=models.F("table_count") + 1)
        path = self.build_path()
        if path != self.path:
            self.path, self.depth = path, path.count("/") - 1
            type(self).objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.pk:010d}/"

    @property
    def is_table(self) -> bool:
        return self.kind in self.TABLE_KINDS

    def ancestor_ids(self) -> list[int]:
        return [int(part) for part in self.path.strip("/").split("/") if part]


class OwnImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """National users follow every import; others follow the imports they started."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self if user.is_national else self.filter(created_by=user)


class StagedImport(models.Model):
    """What every uploaded table of the electoral app keeps: the mapping step, status, job, errors."""

    @toned(QUEUED="secondary", MAPPING="info", RUNNING="primary", FAILED="danger", DONE="success")
    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("import status", "Queued")
        MAPPING = "mapping", pgettext_lazy("import status", "Waiting for the columns")
        RUNNING = "running", pgettext_lazy("import status", "Running")
        FAILED = "failed", pgettext_lazy("import status", "Refused: see the error report")
        DONE = "done", pgettext_lazy("import status", "Imported")

    original_name = models.CharField(max_length=255, blank=True)
    mapping = models.JSONField(default=dict, blank=True)  # label → header, shown on the import page
    # The mapping step: the header row found, a few rows under it, and the columns the user
    # confirmed (field → column index). Web uploads always stop to ask (`ask_columns`).
    ask_columns = models.BooleanField(default=False)
    header_line = models.PositiveIntegerField(default=0)
    headers = models.JSONField(default=list, blank=True)
    sample = models.JSONField(default=list, blank=True)
    columns = models.JSONField(default=dict, blank=True)
    notices = models.JSONField(default=list, blank=True)  # what the import left untouched, and why
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error_count = models.PositiveIntegerField(default=0)
    error_message = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnImportQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} #{self.pk}"

    @property
    def is_mapping(self) -> bool:
        return self.status == self.Status.MAPPING

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED


class GeographyImport(StagedImport):
    """One upload of the electoral geography (catastro): background job, progress, error report."""

    file = models.FileField(_("file"), upload_to="electoral/geography/%Y/%m/")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    error_report = models.FileField(upload_to="electoral/geography/errors/%Y/%m/", blank=True)

    class Meta(StagedImport.Meta):
        verbose_name = _("geography import")
        verbose_name_plural = _("geography imports")
