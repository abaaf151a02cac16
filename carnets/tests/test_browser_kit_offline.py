"""A whole drive worked offline on a kit, in Chromium, then synced to headquarters (issue 15).

Headquarters (the central database) builds the drive's package; the kit's database loads it as
`make drive-kit` does; the kit's web server (KIT_MODE, on the kit database) runs in a thread with
headquarters' address on a closed port, so nothing on the laptop can reach it. The operator signs
in with the kit PIN, looks up a member of the package and a new person, registers them (consent,
signature drawn on the pad), prints and hands over the card; every request the browser makes goes
to the kit. Then the kit syncs to headquarters (reachable now, through the test client) once, and
a second sync adds nothing. Screenshots go to test-artifacts/carnets/kit-offline-*.png.
"""

from __future__ import annotations

from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test import Client, override_settings
from django.test.testcases import LiveServerThread

from carnets.models import Card, JornadaRegistration, KitState
from carnets.services import kit as kit_services
from carnets.services.kit_sync import kit_pending
from carnets.tests.factories import JornadaFactory, stocked_printer
from carnets.tests.kit_support import KIT_DATABASES, PASSPHRASE, PIN, on_kit, package_file, prepare, sync
from core.tests.browser import log_in, requires_chromium, screenshot
from militancia.models import Member
from militancia.tests.factories import MemberFactory

pytestmark = [pytest.mark.browser, requires_chromium, pytest.mark.django_db(transaction=True, databases=KIT_DATABASES)]

CLOSED_CENTRAL = "http://127.0.0.1:9"  # the discard port: nothing listens, headquarters is unreachable
KNOWN = "1020304050"
NEW = "1036999888"


class _KitServer(ThreadedWSGIServer):
    """Each request thread answers from the kit's database, as the laptop's server does."""

    def process_request_thread(self, request, client_address):
        connections["default"] = connections["kit"]
        super().process_request_thread(request, client_address)


class _KitServerThread(LiveServerThread):
    server_class = _KitServer


@contextmanager
def kit_server():
    """The kit's web server on a free port of 127.0.0.1 (the caller is `on_kit`, so KIT_MODE is on)."""
    thread = _KitServerThread("127.0.0.1", static_handler=StaticFilesHandler, port=0)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()


def _draw_signature(page):
    page.locator("#signature-pad").scroll_into_view_if_needed()
    box = page.locator("#signature-pad").bounding_box()
    page.mouse.move(box["x"] + 30, box["y"] + box["height"] * 0.7)
    page.mouse.down()
    for step in range(1, 25):
        x = box["x"] + 30 + step * (box["width"] - 60) / 24
        y = box["y"] + box["height"] * (0.3 if step % 2 else 0.7)
        page.mouse.move(x, y, steps=3)
    page.mouse.up()


def _look_up(page, url: str, number: str):
    page.goto(url)
    page.keyboard.type(number)  # the moment the page has loaded: every digit is kept (early_keys.js)
    page.keyboard.press("Enter")
    page.wait_for_selector("#registration-form")
    assert page.locator("#registration-form").get_by_label("Número de documento").input_value() == number


def test_a_whole_drive_offline_on_the_kit_then_synced(medellin, carla, design, browser_context):
    from playwright.sync_api import expect

    MemberFactory(territory=medellin, id_number=KNOWN, first_names="Gloria", last_names="Uribe")
    jornada = JornadaFactory(name="Jornada Comuna 13", territory=medellin, printer=stocked_printer(10))
    jornada.team.set([carla])
    data = package_file(prepare(jornada=jornada, actor=carla), carla)  # at headquarters

    requests = []
    with on_kit(), override_settings(DRIVE_KIT_CENTRAL_URL=CLOSED_CENTRAL):
        kit_services.kit_load(data=data, passphrase=PASSPHRASE, pins={"carla": PIN})  # `make drive-kit`
        state = KitState.objects.get()
        with kit_server() as base:
            browser_context.on("request", lambda request: requests.append(request.url))
            page = browser_context.new_page()
            page.set_default_timeout(30000)

            # The operator signs in with the kit PIN (no second factor on a kit).
            log_in(page, base, "carla", PIN, second_factor=False)
            page.goto(f"{base}/kit/")
            signed_in = kit_pending(state=state)  # the sign-in is on the kit's audit trail
            expect(page.locator("#kit-banner")).to_have_text(f"sin conexión · {signed_in} registros por sincronizar")
            screenshot(page, "carnets/kit-offline-home")

            table = f"{base}/jornadas/{state.jornada_id}/registro/"
            _look_up(page, table, KNOWN)  # in the package: opens for update
            expect(page.get_by_text("ya es militante")).to_be_visible()
            assert page.get_by_label("Nombres").input_value() == "Gloria"
            screenshot(page, "carnets/kit-offline-found")

            _look_up(page, table, NEW)  # not in the package: a new person
            assert page.get_by_label("Nombres").input_value() == ""
            assert page.locator("#registration-form").get_by_label("Número de documento").input_value() == NEW
            assert page.get_by_text("ya es militante").count() == 0
            page.get_by_label("Nombres").fill("Luz Dary")
            page.get_by_label("Apellidos").fill("Restrepo Ochoa")
            page.get_by_label("Teléfono").fill("3001234567")
            page.get_by_label("La persona acepta la autorización de tratamiento de datos").check()
            _draw_signature(page)
            screenshot(page, "carnets/kit-offline-form")
            page.get_by_role("button", name="Guardar y emitir carnet").click()
            page.wait_for_selector("#card-number")
            registration = JornadaRegistration.objects.select_related("member", "card").get()
            number = registration.card.number
            assert page.locator("#card-number").inner_text() == number
            assert state.first_number <= int(number[1:]) <= state.last_number  # the block reserved for the kit
            assert registration.member.signature and registration.member.first_names == "Luz Dary"

            # Print: the card's PDF opens in a new tab and answers 200.
            with (
                browser_context.expect_event(
                    "response", lambda r: r.headers.get("content-type", "").startswith("application/pdf")
                ) as pdf,
                browser_context.expect_page() as opened,
            ):
                page.get_by_role("button", name="Imprimir el carnet").click()
            assert pdf.value.status == 200
            opened.value.close()
            page.wait_for_selector("#deliver-card")
            page.get_by_role("button", name="Entregado al militante").click()
            page.wait_for_selector("#card-delivered")
            screenshot(page, "carnets/kit-offline-delivered")
            assert Card.objects.get(number=number).status == Card.Status.DELIVERED

            # The banner: offline, with what is waiting to be synced.
            pending = kit_pending(state=state)
            assert pending > signed_in + 3  # the registration, its card's stock movements, the audit trail
            page.goto(f"{base}/kit/")
            expect(page.locator("#kit-banner")).to_have_text(f"sin conexión · {pending} registros por sincronizar")
            screenshot(page, "carnets/kit-offline-pending")

            # "Sync now" from the kit cannot reach headquarters: a Spanish message, nothing lost.
            page.get_by_role("button", name="Sincronizar ahora").click()
            expect(page.get_by_text("La sede no respondió")).to_be_visible()
            expect(page.locator("#kit-banner")).to_have_text(f"sin conexión · {pending} registros por sincronizar")
            screenshot(page, "carnets/kit-offline-sync-refused")
            page.close()

        kit_origin = urlsplit(base).netloc
        outside = [url for url in requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")]
        outside = [url for url in outside if urlsplit(url).netloc != kit_origin]
        assert requests and not outside, outside

        # Back at headquarters' reach: the first sync brings everything, the second adds nothing.
        first = sync(Client())
        second = sync(Client())
        assert kit_pending(state=state) == 0
    assert first["sent"] >= pending and second["sent"] == 0
    member = Member.objects.get(id_number=NEW)
    assert (member.first_names, member.last_names, bool(member.signature)) == ("Luz Dary", "Restrepo Ochoa", True)
    card = Card.objects.get(number=number)
    assert (card.member_id, card.status, card.jornada_id) == (member.pk, Card.Status.DELIVERED, jornada.pk)
    assert Member.objects.filter(id_number=NEW).count() == 1
    assert Card.objects.filter(member=member).count() == 1
    assert Member.objects.filter(id_number=KNOWN).count() == 1
