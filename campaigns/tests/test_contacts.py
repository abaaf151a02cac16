"""Consent rules: a person is stored only with consent, otherwise only an anonymous tally goes up;
a contact who is or becomes a member is linked, never duplicated."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Contact, SupportLevel, SupportTally
from campaigns.tests.factories import make_contact
from core.models import AuditEvent, AuditPersonalValue
from core.tests.rendered import form_with
from militancia.models import Member
from militancia.services.conflicts import NationalReviewRequired
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
NEW = reverse("campaigns:contact-create")


def _post_form(client, **typed):
    page = client.get(NEW)
    form = form_with(page.content.decode(), action=NEW)
    return client.post(form.target(), form.data(**typed))


def test_it_refuses_a_contact_without_consent_in_the_service(bob, medellin):
    with pytest.raises(ValidationError):
        services.contact_create(actor=bob, first_names="Ana", territory=medellin, consent_channel="", consent_date=None)


def test_the_database_refuses_a_contact_without_a_consent_channel(medellin):
    with pytest.raises(ValidationError):
        Contact(
            first_names="Ana", territory=medellin, consent_channel="", consent_date=timezone.localdate()
        ).full_clean()


def test_the_form_without_consent_only_counts_at_the_table(login_as, bob, geo):
    client = login_as(bob)
    table = geo["tables"]["05001-P1-M2"]
    response = _post_form(
        client,
        has_consent="no",
        polling_place=str(geo["places"]["05001-P1"].pk),
        table_number="2",
        support_level=str(SupportLevel.STRONG_SUPPORTER),
        first_names="Nombre que no debe guardarse",
    )
    assert response.status_code == 302
    assert not Contact.objects.exists()
    assert SupportTally.objects.get(unit=table, support_level=SupportLevel.STRONG_SUPPORTER).count == 1


def test_a_tally_keeps_nothing_personal_in_the_audit(login_as, bob, geo):
    client = login_as(bob)
    _post_form(
        client,
        has_consent="no",
        polling_place=str(geo["places"]["05001-P1"].pk),
        support_level="5",
        first_names="Pedro Secreto",
    )
    assert not AuditPersonalValue.objects.filter(new__icontains="Secreto").exists()


def test_the_form_says_what_happens_without_consent(login_as, bob, geo):
    page = login_as(bob).get(NEW).content.decode()
    assert "solo el conteo anónimo" in page


def test_the_form_with_consent_stores_the_contact(login_as, bob, medellin, geo):
    client = login_as(bob)
    response = _post_form(
        client,
        has_consent="yes",
        first_names="lucía",
        last_names="gómez",
        territory=str(medellin.pk),
        polling_place=str(geo["places"]["05001-P1"].pk),
        support_level="2",
        consent_channel=Contact.ConsentChannel.PAPER,
        consent_date="2026-12-01",
        tags="Joven, Salud",
    )
    contact = Contact.objects.get()
    assert response.url == reverse("campaigns:contact-detail", args=[contact.pk])
    assert contact.tags == ["joven", "salud"]


def test_a_contact_page_read_is_audited(login_as, bob, medellin):
    contact = make_contact(medellin)
    login_as(bob).get(reverse("campaigns:contact-detail", args=[contact.pk]))
    assert AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, object_id=str(contact.pk)).exists()


def test_an_export_is_audited_with_the_ids_it_holds(login_as, bob, medellin):
    contact = make_contact(medellin)
    response = login_as(bob).get(reverse("campaigns:contact-export"))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.changes["contacts"][1] == [contact.pk]


def test_an_export_neutralizes_formulas(login_as, bob, medellin):
    make_contact(medellin, first_names="=HYPERLINK(1)")
    body = login_as(bob).get(reverse("campaigns:contact-export")).content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_a_document_of_a_member_links_the_contact(bob, medellin):
    member = MemberFactory(id_number="71234567")
    contact = services.contact_create(
        actor=bob,
        first_names="Ana",
        territory=medellin,
        id_number="71234567",
        consent_channel="verbal",
        consent_date=timezone.localdate(),
    )
    assert contact.member == member


def test_the_same_person_is_not_a_contact_twice(bob, medellin):
    values = {
        "first_names": "Ana",
        "territory": medellin,
        "id_number": "1020304050",
        "consent_channel": "verbal",
        "consent_date": timezone.localdate(),
    }
    services.contact_create(actor=bob, **values)
    with pytest.raises(ValidationError):
        services.contact_create(actor=bob, **values)


def test_a_contact_of_another_territory_is_not_revealed(bob, charlie, medellin, bogota):
    make_contact(bogota, id_type="CC", id_number="1020304050")
    with pytest.raises(ValidationError) as exc:
        services.contact_create(
            actor=bob,
            first_names="Ana",
            territory=medellin,
            id_number="1020304050",
            consent_channel="verbal",
            consent_date=timezone.localdate(),
        )
    assert "revisión nacional" in " ".join(exc.value.messages)


def _registration(contact, territory, **extra):
    values = {
        "id_type": "CC",
        "id_number": "1033445566",
        "first_names": contact.first_names,
        "last_names": contact.last_names,
        "territory": territory,
        "birth_date": None,
        "sex": "",
        "phone": contact.phone,
        "email": "",
        "address": contact.address,
        "joined_on": timezone.localdate(),
        "consent_date": timezone.localdate(),
        "consent_channel": Member.ConsentChannel.choices[0][0],
        "consent_evidence": "",
        "consent_file": None,
        "photo": None,
    }
    values.update(extra)
    return values


def test_converting_registers_the_member_and_links_it(bob, medellin):
    contact = make_contact(medellin)
    member = services.contact_convert(actor=bob, contact=contact, registration=_registration(contact, medellin))
    contact.refresh_from_db()
    assert contact.member == member


def test_converting_a_person_already_a_member_links_without_a_second_member(bob, medellin):
    existing = MemberFactory(id_number="1033445566")
    contact = make_contact(medellin)
    services.contact_convert(actor=bob, contact=contact, registration=_registration(contact, medellin))
    assert Member.objects.filter(id_number="1033445566").count() == 1
    contact.refresh_from_db()
    assert contact.member == existing


def test_converting_a_member_hidden_from_the_coordinator_goes_to_national_review(bob, medellin, bogota):
    MemberFactory(id_number="1033445566", territory=bogota)
    contact = make_contact(medellin)
    with pytest.raises(NationalReviewRequired):
        services.contact_convert(actor=bob, contact=contact, registration=_registration(contact, medellin))
    contact.refresh_from_db()
    assert contact.member_id is None


def test_the_convert_page_posts_the_prefilled_member_form(login_as, bob, medellin):
    contact = make_contact(medellin, first_names="Marta", last_names="Ríos")
    client = login_as(bob)
    url = reverse("campaigns:contact-convert", args=[contact.pk])
    form = form_with(client.get(url).content.decode(), id="convert-form")
    response = client.post(
        url,
        form.data(
            id_number="1098765432",
            territory=str(medellin.pk),
            consent_channel=Member.ConsentChannel.choices[0][0],
            consent_date="2026-12-01",
        ),
    )
    member = Member.objects.get(id_number="1098765432")
    assert response.url == reverse("militancia:member-detail", args=[member.pk])
    assert member.first_names == "Marta"


def test_a_suppression_finds_the_contact_of_a_member(bob, medellin):
    from militancia.personal_data import Subject, registered

    member = MemberFactory(id_number="1055555555")
    contact = make_contact(medellin, member=member)
    entry = next(e for e in registered() if e.model is Contact)
    assert list(entry.rows(Subject.of(member))) == [contact]


def test_a_suppression_erases_the_contact_and_what_was_heard(medellin, turf, volunteer):
    import uuid

    from campaigns.models import Attempt
    from campaigns.tests.factories import make_list
    from militancia.personal_data import personal_data_erase

    member = MemberFactory(id_number="1066666666")
    contact = make_contact(medellin, id_type="CC", id_number="1066666666")
    wl = make_list(turf, [contact], volunteer)
    services.attempt_record(
        actor=volunteer,
        walk_list=wl,
        contact_id=contact.pk,
        client_uuid=uuid.uuid4(),
        result="talked",
        support_level=1,
        issues=["Empleo"],
    )
    personal_data_erase(member)
    assert (Contact.objects.filter(pk=contact.pk).exists(), Attempt.objects.filter(contact=contact).exists()) == (
        False,
        False,
    )
