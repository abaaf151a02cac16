from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

from core.demo_accounts import DEMO_PASSWORD, DEMO_USERS
from core.models import Territory, User
from core.roles import Role


class Command(BaseCommand):
    help = "Create the demo users (one or more per role) and each app's demo data. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--members", type=int, default=2000, help="Synthetic members to create (if the app supports it)."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        country = Territory.objects.filter(kind=Territory.Kind.COUNTRY).first()
        if country is None:
            self.stderr.write("Primero cargue los territorios: manage.py load_territories")
            return
        for username, first, last, role, departments in DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.local"}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.is_staff = user.is_superuser = role == Role.NATIONAL_ADMIN
                user.save()
            user.groups.set([Group.objects.get(name=role)])
            user.territories.set(Territory.objects.filter(parent=country, code__in=departments))
        for config in apps.get_app_configs():
            if not module_has_submodule(config.module, "demo"):
                continue
            module = import_module(f"{config.name}.demo")
            module.seed(stdout=self.stdout, members=options["members"])
        self.stdout.write(self.style.SUCCESS("Datos de demostración listos."))
