"""Push this kit's work to headquarters (`make drive-kit-sync`); safe to run again at any time."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from carnets.kit.transport import SyncUnreachable, http_sender
from carnets.services.kit_sync import kit_sync_push


class Command(BaseCommand):
    help = "Sync the drive kit with headquarters (resumable: only what was not answered is sent)."

    def add_arguments(self, parser):
        parser.add_argument("--server", default="", help="headquarters' address (default DRIVE_KIT_CENTRAL_URL)")

    def handle(self, *args, **options):
        server = options["server"] or settings.DRIVE_KIT_CENTRAL_URL
        if not server:
            raise CommandError(_("The kit does not know headquarters' address (DRIVE_KIT_CENTRAL_URL)."))
        try:
            result = kit_sync_push(
                send=http_sender(server),
                progress=lambda n, total: self.stdout.write(_("chunk %(n)s of %(total)s") % {"n": n, "total": total}),
            )
        except (SyncUnreachable, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Sync done: %(sent)s records sent, %(ok)s accepted, %(conflict)s to the conflict queue, %(bad)s rejected."
                )
                % {
                    "sent": result["sent"],
                    "ok": result["aceptado"],
                    "conflict": result["conflicto"],
                    "bad": result["rechazado"],
                }
            )
        )
