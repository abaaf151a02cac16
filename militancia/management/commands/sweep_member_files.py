"""Delete member photos, signatures and fingerprints no member points at any more (and the card-sized
copies of gone photos): files replaced before replacing deleted them, or left by a failed change.

`--dry-run` lists them and deletes nothing. Replaced consent files are never swept (they are the
evidence of an earlier authorization). See README, "Personal data".
"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext

from militancia.services.files import SWEEP_MIN_AGE, member_files_sweep


class Command(BaseCommand):
    help = "Delete the member photos, signatures and fingerprints no member points at (--dry-run lists them)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list the orphaned files, delete nothing")
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=int(SWEEP_MIN_AGE.total_seconds() // 60),
            help="leave files changed less than this many minutes ago (a change may not have committed yet)",
        )

    def handle(self, *args, dry_run: bool, min_age_minutes: int, **options):
        orphans = member_files_sweep(dry_run=dry_run, min_age=timedelta(minutes=max(0, min_age_minutes)))
        for names in orphans.stored.values():
            for name in names:
                self.stdout.write(name)
        for path in orphans.copies:
            self.stdout.write(path)
        if dry_run:
            summary = ngettext(
                "%(count)s orphaned file found; nothing was deleted (--dry-run).",
                "%(count)s orphaned files found; nothing was deleted (--dry-run).",
                orphans.count,
            )
        else:
            summary = ngettext("%(count)s orphaned file deleted.", "%(count)s orphaned files deleted.", orphans.count)
        self.stdout.write(self.style.SUCCESS(summary % {"count": orphans.count}))
