from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEvent
from militancia.models import Member, MemberStatusChange
from militancia.services import member_change_status, member_register, member_update
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def register(actor, territory, **overrides):
    values = {
        "id_number": "1.020.304.050",
        "first_names": "JOSÉ  ANTONIO",
        "last_names": "pérez gómez",
        "territory": territory,
        "phone": "300 123 4567",
        "email": " Jose@Example.ORG ",
        "consent_date": timezone.localdate(),
        "consent_channel": Member.ConsentChannel.PAPER,
    }
    values.update(overrides)
    return member_register(actor=actor, **values)


def test_it_registers_a_member_normalized_and_audited(alice, medellin):
    member = register(alice, medellin)
    assert member.id_number == "1020304050"
    assert member.first_names == "José Antonio"
    assert member.last_names == "Pérez Gómez"
    assert member.search_name == "jose antonio perez gomez"
    assert member.phone == "+573001234567"
    assert member.email == "jose@example.org"
    assert member.created_by == alice
    assert member.source == Member.Source.MANUAL
    event = AuditEvent.objects.get(action=AuditEvent.Action.CREATE, object_id=str(member.pk))
    assert event.actor == alice
    assert event.shown_changes["id_number"] == [None, "1020304050"]


@pytest.mark.parametrize("typed", ["1.020.304.050", "1020304050.0", " 1020304050 ", 1020304050, 1020304050.0])
def test_the_same_cedula_typed_differently_is_the_same_member(alice, medellin, typed):
    register(alice, medellin, id_number="1020304050")
    with pytest.raises(ValidationError) as error:
        register(alice, medellin, id_number=typed)
    assert (
        "Número de documento: ya está registrado un militante con este documento."
        in error.value.message_dict["id_number"]
    )
    assert Member.objects.count() == 1


def test_it_refuses_bad_input_naming_each_field_and_writes_nothing(alice, medellin):
    with pytest.raises(ValidationError) as error:
        register(
            alice,
            medellin,
            id_number="12AB",
            first_names="",
            phone="123",
            birth_date=timezone.localdate() + timedelta(days=3),
            consent_date=None,
        )
    errors = error.value.message_dict
    assert errors["id_number"] == ["Número de documento: una cédula tiene solo dígitos."]
    assert errors["first_names"] == ["Nombres: este campo es obligatorio."]
    assert errors["phone"][0].startswith("Teléfono:")
    assert errors["birth_date"] == ["Fecha de nacimiento: la fecha no es verosímil."]
    assert not Member.objects.exists()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).exists()


def test_it_requires_the_consent(alice, medellin):
    with pytest.raises(ValidationError) as error:
        register(alice, medellin, consent_date=None, consent_channel="")
    assert set(error.value.message_dict) == {"consent_date", "consent_channel"}


def test_a_coordinator_cannot_register_outside_their_scope(bob, bogota, antioquia):
    with pytest.raises(ValidationError) as error:
        register(bob, bogota)
    assert error.value.message_dict["territory"] == ["Territorio: está fuera de su alcance territorial."]
    with pytest.raises(ValidationError) as error:
        register(bob, antioquia)
    assert error.value.message_dict["territory"] == ["Territorio: elija un municipio o una localidad."]


def test_update_records_the_field_diff(alice, medellin, bob):
    member = register(alice, medellin)
    member_update(member=member, actor=bob, data={"phone": "3109998877", "address": "Calle 10 # 5-20"})
    member.refresh_from_db()
    assert member.phone == "+573109998877"
    assert member.updated_by == bob
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_id=str(member.pk))
    assert event.actor == bob
    assert event.shown_changes == {"phone": ["+573001234567", "+573109998877"], "address": ["", "Calle 10 # 5-20"]}


def test_an_update_without_changes_records_nothing(alice, medellin):
    member = register(alice, medellin)
    member_update(member=member, actor=alice, data={"phone": "+57 300 123 4567", "first_names": "José Antonio"})
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).exists()


def test_update_keeps_the_number_unique_and_refuses_unknown_fields(alice, medellin):
    first = register(alice, medellin)
    second = register(alice, medellin, id_number="555666777")
    with pytest.raises(ValidationError):
        member_update(member=second, actor=alice, data={"id_number": "1020304050"})
    with pytest.raises(ValidationError):
        member_update(member=first, actor=alice, data={"status": "expulsado"})
    second.refresh_from_db()
    assert second.id_number == "555666777"


def test_update_rename_refreshes_the_search_name(alice, medellin):
    member = register(alice, medellin)
    member_update(member=member, actor=alice, data={"last_names": "Ñáñez"})
    assert Member.objects.search("nanez").get() == member


def test_a_resignation_is_a_dated_status_change_with_reason(alice, medellin):
    member = register(alice, medellin)
    change = member_change_status(
        member=member,
        actor=alice,
        to_status=Member.Status.RESIGNED,
        reason="Carta de renuncia radicada",
        effective_date=date(2026, 1, 5),
    )
    member.refresh_from_db()
    assert member.status == Member.Status.RESIGNED
    assert member.status_changed_at
    assert change.from_status == Member.Status.ACTIVE
    assert change.effective_date == date(2026, 1, 5)
    assert Member.objects.filter(pk=member.pk).exists()  # never deleted
    event = AuditEvent.objects.get(action=AuditEvent.Action.STATUS_CHANGE)
    assert event.shown_changes == {"status": ["activo", "renuncio"]}
    assert event.shown_message == "Carta de renuncia radicada"


def test_illegal_status_moves_raise_one_domain_error(alice, medellin):
    member = register(alice, medellin)
    member_change_status(member=member, actor=alice, to_status=Member.Status.DECEASED, reason="Acta de defunción")
    with pytest.raises(ValidationError) as error:
        member_change_status(member=member, actor=alice, to_status=Member.Status.ACTIVE, reason="Error de digitación")
    assert "no puede pasar a" in error.value.message_dict["to_status"][0]
    with pytest.raises(ValidationError) as error:
        member_change_status(member=member, actor=alice, to_status=Member.Status.DECEASED, reason="otra vez")
    assert error.value.message_dict["to_status"] == ["Nuevo estado: el militante ya tiene este estado."]
    assert MemberStatusChange.objects.count() == 1


def test_a_status_change_needs_a_reason_and_a_past_date(alice, medellin):
    member = MemberFactory(territory=medellin)
    with pytest.raises(ValidationError) as error:
        member_change_status(
            member=member,
            actor=alice,
            to_status=Member.Status.SUSPENDED,
            reason=" ",
            effective_date=timezone.localdate() + timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"reason", "effective_date"}


def test_search_is_accent_and_case_insensitive(medellin):
    member = MemberFactory(first_names="José", last_names="Pérez Gómez", territory=medellin)
    MemberFactory(first_names="Josefina", last_names="Ruiz", territory=medellin)
    assert list(Member.objects.search("jose perez")) == [member]
    assert list(Member.objects.search("JOSE PÉREZ")) == [member]
    assert set(Member.objects.search("jose")) == set(Member.objects.all())
