"""The drive kit at both ends: prepare a package (headquarters), load it and wipe it (the laptop).

Headquarters reserves a block of card numbers from the national sequence, builds the signed
payload in a job (a department can have 500,000 members) and keeps it encrypted at rest; the team
lead downloads it with a passphrase that is never stored. The laptop (KIT_MODE) loads it into its
own database with `manage.py drive_kit_load`.
"""

from __future__ import annotations

import base64
import io
import secrets
import uuid
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from carnets.kit.package import PackageError, encrypt_package, open_package, sign_payload
from carnets.models import (
    Card,
    CardDesign,
    Consumable,
    DrivePackage,
    Jornada,
    KitState,
    Printer,
)
from carnets.roles import CARD_WORKERS
from core import crypto
from core.audit import audit_record
from core.jobs import JobProgress, job_create, job_enqueue
from core.models import AuditEvent, Territory
from core.permissions import ensure_reach, ensure_role

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest

    from core.models import User

PACKAGE_FORMAT = 1
MAX_BLOCK = 20_000
MEMBER_CHUNK = 10_000
# Exactly what the drive's lookup needs: no birth date, contact or address travels.
MEMBER_COLUMNS = (
    "id",
    "id_type",
    "id_number",
    "first_names",
    "last_names",
    "status",
    "has_card",
    "territory",
    "consent_date",
    "joined_on",
)
DESIGN_FIELDS = ("name", "party_name", "title", "primary_color", "text_color", "back_text")
DESIGN_IMAGES = ("logo", "front_background", "back_background")


def reserve_card_numbers(*, count: int) -> tuple[int, int]:
    """A contiguous block of `count` numbers taken from the national card sequence.

    `card_numbers` skips every reserved block, so a number issued at headquarters while the
    block is being taken can never collide with a card printed offline.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval('carnets_card_number_seq', nextval('carnets_card_number_seq') + %s - 1)", [count])
        (last,) = cursor.fetchone()
    return last - count + 1, last


@transaction.atomic
def drive_package_start(*, jornada: Jornada, actor: User, block_size: int = 1000, valid_days: int = 0) -> DrivePackage:
    """Reserve the drive's card numbers and queue the package build (the page follows its job)."""
    ensure_role(actor, CARD_WORKERS, _("prepare drive packages"))
    ensure_reach(actor, jornada)
    from carnets.tasks import build_drive_package

    jornada = Jornada.objects.select_for_update().get(pk=jornada.pk)
    if not jornada.is_open:
        raise ValidationError(_("The registration drive is closed."))
    if not 1 <= block_size <= MAX_BLOCK:
        raise ValidationError(
            {
                "block_size": [
                    _("Reserve between 1 and %(max)s card numbers.") % {"max": f"{MAX_BLOCK:,}".replace(",", ".")}
                ]
            }
        )
    if not jornada.team.exists():
        raise ValidationError(_("The drive has no team: add the people who will work at the table first."))
    if CardDesign.objects.filter(is_active=True).first() is None:
        raise ValidationError(_("There is no active card design. A national administrator must activate one."))
    first, last = reserve_card_numbers(count=block_size)
    now = timezone.now()
    valid_days = valid_days or settings.DRIVE_KIT_VALID_DAYS
    expires = max(
        now + timedelta(days=valid_days),
        timezone.make_aware(datetime.combine(jornada.ends_on, datetime.max.time())) + timedelta(days=1),
    )
    job = job_create(kind="carnets.drive_package_build", user=actor)
    package = DrivePackage(
        jornada=jornada,
        first_number=first,
        last_number=last,
        kit_key=secrets.token_hex(32),
        issued_at=now,
        expires_at=expires,
        job=job,
        created_by=actor,
    )
    package.full_clean(exclude=["payload"])
    package.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=package,
        message=_("Drive package prepared; card numbers %(first)s to %(last)s reserved")
        % {"first": first, "last": last},
        message_is_personal=False,
    )
    job_enqueue(job=job, task=build_drive_package, args=(package.pk,))
    return package


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _design_payload(design: CardDesign) -> dict:
    images = {}
    for name in DESIGN_IMAGES:
        field = getattr(design, name)
        if field:
            with field.open("rb") as handle:
                images[name] = base64.b64encode(handle.read()).decode()
    return {**{name: getattr(design, name) for name in DESIGN_FIELDS}, "images": images}


def _team_payload(jornada: Jornada) -> list[dict]:
    team = []
    for user in jornada.team.prefetch_related("groups", "territories"):
        team.append(
            {
                "username": user.get_username(),
                "first_name": user.first_name,
                "last_name": user.last_name,
                "roles": sorted(group.name for group in user.groups.all()),
                "territories": sorted(t.code for t in user.territories.all()),
            }
        )
    return team


def drive_package_build_run(*, package: DrivePackage, progress: JobProgress) -> dict:
    """Build, sign and store the package's payload (called by the task; safe to run again)."""
    from carnets.views.jornadas import LEGAL_TEXT
    from militancia.models import Member

    jornada = Jornada.objects.select_related("territory", "printer").get(pk=package.jornada_id)
    territory = jornada.territory
    members = Member.objects.filter(
        territory__path__startswith=territory.path, merged_into__isnull=True, anonymized_at__isnull=True
    ).order_by("pk")
    total = members.count()
    progress(0, total=total, step=_("Members of %(territory)s") % {"territory": territory.name})
    rows, done, last_pk = [], 0, 0
    while True:
        chunk = list(
            members.filter(pk__gt=last_pk).values_list(
                "id",
                "id_type",
                "id_number",
                "first_names",
                "last_names",
                "status",
                "has_card",
                "territory__code",
                "consent_date",
                "joined_on",
            )[:MEMBER_CHUNK]
        )
        if not chunk:
            break
        rows.extend([*row[:8], _iso(row[8]), _iso(row[9])] for row in chunk)
        last_pk = chunk[-1][0]
        done += len(chunk)
        progress(done, total=total)
    cards = [
        [c.number, c.member_id, c.version, c.status, _iso(c.issued_on)]
        for c in Card.objects.filter(member__territory__path__startswith=territory.path)
        .live()
        .only("number", "member_id", "version", "status", "issued_on")
        .iterator(chunk_size=5000)
    ]
    printer = jornada.printer
    supplies = [c for c in (printer.card_stock, printer.ribbon) if c is not None] if printer else []
    payload = {
        "format": PACKAGE_FORMAT,
        "package_id": str(package.package_id),
        "issued_at": package.issued_at.isoformat(),
        "expires_at": package.expires_at.isoformat(),
        "kit_key": package.kit_key,
        "numbers": [package.first_number, package.last_number],
        "jornada": {
            "id": jornada.pk,
            "name": jornada.name,
            "place": jornada.place,
            "territory": territory.code,
            "starts_on": _iso(jornada.starts_on),
            "ends_on": _iso(jornada.ends_on),
            "linked_event": jornada.linked_event,
        },
        "printer": (
            {
                "model_name": printer.model_name,
                "serial": printer.serial,
                "location": printer.location,
                "card_stock": printer.card_stock.name if printer.card_stock else None,
                "ribbon": printer.ribbon.name if printer.ribbon else None,
            }
            if printer
            else None
        ),
        "supplies": [
            {
                "name": c.name,
                "kind": c.kind,
                "unit": c.unit,
                "panels_per_roll": c.panels_per_roll,
                "stock": c.stock,
                "reorder_level": c.reorder_level,
            }
            for c in supplies
        ],
        "team": _team_payload(jornada),
        "design": _design_payload(CardDesign.objects.get(is_active=True)),
        "legal_text": str(LEGAL_TEXT),
        "member_columns": list(MEMBER_COLUMNS),
        "members": rows,
        "cards": cards,
    }
    signed = sign_payload(payload)
    package.payload.save(
        f"jornada-{jornada.pk}-{package.package_id}.bin", ContentFile(crypto.encrypt(signed)), save=False
    )
    package.member_count = total
    package.status = DrivePackage.Status.READY
    package.save(update_fields=["payload", "member_count", "status"])
    return {"members": total, "cards": len(cards), "bytes": len(signed)}


def drive_package_failed(*, package_id: int) -> None:
    """The build failed (the job says why): the package cannot be downloaded."""
    DrivePackage.objects.filter(pk=package_id, status=DrivePackage.Status.BUILDING).update(
        status=DrivePackage.Status.FAILED
    )


def drive_package_download(*, package: DrivePackage, passphrase: str, actor: User) -> bytes:
    """The package file for the team lead, encrypted with `passphrase` (never stored); audited."""
    ensure_role(actor, CARD_WORKERS, _("download drive packages"))
    ensure_reach(actor, package)
    if not package.is_ready:
        raise ValidationError(_("The package is not ready yet."))
    if package.expires_at <= timezone.now():
        raise ValidationError(_("This package expired: prepare a new one."))
    with package.payload.open("rb") as handle:
        signed = crypto.decrypt(handle.read())
    try:
        data = encrypt_package(signed, passphrase=passphrase)
    except PackageError as exc:
        raise ValidationError({"passphrase": [str(exc)]}) from exc
    audit_record(
        actor=actor,
        action=AuditEvent.Action.EXPORT,
        obj=package,
        message=_("Drive package downloaded (%(n)s members)") % {"n": package.member_count},
        message_is_personal=False,
    )
    return data


def drive_packages_purge_expired(*, now: datetime | None = None) -> dict:
    """Delete the stored payload file of every expired package (daily, beat), audited.

    An expired package can no longer be downloaded, and its file holds the lookup list of a
    whole territory, so keeping it is keeping personal data for nothing. The package row stays:
    its kit key and reserved numbers are what a kit's late sync is checked against.
    """
    now = now or timezone.now()
    purged = 0
    expired = DrivePackage.objects.filter(expires_at__lte=now).exclude(payload="").order_by("pk")
    for package_pk in list(expired.values_list("pk", flat=True)):
        with transaction.atomic():
            package = DrivePackage.objects.select_for_update().filter(pk=package_pk).exclude(payload="").first()
            if package is None:
                continue
            name = package.payload.name
            package.payload = ""
            package.save(update_fields=["payload"])
            audit_record(
                actor=None,
                action=AuditEvent.Action.DELETE,
                obj=package,
                message=_("Expired drive package file deleted (%(n)s members)") % {"n": package.member_count},
                message_is_personal=False,
                source=AuditEvent.Source.SYSTEM,
            )
            storage = DrivePackage._meta.get_field("payload").storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        purged += 1
    return {"purged": purged}


# --- The laptop ---------------------------------------------------------------------------


def kit_state(*, request: HttpRequest | None = None) -> KitState | None:
    """The package loaded on this laptop (KIT_MODE), or None; read once per `request` if given
    (the table page and the banner of every page both need it)."""
    if not settings.KIT_MODE:
        return None
    if request is not None and hasattr(request, "_kit_state"):
        return request._kit_state
    state = KitState.objects.select_related("jornada").first()
    if request is not None:
        request._kit_state = state
    return state


def kit_now() -> datetime:
    """The time to write on this laptop: never before the package's issue time (a wrong clock)."""
    now = timezone.now()
    state = kit_state()
    if state is not None and now < state.issued_at:
        return state.issued_at
    return now


def kit_today() -> date:
    return timezone.localdate(kit_now())


def _copy_value(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _copy(table: str, columns: list[str], rows, *, chunk: int = 50_000) -> None:
    """COPY rows into `table` (PostgreSQL's text format), one buffer per `chunk` rows."""
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor:
        buffer, count = io.StringIO(), 0
        for row in rows:
            buffer.write("\t".join(_copy_value(value) for value in row))
            buffer.write("\n")
            count += 1
            if count == chunk:
                buffer.seek(0)
                cursor.copy_expert(sql, buffer)
                buffer, count = io.StringIO(), 0
        if count:
            buffer.seek(0)
            cursor.copy_expert(sql, buffer)


def _load_members(payload: dict, territories: dict[str, int], progress) -> int:
    from militancia.identity import search_name

    index = {name: i for i, name in enumerate(payload["member_columns"])}
    now = timezone.now()
    columns = [
        "id", "id_type", "id_number", "first_names", "last_names", "search_name", "status", "has_card",
        "territory_id", "consent_date", "joined_on", "sex", "phone", "email", "address", "source", "source_ref",
        "consent_channel", "consent_evidence", "consent_file", "photo", "signature", "fingerprint",
        "has_open_claim", "created_at", "updated_at",
    ]  # fmt: skip
    total = len(payload["members"])

    def rows():
        for n, row in enumerate(payload["members"], 1):
            first, last = row[index["first_names"]], row[index["last_names"]]
            yield (
                row[index["id"]], row[index["id_type"]], row[index["id_number"]], first, last,
                search_name(first, last), row[index["status"]], row[index["has_card"]],
                territories[row[index["territory"]]], row[index["consent_date"]], row[index["joined_on"]],
                "", "", "", "", "jornada", "", "", "", "", "", "", "", False, now, now,
            )  # fmt: skip
            if n % 50_000 == 0:
                progress(n, total)

    _copy("militancia_member", columns, rows())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('militancia_member', 'id'), GREATEST((SELECT MAX(id) FROM militancia_member), 1))"
        )
    return total


def _load_design(data: dict) -> CardDesign:
    CardDesign.objects.filter(is_active=True).update(is_active=False)
    design = CardDesign(**{name: data[name] for name in DESIGN_FIELDS}, is_active=True)
    for name, raw in data.get("images", {}).items():
        if name in DESIGN_IMAGES:
            getattr(design, name).save(f"{name}.png", ContentFile(base64.b64decode(raw)), save=False)
    design.save()
    return design


def kit_load(
    *, data: bytes, passphrase: str, pins: dict[str, str] | None = None, progress: Callable | None = None
) -> KitState:
    """Load a package file into this laptop's database (KIT_MODE, an empty kit database).

    Refused (PackageError, in Spanish) when the passphrase is wrong, the file was altered, the
    signature is not headquarters', the package expired or another package is loaded. `pins`
    gives each team member their kit-local PIN (their sign-in on this laptop only).
    """
    if not settings.KIT_MODE:
        raise PackageError(_("A drive package is loaded only on a drive kit (KIT_MODE=1)."))
    progress = progress or (lambda done, total: None)
    payload = open_package(data, passphrase=passphrase)
    if payload.get("format") != PACKAGE_FORMAT:
        raise PackageError(_("This drive package has a format this version cannot read."))
    expires = parse_datetime(payload["expires_at"])
    issued = parse_datetime(payload["issued_at"])
    if expires <= max(timezone.now(), issued):
        raise PackageError(
            _("This drive package expired on %(date)s: ask headquarters for a new one.")
            % {"date": timezone.localtime(expires).strftime("%d/%m/%Y %H:%M")}
        )
    if KitState.objects.exists():
        raise PackageError(_("This kit already has a drive loaded: sync it and wipe it before loading another."))
    from militancia.models import Member

    if Member.objects.exists():
        raise PackageError(_("The kit's database is not empty: a package is loaded into a database of its own."))
    with transaction.atomic():
        territories = dict(Territory.objects.values_list("code", "id"))
        drive = payload["jornada"]
        if drive["territory"] not in territories:
            raise PackageError(_("The kit's territories are not loaded (run load_territories)."))
        users = _load_team(payload["team"], territories, pins or {})
        supplies = {}
        for item in payload["supplies"]:
            supplies[item["name"]] = Consumable.objects.create(**item)
        printer = None
        if payload["printer"]:
            info = payload["printer"]
            printer = Printer.objects.create(
                model_name=info["model_name"],
                serial=info["serial"],
                location=info["location"],
                card_stock=supplies.get(info["card_stock"]),
                ribbon=supplies.get(info["ribbon"]),
            )
        jornada = Jornada.objects.create(
            name=drive["name"],
            place=drive["place"],
            territory_id=territories[drive["territory"]],
            starts_on=parse_date(drive["starts_on"]),
            ends_on=parse_date(drive["ends_on"]),
            linked_event=drive["linked_event"],
            printer=printer,
        )
        jornada.team.set(users)
        design = _load_design(payload["design"])
        count = _load_members(payload, territories, progress)
        Card.objects.bulk_create(
            [
                Card(
                    number=number,
                    member_id=member_id,
                    version=version,
                    status=status,
                    issued_on=parse_date(issued_on),
                    design=design,
                )  # fmt: skip
                for number, member_id, version, status, issued_on in payload["cards"]
            ],
            batch_size=5000,
        )
        first, last = payload["numbers"]
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO carnets_kitcardnumber (number) SELECT generate_series(%s::bigint, %s::bigint)",
                [first, last],
            )
        state = KitState.objects.create(
            package_id=uuid.UUID(payload["package_id"]),
            jornada=jornada,
            central_jornada_id=drive["id"],
            kit_key=payload["kit_key"],
            issued_at=issued,
            expires_at=expires,
            first_number=first,
            last_number=last,
            legal_text=payload["legal_text"],
        )
        audit_record(
            actor=None,
            action=AuditEvent.Action.IMPORT,
            obj=state,
            message=_("Drive package loaded: drive #%(id)s, %(n)s members") % {"id": drive["id"], "n": count},
            message_is_personal=False,
            source=AuditEvent.Source.SYSTEM,
        )
    return state


def _load_team(team: list[dict], territories: dict[str, int], pins: dict[str, str]) -> list:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = []
    for person in team:
        user = User(username=person["username"], first_name=person["first_name"], last_name=person["last_name"])
        pin = pins.get(person["username"])
        if pin:
            user.set_password(pin)
        else:
            user.set_unusable_password()
        user.save()
        user.groups.set([Group.objects.get_or_create(name=name)[0] for name in person["roles"]])
        user.territories.set([territories[code] for code in person["territories"] if code in territories])
        users.append(user)
    return users


__all__ = [
    "PackageError",
    "drive_package_build_run",
    "drive_package_download",
    "drive_package_failed",
    "drive_package_start",
    "kit_load",
    "kit_now",
    "kit_state",
    "kit_today",
]
