"""`manage.py restore FOLDER` (make restore FROM=…): a backup back into a database."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backups import backup_restore


class Command(BaseCommand):
    help = "Restores a backup folder (database and files) and verifies its audit chain."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--into", help="Restore into this other database on the same server (a drill); files are left alone."
        )
        parser.add_argument("--yes", action="store_true", help="Replace this project's data without asking.")

    def handle(self, *args, folder: Path, into: str | None = None, yes: bool = False, **options):
        if into is None and not yes:
            answer = input(_("This replaces every record and file of this installation. Type “restaurar” to go on: "))
            if answer.strip().lower() != "restaurar":
                raise CommandError(_("Nothing was restored."))
        try:
            result = backup_restore(folder=folder, into=into, restore_files=into is None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        chain = result.chain
        if not chain.intact or not result.head_matches:
            raise CommandError(
                _("Restored into %(database)s, but its audit chain does not verify (run audit_verify there).")
                % {"database": result.database}
            )
        self.stdout.write(
            _("Restored into %(database)s; audit chain intact (%(sealed)s events, head %(hash)s).")
            % {"database": result.database, "sealed": chain.sealed, "hash": chain.head_hash or "—"}
        )
