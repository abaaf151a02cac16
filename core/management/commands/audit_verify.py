"""`manage.py audit_verify`: seal what is pending, then check the whole audit chain."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit_chain import audit_chain_seal, audit_chain_verify

REASONS = {
    "content": gettext_lazy("its content was changed after it was written"),
    "missing": gettext_lazy("the event before it is missing"),
    "link": gettext_lazy("it does not point at the event before it"),
}


class Command(BaseCommand):
    help = "Verifies the audit log's hash chain and reports the first broken link."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-seal", action="store_true", help="Check only; do not seal the events written since the last run."
        )

    def handle(self, *args, no_seal: bool = False, **options):
        if not no_seal:
            audit_chain_seal()
        report = audit_chain_verify()
        if report.first_break is not None:
            broken = report.first_break
            raise CommandError(
                _("Audit chain broken at event #%(id)s (position %(position)s): %(reason)s.")
                % {"id": broken.event_id, "position": broken.position, "reason": REASONS[broken.reason]}
            )
        self.stdout.write(
            _("Audit chain intact: %(sealed)s events; head at position %(position)s, hash %(hash)s.")
            % {"sealed": report.sealed, "position": report.head_position, "hash": report.head_hash or "—"}
        )
        if report.unsealed:
            self.stdout.write(_("%(count)s events written meanwhile are not sealed yet.") % {"count": report.unsealed})
