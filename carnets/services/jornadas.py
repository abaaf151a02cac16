"""Registration drives: create, register at the table, close with a summary PDF."""

from __future__ import annotations

import base64
import binascii
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.translation import gettext as _

from carnets.models import Card, Jornada, JornadaRegistration
from carnets.photos import clean_photo, clean_png
from carnets.services.cards import card_issue
from core.audit import audit_record
from core.models import AuditEvent

MAX_SIGNATURE_BYTES = 2 * 1024 * 1024


@transaction.atomic
def jornada_save(*, jornada: Jornada, team, actor) -> Jornada:
    creating = jornada.pk is None
    if not actor.can_reach(jornada.territory):
        raise ValidationError({"territory": [_("Territory: it is outside your territorial scope.")]})
    if creating:
        jornada.created_by = actor
    jornada.full_clean()
    jornada.save()
    jornada.team.set(team)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE, obj=jornada)
    return jornada


def decode_signature(data_url: str) -> ContentFile | None:
    """The signature drawn on screen, sent as a PNG data URL; checked like any upload."""
    if not data_url:
        return None
    prefix = "data:image/png;base64,"
    if not data_url.startswith(prefix) or len(data_url) > MAX_SIGNATURE_BYTES * 4 // 3 + len(prefix):
        raise ValidationError({"signature": [_("The signature could not be read: draw it again.")]})
    try:
        raw = base64.b64decode(data_url[len(prefix) :], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError({"signature": [_("The signature could not be read: draw it again.")]}) from exc
    return clean_png(io.BytesIO(raw), label=_("The signature"), name="firma.png", max_px=1000)


def _images(photo, signature_data: str, fingerprint) -> dict:
    """Every image checked before anything is written; errors name their field."""
    errors, images = {}, {}
    for field, upload, clean in (
        ("photo", photo, lambda f: clean_photo(f, label=_("The photo"))),
        ("fingerprint", fingerprint, lambda f: clean_png(f, label=_("The fingerprint image"), name="huella.png")),
    ):
        if upload:
            try:
                images[field] = clean(upload)
            except ValidationError as exc:
                errors[field] = exc.messages
    try:
        images["signature"] = decode_signature(signature_data)
    except ValidationError as exc:
        errors.update(exc.message_dict if hasattr(exc, "error_dict") else {"signature": exc.messages})
    if errors:
        raise ValidationError(errors)
    return {k: v for k, v in images.items() if v is not None}


@transaction.atomic
def jornada_register(
    *,
    jornada: Jornada,
    actor,
    data: dict,
    member=None,
    consent: bool,
    photo=None,
    signature_data: str = "",
    fingerprint=None,
) -> JornadaRegistration:
    """Register a person at the drive's table (new member, or update of `member`) and issue the card.

    `data` holds the member's typed fields (id_type, id_number, names, birth_date, sex, phone,
    email, address, territory). Everything is validated before the first write.
    """
    from militancia.models import Member
    from militancia.services import member_register, member_update

    jornada = Jornada.objects.select_for_update().get(pk=jornada.pk)
    if not jornada.is_open:
        raise ValidationError(_("The registration drive is closed."))
    images = _images(photo, signature_data, fingerprint)
    today = timezone.localdate()
    consent_values = {}
    if consent:
        consent_values = {
            "consent_date": today,
            "consent_channel": Member.ConsentChannel.JORNADA,
            "consent_evidence": _("Signed on screen at drive #%(id)s") % {"id": jornada.pk},
        }
    elif member is None or not member.consent_date:
        raise ValidationError({"consent": [_("The person must accept the data-processing authorization.")]})
    if member is None:
        kind = JornadaRegistration.Kind.NEW
        member = member_register(
            actor=actor,
            **data,
            **consent_values,
            photo=images.get("photo"),
            source=Member.Source.JORNADA,
            source_ref=str(jornada.pk),
        )
    else:
        kind = JornadaRegistration.Kind.UPDATED
        changes = {**data, **consent_values}
        if "photo" in images:
            changes["photo"] = images["photo"]
        member = member_update(member=member, actor=actor, data=changes)
    extra = {name: images[name] for name in ("signature", "fingerprint") if name in images}
    if extra:
        for name, content in extra.items():
            getattr(member, name).save(content.name, content, save=False)
        member.save(update_fields=list(extra))
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=member,
            changes={name: ["", getattr(member, name).name] for name in extra},
            source=AuditEvent.Source.JORNADA,
            source_ref=str(jornada.pk),
        )
    live = Card.objects.filter(member=member).live().first()
    card = (
        live if live and live.status != Card.Status.PENDING else card_issue(member=member, actor=actor, jornada=jornada)
    )
    registration = JornadaRegistration.objects.create(
        jornada=jornada, member=member, kind=kind, card=card, created_by=actor
    )
    return registration


def jornada_stats(jornada: Jornada) -> dict:
    registrations = jornada.registrations.all()
    counts = registrations.aggregate(
        new=Count("pk", filter=Q(kind=JornadaRegistration.Kind.NEW)),
        updated=Count("pk", filter=Q(kind=JornadaRegistration.Kind.UPDATED)),
    )
    cards = Card.objects.filter(jornada=jornada).aggregate(
        issued=Count("pk"),
        printed=Count("pk", filter=Q(printed_at__isnull=False)),
        delivered=Count("pk", filter=Q(status=Card.Status.DELIVERED)),
    )
    tz = timezone.get_current_timezone()
    hours = (
        registrations.annotate(hour=TruncHour("created_at", tzinfo=tz))
        .values("hour")
        .annotate(n=Count("pk"))
        .order_by("hour")
    )
    jornada_cards = Card.objects.filter(jornada=jornada)

    def per_hour(field: str) -> dict:
        return dict(
            jornada_cards.filter(**{f"{field}__isnull": False})
            .annotate(hour=TruncHour(field, tzinfo=tz))
            .values("hour")
            .annotate(n=Count("pk"))
            .values_list("hour", "n")
        )

    printed_hours, delivered_hours = per_hour("printed_at"), per_hour("delivered_at")
    registered_hours = {row["hour"]: row["n"] for row in hours}
    all_hours = sorted(set(registered_hours) | set(printed_hours) | set(delivered_hours))
    by_hour = [
        {
            "hour": timezone.localtime(hour).strftime("%d/%m %H:00"),
            "registered": registered_hours.get(hour, 0),
            "printed": printed_hours.get(hour, 0),
            "delivered": delivered_hours.get(hour, 0),
        }
        for hour in all_hours
    ]
    return {**counts, **cards, "by_hour": by_hour}


@transaction.atomic
def jornada_close(*, jornada: Jornada, actor) -> Jornada:
    """Close the drive (no more registrations) and store its summary PDF."""
    from carnets.pdf import JornadaSummary, render_jornada_summary
    from carnets.rendering import territory_label

    jornada = Jornada.objects.select_for_update().get(pk=jornada.pk)
    if not jornada.is_open:
        raise ValidationError(_("The registration drive is already closed."))
    now = timezone.now()
    stats = jornada_stats(jornada)
    summary = JornadaSummary(
        heading=_("Registration drive summary"),
        name=jornada.name,
        territory=territory_label(jornada.territory),
        place=jornada.place,
        dates=f"{jornada.starts_on:%d/%m/%Y} – {jornada.ends_on:%d/%m/%Y}",
        printer=str(jornada.printer or ""),
        team=[str(user) for user in jornada.team.all()],
        totals=[
            (_("New members registered"), stats["new"]),
            (_("Records updated"), stats["updated"]),
            (_("Cards issued"), stats["issued"]),
            (_("Cards printed"), stats["printed"]),
            (_("Cards delivered"), stats["delivered"]),
        ],
        by_hour=[(row["hour"], row["registered"]) for row in stats["by_hour"]],
        closed_by=str(actor),
        closed_at=timezone.localtime(now).strftime("%d/%m/%Y %H:%M"),
        labels={
            "territory": _("Territory"),
            "place": _("Place"),
            "dates": _("Dates"),
            "printer": _("Printer"),
            "team": _("Team"),
            "closed": _("Closed by"),
            "by_hour": _("Registrations by hour"),
        },
    )
    data = render_jornada_summary(summary)
    jornada.summary_pdf.save(f"jornada-{jornada.pk}-resumen.pdf", ContentFile(data), save=False)
    jornada.status = Jornada.Status.CLOSED
    jornada.closed_at = now
    jornada.closed_by = actor
    jornada.save(update_fields=["summary_pdf", "status", "closed_at", "closed_by"])
    audit_record(
        actor=actor,
        action=AuditEvent.Action.STATUS_CHANGE,
        obj=jornada,
        changes={"status": [Jornada.Status.OPEN, Jornada.Status.CLOSED]},
    )
    return jornada
