from django.core.management.base import BaseCommand

from core.services import territories_load_divipola


class Command(BaseCommand):
    help = "Load Colombia's departments and municipalities (DIVIPOLA). Safe to run again."

    def handle(self, *args, **options):
        result = territories_load_divipola()
        self.stdout.write(
            self.style.SUCCESS(
                "Territorios: {departments} departamentos, {municipalities} municipios "
                "({created} nuevos, {updated} actualizados).".format(**result)
            )
        )
