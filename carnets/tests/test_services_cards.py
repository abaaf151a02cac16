import pytest
from django.core.exceptions import ValidationError

from carnets import services
from carnets.models import Card, CardStatusChange
from carnets.tests.factories import stocked_printer
from core.models import AuditEvent
from militancia.tests.factories import MemberFactory


def test_it_issues_a_pending_card_with_history_and_audit(alice, design, territories):
    member = MemberFactory()
    card = services.card_issue(member=member, actor=alice)
    assert card.status == Card.Status.PENDING
    assert card.number.startswith("C")
    assert len(card.number) == 9
    assert card.version == 1
    assert card.design == design
    assert list(card.history.values_list("to_status", flat=True)) == ["pendiente"]
    assert AuditEvent.objects.filter(object_id=str(card.pk), action="create").exists()
    # Issuing again returns the same pending card.
    assert services.card_issue(member=member, actor=alice).pk == card.pk


def test_it_refuses_a_card_without_active_design(alice, territories):
    with pytest.raises(ValidationError, match="diseño de carnet activo|active card design"):
        services.card_issue(member=MemberFactory(), actor=alice)


def test_it_refuses_inactive_members(alice, design, territories):
    member = MemberFactory(status="suspendido")
    with pytest.raises(ValidationError):
        services.card_issue(member=member, actor=alice)
    assert not Card.objects.exists()


def _printed(alice, member=None):
    member = member or MemberFactory()
    card = services.card_issue(member=member, actor=alice)
    return services.card_mark_printed(card=card, printer=stocked_printer(5), actor=alice)


def test_it_walks_the_status_machine_and_keeps_has_card(alice, design, territories):
    card = _printed(alice)
    card.member.refresh_from_db()
    assert card.status == "impreso"
    assert card.member.has_card
    card = services.card_deliver(card=card, actor=alice, delivered_to="El titular", place="Sede Medellín")
    assert card.status == "entregado"
    assert card.delivered_at
    assert card.delivered_place == "Sede Medellín"
    card = services.card_mark_lost(card=card, actor=alice)
    card.member.refresh_from_db()
    assert card.status == "perdido"
    assert not card.member.has_card
    new = services.card_reprint(card=card, actor=alice, reason="Perdido en el bus")
    card.refresh_from_db()
    assert card.status == "reemplazado"
    assert new.version == 2
    assert new.replaces == card
    assert new.status == "pendiente"
    steps = list(CardStatusChange.objects.filter(card=card).values_list("to_status", "actor"))
    assert [s for s, _a in steps] == ["pendiente", "impreso", "entregado", "perdido", "reemplazado"]
    assert all(actor == alice.pk for _s, actor in steps)


def test_it_refuses_illegal_moves(alice, design, territories):
    card = services.card_issue(member=MemberFactory(), actor=alice)
    with pytest.raises(ValidationError, match="no puede|cannot"):
        services.card_deliver(card=card, actor=alice, delivered_to="x", place="y")
    with pytest.raises(ValidationError):
        services.card_reprint(card=card, actor=alice, reason="x")


def test_it_refuses_to_reprint_a_revoked_card(alice, design, territories):
    card = _printed(alice)
    services.card_revoke(card=card, actor=alice, reason="Expulsado")
    with pytest.raises(ValidationError, match="anulado|revoked"):
        services.card_reprint(card=card, actor=alice, reason="Lo pidió")
    assert Card.objects.filter(member=card.member).count() == 1


def test_it_keeps_the_design_of_printed_cards(alice, design, territories):
    card = _printed(alice)
    new_design = services.design_save(
        design=design, data={"party_name": "Nuevo nombre"}, images={}, actor=alice, activate=True
    )
    assert new_design.pk != design.pk
    assert new_design.is_active
    design.refresh_from_db()
    card.refresh_from_db()
    assert card.design == design
    assert design.party_name == "Partido de Prueba"
    assert not design.is_active


def test_the_longest_names_in_the_database_fit_the_card(alice, design, territories):
    from django.db.models.functions import Length
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from carnets import pdf
    from carnets.rendering import render_card_queryset
    from militancia.models import Member

    MemberFactory(first_names="María " * 19 + "Ana", last_names="Wolfeschlegelsteinhausenbergerdorff " * 3 + "Pérez")
    MemberFactory(first_names="Ana", last_names="Paz")
    for field in ("first_names", "last_names"):
        longest = Member.objects.annotate(n=Length(field)).order_by("-n").values_list(field, flat=True).first()
        size, scale = pdf.fit_font_size(longest, pdf.FONT_BOLD, pdf.TEXT_W, pdf.NAME_MAX, pdf.NAME_MIN)
        assert stringWidth(longest, pdf.FONT_BOLD, size) * scale / 100 <= pdf.TEXT_W + 0.01
    for member in Member.objects.all():
        services.card_issue(member=member, actor=alice)
    data = render_card_queryset(Card.objects.all(), layout="cr80", title="x")
    assert data.startswith(b"%PDF")
    assert b"Wolfeschlegelsteinhausenbergerdorff" in data
