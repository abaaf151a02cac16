import pytest
from django.urls import reverse
from django.utils import timezone

from attention.models import AttentionRequest
from attention.tests.factories import make_request
from core.roles import Role
from core.tests.factories import make_user
from core.tests.permissions import assert_statuses
from militancia.tests.factories import MemberFactory

Status = AttentionRequest.Status


@pytest.fixture
def request_in_medellin(medellin, bob):
    return make_request(territory=medellin, actor=bob, assigned_to=bob)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["attention:attention-queue", "attention:attention-create", "attention:attention-figures"]
)
def test_it_requires_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "/login" in response.url or "ingresar" in response.url or "accounts" in response.url


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["attention:attention-queue", "attention:attention-create", "attention:attention-figures"]
)
def test_it_refuses_users_without_role(login_as, nobody, name):
    assert login_as(nobody).get(reverse(name)).status_code == 403


@pytest.mark.django_db
def test_the_reader_sees_the_queue_but_cannot_register_or_answer(client, reader, request_in_medellin):
    pk = request_in_medellin.pk
    assert_statuses(
        client, [reverse("attention:attention-queue"), reverse("attention:attention-detail", args=[pk])], {reader: 200}
    )
    assert_statuses(client, reverse("attention:attention-create"), {reader: 403})
    answer = reverse("attention:attention-answer", args=[pk])
    assert_statuses(client, answer, {reader: 403}, method="post", data={"answer_text": "x"})


@pytest.mark.django_db
def test_out_of_scope_requests_are_absent(client, login_as, charlie, request_in_medellin):
    pk = request_in_medellin.pk
    assert_statuses(client, reverse("attention:attention-detail", args=[pk]), {charlie: 404})
    assert_statuses(
        client,
        reverse("attention:attention-answer", args=[pk]),
        {charlie: 404},
        method="post",
        data={"answer_text": "x"},
    )
    transition = reverse("attention:attention-transition", args=[pk])
    assert_statuses(client, transition, {charlie: 404}, method="post", data={"to_status": "en_tramite"})
    writes = [reverse("attention:attention-extend", args=[pk]), reverse("attention:attention-assign", args=[pk])]
    assert_statuses(client, writes, {charlie: 404}, method="post")
    assert (
        request_in_medellin.tracking_number
        not in login_as(charlie).get(reverse("attention:attention-queue")).content.decode()
    )
    assert AttentionRequest.objects.get(pk=pk).status == Status.RECEIVED


@pytest.mark.django_db
def test_the_queue_orders_by_due_date_and_flags_overdue(login_as, bob, medellin, django_assert_max_num_queries):
    today = timezone.localdate()
    late = make_request(territory=medellin, actor=bob, received_on=today - timezone.timedelta(days=60))
    fresh = make_request(territory=medellin, actor=bob, kind="consultation", received_on=today)
    for _ in range(5):
        make_request(territory=medellin, actor=bob, assigned_to=bob)
    client = login_as(bob)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("attention:attention-queue"))
    html = response.content.decode()
    assert html.index(late.tracking_number) < html.index(fresh.tracking_number)
    assert 'data-urgency="overdue"' in html
    overdue_only = client.get(reverse("attention:attention-queue"), {"urgency": "overdue"}).content.decode()
    assert late.tracking_number in overdue_only
    assert fresh.tracking_number not in overdue_only


@pytest.mark.django_db
def test_staff_register_a_request_for_a_member_found_by_id(login_as, bob, medellin):
    member = MemberFactory(territory=medellin, email="ana@example.org")
    response = login_as(bob).post(
        reverse("attention:attention-create"),
        {
            "channel": "in_person",
            "kind": "hd_claim",
            "requester_id_type": "CC",
            "requester_id_number": member.id_number,
            "subject": "Corregir dirección",
            "description": "La dirección está mal.",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    req = AttentionRequest.objects.get()
    assert req.member == member
    assert req.territory == medellin
    member.refresh_from_db()
    assert member.has_open_claim


@pytest.mark.django_db
def test_staff_cannot_register_a_request_with_no_way_to_answer(login_as, bob, medellin):
    response = login_as(bob).post(
        reverse("attention:attention-create"),
        {
            "channel": "phone",
            "kind": "petition",
            "requester_id_type": "CC",
            "requester_id_number": "123456",
            "requester_name": "Sin Contacto",
            "territory": medellin.pk,
            "subject": "Algo",
            "description": "Algo",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Give at least one way to answer" in response.content.decode() or response.context["form"].errors
    assert not AttentionRequest.objects.exists()


@pytest.mark.django_db
def test_a_coordinator_cannot_file_for_another_territory(login_as, bob, bogota):
    response = login_as(bob).post(
        reverse("attention:attention-create"),
        {
            "channel": "phone",
            "kind": "petition",
            "requester_id_type": "CC",
            "requester_id_number": "123456",
            "requester_name": "Otro",
            "phone": "3000000000",
            "territory": bogota.pk,
            "subject": "Algo",
            "description": "Algo",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 200
    assert "territory" in response.context["form"].errors
    assert not AttentionRequest.objects.exists()


@pytest.mark.django_db
def test_staff_answer_extend_and_close_from_the_detail(login_as, bob, request_in_medellin):
    client = login_as(bob)
    pk = request_in_medellin.pk
    detail = client.get(reverse("attention:attention-detail", args=[pk]))
    assert detail.status_code == 200
    assert "answer-template-card_status" in detail.content.decode()
    too_late = request_in_medellin.legal_max_due_on + timezone.timedelta(days=1)
    response = client.post(
        reverse("attention:attention-extend", args=[pk]),
        {"new_due_on": too_late.isoformat(), "reason": "x", "notice_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    assert AttentionRequest.objects.get(pk=pk).due_on == request_in_medellin.due_on
    assert "extension_form" in client.get(reverse("attention:attention-detail", args=[pk])).context["open_panel"]
    response = client.post(reverse("attention:attention-answer", args=[pk]), {"answer_text": "Listo", "send": "on"})
    assert response.status_code == 302
    client.post(reverse("attention:attention-transition", args=[pk]), {"to_status": "cerrada"})
    assert AttentionRequest.objects.get(pk=pk).status == Status.CLOSED


@pytest.mark.django_db
def test_the_figures_are_scoped(login_as, bob, charlie, medellin, cundinamarca):
    make_request(territory=medellin, actor=bob)
    make_request(territory=cundinamarca, actor=charlie)
    response = login_as(bob).get(reverse("attention:attention-figures"))
    assert response.status_code == 200
    assert response.context["data"]["overall"]["total"] == 1
    assert [r["department"] for r in response.context["data"]["by_department"]] == ["Antioquia"]


@pytest.mark.django_db
def test_the_home_widget_counts_overdue_requests_in_scope(login_as, bob, charlie, medellin, cundinamarca):
    old = timezone.localdate() - timezone.timedelta(days=60)
    make_request(territory=medellin, actor=bob, received_on=old)
    make_request(territory=cundinamarca, actor=charlie, received_on=old)
    from attention.selectors import attention_overdue_count

    assert attention_overdue_count(bob) == 1
    response = login_as(bob).get(reverse("core:home"))
    assert response.status_code == 200
    widgets = {w["widget"].url_name: w["value"] for w in response.context["widgets"]}
    assert widgets["attention:attention-queue"] == 1


@pytest.mark.django_db
def test_attachments_are_scoped_and_audited(login_as, bob, charlie, medellin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("carta.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    req = make_request(territory=medellin, actor=bob, attachments=[pdf])
    item = req.attachments.get()
    assert login_as(charlie).get(reverse("attention:attention-attachment", args=[item.pk])).status_code == 404
    response = login_as(bob).get(reverse("attention:attention-attachment", args=[item.pk]))
    assert response.status_code == 200


@pytest.mark.django_db
def test_it_refuses_an_attachment_that_is_not_a_document(medellin, bob):
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile("carta.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(ValidationError):
        make_request(territory=medellin, actor=bob, attachments=[exe])
    assert not AttentionRequest.objects.exists()


@pytest.mark.django_db
def test_a_cards_user_has_no_access(login_as, antioquia):
    user = make_user("carla", Role.CARDS, territories=[antioquia])
    assert login_as(user).get(reverse("attention:attention-queue")).status_code == 403


@pytest.mark.django_db
def test_a_coordinator_assigns_only_staff_of_their_territory(bob, charlie, alice):
    from attention.forms import staff_choices

    assert set(staff_choices(bob)) == {bob}
    assert {bob, charlie, alice} <= set(staff_choices(alice))
