"""Erase the kit's personal data after a complete sync (`make drive-kit-wipe`), confirmed and audited."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from carnets.services.kit import kit_state
from carnets.services.kit_wipe import kit_wipe


class Command(BaseCommand):
    help = "Wipe the members, cards, photos, signatures and fingerprints from this kit (after a complete sync)."

    def add_arguments(self, parser):
        parser.add_argument("--confirm", default=None, help="the drive's name (otherwise it is asked)")

    def handle(self, *args, **options):
        state = kit_state()
        if state is None:
            raise CommandError(_("No drive package is loaded on this kit."))
        confirmation = options["confirm"]
        if confirmation is None:
            self.stdout.write(
                _("This erases every person's data from this laptop. Type the drive's name (%(name)s) to confirm:")
                % {"name": state.jornada.name}
            )
            confirmation = input("> ")
        try:
            result = kit_wipe(confirmation=confirmation)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Kit wiped: %(members)s members and %(files)s files erased.")
                % {"members": result["members"], "files": result["files"]}
            )
        )
