"""In Chromium: two national administrators suppress a resigned member; her page then shows no personal value."""

import os
from datetime import date
from pathlib import Path

import pytest

from core.models import User
from core.roles import Role
from core.tests.browser import log_in_with_second_factor
from core.tests.factories import make_user, territory
from militancia.models import Member
from militancia.services.members import member_change_status, member_register, member_update

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "data_rights"
SECRETS = [
    "71234567",
    "Rosa Elena",
    "Quintero",
    "14/03/1980",
    "1980-03-14",
    "3015550101",
    "rosa.quintero@",
    "Carrera 45",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed"),
]


@pytest.fixture
def page(browser_page):
    return browser_page


def test_a_suppressed_member_page_shows_no_personal_value(live_server, transactional_db, page):
    alice = make_user("alice", Role.NATIONAL_ADMIN)
    diana = make_user("diana", Role.NATIONAL_ADMIN)
    # Staff names come from Faker and show in the header: fix them so none can match hers.
    User.objects.filter(pk__in=[alice.pk, diana.pk]).update(first_name="Ana", last_name="Administradora")
    member = member_register(
        actor=alice,
        id_number="71234567",
        first_names="Rosa Elena",
        last_names="Quintero Vélez",
        territory=territory("05001"),
        birth_date=date(1980, 3, 14),
        phone="3015550101",
        email="rosa.quintero@example.org",
        address="Carrera 45 # 12-34",
        consent_date=date(2024, 2, 1),
        consent_channel=Member.ConsentChannel.PAPER,
    )
    member_update(member=member, actor=alice, data={"phone": "3015550199"})
    member_change_status(member=member, actor=alice, to_status=Member.Status.RESIGNED, reason="Renuncia por carta")

    log_in_with_second_factor(page, live_server.url, alice)
    page.goto(f"{live_server.url}/derechos/supresiones/")
    page.get_by_label("Número de documento").fill("71234567")
    page.get_by_label("Motivo").fill("La militante lo pidió por escrito")
    page.get_by_role("button", name="Registro", exact=True).click()
    page.wait_for_load_state("networkidle")

    page.context.clear_cookies()
    log_in_with_second_factor(page, live_server.url, diana)
    page.goto(f"{live_server.url}/derechos/supresiones/")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Confirmar la supresión").click()
    page.wait_for_load_state("networkidle")

    page.goto(f"{live_server.url}/militantes/{member.pk}/")
    page.get_by_text("dato suprimido").first.wait_for()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "member_after_suppression.png"), full_page=True)
    assert [secret for secret in SECRETS if secret in page.content()] == []
