"""The press agenda: interviews and appearances on the calendar, numbered bulletins, and the
monthly press report (figures and PDF)."""

from __future__ import annotations

import threading
from datetime import date, datetime, time
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from comunicaciones.models import MediaMention, PressAppearance, PressRelease
from comunicaciones.services.planning import media_mention_create, press_release_create
from comunicaciones.services.press import (
    press_appearance_create,
    press_figures,
    press_release_publish,
    press_report_generate,
)
from comunicaciones.tests.factories import chief, professional
from core.roles import Role
from core.tests.factories import login, make_user
from core.tests.permissions import ANONYMOUS, LOGIN, NO_ROLE, assert_statuses
from core.tests.rendered import form_with

pytestmark = pytest.mark.django_db

NOV = date(2026, 11, 1)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def _appearance(actor, **fields) -> PressAppearance:
    values = {
        "kind": PressAppearance.Kind.INTERVIEW,
        "starts_at": _at(date(2026, 11, 5)),
        "medium": "Caracol Radio",
        "journalist": "Darío Arizmendi",
        "spokesperson": "La presidenta del partido",
        "topic": "Reforma electoral",
        "key_messages": "1. Listas abiertas\n2. Financiación",
    }
    values.update(fields)
    return press_appearance_create(actor=actor, **values)


def _release(actor, title="Boletín") -> PressRelease:
    return press_release_create(actor=actor, title=title, date=timezone.localdate(), body="Texto")


def test_an_interview_without_a_spokesperson_is_refused_in_spanish(paula):
    with pytest.raises(ValidationError) as refusal:
        _appearance(paula, spokesperson="  ")
    assert refusal.value.message_dict["spokesperson"] == [
        "Vocero: diga quién habla por el partido (una entrevista sin vocero no se puede planear)."
    ]


def test_only_the_communications_team_plans_appearances(db):
    reader = make_user("lectora", Role.READ_ONLY)
    with pytest.raises(PermissionDenied):
        _appearance(reader)


def test_the_form_shows_the_spokesperson_message_on_its_field(client, paula):
    login(client, paula)
    response = client.post(
        reverse("comunicaciones:appearance-create"),
        {"kind": "interview", "starts_at": "2026-12-10T09:00", "medium": "El Tiempo", "topic": "Paz"},
    )
    assert "una entrevista sin vocero no se puede planear" in response.content.decode()


def test_an_appearance_shows_on_the_calendar_beside_the_pieces(client, paula):
    _appearance(paula, starts_at=_at(date(2026, 11, 5), 7), medium="Blu Radio")
    login(client, paula)
    page = client.get(reverse("comunicaciones:calendar"), {"fecha": "2026-11-05"}).content.decode()
    assert "07:00 Entrevista · Blu Radio" in page


def test_an_appearance_shows_in_the_week_view_press_row(client, paula):
    _appearance(paula, starts_at=_at(date(2026, 11, 5), 7), medium="Blu Radio")
    login(client, paula)
    page = client.get(reverse("comunicaciones:calendar"), {"fecha": "2026-11-05", "vista": "semana"}).content.decode()
    assert 'data-testid="press-lane"' in page


def test_bulletins_are_numbered_in_order_of_publication(paula):
    first, second = _release(paula, "Uno"), _release(paula, "Dos")
    press_release_publish(actor=paula, release=second)
    press_release_publish(actor=paula, release=first)
    year = timezone.localdate().year
    assert list(PressRelease.objects.order_by("number").values_list("title", "year", "number")) == [
        ("Dos", year, 1),
        ("Uno", year, 2),
    ]


def test_a_bulletin_is_published_once(paula):
    release = _release(paula)
    press_release_publish(actor=paula, release=release)
    with pytest.raises(ValidationError):
        press_release_publish(actor=paula, release=release)


def test_publishing_from_the_list_page_numbers_the_bulletin(client, paula):
    release = _release(paula)
    login(client, paula)
    page = client.get(reverse("comunicaciones:press-release-list")).content.decode()
    form = form_with(page, action=reverse("comunicaciones:press-release-publish", args=[release.pk]))
    response = client.post(form.target(), form.data(), follow=True)
    release.refresh_from_db()
    assert f"Boletín {release.code} publicado." in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_bulletins_published_at_once_get_different_numbers_without_gaps():
    author = professional("autora")
    releases = [_release(author, f"Boletín {n}") for n in range(6)]
    barrier = threading.Barrier(len(releases))
    errors = []

    def publish(release):
        try:
            barrier.wait(5)
            press_release_publish(actor=author, release=release)
        except Exception as exc:  # collected for the assertion
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish, args=(r,)) for r in releases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    numbers = sorted(PressRelease.objects.values_list("number", flat=True))
    assert (errors, numbers) == ([], [1, 2, 3, 4, 5, 6])


@pytest.fixture
def november(paula):
    """A known month: 3 appearances (2 interviews, 1 press conference), 2 bulletins published,
    5 mentions (3 in El Tiempo: 2 positive 1 negative; 2 in Semana: neutral), plus noise in October."""
    tz = timezone.get_current_timezone()
    _appearance(paula, starts_at=_at(date(2026, 11, 3)))
    _appearance(paula, starts_at=_at(date(2026, 11, 20)), medium="Noticias RCN")
    _appearance(paula, kind=PressAppearance.Kind.PRESS_CONFERENCE, starts_at=_at(date(2026, 11, 28)))
    _appearance(paula, starts_at=_at(date(2026, 10, 31), 23))  # October, late evening in Bogotá
    published = []
    for n, day in enumerate((date(2026, 11, 4), date(2026, 11, 18))):
        release = _release(paula, f"Comunicado {n + 1}")
        press_release_publish(actor=paula, release=release)
        PressRelease.objects.filter(pk=release.pk).update(published_at=datetime.combine(day, time(9), tz))
        published.append(release)
    _release(paula, "Borrador sin publicar")
    for outlet, tone, release in (
        ("El Tiempo", MediaMention.Tone.POSITIVE, published[0]),
        ("El Tiempo", MediaMention.Tone.POSITIVE, published[0]),
        ("El Tiempo", MediaMention.Tone.NEGATIVE, None),
        ("Semana", MediaMention.Tone.NEUTRAL, published[1]),
        ("Semana", MediaMention.Tone.NEUTRAL, None),
    ):
        media_mention_create(
            actor=paula, date=date(2026, 11, 10), outlet=outlet, headline="Titular", tone=tone, press_release=release
        )
    media_mention_create(actor=paula, date=date(2026, 10, 10), outlet="Semana", headline="Octubre")


def test_the_press_report_counts_appearances_by_kind(november):
    figures = press_figures(month=NOV)
    assert figures["appearances_by_kind"] == {"interview": 2, "press_conference": 1, "appearance": 0}


def test_the_press_report_counts_published_bulletins_only(november):
    figures = press_figures(month=NOV)
    assert [(r["title"], r["mentions"]) for r in figures["releases"]] == [("Comunicado 1", 2), ("Comunicado 2", 1)]


def test_the_press_report_counts_mentions_by_tone(november):
    figures = press_figures(month=NOV)
    assert (figures["tones"], figures["mentions_from_releases"]) == (
        {"positive": 2, "neutral": 2, "negative": 1},
        3,
    )


def test_the_press_report_ranks_outlets_with_their_tones(november):
    figures = press_figures(month=NOV)
    assert figures["outlets"] == [
        {"outlet": "El Tiempo", "total": 3, "positive": 2, "neutral": 0, "negative": 1},
        {"outlet": "Semana", "total": 2, "positive": 0, "neutral": 2, "negative": 0},
    ]


def test_the_press_report_pdf_prints_the_figures(november):
    report = press_report_generate(month="2026-11-01")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(report.file.read())).pages)
    expected = (
        "Apariciones en medios: 3 · boletines publicados: 2 · menciones en medios: 5 (3 después de un boletín)",
        "El Tiempo 2 0 1 3",
        "Semana 0 2 0 2",
    )
    assert [line in text for line in expected] == [True, True, True]


def test_press_pages_follow_the_communications_roles(client, paula):
    appearance = _appearance(paula)
    report = press_report_generate(month="2026-11-01")
    read = [
        reverse("comunicaciones:appearance-list"),
        reverse("comunicaciones:appearance-edit", args=[appearance.pk]),
        reverse("comunicaciones:press-report-list"),
        reverse("comunicaciones:press-report-download", args=[report.pk]),
    ]
    assert_statuses(
        client,
        read,
        {
            ANONYMOUS: LOGIN,
            NO_ROLE: 403,
            Role.REGIONAL_COORDINATOR: 403,
            Role.READ_ONLY: 200,
            Role.NATIONAL_ADMIN: 200,
            Role.COMMS_CHIEF: 200,
        },
    )
    assert_statuses(
        client,
        reverse("comunicaciones:appearance-create"),
        {ANONYMOUS: LOGIN, Role.READ_ONLY: 403, Role.NATIONAL_ADMIN: 403, Role.COMMS_PROFESSIONAL: 200},
    )


def test_the_chief_records_the_outcome_through_the_edit_form(client, paula):
    appearance = _appearance(paula)
    boss = chief("jefa_prensa")
    login(client, boss)
    url = reverse("comunicaciones:appearance-edit", args=[appearance.pk])
    form = form_with(client.get(url).content.decode(), id="appearance-form")
    client.post(url, form.data(outcome="Se transmitieron los tres mensajes clave."))
    appearance.refresh_from_db()
    assert appearance.outcome == "Se transmitieron los tres mensajes clave."


def _contrast_with_white(colour) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * channel(colour.red) + 0.7152 * channel(colour.green) + 0.0722 * channel(colour.blue)
    return 1.05 / (luminance + 0.05)


def test_the_press_report_charts_give_each_bar_its_own_readable_colour(november, monkeypatch):
    """Appearances by kind and mentions by tone: one colour per bar (kind, tone), each 3:1 or more
    against the page (WCAG 1.4.11); the tones keep the colours of the outlets chart's legend."""
    from comunicaciones import pdf

    charts = {}
    original = pdf._bar_chart

    def recording(title, categories, series, **kwargs):
        drawing = original(title, categories, series, **kwargs)
        charts[title] = (categories, drawing.contents[0])
        return drawing

    monkeypatch.setattr(pdf, "_bar_chart", recording)
    press_report_generate(month="2026-11-01")
    for title in ("Apariciones por tipo", "Menciones por tono"):
        categories, chart = charts[title]
        fills = [chart.bars[(0, i)].fillColor for i in range(len(categories))]
        assert len({f.hexval() for f in fills}) == len(categories), title
        assert min(_contrast_with_white(f) for f in fills) >= 3, title
    _categories, tone_chart = charts["Menciones por tono"]
    assert [tone_chart.bars[(0, i)].fillColor for i in range(3)] == list(pdf.TONE_COLOURS.values())


def test_the_press_appearances_api_lists_the_agenda_for_the_communications_roles(paula, november):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def api(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
        return client

    rows = api(paula).get("/api/v1/comunicaciones/press-appearances/").json()["results"]
    assert [(r["kind"], r["medium"], r["spokesperson"]) for r in rows[:2]] == [
        ("press_conference", "Caracol Radio", "La presidenta del partido"),
        ("interview", "Noticias RCN", "La presidenta del partido"),
    ]
    detail = api(paula).get(f"/api/v1/comunicaciones/press-appearances/{rows[0]['id']}/").json()
    assert detail["key_messages"] == "1. Listas abiertas\n2. Financiación"
    assert api(make_user("vecino")).get("/api/v1/comunicaciones/press-appearances/").status_code == 403
