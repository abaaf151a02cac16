"""Backups of the whole system: the database (pg_dump) and the stored files, with the audit
chain's head beside them, and their restore (`make backup`, `make restore FROM=…`; README).

A backup is a folder `<BACKUP_DIR>/<YYYYmmdd-HHMMSS>/` holding `db.dump` (pg_dump's custom
format), `files.tar.gz` (MEDIA_ROOT) and `manifest.json` (when, which database, the audit
chain's head: position and hash). Restoring checks the restored chain and that its event at
the recorded head has the recorded hash, so a backup whose newest events were cut off, or a
chain edited since, is reported.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_chain import ChainReport, audit_chain_seal, audit_chain_verify

DUMP = "db.dump"
FILES = "files.tar.gz"
MANIFEST = "manifest.json"


def _connection_env(database: str | None = None) -> dict[str, str]:
    """libpq variables for the configured server (and `database` instead of its own, if given)."""
    db = settings.DATABASES["default"]
    variables = {
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": database or db["NAME"],
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def _major(version_text: str) -> int:
    """15 from "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"."""
    match = re.search(r"PostgreSQL\)\s*(\d+)", version_text)
    return int(match.group(1)) if match else 0


def pg_tool(name: str) -> str:
    """The `name` binary (pg_dump, pg_restore) able to talk to this server: PG_BIN_DIR first,
    then PATH, then the embedded PostgreSQL's own; a tool older than the server is passed over."""
    connection.ensure_connection()
    server_major = connection.connection.server_version // 10000
    candidates = []
    if os.environ.get("PG_BIN_DIR"):
        candidates.append(str(Path(os.environ["PG_BIN_DIR"]) / name))
    if shutil.which(name):
        candidates.append(shutil.which(name))
    try:
        import pgserver

        candidates.append(str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name))
    except ImportError:
        pass
    for candidate in candidates:
        if Path(candidate).is_file():
            version = subprocess.run([candidate, "--version"], capture_output=True, text=True).stdout
            if _major(version) >= server_major:
                return candidate
    raise ValidationError(
        _("No %(tool)s of PostgreSQL %(major)s or newer was found: install it or set PG_BIN_DIR.")
        % {"tool": name, "major": server_major}
    )


@dataclass(frozen=True)
class RestoreResult:
    database: str
    chain: ChainReport
    head_matches: bool


def backup_create(*, target_dir: Path | None = None) -> Path:
    """Seal the audit chain, then dump the database and pack the files into a new folder."""
    audit_chain_seal()
    chain = audit_chain_verify()
    root = Path(target_dir or settings.BACKUP_DIR)
    folder = root / timezone.localtime().strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=False)
    subprocess.run(
        [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(folder / DUMP)],
        env=_connection_env(),
        check=True,
        capture_output=True,
    )
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / FILES, "w:gz") as archive:
        if media.is_dir():
            archive.add(media, arcname=".")
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": settings.DATABASES["default"]["NAME"],
        "audit_head": {"position": chain.head_position, "hash": chain.head_hash},
        "audit_chain_intact": chain.intact,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return folder


def backup_restore(*, folder: Path, into: str | None = None, restore_files: bool = True) -> RestoreResult:
    """Restore `folder` into this project's database, or into the database `into` on the same
    server (a restore drill that leaves the live data alone), then verify its audit chain."""
    folder = Path(folder)
    for name in (DUMP, MANIFEST):
        if not (folder / name).is_file():
            raise ValidationError(
                _("%(folder)s is not a backup: %(name)s is missing.") % {"folder": folder, "name": name}
            )
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    database = into or settings.DATABASES["default"]["NAME"]
    result = subprocess.run(
        [
            pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            database,
            str(folder / DUMP),
        ],
        env=_connection_env(database),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise ValidationError(
            _("The database could not be restored: %(error)s") % {"error": result.stderr.strip()[-500:]}
        )
    if restore_files and (folder / FILES).is_file():
        media = Path(settings.MEDIA_ROOT)
        media.mkdir(parents=True, exist_ok=True)
        with tarfile.open(folder / FILES, "r:gz") as archive:
            archive.extractall(media, filter="data")
    env = _connection_env(database)
    with (
        psycopg2.connect(
            host=env.get("PGHOST"),
            port=env.get("PGPORT"),
            user=env.get("PGUSER"),
            password=env.get("PGPASSWORD"),
            dbname=database,
        ) as restored,
        restored.cursor() as cursor,
    ):
        chain = audit_chain_verify(cursor=cursor)
        head = manifest["audit_head"]
        cursor.execute("SELECT hash FROM core_auditevent WHERE chain_seq = %s", [head["position"]])
        row = cursor.fetchone()
    head_matches = (row[0] if row else "") == head["hash"]
    return RestoreResult(database=database, chain=chain, head_matches=head_matches)
