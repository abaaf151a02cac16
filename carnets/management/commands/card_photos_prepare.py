"""Make the missing card copies of member photos (`manage.py card_photos_prepare`), once after an
upgrade or a bulk load of photos, so the first print batch runs as fast as later ones. Safe to run
again at any time: a second run makes nothing. See README, "Production"."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from carnets.services.card_photos import CardPhotosPrepared, card_photos_prepare
from core.models import Territory


def _n(value: int) -> str:
    return number_format(value, force_grouping=True)


class Command(BaseCommand):
    help = "Make the card copy of every member photo stored without one (--dry-run only counts them)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count the copies to make, make none")
        parser.add_argument("--territory", metavar="CODE", default="", help="only members under this territory")

    def handle(self, *args, dry_run: bool, territory: str, **options):
        node = None
        if territory:
            node = Territory.objects.by_code(territory)
            if node is None:
                raise CommandError(_("There is no territory with code %(code)s.") % {"code": territory})
        verbose = options["verbosity"] >= 1

        def progress(done: CardPhotosPrepared) -> None:
            if verbose:
                self.stdout.write(_("  photos checked: %(photos)s…") % {"photos": _n(done.photos)})

        result = card_photos_prepare(territory=node, dry_run=dry_run, progress=progress)
        if dry_run:
            summary = _(
                "Member photos: %(photos)s; card copies to make: %(made)s; already made: %(present)s; "
                "unreadable: %(unreadable)s; nothing was made (--dry-run); %(seconds)s s."
            )
        else:
            summary = _(
                "Member photos: %(photos)s; card copies made: %(made)s; already made: %(present)s; "
                "unreadable: %(unreadable)s; %(seconds)s s."
            )
        self.stdout.write(
            self.style.SUCCESS(
                summary
                % {
                    "photos": _n(result.photos),
                    "made": _n(result.made),
                    "present": _n(result.present),
                    "unreadable": _n(result.unreadable),
                    "seconds": number_format(result.seconds, decimal_pos=1),
                }
            )
        )
        if result.unreadable:
            listed = ", ".join(str(pk) for pk in result.unreadable_ids)
            if result.unreadable > len(result.unreadable_ids):
                listed += _(" and %(count)s more") % {"count": _n(result.unreadable - len(result.unreadable_ids))}
            message = _(
                "Cards of members with an unreadable photo (file missing or damaged) print NO PHOTO: store their "
                "photo again from the member's page (/militantes/ID/). Members: %(ids)s."
            )
            self.stdout.write(self.style.WARNING(message % {"ids": listed}))
