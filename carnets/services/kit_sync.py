"""Sync a drive kit back to headquarters: an idempotent, resumable, signed upload.

The kit (KIT_MODE) turns its work into records, each with a UUID derived from the package and
the row (the same row always gets the same UUID), and pushes them in chunks signed with the
package's kit key. Headquarters imports each record once (`KitSyncedRecord.uuid` is unique) through
the member services, as the team member who did the work: a document registered meanwhile
elsewhere goes to the national conflict queue, never overwritten. The kit keeps every answer
(`KitSyncReport`), so a cut sync sends again only what was not answered, and a record sent twice
gets the answer it got the first time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from carnets.models import (
    Card,
    CardDesign,
    Consumable,
    DrivePackage,
    JornadaRegistration,
    KitState,
    KitSyncedRecord,
    KitSyncReport,
    StockMovement,
)
from carnets.models.cards import CARD_WORKFLOW
from carnets.services.jornadas import captures_save
from core.models import AuditEvent, Territory

if TYPE_CHECKING:
    from collections.abc import Callable

OUTCOME = KitSyncedRecord.Outcome
MEMBER_FIELDS = ("first_names", "last_names", "birth_date", "sex", "phone", "email", "address")
CHUNK_BYTES = 1_500_000
SIGNATURE_HEADER = "HTTP_X_KIT_SIGNATURE"


class SyncRefused(Exception):
    """The push is not a kit's (bad signature, unknown package): nothing was imported."""


def sign(*, key: str, body: bytes) -> str:
    return hmac.new(bytes.fromhex(key), body, hashlib.sha256).hexdigest()


def _uuid(state: KitState, kind: str, pk: int) -> uuid.UUID:
    return uuid.uuid5(state.package_id, f"{kind}:{pk}")


def _registration_uuid(state: KitState, pk: int) -> uuid.UUID:
    return _uuid(state, "registration", pk)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _image(field) -> str | None:
    from core.crypto import read_decrypted

    if not field:
        return None
    return base64.b64encode(read_decrypted(field)).decode()


# --- The kit: what to push -----------------------------------------------------------------


def _registration_record(state: KitState, registration: JornadaRegistration, created_here: dict) -> dict:
    member, card = registration.member, registration.card
    record = {
        "kind": "registration",
        "uuid": str(_registration_uuid(state, registration.pk)),
        "at": _iso(registration.created_at),
        "actor": registration.created_by.get_username() if registration.created_by else "",
        "new": registration.kind == JornadaRegistration.Kind.NEW,
        "member_ref": str(created_here[member.pk]) if member.pk in created_here else None,
        "central_id": None if member.pk in created_here else member.pk,
        "member": {
            "id_type": member.id_type,
            "id_number": member.id_number,
            "territory": member.territory.code,
            **{
                name: _iso(getattr(member, name)) if name == "birth_date" else getattr(member, name)
                for name in MEMBER_FIELDS
            },
            "consent_date": _iso(member.consent_date),
            "consent_channel": member.consent_channel,
            "consent_evidence": member.consent_evidence,
        },
        "images": {name: _image(getattr(member, name)) for name in ("photo", "signature", "fingerprint")},
        "card": None,
    }
    if (
        card is not None
        and card.number.startswith("C")
        and state.first_number <= int(card.number[1:]) <= state.last_number
    ):
        record["card"] = {
            "number": card.number,
            "status": card.status,
            "issued_on": _iso(card.issued_on),
            "printed_at": _iso(card.printed_at),
            "delivered_at": _iso(card.delivered_at),
            "delivered_to": card.delivered_to,
            "delivered_place": card.delivered_place,
            "replaces": card.replaces.number if card.replaces_id else None,
        }
    return record


def kit_records(*, state: KitState) -> list[dict]:
    """Everything this kit did, as records with stable UUIDs (registrations first: they map members)."""
    registrations = list(
        JornadaRegistration.objects.filter(jornada=state.jornada)
        .select_related("member__territory", "card__replaces", "created_by")
        .order_by("pk")
    )
    created_here = {
        r.member_id: _registration_uuid(state, r.pk) for r in registrations if r.kind == JornadaRegistration.Kind.NEW
    }
    records = [_registration_record(state, r, created_here) for r in registrations]
    for movement in StockMovement.objects.select_related("consumable", "created_by").order_by("pk"):
        records.append(
            {
                "kind": "stock",
                "uuid": str(_uuid(state, "stock", movement.pk)),
                "at": _iso(movement.created_at),
                "actor": movement.created_by.get_username() if movement.created_by else "",
                "consumable": movement.consumable.name,
                "movement": movement.kind,
                "quantity": movement.quantity,
                "reason": movement.reason,
            }
        )
    member_type = ContentType.objects.get(app_label="militancia", model="member")
    for event in (
        AuditEvent.objects.filter(created_at__gte=state.loaded_at).select_related("content_type").order_by("pk")
    ):
        if (
            event.content_type_id
            and event.content_type.app_label == "carnets"
            and event.content_type.model == "kitstate"
        ):
            continue  # the kit's own load and wipe stay on the kit
        records.append(
            {
                "kind": "audit",
                "uuid": str(_uuid(state, "audit", event.pk)),
                "at": _iso(event.created_at),
                "actor": event.actor_username,
                "action": event.action,
                "model": f"{event.content_type.app_label}.{event.content_type.model}" if event.content_type_id else "",
                "member": int(event.object_id) if event.content_type_id == member_type.pk else None,
                "member_ref": None,
                "object_repr": event.object_repr,
                "changes": event.changes,
                "message": event.message,
            }
        )
        if records[-1]["member"] is not None:
            ref = created_here.get(records[-1]["member"])
            records[-1]["member_ref"] = str(ref) if ref else None
    return records


def kit_sync_push(*, send: Callable[[bytes, str], dict], progress: Callable | None = None) -> dict:
    """Push what headquarters has not answered yet, chunk by chunk; store each answer.

    `send(body, signature)` delivers one chunk and returns headquarters' JSON answer (the
    management command posts over HTTPS; the tests call the view). A chunk that fails leaves
    its records unanswered, so the next run sends them again.
    """
    from carnets.services.kit import kit_state

    state = kit_state()
    if state is None:
        raise ValidationError(_("No drive package is loaded on this kit."))
    answered = {str(u) for u in KitSyncReport.objects.values_list("uuid", flat=True)}
    pending = [r for r in kit_records(state=state) if r["uuid"] not in answered]
    chunks, chunk, size = [], [], 0
    for record in pending:
        length = len(json.dumps(record, default=str))
        if chunk and size + length > CHUNK_BYTES:
            chunks.append(chunk)
            chunk, size = [], 0
        chunk.append(record)
        size += length
    if chunk:
        chunks.append(chunk)
    totals = dict.fromkeys(OUTCOME.values, 0)
    for n, records in enumerate(chunks, 1):
        body = json.dumps({"package_id": str(state.package_id), "records": records}, default=str).encode()
        answer = send(body, sign(key=state.kit_key, body=body))
        labels = {r["uuid"]: _label(r) for r in records}
        for result in answer["results"]:
            KitSyncReport.objects.update_or_create(
                uuid=result["uuid"],
                defaults={
                    "kind": result["kind"],
                    "outcome": result["outcome"],
                    "detail": result["detail"][:300],
                    "label": labels.get(result["uuid"], ""),
                },
            )
            totals[result["outcome"]] += 1
        if progress:
            progress(n, len(chunks))
    KitState.objects.filter(pk=state.pk).update(last_sync_at=timezone.now())
    return {"sent": len(pending), "chunks": len(chunks), **totals}


def _label(record: dict) -> str:
    kinds = {"registration": _("Registration"), "stock": _("Stock movement"), "audit": _("Audit event")}
    return f"{kinds[record['kind']]} · {record['at'][:16].replace('T', ' ') if record['at'] else ''}"


def kit_pending(*, state: KitState | None = None) -> int:
    """Records (audit events included, as the wipe counts them) headquarters has not answered yet:
    the banner's count, on every page.

    Counted in SQL: every answer is for a record this kit sent, and records are never deleted
    before the wipe, so what is pending is what was done minus what was answered. (Hashing each
    record's UUID made every page of a busy drive slower as the day went on.)
    """
    from carnets.services.kit import kit_state

    state = state or kit_state()
    if state is None or state.wiped_at:
        return 0
    done = (
        JornadaRegistration.objects.filter(jornada=state.jornada_id).count()
        + StockMovement.objects.count()
        + _audit_to_sync(state).count()
    )
    return max(0, done - KitSyncReport.objects.filter(kind__in=("registration", "stock", "audit")).count())


def _audit_to_sync(state: KitState):
    """The kit's audit events that travel to headquarters (the kit's own load and wipe stay)."""
    return AuditEvent.objects.filter(created_at__gte=state.loaded_at).exclude(
        content_type__app_label="carnets", content_type__model="kitstate"
    )


# --- Headquarters: import ------------------------------------------------------------------


def kit_package_for(*, body: bytes, signature: str) -> DrivePackage:
    """The package a push comes from, after checking the kit's signature; SyncRefused otherwise."""
    try:
        package_id = uuid.UUID(json.loads(body)["package_id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise SyncRefused("malformed") from exc
    package = DrivePackage.objects.select_related("jornada").filter(package_id=package_id).first()
    if package is None or not hmac.compare_digest(sign(key=package.kit_key, body=body), signature or ""):
        raise SyncRefused("signature")
    return package


def kit_sync_import(*, package: DrivePackage, records: list[dict]) -> list[dict]:
    """Import a chunk of a kit's records; each answered once, and the same again if pushed again."""
    results = []
    for record in records:
        results.append(_import_one(package, record))
    DrivePackage.objects.filter(pk=package.pk).update(last_sync_at=timezone.now(), status=DrivePackage.Status.SYNCED)
    return results


def _answer(row: KitSyncedRecord) -> dict:
    return {"uuid": str(row.uuid), "kind": row.kind, "outcome": row.outcome, "detail": row.detail}


def _import_one(package: DrivePackage, record: dict) -> dict:
    try:
        record_uuid = uuid.UUID(str(record.get("uuid")))
    except ValueError:
        return {"uuid": str(record.get("uuid")), "kind": "", "outcome": OUTCOME.REJECTED, "detail": _("No record id.")}
    kind = str(record.get("kind", ""))[:20]
    done = KitSyncedRecord.objects.filter(uuid=record_uuid).first()
    if done is not None:
        return _answer(done)
    handler = {"registration": _import_registration, "stock": _import_stock, "audit": _import_audit}.get(kind)
    try:
        with transaction.atomic():
            # One import at a time per package: the same chunk pushed twice at once waits here.
            DrivePackage.objects.select_for_update().get(pk=package.pk)
            if KitSyncedRecord.objects.filter(uuid=record_uuid).exists():
                return _answer(KitSyncedRecord.objects.get(uuid=record_uuid))
            if handler is None:
                outcome, detail, object_id = OUTCOME.REJECTED, _("Unknown record kind."), ""
            else:
                try:
                    with transaction.atomic():
                        outcome, detail, object_id = handler(package, record)
                except (ValidationError, PermissionDenied) as exc:
                    messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                    outcome, detail, object_id = OUTCOME.REJECTED, " ".join(str(m) for m in messages), ""
            row = KitSyncedRecord.objects.create(
                uuid=record_uuid,
                package=package,
                kind=kind,
                outcome=outcome,
                detail=str(detail)[:300],
                object_id=object_id,
            )
    except IntegrityError:
        row = KitSyncedRecord.objects.get(uuid=record_uuid)
    return _answer(row)


def _clamp(package: DrivePackage, value: str | None) -> datetime:
    """A time the kit wrote, kept between the package's issue and now (a laptop's clock may be wrong)."""
    moment = parse_datetime(value) if value else None
    now = timezone.now()
    if moment is None or moment > now:
        return now
    return max(moment, package.issued_at)


def _actor(package: DrivePackage, username: str):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not package.jornada.team.filter(pk=user.pk).exists():
        raise ValidationError(
            _("The person who registered it (%(user)s) is not on the drive's team.") % {"user": username}
        )
    return user


def _source_ref(package: DrivePackage) -> str:
    return _("drive #%(id)s (offline)") % {"id": package.jornada_id}


def _import_registration(package: DrivePackage, record: dict) -> tuple[str, str, str]:
    from militancia.models import Member
    from militancia.services import member_register, member_update
    from militancia.services.conflicts import registration_conflict_raise

    actor = _actor(package, record.get("actor", ""))
    typed = record["member"]
    territory = Territory.objects.filter(code=typed["territory"]).order_by("depth").first()
    if territory is None:
        raise ValidationError(_("Unknown territory %(code)s.") % {"code": typed["territory"]})
    values = {name: typed.get(name) or "" for name in MEMBER_FIELDS}
    values["birth_date"] = parse_date(typed["birth_date"]) if typed.get("birth_date") else None
    consent = {
        "consent_date": parse_date(typed["consent_date"]) if typed.get("consent_date") else None,
        "consent_channel": typed.get("consent_channel") or "",
        "consent_evidence": typed.get("consent_evidence") or "",
    }
    images = {
        name: ContentFile(base64.b64decode(raw), name=f"{name}.{'jpg' if name == 'photo' else 'png'}")
        for name, raw in record.get("images", {}).items()
        if raw
    }
    ref = str(package.jornada_id)
    if record.get("new"):
        holder = Member.objects.filter(id_type=typed["id_type"], id_number=typed["id_number"]).first()
        if holder is not None:
            registration_conflict_raise(
                actor=actor,
                member=holder,
                territory=territory,
                source=Member.Source.JORNADA,
                source_ref=ref,
                data=values,
            )
            card = record.get("card") or {}
            return (
                OUTCOME.CONFLICT,
                _(
                    "The document was registered meanwhile by another way: sent to the national conflict queue, "
                    "nothing overwritten.%(card)s"
                )
                % {
                    "card": (
                        " " + _("Card %(number)s printed at the drive is to be reviewed.") % {"number": card["number"]}
                    )
                    if card.get("number")
                    else ""
                },
                "",
            )
        member = member_register(
            actor=actor,
            id_type=typed["id_type"],
            id_number=typed["id_number"],
            territory=territory,
            **values,
            **consent,
            photo=images.get("photo"),
            source=Member.Source.JORNADA,
            source_ref=ref,
        )
        kind = JornadaRegistration.Kind.NEW
    else:
        member = _central_member(record, typed)
        changes = {name: value for name, value in values.items() if value}
        if territory.pk != member.territory_id:
            changes["territory"] = territory
        changes.update({k: v for k, v in consent.items() if v})
        if "photo" in images:
            changes["photo"] = images["photo"]
        member = member_update(
            member=member, actor=actor, data=changes, source=AuditEvent.Source.JORNADA, source_ref=ref
        )
        kind = JornadaRegistration.Kind.UPDATED
    captures_save(member=member, images=images)
    card, card_note = _import_card(package, record.get("card"), member, actor)
    registration = JornadaRegistration.objects.create(
        jornada=package.jornada, member=member, kind=kind, card=card, created_by=actor
    )
    JornadaRegistration.objects.filter(pk=registration.pk).update(created_at=_clamp(package, record.get("at")))
    return OUTCOME.ACCEPTED, card_note, str(member.pk)


def _central_member(record: dict, typed: dict):
    from militancia.models import Member

    member = None
    if record.get("central_id"):
        member = Member.objects.filter(pk=record["central_id"]).first()
    elif record.get("member_ref"):
        mapped = KitSyncedRecord.objects.filter(uuid=record["member_ref"], outcome=OUTCOME.ACCEPTED).first()
        member = Member.objects.filter(pk=mapped.object_id).first() if mapped else None
    if member is None or member.id_number != typed["id_number"] or member.merged_into_id or member.anonymized_at:
        raise ValidationError(
            _("The member updated at the drive no longer exists at headquarters (merged or removed).")
        )
    return member


def _import_card(package: DrivePackage, data: dict | None, member, actor) -> tuple[Card | None, str]:
    from carnets.services.cards import sync_has_card

    if not data:
        return None, ""
    number = data["number"]
    if not (number.startswith("C") and package.first_number <= int(number[1:]) <= package.last_number):
        raise ValidationError(_("Card %(number)s is not in the numbers reserved for this drive.") % {"number": number})
    existing = Card.objects.filter(number=number).first()
    if existing is not None:
        return existing, ""
    live = Card.objects.filter(member=member).live().first()
    replaces = None
    if live is not None:
        if live.number != data.get("replaces"):
            return None, _("Card %(number)s was not recorded: the member already holds card %(live)s.") % {
                "number": number,
                "live": live.number,
            }
        replaces = live
        CARD_WORKFLOW.record(live, from_status=live.status, to_status=Card.Status.REPLACED, actor=actor, note=number)
        Card.objects.filter(pk=live.pk).update(status=Card.Status.REPLACED)
    version = (
        Card.objects.filter(member=member).order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    card = Card(
        number=number,
        member=member,
        version=version,
        status=data["status"],
        design=CardDesign.objects.filter(is_active=True).first(),
        issued_on=_clamp(package, data.get("issued_on") and f"{data['issued_on']}T12:00:00+00:00").date(),
        jornada=package.jornada,
        printer=package.jornada.printer,
        printed_at=_clamp(package, data["printed_at"]) if data.get("printed_at") else None,
        delivered_at=_clamp(package, data["delivered_at"]) if data.get("delivered_at") else None,
        delivered_to=data.get("delivered_to") or "",
        delivered_place=data.get("delivered_place") or "",
        replaces=replaces,
        created_by=actor,
    )
    card.full_clean()
    card.save()
    CARD_WORKFLOW.record(card, from_status="", to_status=card.status, actor=actor, note=_source_ref(package))
    sync_has_card(member_ids=[member.pk])
    return card, ""


def _import_stock(package: DrivePackage, record: dict) -> tuple[str, str, str]:
    from carnets.services.stock import _apply

    actor = _actor(package, record.get("actor", ""))
    consumable = Consumable.objects.filter(name=record["consumable"]).first()
    if consumable is None:
        raise ValidationError(_("Unknown consumable %(name)s.") % {"name": record["consumable"]})
    kind = record["movement"] if record["movement"] in StockMovement.Kind.values else StockMovement.Kind.ADJUSTMENT
    movement = _apply(
        consumable,
        int(record["quantity"]),
        kind=kind,
        created_by=actor,
        reason=f"{record['reason']} · {_source_ref(package)}"[:250],
    )
    StockMovement.objects.filter(pk=movement.pk).update(created_at=_clamp(package, record.get("at")))
    return OUTCOME.ACCEPTED, "", str(movement.pk)


def _import_audit(package: DrivePackage, record: dict) -> tuple[str, str, str]:
    """The kit's event, with its original time and actor; personal values stay out (markers only)."""
    actor = get_user_model().objects.filter(username=record.get("actor") or "").first()
    content_type, object_id = None, ""
    if record.get("model"):
        app_label, model = record["model"].split(".", 1)
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    if record.get("member_ref"):
        mapped = KitSyncedRecord.objects.filter(uuid=record["member_ref"], outcome=OUTCOME.ACCEPTED).first()
        object_id = mapped.object_id if mapped else ""
    elif record.get("member"):
        object_id = str(record["member"])
    if record.get("action") not in AuditEvent.Action.values:
        raise ValidationError(_("Unknown audit action."))
    # The kit's audit_record already replaced personal values by markers: they stay on the kit.
    event = AuditEvent.objects.create(
        created_at=_clamp(package, record.get("at")),
        actor=actor,
        actor_username=(record.get("actor") or "")[:150],
        action=record["action"],
        content_type=content_type,
        object_id=object_id,
        object_repr=str(record.get("object_repr") or "")[:255],
        changes=record.get("changes") if isinstance(record.get("changes"), dict) else {},
        source=AuditEvent.Source.JORNADA,
        source_ref=_source_ref(package)[:64],
        message=str(record.get("message") or "")[:500],
    )
    return OUTCOME.ACCEPTED, "", str(event.pk)


def kit_sync_answers() -> list[KitSyncReport]:
    return list(KitSyncReport.objects.all()[:500])


def kit_unsynced(*, state: KitState) -> int:
    """Records (audit events included) headquarters has not answered yet."""
    answered = {str(u) for u in KitSyncReport.objects.values_list("uuid", flat=True)}
    return sum(1 for record in kit_records(state=state) if record["uuid"] not in answered)
