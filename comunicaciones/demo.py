"""Demo data of communications (run by `manage.py seed_demo`): pieces at every step of the
procedure, an editorial meeting, network statistics, press and media (a numbered bulletin, the
press agenda), and last month's reports."""

from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

DEMO_MARK = "La Familia que elijo"


def _poster(title: str, colour: str) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1080, 1080), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 1020, 1020), outline="#f0b429", width=14)
    draw.text((140, 520), title, fill="white")
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile(
        f"{title[:30].replace(' ', '-').lower()}.png", buffer.getvalue(), content_type="image/png"
    )


def seed(stdout=None, **_options) -> None:
    from comunicaciones.models import ChannelStat, Piece, PieceVersion
    from comunicaciones.services.planning import media_mention_create, meeting_record, press_release_create
    from comunicaciones.services.press import press_appearance_create, press_release_publish, press_report_generate
    from comunicaciones.services.reports import monthly_report_generate
    from comunicaciones.services.stats import channel_stat_save
    from comunicaciones.services.uploads import attachment_add
    from comunicaciones.services.workflow import (
        piece_move,
        piece_register_need,
        piece_update,
        publication_record,
    )
    from core.dates import previous_month
    from core.models import User

    if Piece.objects.filter(campaign=DEMO_MARK).exists():
        return
    try:
        pro = User.objects.get(username="comunicaciones")
        designer = User.objects.get(username="disenador")
        boss = User.objects.get(username="jefe.comunicaciones")
    except User.DoesNotExist:
        return
    today = timezone.localdate()
    now = timezone.now()

    def need(title, *, one_off=True, days=3, channels=("facebook", "instagram")):
        return piece_register_need(
            actor=pro,
            title=title,
            requested_by="Dirección nacional",
            request=f"{title}: pieza para redes.",
            campaign=DEMO_MARK,
            one_off=one_off,
            channels=list(channels),
            planned_date=today + timedelta(days=days),
            author=pro,
        )

    def write(piece, text):
        piece_update(piece_id=piece.pk, actor=pro, text=text)

    def backdate(piece, hours):
        """Make the pending review look `hours` old (for the inbox's waiting times)."""
        moment = now - timedelta(hours=hours)
        Piece.objects.filter(pk=piece.pk).update(submitted_at=moment)
        PieceVersion.objects.filter(piece=piece, decided_at__isnull=True).update(submitted_at=moment)

    # Waiting for the chief: content and design reviews.
    waiting = need("Convocatoria a la jornada de afiliación en Bello", days=2)
    write(waiting, "¡Vengan a la jornada de afiliación!\nEste sábado a las 9 a. m. en el parque principal de Bello.")
    piece_move(piece_id=waiting.pk, name="submit_content", actor=pro)
    backdate(waiting, 30)

    returned = need("Video: testimonios de la Familia que elijo", days=6, channels=("youtube", "tiktok"))
    write(returned, "Tres familias cuentan por qué eligieron el partido.")
    piece_move(piece_id=returned.pk, name="submit_content", actor=pro)
    piece_move(
        piece_id=returned.pk, name="return_content", actor=boss, comment="Falta la fuente de las cifras del guion."
    )

    design = need("Infografía: logros legislativos 2026", days=4, channels=("instagram", "x", "web"))
    write(design, "Cinco proyectos aprobados este año por nuestra bancada.")
    piece_move(piece_id=design.pk, name="submit_content", actor=pro)
    piece_move(piece_id=design.pk, name="approve_content", actor=boss)
    piece_move(piece_id=design.pk, name="start_design", actor=designer)
    attachment_add(piece_id=design.pk, actor=designer, upload=_poster("Logros legislativos 2026", "#1d3b72"))
    piece_move(piece_id=design.pk, name="submit_design", actor=designer)
    backdate(design, 5)

    # Published, with a returned design round on the way.
    for title, days, channels in [
        ("Invitación al foro de mujeres", -3, ("facebook", "instagram")),
        ("Pronunciamiento sobre la reforma", -8, ("x", "web", "whatsapp")),
    ]:
        piece = need(title, days=days, channels=channels)
        write(piece, f"{title}. Compártelo con tu familia.")
        piece_move(piece_id=piece.pk, name="submit_content", actor=pro)
        piece_move(piece_id=piece.pk, name="approve_content", actor=boss)
        piece_move(piece_id=piece.pk, name="start_design", actor=designer)
        first = attachment_add(piece_id=piece.pk, actor=designer, upload=_poster(title, "#7a1d4f"))
        piece_move(piece_id=piece.pk, name="submit_design", actor=designer)
        piece_move(piece_id=piece.pk, name="return_design", actor=boss, comment="El logo debe ir arriba a la derecha.")
        from comunicaciones.services.uploads import attachment_remove

        attachment_remove(attachment_id=first.pk, actor=designer)
        attachment_add(piece_id=piece.pk, actor=designer, upload=_poster(title + " (v2)", "#1d3b72"))
        piece_move(piece_id=piece.pk, name="submit_design", actor=designer)
        piece_move(piece_id=piece.pk, name="approve_design", actor=boss)
        piece_move(piece_id=piece.pk, name="deliver_final", actor=designer)
        # A piece published days ago was registered before that (publication dates are checked).
        Piece.objects.filter(pk=piece.pk).update(created_at=now + timedelta(days=days - 10))
        for channel in channels:
            publication_record(
                piece_id=piece.pk,
                actor=pro,
                channel=channel,
                url=f"https://example.org/{channel}/{piece.pk}",
                published_at=now + timedelta(days=days),
            )

    # A regular need waiting for the editorial meeting, and a meeting that decided two products.
    need("Campaña de cedulación juvenil", one_off=False, days=15, channels=("tiktok", "instagram"))
    meeting_record(
        actor=boss,
        date=today - timedelta(days=1),
        attendees="Julia (jefatura), Pablo, Daniela, enlace de la Secretaría de la Mujer",
        topics="Agenda de noviembre; campaña La Familia que elijo",
        sources="Boletín de la bancada; datos de afiliación",
        products="Carrusel: cómo afiliarse en 3 pasos\nEn vivo con la presidencia del partido",
        channels=["instagram", "facebook"],
        decisions="Priorizar contenidos de afiliación para el fin de semana.",
        author=pro,
        planned_date=today + timedelta(days=9),
    )

    # Network statistics for the last three months.
    month = previous_month(today)
    months = [previous_month(previous_month(month)), previous_month(month), month]
    base = {"facebook": 118000, "instagram": 74000, "x": 39000, "youtube": 5200, "tiktok": 18000, "whatsapp": 2600}
    for index, value in enumerate(months):
        for channel, followers in base.items():
            if ChannelStat.objects.filter(channel=channel, month=value).exists():
                continue
            grown = int(followers * (1 + 0.03 * index))
            channel_stat_save(
                actor=pro, channel=channel, month=value, followers=grown, posts=20 + 4 * index,
                reach=grown * 3, impressions=grown * 5, engagement=grown // 9, clicks=grown // 40,
                video_views=grown // 2 if channel in ("youtube", "tiktok") else 0,
            )  # fmt: skip

    release = press_release_create(
        actor=pro,
        title="El partido rechaza la reforma que limita la participación",
        date=today - timedelta(days=8),
        body="La dirección nacional del partido manifiesta su rechazo…",
        topic="Reforma política",
    )
    for outlet, headline, tone, topic, days in [
        ("El Colombiano", "Partido rechaza la reforma política", "negative", "Reforma política", 7),
        ("Semana", "Jornada masiva de afiliación en Bello", "positive", "Afiliación", 2),
        ("Caracol Radio", "Partidos se pronuncian sobre la reforma", "neutral", "Reforma política", 6),
    ]:
        media_mention_create(
            actor=pro,
            date=today - timedelta(days=days),
            outlet=outlet,
            headline=headline,
            tone=tone,
            topic=topic,
            press_release=release if topic == "Reforma política" else None,
        )
    press_release_publish(actor=boss, release=release)
    press_release_create(
        actor=pro,
        title="Convocatoria a la rueda de prensa sobre afiliación juvenil",
        date=today,
        body="El partido invita a los medios a la presentación de las cifras de afiliación juvenil…",
        topic="Afiliación",
    )  # stays a draft: the page offers to publish it
    now = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    for kind, days, hour, medium, journalist, topic, outcome in [
        (
            "interview",
            -6,
            7,
            "Caracol Radio",
            "Darío Arizmendi",
            "Reforma política",
            "Se transmitieron los tres mensajes.",
        ),
        (
            "press_conference",
            -2,
            10,
            "Medios nacionales",
            "",
            "Jornada de afiliación en Bello",
            "Asistieron 12 medios.",
        ),
        ("interview", 2, 8, "Blu Radio", "Camila Zuluaga", "Afiliación juvenil", ""),
        ("appearance", 5, 19, "Noticias RCN", "", "Debate sobre la reforma", ""),
    ]:
        press_appearance_create(
            actor=pro, kind=kind, starts_at=(now + timedelta(days=days)).replace(hour=hour), medium=medium,
            journalist=journalist, spokesperson="Presidenta nacional del partido", topic=topic,
            key_messages="1. Participación de los jóvenes\n2. Transparencia en la financiación", outcome=outcome,
        )  # fmt: skip
    monthly_report_generate(month=month, user_id=boss.pk)
    press_report_generate(month=month, user_id=boss.pk)
    press_report_generate(month=today, user_id=boss.pk)  # the month so far: the agenda above
    if stdout is not None:
        stdout.write("Comunicaciones: piezas, comité editorial, estadísticas, medios e informe de demostración.")
