"""Registration drives: create, register at the table, close with a summary PDF."""

from __future__ import annotations

import base64
import binascii
import io
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.translation import gettext as _

from carnets.models import Card, Jornada, JornadaRegistration, Printer
from carnets.photos import clean_photo, clean_png
from carnets.roles import CARD_WORKERS
from carnets.services.cards import card_issue
from core.audit import audit_record
from core.models import AuditEvent
from core.permissions import ensure_reach, ensure_role

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.core.files import File

    from core.models import User
    from militancia.models import Member

MAX_SIGNATURE_BYTES = 2 * 1024 * 1024


@transaction.atomic
def jornada_save(*, jornada: Jornada, team: Iterable[User], actor: User) -> Jornada:
    ensure_role(actor, CARD_WORKERS, _("organize registration drives"))
    if jornada.pk is not None:
        ensure_reach(actor, Jornada.objects.select_related("territory").get(pk=jornada.pk))
    creating = jornada.pk is None
    if not actor.can_reach(jornada.territory):
        raise ValidationError({"territory": [_("Territory: it is outside your territorial scope.")]})
    outsiders = []
    for user in team:
        if not user.has_role(*CARD_WORKERS):
            outsiders.append(
                _("Team: %(user)s cannot use the drive's table (it needs the card team role).") % {"user": user}
            )
        elif not user.can_reach(jornada.territory):
            outsiders.append(
                _("Team: %(user)s cannot work at this drive; their territorial scope does not include %(place)s.")
                % {"user": user, "place": jornada.territory.name}
            )
    if outsiders:
        raise ValidationError({"team": outsiders})
    if creating:
        jornada.created_by = actor
    jornada.full_clean()
    jornada.save()
    jornada.team.set(team)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE, obj=jornada)
    return jornada


DATA_URL_PREFIXES = {"image/png": "data:image/png;base64,", "image/jpeg": "data:image/jpeg;base64,"}


def _decode_data_url(data_url: str, *, kinds: tuple[str, ...], message: str) -> io.BytesIO | None:
    """The bytes of an image sent back as a data URL (size-capped); None when empty."""
    if not data_url:
        return None
    prefix = next((DATA_URL_PREFIXES[k] for k in kinds if data_url.startswith(DATA_URL_PREFIXES[k])), None)
    if prefix is None or len(data_url) > MAX_SIGNATURE_BYTES * 4 // 3 + len(prefix):
        raise ValidationError(message)
    try:
        return io.BytesIO(base64.b64decode(data_url[len(prefix) :], validate=True))
    except (binascii.Error, ValueError) as exc:
        raise ValidationError(message) from exc


def _decode_signature(data_url: str) -> ContentFile | None:
    """The signature drawn on screen, sent as a PNG data URL; checked like any upload."""
    message = _("The signature could not be read: draw it again.")
    try:
        raw = _decode_data_url(data_url, kinds=("image/png",), message=message)
    except ValidationError as exc:
        raise ValidationError({"signature": [message]}) from exc
    if raw is None:
        return None
    return clean_png(raw, label=_("The signature"), name="firma.png", max_px=1000)


def to_data_url(*, content: ContentFile) -> str:
    """A checked capture as a data URL, so a page re-rendered after an error can send it again."""
    kind = "image/jpeg" if content.name.endswith(".jpg") else "image/png"
    content.seek(0)
    return DATA_URL_PREFIXES[kind] + base64.b64encode(content.read()).decode()


def check_captures(
    *,
    photo: File | None = None,
    photo_data: str = "",
    signature_data: str = "",
    fingerprint: File | None = None,
    fingerprint_data: str = "",
) -> tuple[dict, dict]:
    """(images, errors): every capture checked by content, nothing written.

    A new upload wins over a capture kept from a previous, failed submission (`*_data`, a data
    URL the page sends back), so the person is not asked to sign or scan a finger again because
    another field was wrong.
    """
    errors, images = {}, {}
    unreadable = {
        "photo": _("The photo kept from the previous attempt could not be read: take it again."),
        "fingerprint": _("The fingerprint kept from the previous attempt could not be read: scan it again."),
    }
    for field, upload, kept, kinds, clean in (
        ("photo", photo, photo_data, ("image/jpeg", "image/png"), lambda f: clean_photo(f, label=_("The photo"))),
        (
            "fingerprint",
            fingerprint,
            fingerprint_data,
            ("image/png",),
            lambda f: clean_png(f, label=_("The fingerprint image"), name="huella.png"),
        ),
    ):
        try:
            if not upload:
                upload = _decode_data_url(kept, kinds=kinds, message=unreadable[field])
            if upload:
                upload.seek(0)
                images[field] = clean(upload)
        except ValidationError as exc:
            errors[field] = exc.messages
    try:
        images["signature"] = _decode_signature(signature_data)
    except ValidationError as exc:
        errors.update(exc.message_dict if hasattr(exc, "error_dict") else {"signature": exc.messages})
    return {k: v for k, v in images.items() if v is not None}, errors


def consent_errors(*, consent: bool, has_signature: bool, member: Member | None = None) -> dict:
    """The authorization at a drive is signed on screen: accepted only with the person's signature."""
    if consent and not has_signature:
        return {
            "signature": [
                _(
                    "Signature: the data-processing authorization is signed on screen; "
                    "ask the person to sign in the signature box."
                )
            ]
        }
    if not consent and (member is None or not member.consent_date):
        return {"consent": [_("The person must accept the data-processing authorization.")]}
    return {}


def consent_evidence(*, jornada_id: int, images: dict) -> str:
    """What was captured at the table, and only that."""
    yes, no = _("yes"), _("no")
    return _(
        "Accepted at drive #%(id)s: signature on screen: %(signature)s; fingerprint: %(fingerprint)s; photo: %(photo)s"
    ) % {
        "id": jornada_id,
        "signature": yes if "signature" in images else no,
        "fingerprint": yes if "fingerprint" in images else no,
        "photo": yes if "photo" in images else no,
    }


def jornada_register(
    *,
    jornada: Jornada,
    actor: User,
    data: dict,
    member: Member | None = None,
    consent: bool,
    photo: File | None = None,
    photo_data: str = "",
    signature_data: str = "",
    fingerprint: File | None = None,
    fingerprint_data: str = "",
) -> JornadaRegistration:
    """Register a person at the drive's table (new member, or update of `member`) and issue the card.

    `data` holds the member's typed fields (id_type, id_number, names, birth_date, sex, phone,
    email, address, territory). Everything is validated before the first write; the consent
    evidence says what was captured (signature, fingerprint, photo) and nothing more. A document
    that is a member's outside the actor's scope goes to national review (NationalReviewRequired).
    """
    from militancia.models import Member
    from militancia.services.conflicts import registration_refuse_if_hidden

    ensure_role(actor, CARD_WORKERS, _("register people at drives"))
    ensure_reach(actor, jornada)
    if member is not None:
        ensure_reach(actor, member)
    elif data.get("territory") is not None and actor.can_reach(data["territory"]):
        # Before the drive's transaction: the queued case must outlive the refusal.
        registration_refuse_if_hidden(
            actor=actor,
            id_type=data.get("id_type") or "CC",
            id_number=data.get("id_number"),
            territory=data["territory"],
            source=Member.Source.JORNADA,
            source_ref=str(jornada.pk),
            data=data,
        )
    return _register_at_table(
        jornada=jornada,
        actor=actor,
        data=data,
        member=member,
        consent=consent,
        # What the table captured, checked together by `check_captures`.
        captures={
            "photo": photo,
            "photo_data": photo_data,
            "signature_data": signature_data,
            "fingerprint": fingerprint,
            "fingerprint_data": fingerprint_data,
        },
    )


@transaction.atomic
def _register_at_table(
    *,
    jornada: Jornada,
    actor: User,
    data: dict,
    member,
    consent: bool,
    captures: dict,
) -> JornadaRegistration:
    from militancia.models import Member
    from militancia.services import member_register, member_update

    jornada = Jornada.objects.select_for_update().get(pk=jornada.pk)
    if not jornada.is_open:
        raise ValidationError(_("The registration drive is closed."))
    images, errors = check_captures(**captures)
    if "signature" not in errors:
        errors.update(consent_errors(consent=consent, has_signature="signature" in images, member=member))
    if errors:
        raise ValidationError(errors)
    from carnets.services.cards import issue_date

    today = issue_date()
    consent_values = {}
    if consent:
        consent_values = {
            "consent_date": today,
            "consent_channel": Member.ConsentChannel.JORNADA,
            "consent_evidence": consent_evidence(jornada_id=jornada.pk, images=images),
        }
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
        member = member_update(
            member=member,
            actor=actor,
            data=changes,
            source=AuditEvent.Source.JORNADA,
            source_ref=str(jornada.pk),
        )
    captured = captures_save(member=member, images=images)
    if captured:
        audit_record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            obj=member,
            changes=captured,
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


def captures_save(*, member: Member, images: dict) -> dict:
    """Store the signature and fingerprint captured at a drive (at the table, or synced from a kit)
    on the member; the files they replace leave storage once the transaction commits.

    Returns {field: [old name, new name]} of what was stored, for the audit."""
    from militancia.files import member_file_replaced

    stored = {}
    for name in ("signature", "fingerprint"):
        if name in images:
            old_name = getattr(member, name).name or ""
            getattr(member, name).save(images[name].name, images[name], save=False)
            stored[name] = [old_name, getattr(member, name).name]
    if stored:
        member.save(update_fields=list(stored))
        for name, (old_name, _new_name) in stored.items():
            member_file_replaced(field_name=name, old_name=old_name)
    return stored


def jornada_stats(*, jornada: Jornada) -> dict:
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
def jornada_close(*, jornada: Jornada, actor: User) -> Jornada:
    """Close the drive (no more registrations) and store its summary PDF."""
    ensure_role(actor, CARD_WORKERS, _("close registration drives"))
    ensure_reach(actor, jornada)
    from carnets.pdf import JornadaSummary, render_jornada_summary
    from carnets.rendering import territory_label

    jornada = Jornada.objects.select_for_update().get(pk=jornada.pk)
    if not jornada.is_open:
        raise ValidationError(_("The registration drive is already closed."))
    now = timezone.now()
    stats = jornada_stats(jornada=jornada)
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


def _drive_card(registration: JornadaRegistration) -> Card:
    jornada = Jornada.objects.select_for_update().get(pk=registration.jornada_id)
    if not jornada.is_open:
        raise ValidationError(_("The registration drive is closed."))
    if registration.card_id is None:
        raise ValidationError(_("This registration has no card."))
    return registration.card


@transaction.atomic
def jornada_card_print(*, registration: JornadaRegistration, actor: User, printer: Printer | None = None) -> Card:
    """The card printed at the drive's table: it becomes printed at once (valid when verified),
    on the drive's printer unless another is named, and takes its PVC card and ribbon from stock.

    Only a pending card is printed here; a card already printed or delivered needs a reprint
    (a new version), never an untracked copy."""
    ensure_role(actor, CARD_WORKERS, _("print cards at registration drives"))
    ensure_reach(actor, registration)
    from carnets.services.batches import card_mark_printed

    card = _drive_card(registration)
    if card.status != Card.Status.PENDING:
        raise ValidationError(
            _("Card %(number)s is already “%(status)s”: to print another one, make a reprint (a new version).")
            % {"number": card.number, "status": card.get_status_display()}
        )
    return card_mark_printed(card=card, printer=printer or registration.jornada.printer, actor=actor)


@transaction.atomic
def jornada_card_reprint(*, registration: JornadaRegistration, actor: User, reason: str) -> Card:
    """A new version of the person's printed or delivered card, decided at the table; the
    registration then points to the new (pending) card, which is printed like any other."""
    ensure_role(actor, CARD_WORKERS, _("reprint cards at registration drives"))
    ensure_reach(actor, registration)
    from carnets.services.cards import card_reprint

    card = _drive_card(registration)
    new = card_reprint(card=card, actor=actor, reason=reason)
    JornadaRegistration.objects.filter(pk=registration.pk).update(card=new)
    registration.card = new
    Card.objects.filter(pk=new.pk).update(jornada=registration.jornada)
    new.jornada = registration.jornada
    return new
