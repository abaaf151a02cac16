"""WCAG 2.2 AA in a real browser: every main page, as the role that uses it, has no serious or
critical axe-core violation; a failed submit puts the focus on the error.

The data are the demo's (`seed_demo`) plus the detail objects the demo lacks (a roster in preview,
an election with its calendar, an attention request, a vendor box in audit, a party body).
The Django admin and the Swagger UI are third-party pages and are not checked here.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.tests.axe import axe_violations
from core.tests.browser import requires_chromium, screenshot
from core.tests.factories import ensure_territories, login, territory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True)]

# Pages of other products embedded in the app.
THIRD_PARTY = ("/admin/", "/api/")
# Fixed on another branch of issue 11 (item 9: numbers localized in aria-valuenow of the shared progress
# bar, militancia/informes and electoral coverage): matched by page, rule and element, nothing else is waived.
# Remove once that branch is merged.
WAIVED: list = []  # (path pattern, rule, html marker) of a violation accepted on purpose: none

ROLE_USERS = {
    "admin": "Administración nacional",
    "coord.antioquia": "Coordinación regional",
    "carnetizacion": "Carnetización",
    "comunicaciones": "Comunicaciones (profesional)",
    "jefe.comunicaciones": "Comunicaciones (jefatura)",
    "electoral": "Secretaría electoral",
    "consulta": "Consulta",
    "solidaridad": "Secretaría de solidaridad",
    "asuntos.sociales": "Secretaría de asuntos sociales",
    "voluntario.medellin": "Voluntariado de campo",
}


def _detail_objects() -> dict[str, list[str]]:
    """Objects the demo does not create, and the detail pages each role opens."""
    from attention.tests.factories import make_request
    from comunicaciones.models import Piece
    from core.models import User
    from electoral.tests.factories import ElectionFactory, MilestoneFactory, build_geography
    from militancia.models import Member
    from party_bodies import services as offices
    from rosters.models import RosterUpload
    from rosters.tests.helpers import person, process, upload, xlsx_file
    from vendor_audits import services as audits

    admin = User.objects.get(username="admin")
    coordinator = User.objects.get(username="coord.antioquia")
    medellin, antioquia = territory("05001"), territory("05")
    rows = [person(str(71_000_000 + n), first=f"Persona {n}") for n in range(12)] + [
        ["abc", "", "", "", "", "", "", ""]
    ]
    roster = process(upload(xlsx_file(rows), medellin, coordinator))
    assert roster.status == RosterUpload.Status.VALIDATED
    election = ElectionFactory(name="Elecciones territoriales 2027")
    for n in range(3):
        MilestoneFactory(election=election, deadline=timezone.now() + timedelta(days=5 + n))
    build_geography(medellin, territory("11001"))
    request = make_request(territory=medellin, actor=coordinator)
    vendor = audits.vendor_create(actor=admin, name="Digitalizamos SAS", tax_id="900123456")
    contract = audits.contract_create(
        actor=admin, vendor=vendor, number="C-1", unit_price=Decimal("850"), aql="2.5", starts_on=date(2026, 1, 1)
    )
    delivery = audits.delivery_create(actor=admin, contract=contract, number="S-1", delivered_on=date(2026, 11, 20))
    box = audits.box_register(
        actor=admin, delivery=delivery, code="CJ-001", forms_declared=90, received_on=date(2026, 11, 20)
    )
    audits.audit_start(box=box, actor=admin, seed=7)
    body = offices.body_create(actor=coordinator, territory=antioquia)
    member = Member.objects.filter(territory__path__startswith=antioquia.path).order_by("pk").first()
    piece = Piece.objects.filter(status__in=Piece.REVIEW_STATES).order_by("pk").first()
    e = f"/electoral/elecciones/{election.pk}"
    from campaigns.models import Campaign, Contact, Turf, WalkList
    from electoral.demo import TARGET_NAME
    from electoral.models import Election, Poll
    from social_orgs.models import OrganizationElection
    from solidarity.models import SolidarityCase

    # Field work (issue 16): the demo's campaign, turf, contact and the volunteer's list; the demo
    # election's polls tab, one poll, the poll form and the where-to-work board with its map.
    campaign = Campaign.objects.order_by("pk").first()
    turf = Turf.objects.filter(campaign=campaign).order_by("pk").first()
    contact = Contact.objects.order_by("pk").first()
    walk_list = WalkList.objects.filter(volunteer__username="voluntario.medellin").order_by("pk").first()
    demo_election = Election.objects.get(name=TARGET_NAME)
    poll = Poll.objects.filter(election=demo_election).order_by("pk").first()
    d = f"/electoral/elecciones/{demo_election.pk}"
    field_work = [
        f"/campanas/{campaign.pk}/",
        f"/campanas/zonas/{turf.pk}/",
        f"/campanas/contactos/{contact.pk}/",
        "/campanas/contactos/nuevo/",
        f"{d}/encuestas/",
        f"{d}/encuestas/{poll.pk}/",
        f"{d}/encuestas/nueva/",
        f"{d}/encuestas/importar/",
        f"{d}/donde-trabajar/",
        f"{d}/donde-trabajar/?territory=05&level=municipality",
        f"{d}/donde-trabajar/?territory=05001&level=place",
    ]
    case = SolidarityCase.objects.order_by("pk").first()
    org_election = OrganizationElection.objects.order_by("pk").first()
    return {
        "admin": [
            f"/militantes/{member.pk}/",
            "/militantes/nuevo/",
            f"/solicitudes/{request.pk}/",
            "/solicitudes/nueva/",
            f"/digitalizacion/proveedores/{vendor.pk}/",
            f"/digitalizacion/entregas/{delivery.pk}/",
            f"/digitalizacion/cajas/{box.pk}/",
            f"/organos/{body.pk}/",
            "/carnets/lotes/nuevo/",
        ],
        "coord.antioquia": [f"/planillas/{roster.pk}/", f"/militantes/{member.pk}/", f"/organos/{body.pk}/"],
        "electoral": [
            f"{e}/",
            f"{e}/calendario/",
            f"{e}/candidatos/",
            f"{e}/testigos/",
            f"{e}/cobertura/",
            *field_work,
        ],
        "voluntario.medellin": [f"/campo/listas/{walk_list.pk}/"],
        "jefe.comunicaciones": [f"/comunicaciones/revision/{piece.pk}/", f"/comunicaciones/piezas/{piece.pk}/"],
        "comunicaciones": ["/comunicaciones/cronograma/?vista=semana", "/comunicaciones/estadisticas/importar/"],
        "solidaridad": [f"/solidaridad/casos/{case.pk}/", "/solidaridad/casos/nuevo/", "/solidaridad/profesionales/"],
        "asuntos.sociales": [
            f"/organizaciones/{org_election.organization_id}/",
            f"/organizaciones/elecciones/{org_election.pk}/",
            "/organizaciones/frentes/",
        ],
    }


def _open_session(context, base_url: str, username: str) -> None:
    """Log in with the test client (second factor verified) and hand the session to the browser."""
    from core.models import User

    client = Client()
    login(client, User.objects.get(username=username))
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def test_every_main_page_has_no_serious_accessibility_violation(live_server, browser_context):
    cache.clear()  # cached choices and counters carry another database's primary keys
    ensure_territories()
    call_command("seed_demo", members=300, stdout=io.StringIO())
    details = _detail_objects()
    found: list[str] = []
    visited = 0
    for username in ROLE_USERS:
        browser_context.clear_cookies()
        _open_session(browser_context, live_server.url, username)
        page = browser_context.new_page()
        page.goto(f"{live_server.url}/")
        nav = page.eval_on_selector_all("#sidebar a.nav-link", "links => links.map(a => a.getAttribute('href'))")
        urls = [u for u in dict.fromkeys(["/", *nav, *details.get(username, [])]) if not u.startswith(THIRD_PARTY)]
        for url in urls:
            response = page.goto(f"{live_server.url}{url}")
            assert response.status == 200, f"{username} {url}: {response.status}"
            page.wait_for_load_state("load")
            visited += 1
            for rule, target, html in axe_violations(page):
                path = url.split("?")[0]
                if any(p.match(path) and rule == r and marker in html for p, r, marker in WAIVED):
                    continue
                found.append(f"{username} {url} · {rule} · {target} · {html}")
        page.close()
    assert visited > 60
    assert found == [], "\n".join(found)


def test_a_failed_submit_puts_the_focus_on_the_first_invalid_field(live_server, browser_context):
    from core.models import User
    from core.roles import Role
    from core.tests.factories import make_user

    cache.clear()
    make_user("coordina", Role.REGIONAL_COORDINATOR, territories=[territory("05")])
    assert User.objects.filter(username="coordina").exists()
    _open_session(browser_context, live_server.url, "coordina")
    page = browser_context.new_page()
    page.goto(f"{live_server.url}/militantes/nuevo/")
    page.get_by_label("Nombres").fill("Ana")
    page.get_by_role("button", name="Guardar").click()
    page.wait_for_load_state("load")
    focused = page.evaluate("document.activeElement.getAttribute('aria-invalid')")
    screenshot(page, "core/failed-submit-focus")
    assert focused == "true"
