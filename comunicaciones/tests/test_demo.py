"""The demo data seeds every step of the procedure, once."""

from comunicaciones.demo import seed
from comunicaciones.models import ChannelStat, MediaMention, MonthlyReport, Piece
from core.roles import Role
from core.tests.factories import make_user


def test_it_seeds_the_demo_once(db):
    make_user("comunicaciones", Role.COMMS_PROFESSIONAL)
    make_user("disenador", Role.COMMS_PROFESSIONAL)
    make_user("jefe.comunicaciones", Role.COMMS_CHIEF)
    seed()
    statuses = set(Piece.objects.values_list("status", flat=True))
    assert {"content_review", "content_returned", "design_review", "published", "need", "drafting"} <= statuses
    assert ChannelStat.objects.count() == 18
    assert MediaMention.objects.count() == 3
    assert MonthlyReport.objects.count() == 1
    count = Piece.objects.count()
    seed()
    assert Piece.objects.count() == count


def test_it_does_nothing_without_the_demo_users(db):
    seed()
    assert not Piece.objects.exists()
