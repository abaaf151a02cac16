"""Press releases and media monitoring: lists with filters and the team's forms."""

from datetime import date

from django.urls import reverse

from comunicaciones.models import MediaMention, PressRelease
from comunicaciones.services.planning import media_mention_create, press_release_create
from core.tests.factories import login


def test_it_filters_mentions_by_tone_outlet_topic_and_date(client, paula, reader):
    release = press_release_create(actor=paula, title="Rechazo a la reforma", date=date(2026, 11, 2), body="Texto")
    media_mention_create(actor=paula, date=date(2026, 11, 3), outlet="El Colombiano", headline="Partido rechaza reforma",
                         tone="negative", topic="Reforma", press_release=release)  # fmt: skip
    media_mention_create(actor=paula, date=date(2026, 10, 3), outlet="Semana", headline="Jornada en Bello", tone="positive",
                         topic="Afiliación")  # fmt: skip
    login(client, reader)
    url = reverse("comunicaciones:mention-list")
    page = client.get(url).content.decode()
    assert "Partido rechaza reforma" in page
    assert "Jornada en Bello" in page
    page = client.get(url, {"tone": "positive"}).content.decode()
    assert "Jornada en Bello" in page
    assert "Partido rechaza reforma" not in page
    page = client.get(url, {"outlet": "colombiano"}).content.decode()
    assert "Partido rechaza reforma" in page
    assert "Jornada en Bello" not in page
    page = client.get(url, {"date_from": "2026-11-01"}).content.decode()
    assert "Partido rechaza reforma" in page
    assert "Jornada en Bello" not in page
    page = client.get(url, {"topic": "afili"}).content.decode()
    assert "Jornada en Bello" in page
    assert "Partido rechaza reforma" not in page
    releases = client.get(reverse("comunicaciones:press-release-list"), {"q": "reforma"}).content.decode()
    assert "Rechazo a la reforma" in releases


def test_the_team_records_press_releases_and_mentions(client, paula):
    login(client, paula)
    response = client.post(
        reverse("comunicaciones:press-release-create"),
        {"title": "Comunicado 12", "date": "2026-11-20", "body": "El partido informa…", "topic": "Elecciones"},
    )
    assert response.status_code == 302
    assert PressRelease.objects.get().created_by == paula
    response = client.post(
        reverse("comunicaciones:mention-create"),
        {"date": "2026-11-21", "outlet": "Caracol", "headline": "Titular", "url": "https://caracol.com.co/x",
         "tone": "neutral", "topic": "Elecciones", "press_release": PressRelease.objects.get().pk},
    )  # fmt: skip
    assert response.status_code == 302
    assert MediaMention.objects.get().press_release is not None


def test_read_only_users_cannot_record(client, reader):
    login(client, reader)
    assert client.post(reverse("comunicaciones:mention-create"), {}).status_code == 403
    assert client.post(reverse("comunicaciones:press-release-create"), {}).status_code == 403
