"""Playwright with Debian's Chromium, for browser tests across the project.

from core.tests.browser import log_in, requires_chromium, screenshot

@pytest.mark.browser
@requires_chromium
def test_x(live_server, browser_page): ...
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]

requires_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")


FAKE_CAMERA_ARGS = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
LAPTOP = {"width": 1366, "height": 860}


@contextmanager
def chromium_context(*, camera: bool = False, viewport: dict | None = None) -> Iterator:
    """The one way the suite launches Chromium: a browser and a context (Spanish locale), closed
    afterwards. `camera`: a fake camera that plays without a permission prompt (the drive page)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the test's ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    args = [*LAUNCH_ARGS, *(FAKE_CAMERA_ARGS if camera else [])]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        context = browser.new_context(viewport=viewport or LAPTOP, locale="es-CO")
        if camera:
            context.grant_permissions(["camera"])
        try:
            yield context
        finally:
            context.close()
            browser.close()


def new_page(context):
    page = context.new_page()
    page.set_default_timeout(15000)
    return page


@pytest.fixture
def browser_context():
    """A fresh browser context (laptop viewport, Spanish locale) per test."""
    with chromium_context() as context:
        yield context


@pytest.fixture
def browser_page(browser_context):
    return new_page(browser_context)


@pytest.fixture
def camera_context():
    """A browser context with a fake camera that needs no permission prompt."""
    with chromium_context(camera=True, viewport={"width": 1366, "height": 900}) as context:
        yield context


@pytest.fixture
def camera_page(camera_context):
    return new_page(camera_context)


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG under test-artifacts/ (kept by CI for people to look at)."""
    path = ARTIFACTS / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, base_url: str, username: str, password: str, *, second_factor: bool = True) -> None:
    """Log in through the real page; a role that needs a second factor passes it with an app code
    (set up on the spot the first time, recovery codes acknowledged) unless `second_factor=False`."""
    page.goto(f"{base_url}/cuenta/ingresar/")
    page.get_by_label("Nombre de usuario").fill(username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()
    page.wait_for_load_state("networkidle")
    if second_factor and "/cuenta/segundo-factor/" in page.url:
        pass_second_factor(page, username)


def pass_second_factor(page, username: str) -> None:
    """On the second-factor page: type the app's current code (the enrolment's device the first time)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    devices = TOTPDevice.objects.filter(user__username=username)
    device = devices.filter(confirmed=True).first() or devices.get(confirmed=False)
    # A code is accepted once per 30 s window; a test that logs the same user in twice in a
    # window would be refused the second time, so the device forgets its last used window.
    devices.filter(pk=device.pk).update(last_t=-1)
    page.get_by_label("Código de 6 dígitos").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="Verificar").click()
    page.wait_for_load_state("networkidle")
    if "/cuenta/codigos-de-recuperacion/" in page.url:
        page.get_by_role("link", name="Los guardé, continuar").click()
        page.wait_for_load_state("networkidle")


def pick(page, label: str, text: str, *, option: str | None = None) -> None:
    """Choose in a type-ahead picker (core.widgets.SearchSelect) as a person does: click, type, Enter.

    `option` is the option's accessible name when it differs from what is typed."""
    from playwright.sync_api import expect

    page.get_by_role("combobox", name=label).click()
    page.keyboard.type(text)
    listbox = page.get_by_role("listbox", name=label)
    choice = listbox.get_by_role("option", name=option or text, exact=True)
    expect(choice).to_be_visible()
    choice.click()
    expect(listbox).to_be_hidden()


def log_in_with_second_factor(page, base_url: str, user) -> None:
    """A role that needs a second factor: open a verified session with the test client and hand its cookie over."""
    from django.test import Client

    from core.tests.factories import login

    client = Client()
    login(client, user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def wait_for_js(page, expression: str, *, timeout: float = 15):
    """Wait until a JavaScript expression is truthy on the page.

    Not `page.wait_for_function`: Playwright compiles its predicate with eval inside the page,
    which the Content-Security-Policy (no 'unsafe-eval') refuses; `page.evaluate` is not affected.
    """
    from core.tests.waiting import wait_until

    return wait_until(lambda: page.evaluate(expression), timeout=timeout, every=0.05, what=expression)
