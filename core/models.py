from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import user_link
from core.personal_data_readers import reads_personal_data
from core.roles import Role, second_factor_roles
from core.tones import toned


class TerritoryQuerySet(models.QuerySet):
    def subtree(self, nodes) -> TerritoryQuerySet:
        """Every node under (and including) the given nodes: one indexed prefix match each."""
        condition = Q()
        for node in nodes:
            condition |= Q(path__startswith=node.path)
        return self.filter(condition) if condition else self.none()

    def visible_to(self, user) -> TerritoryQuerySet:
        """The user's own subtree(s); everything for national users."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_national:
            return self
        return self.subtree(user.scope_territories)

    def by_code(self, code) -> Territory | None:
        """The node with this DIVIPOLA code ("05" is Antioquia, "05001" Medellín), never a database id.

        Codes are unique within a parent; where one repeats at several levels the shallowest wins,
        which is the node a person typing the code means.
        """
        code = str(code or "").strip()
        if not code:
            return None
        return self.filter(code=code).order_by("depth", "path").first()

    def departments(self) -> TerritoryQuerySet:
        return self.filter(kind=Territory.Kind.DEPARTMENT)

    def municipalities(self) -> TerritoryQuerySet:
        return self.filter(kind=Territory.Kind.MUNICIPALITY)


class Territory(models.Model):
    """A node of the territorial tree: country → department → municipality → comuna/localidad.

    `path` is the materialized path of codes ("CO/05/05001/"), so that a whole subtree
    is one `LIKE 'CO/05/%'` on an indexed column.
    """

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        DEPARTMENT = "department", _("Department")
        MUNICIPALITY = "municipality", _("Municipality")
        LOCALITY = "locality", _("Comuna / localidad")

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False, default=0)

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "code"], name="territory_unique_code_in_parent"),
        ]
        indexes = [
            models.Index(fields=["path"], name="territory_path_like", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["kind", "name"], name="territory_kind_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = self.build_path()
        self.depth = self.path.count("/") - 1
        super().save(*args, **kwargs)

    def build_path(self) -> str:
        prefix = self.parent.path if self.parent_id else ""
        return f"{prefix}{self.code}/"

    def is_within(self, other: Territory) -> bool:
        return self.path.startswith(other.path)

    @property
    def label(self) -> str:
        """Name with its department, as staff say it: "Envigado (Antioquia)"."""
        if self.kind in (self.Kind.MUNICIPALITY, self.Kind.LOCALITY) and self.parent_id:
            return f"{self.name} ({self.parent.name})"
        return self.name


class User(AbstractUser):
    """A staff user. Roles are Django groups; `territories` is the territorial scope (empty = national)."""

    territories = models.ManyToManyField(
        Territory,
        verbose_name=_("territorial scope"),
        blank=True,
        related_name="users",
        help_text=_("Leave empty for national scope."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> set[str]:
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names

    @property
    def role_labels(self) -> list[str]:
        """The user's roles as people read them, in a stable order (for the account menu)."""
        labels = {str(Role(name).label) if name in Role.values else name for name in self.role_names}
        return sorted(labels)

    def has_role(self, *roles: Role) -> bool:
        return self.is_superuser or bool(self.role_names & {str(role.value) for role in roles})

    @property
    def scope_territories(self) -> list[Territory]:
        if not hasattr(self, "_scope_territories"):
            self._scope_territories = list(self.territories.all())
        return self._scope_territories

    @property
    def is_national(self) -> bool:
        return not self.scope_territories

    def can_reach(self, territory: Territory | None) -> bool:
        """Whether a territory falls inside this user's scope."""
        if self.is_national:
            return True
        if territory is None:
            return False
        return any(territory.path.startswith(node.path) for node in self.scope_territories)

    def requires_second_factor(self) -> bool:
        """Whether one of the user's roles is in SECOND_FACTOR_ROLES (README, "Second factor"), or
        an app says the account reads personal data without a role (core.personal_data_readers:
        a solidarity professional's account)."""
        if not settings.SECOND_FACTOR_REQUIRED:
            return False
        roles = second_factor_roles()
        if roles and self.has_role(*roles):
            return True
        return reads_personal_data(self)


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError(_("Audit events are append-only."))

    def delete(self):
        raise ValidationError(_("Audit events are append-only."))


class AuditEvent(models.Model):
    """An append-only record of something that happened to personal data or access.

    The database refuses UPDATE and DELETE on this table (trigger in migration 0002),
    so no UI, API or shell path can rewrite history; the events are hash-chained
    (core/audit_chain.py), so an edit made around the trigger is found by `audit_verify`.
    """

    # Badge tones: failed logins and rejections stand out in red, exports and downloads of personal
    # data in amber, so the audit list draws `{% status_badge value of=… %}` instead of comparing codes.
    @toned(
        LOGIN="secondary",
        LOGIN_FAILED="danger",
        LOGOUT="secondary",
        CREATE="secondary",
        UPDATE="secondary",
        DELETE="secondary",
        STATUS_CHANGE="secondary",
        EXPORT="warning",
        DOWNLOAD="warning",
        APPROVE="secondary",
        REJECT="danger",
        IMPORT="secondary",
        ROLLBACK="secondary",
        MERGE="secondary",
        ANONYMIZE="secondary",
        VIEW="secondary",
    )
    class Action(models.TextChoices):
        LOGIN = "login", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOGOUT = "logout", _("Logout")
        CREATE = "create", _("Create")
        UPDATE = "update", _("Update")
        DELETE = "delete", _("Delete")
        STATUS_CHANGE = "status_change", _("Status change")
        EXPORT = "export", _("Export")
        DOWNLOAD = "download", _("Download")
        APPROVE = "approve", _("Approval")
        REJECT = "reject", _("Rejection")
        IMPORT = "import", _("Bulk import")
        ROLLBACK = "rollback", _("Rollback")
        MERGE = "merge", _("Merge")
        ANONYMIZE = "anonymize", _("Anonymization")
        VIEW = "view", _("Sensitive view")

    class Source(models.TextChoices):
        MANUAL = "manual", _("Manual")
        ROSTER = "roster", _("Roster")
        JORNADA = "jornada", _("Registration drive")
        API = "api", _("API")
        SYSTEM = "system", _("System")
        PUBLIC = "public", _("Public form")

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("user name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, blank=True, on_delete=models.PROTECT
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.MANUAL)
    source_ref = models.CharField(_("source reference"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    message = models.CharField(_("detail"), max_length=500, blank=True)
    # The hash chain (core/audit_chain.py): written once by the sealer, never by Django.
    chain_seq = models.BigIntegerField(_("position in the chain"), null=True, blank=True, unique=True, editable=False)
    prev_hash = models.CharField(_("previous event's hash"), max_length=64, blank=True, default="", editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, default="", editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_time"),
            models.Index(fields=["id"], condition=Q(chain_seq__isnull=True), name="audit_unsealed"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_username} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Audit events are append-only."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Audit events are append-only."))

    # Personal values live in AuditPersonalValue (see core/audit.py); these resolve the
    # markers for display. Lists prefetch `personal_values` so a page costs one more query.

    @property
    def has_personal_values(self) -> bool:
        if PERSONAL_MARKER in (self.object_repr, self.message):
            return True
        return any(isinstance(values, list) and PERSONAL_MARKER in values for values in (self.changes or {}).values())

    def _personal(self) -> dict[str, AuditPersonalValue]:
        if not hasattr(self, "_personal_cache"):
            values = self.personal_values.all() if self.has_personal_values else []
            self._personal_cache = {value.field: value for value in values}
        return self._personal_cache

    def _shown(self, value, stored):
        """A marker resolves to the side-table value, or to "suppressed" once it was erased."""
        if value != PERSONAL_MARKER:
            return value
        return stored if stored is not _ERASED else ERASED_LABEL

    @property
    def shown_object_repr(self) -> str:
        stored = self._personal().get(AuditPersonalValue.OBJECT)
        return str(self._shown(self.object_repr, stored.new if stored else _ERASED))

    @property
    def shown_message(self) -> str:
        stored = self._personal().get(AuditPersonalValue.MESSAGE)
        return str(self._shown(self.message, stored.new if stored else _ERASED))

    @property
    def shown_changes(self) -> dict:
        shown = {}
        personal = self._personal()
        for field, values in (self.changes or {}).items():
            if isinstance(values, list) and PERSONAL_MARKER in values and len(values) == 2:
                stored = personal.get(field)
                old, new = (stored.old, stored.new) if stored else (_ERASED, _ERASED)
                values = [self._shown(values[0], old), self._shown(values[1], new)]
                shown[field] = [str(v) if v is ERASED_LABEL else v for v in values]
            else:
                shown[field] = values
        return shown


# Stored inline in an audit event where a personal value was: the value itself is in
# AuditPersonalValue. A plain ASCII string so the event's content stays deterministic.
PERSONAL_MARKER = "[personal]"
ERASED_LABEL = _("personal data suppressed")
_ERASED = object()


class AuditPersonalValue(models.Model):
    """The personal values of one audit event, kept beside it so they can be erased.

    The event keeps the field names and `PERSONAL_MARKER`; this row keeps the values and the
    data subject (`subject`, "<app_label>.<model>:<pk>" of the row the event is about).
    A lawful suppression deletes the subject's rows here; the event itself is never changed
    (append-only). The database refuses UPDATE on this table (migration 0004): a value is
    either kept as written or erased, never rewritten.
    """

    OBJECT = "__object__"
    MESSAGE = "__message__"

    event = models.ForeignKey(
        AuditEvent, verbose_name=_("audit event"), on_delete=models.PROTECT, related_name="personal_values"
    )
    subject = models.CharField(_("data subject"), max_length=120, db_index=True)
    field = models.CharField(_("field"), max_length=100)
    old = models.JSONField(_("old value"), null=True, blank=True)
    new = models.JSONField(_("new value"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal value of an audit event")
        verbose_name_plural = _("personal values of audit events")
        constraints = [models.UniqueConstraint(fields=["event", "field"], name="audit_personal_value_unique")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.field} ({self.subject})"


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> JobQuerySet:
        """A user follows their own jobs; national administrators follow all of them."""
        if user is None or not user.is_authenticated:
            return self.none()
        if user.has_role(Role.NATIONAL_ADMIN):
            return self
        return self.filter(created_by=user)


class Job(models.Model):
    """A background job's tracking row: the page polls it for progress.

    Tasks update `done`/`total` as they go and count their attempts, so a job that
    keeps crashing its worker is failed after `MAX_ATTEMPTS` instead of looping forever.
    """

    MAX_ATTEMPTS = 3

    @toned(QUEUED="secondary", RUNNING="primary", SUCCEEDED="success", FAILED="danger")
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=50)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    created_by = user_link(_("started by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    celery_task_id = models.CharField(max_length=64, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def is_succeeded(self) -> bool:
        return self.status == self.Status.SUCCEEDED

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED
