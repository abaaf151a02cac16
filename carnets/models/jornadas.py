from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import user_link
from core.scoping import ScopedManager
from core.workflow import toned


class Jornada(models.Model):
    """A registration drive ("jornada de carnetización"): a team and a printer registering people on site.

    It lives in carnets (not militancia) because it issues cards and uses a printer.
    """

    SCOPE_FIELD = "territory"

    @toned(OPEN="success", CLOSED="secondary")
    class Status(models.TextChoices):
        OPEN = "abierta", pgettext_lazy("registration drive", "Open")
        CLOSED = "cerrada", pgettext_lazy("registration drive", "Closed")

    name = models.CharField(_("name"), max_length=150)
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("territory"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="+")
    printer = models.ForeignKey(
        "carnets.Printer", verbose_name=_("printer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    linked_event = models.CharField(_("linked forum or event"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = user_link(_("closed by"))
    summary_pdf = models.FileField(_("summary PDF"), upload_to="carnets/jornadas/", blank=True)
    created_by = user_link(_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("registration drive")
        verbose_name_plural = _("registration drives")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="jornada_dates_order")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class JornadaRegistration(models.Model):
    """One person attended at a drive's table: new member or updated record, and the card issued."""

    SCOPE_FIELD = "jornada__territory"

    class Kind(models.TextChoices):
        NEW = "nuevo", _("New member")
        UPDATED = "actualizado", _("Updated record")

    jornada = models.ForeignKey(
        Jornada, verbose_name=_("registration drive"), on_delete=models.CASCADE, related_name="registrations"
    )
    member = models.ForeignKey(
        "militancia.Member", verbose_name=_("member"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    card = models.ForeignKey(
        "carnets.Card", verbose_name=_("card"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = ScopedManager()

    class Meta:
        verbose_name = _("drive registration")
        verbose_name_plural = _("drive registrations")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.jornada_id}: {self.member_id} ({self.kind})"
