"""`manage.py backup` (make backup): the database and the stored files, into a new folder."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.backups import backup_create


class Command(BaseCommand):
    help = "Backs up the database (pg_dump) and the stored files into a new folder under BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="Where to create the backup folder (default: BACKUP_DIR).")

    def handle(self, *args, dir: Path | None = None, **options):
        try:
            folder = backup_create(target_dir=dir)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(_("Backup written to %(folder)s") % {"folder": folder})
