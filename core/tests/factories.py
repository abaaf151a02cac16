"""Factories and helpers shared by every app's tests."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import Territory, User
from core.roles import Role, sync_role_permissions
from core.services import territories_load_divipola


def ensure_territories() -> None:
    """Colombia's tree, loaded once per database (transactional tests flush it)."""
    if not Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY).exists():
        territories_load_divipola()


def territory(code: str) -> Territory:
    ensure_territories()
    return Territory.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="es_CO")
    last_name = factory.Faker("last_name", locale="es_CO")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.set_password(extracted or "Clave-de-prueba-2026")
        if create:
            user.save(update_fields=["password"])


def make_user(username: str, *roles: Role, territories: list[Territory] | tuple = ()) -> User:
    """A user holding the given roles, scoped to the given territories (none = national)."""
    if not Group.objects.filter(name=Role.NATIONAL_ADMIN.value).exists():
        sync_role_permissions()
    user = UserFactory(username=username)
    user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
    user.territories.set(territories)
    return User.objects.get(pk=user.pk)  # fresh: no cached roles/scope


def login(client, user: User) -> None:
    """Log a test client in, with the session's second factor verified when the role needs it
    (SECOND_FACTOR_ROLES). The one way tests open a session: `force_login` alone is sent to the
    second-factor page for every role that reads personal data."""
    client.force_login(user)
    if user.requires_second_factor():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
