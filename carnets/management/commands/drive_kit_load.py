"""Load a drive package into this laptop's kit database (`make drive-kit PACKAGE=…`)."""

from __future__ import annotations

import getpass
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from carnets.kit.package import PackageError, open_package
from carnets.services.kit import kit_load


class Command(BaseCommand):
    help = "Load a drive package (asks for the passphrase and a kit PIN for each team member)."

    def add_arguments(self, parser):
        parser.add_argument("package", help="the .milkit file received from headquarters")
        parser.add_argument("--passphrase-file", help="read the passphrase from this file (automation)")
        parser.add_argument(
            "--pin", action="append", default=[], metavar="USER=PIN", help="a team member's kit PIN (repeatable)"
        )

    def handle(self, *args, **options):
        if not settings.KIT_MODE:
            raise CommandError(_("A drive package is loaded only on a drive kit (KIT_MODE=1)."))
        path = Path(options["package"])
        if not path.is_file():
            raise CommandError(_("The file %(path)s does not exist.") % {"path": path})
        data = path.read_bytes()
        if options["passphrase_file"]:
            passphrase = Path(options["passphrase_file"]).read_text().strip()
        else:
            passphrase = getpass.getpass(_("Passphrase of the package: "))
        try:
            payload = open_package(data, passphrase=passphrase)
        except PackageError as exc:
            raise CommandError(str(exc)) from exc
        pins = dict(item.split("=", 1) for item in options["pin"] if "=" in item)
        for person in payload["team"]:
            username = person["username"]
            while len(pins.get(username, "")) < 6:
                pins[username] = getpass.getpass(
                    _("Kit PIN for %(user)s (at least 6 digits, their sign-in on this laptop): ") % {"user": username}
                )
        try:
            state = kit_load(
                data=data,
                passphrase=passphrase,
                pins=pins,
                progress=lambda done, total: self.stdout.write(f"  {done:,}/{total:,}".replace(",", ".")),
            )
        except PackageError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                _("Drive “%(name)s” loaded: card numbers C%(first)08d to C%(last)08d.")
                % {"name": state.jornada.name, "first": state.first_number, "last": state.last_number}
            )
        )
