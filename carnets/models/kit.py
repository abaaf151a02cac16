"""The drive kit: a registration drive prepared at headquarters and worked offline on a laptop.

Central side: `DrivePackage` (what was issued for a drive, with its reserved card numbers and the
kit's sync key) and `KitSyncedRecord` (one row per record a kit pushed: pushed twice, stored once).
Kit side (KIT_MODE): `KitState` (the loaded package, one row), `KitCardNumber` (the reserved
numbers not used yet) and `KitSyncReport` (what the central server answered for each record).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import user_link
from core.scoping import ScopedManager
from core.workflow import toned


class DrivePackage(models.Model):
    """A drive package issued by the central server for one registration drive.

    The signed payload is kept encrypted at rest with the server's file key; the team lead's
    passphrase encrypts the copy handed out and is never stored. `kit_key` authenticates the
    kit's sync pushes (HMAC); the card numbers from `first_number` to `last_number` were taken
    from the national sequence for this drive only.
    """

    SCOPE_FIELD = "jornada__territory"

    @toned(BUILDING="info", READY="success", FAILED="danger", SYNCED="primary")
    class Status(models.TextChoices):
        BUILDING = "generando", _("Building")
        READY = "listo", _("Ready to download")
        FAILED = "fallido", pgettext_lazy("drive package", "Failed")
        SYNCED = "sincronizado", _("Synced")

    jornada = models.ForeignKey(
        "carnets.Jornada", verbose_name=_("registration drive"), on_delete=models.PROTECT, related_name="packages"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.BUILDING)
    package_id = models.UUIDField(_("package id"), default=uuid.uuid4, unique=True, editable=False)
    first_number = models.BigIntegerField(_("first reserved card number"))
    last_number = models.BigIntegerField(_("last reserved card number"))
    kit_key = models.CharField(_("kit key"), max_length=64, editable=False)
    issued_at = models.DateTimeField(pgettext_lazy("drive package", "issued"))
    expires_at = models.DateTimeField(_("expires"))
    member_count = models.PositiveIntegerField(_("members in the package"), default=0)
    payload = models.FileField(_("signed payload (encrypted)"), upload_to="carnets/kits/", blank=True)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = user_link(_("prepared by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_sync_at = models.DateTimeField(_("last sync"), null=True, blank=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("drive package")
        verbose_name_plural = _("drive packages")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_number__gte=models.F("first_number")), name="drivepackage_block_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.jornada_id}/{self.package_id}"

    @property
    def is_ready(self) -> bool:
        return self.status in (self.Status.READY, self.Status.SYNCED)

    @property
    def is_building(self) -> bool:
        return self.status == self.Status.BUILDING


class KitSyncedRecord(models.Model):
    """One record a kit pushed (registration, card, stock movement, audit event), by its UUID.

    The UUID is unique: a record pushed again (a retried chunk, a kit synced twice) finds its row
    and gets the same answer, so it is stored once.
    """

    SCOPE_FIELD = "package__jornada__territory"

    @toned(ACCEPTED="success", CONFLICT="warning", REJECTED="danger")
    class Outcome(models.TextChoices):
        ACCEPTED = "aceptado", pgettext_lazy("sync outcome", "Accepted")
        CONFLICT = "conflicto", _("Sent to the conflict queue")
        REJECTED = "rechazado", pgettext_lazy("sync outcome", "Rejected")

    uuid = models.UUIDField(_("record id"), unique=True)
    package = models.ForeignKey(DrivePackage, on_delete=models.PROTECT, related_name="synced")
    kind = models.CharField(_("kind"), max_length=20)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("synced kit record")
        verbose_name_plural = _("synced kit records")
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind}:{self.uuid} {self.outcome}"


class KitState(models.Model):
    """The package loaded on this laptop (KIT_MODE): one row, created by `drive_kit_load`."""

    package_id = models.UUIDField(_("package id"), unique=True)
    jornada = models.ForeignKey(
        "carnets.Jornada", verbose_name=_("registration drive"), on_delete=models.PROTECT, related_name="+"
    )
    central_jornada_id = models.PositiveIntegerField(_("drive number at headquarters"))
    kit_key = models.CharField(_("kit key"), max_length=64)
    issued_at = models.DateTimeField(pgettext_lazy("drive package", "issued"))
    expires_at = models.DateTimeField(_("expires"))
    first_number = models.BigIntegerField(_("first reserved card number"))
    last_number = models.BigIntegerField(_("last reserved card number"))
    legal_text = models.TextField(_("consent text"), blank=True)
    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    last_sync_at = models.DateTimeField(_("last sync"), null=True, blank=True)
    wiped_at = models.DateTimeField(_("personal data wiped"), null=True, blank=True)

    class Meta:
        verbose_name = _("loaded drive package")
        verbose_name_plural = _("loaded drive packages")

    def __str__(self) -> str:
        return str(self.package_id)


class KitCardNumber(models.Model):
    """A card number of the drive's reserved block not used yet (KIT_MODE)."""

    number = models.BigIntegerField(_("card number"), primary_key=True)

    class Meta:
        verbose_name = _("reserved card number")
        verbose_name_plural = _("reserved card numbers")

    def __str__(self) -> str:
        return str(self.number)


class KitSyncReport(models.Model):
    """What headquarters answered for one record this kit pushed (KIT_MODE): shown on the kit's page."""

    Outcome = KitSyncedRecord.Outcome

    uuid = models.UUIDField(_("record id"), unique=True)
    kind = models.CharField(_("kind"), max_length=20)
    outcome = models.CharField(_("outcome"), max_length=10, choices=KitSyncedRecord.Outcome.choices)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    label = models.CharField(_("record"), max_length=120, blank=True)
    answered_at = models.DateTimeField(_("answered"), auto_now=True)

    class Meta:
        verbose_name = _("kit sync answer")
        verbose_name_plural = _("kit sync answers")
        ordering = ["-answered_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind}:{self.uuid} {self.outcome}"
