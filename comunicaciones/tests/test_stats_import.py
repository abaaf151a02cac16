"""Channel statistics: by hand and imported from CSV/Excel; bad columns and rows reported, nothing half-written."""

import io
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from comunicaciones.models import ChannelStat
from comunicaciones.services.stats import channel_stat_save, channel_stats_import
from comunicaciones.services.workflow import PieceTransitionError
from core.tests.factories import login

GOOD_CSV = (
    b"Red;Mes;Seguidores;Publicaciones;Alcance;Impresiones;Interacciones;Clics;Reproducciones\n"
    b"Facebook;2026-10;125.000;48;310000;520000;14200;3100;8800\n"
    b"Instagram;10/2026;80000;30;150000;260000;21000;900;12000\n"
    b"Twitter;2026-10;40000;90;70000;110000;3500;800;0\n"
)


def test_it_imports_a_csv_with_spanish_headers(paula):
    result = channel_stats_import(actor=paula, data=GOOD_CSV, filename="octubre.csv")
    assert result.ok
    assert result.created == 3
    facebook = ChannelStat.objects.get(channel="facebook", month=date(2026, 10, 1))
    assert (facebook.followers, facebook.posts, facebook.reach, facebook.source) == (125000, 48, 310000, "import")
    assert ChannelStat.objects.get(channel="x").followers == 40000


def test_it_updates_the_month_when_imported_again(paula):
    channel_stats_import(actor=paula, data=GOOD_CSV)
    result = channel_stats_import(actor=paula, data=GOOD_CSV.replace(b"125.000", b"126.000"))
    assert (result.created, result.updated) == (0, 3)
    assert ChannelStat.objects.get(channel="facebook").followers == 126000


def test_it_reports_wrong_columns(paula):
    data = b"network name,period,fans\nFacebook,2026-10,100\n"
    result = channel_stats_import(actor=paula, data=data)
    assert not result.ok
    assert any("Faltan columnas: red, mes" in e for e in result.errors)
    assert any("Columnas desconocidas: network name, period, fans" in e for e in result.errors)
    assert not ChannelStat.objects.exists()


def test_it_reports_bad_rows_by_number_and_writes_nothing(paula):
    data = (
        b"red,mes,seguidores,alcance\n"
        b"Facebook,2026-10,1000,2000\n"
        b"Myspace,2026-10,5,5\n"
        b"Instagram,octubre,-3,abc\n"
        b"Facebook,2026-10,1,1\n"
    )
    result = channel_stats_import(actor=paula, data=data)
    assert result.errors == [
        "Fila 3: red desconocida «Myspace».",
        "Fila 4: el mes «octubre» no es válido (use AAAA-MM); seguidores «-3» no es un número entero mayor o igual a 0; "
        "alcance «abc» no es un número entero mayor o igual a 0.",
        "Fila 5: Facebook 2026-10 ya aparece en la fila 2.",
    ]
    assert not ChannelStat.objects.exists()


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_it_imports_an_excel_file(paula):
    data = _xlsx([[], ["Red", "Mes", "Seguidores", "Reproducciones"], ["YouTube", date(2026, 9, 1), 5400, 88000.0]])
    result = channel_stats_import(actor=paula, data=data, filename="septiembre.xlsx")
    assert result.ok, result.errors
    stat = ChannelStat.objects.get()
    assert (stat.channel, stat.month, stat.followers, stat.video_views) == ("youtube", date(2026, 9, 1), 5400, 88000)


def test_it_refuses_a_zip_bomb_without_parsing_it(paula):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    result = channel_stats_import(actor=paula, data=buffer.getvalue(), filename="bomba.xlsx")
    assert result.errors == ["El archivo de Excel es sospechoso (se expande demasiado) y no se leyó."]


def test_it_refuses_binary_garbage(paula):
    result = channel_stats_import(actor=paula, data=b"\x00\x01\x02garbage", filename="x.csv")
    assert result.errors == ["El archivo no es una hoja de cálculo CSV o Excel."]


def test_it_refuses_import_by_read_only_users(reader):
    with pytest.raises(PieceTransitionError):
        channel_stats_import(actor=reader, data=GOOD_CSV)


def test_it_saves_figures_by_hand(paula):
    channel_stat_save(actor=paula, channel="tiktok", month=date(2026, 10, 17), followers=900, posts=12)
    stat = ChannelStat.objects.get()
    assert (stat.month, stat.followers, stat.posts, stat.source) == (date(2026, 10, 1), 900, 12, "manual")


def test_the_import_page_lists_the_errors(client, paula):
    login(client, paula)
    upload = SimpleUploadedFile("mal.csv", b"canal,fecha\nFacebook,2026-10\n")
    page = client.post(reverse("comunicaciones:stat-import"), {"file": upload}).content.decode()
    assert "No se importó nada" in page
    assert "Faltan columnas: mes" in page


def test_the_import_page_imports(client, paula):
    login(client, paula)
    response = client.post(reverse("comunicaciones:stat-import"), {"file": SimpleUploadedFile("ok.csv", GOOD_CSV)})
    assert response.status_code == 302
    assert ChannelStat.objects.count() == 3


def test_the_manual_form(client, paula):
    login(client, paula)
    response = client.post(
        reverse("comunicaciones:stat-edit"),
        {"channel": "web", "month": "2026-10", "followers": 0, "posts": 4, "reach": 9000, "impressions": 12000,
         "engagement": 0, "clicks": 800, "video_views": 0},
    )  # fmt: skip
    assert response.status_code == 302
    assert ChannelStat.objects.get().clicks == 800


def test_the_manual_form_replaces_the_month(client, paula):
    login(client, paula)
    data = {"channel": "web", "month": "2026-10", "followers": 0, "posts": 4, "reach": 9000, "impressions": 1,
            "engagement": 0, "clicks": 800, "video_views": 0}  # fmt: skip
    client.post(reverse("comunicaciones:stat-edit"), data)
    response = client.post(reverse("comunicaciones:stat-edit"), {**data, "clicks": 900})
    assert response.status_code == 302
    assert ChannelStat.objects.get().clicks == 900


def _import_page_errors(client, name: str, data: bytes) -> list[str]:
    import re

    page = client.post(reverse("comunicaciones:stat-import"), {"file": SimpleUploadedFile(name, data)}).content.decode()
    box = page.split('data-testid="import-errors"', 1)[1].split("</div>", 1)[0]
    return [re.sub(r"\s+", " ", item).strip() for item in re.findall(r"<li>(.*?)</li>", box, re.S)]


def test_the_import_page_reports_a_wrong_column_and_every_bad_row_at_once(client, paula):
    login(client, paula)
    data = b"red,mes,seguidores,fans\nFacebook,2026-10,1000,5\nMyspace,2026-10,5,5\nInstagram,octubre,-3,1\n"
    errors = _import_page_errors(client, "mal.csv", data)
    assert [e.split(":")[0] for e in errors] == ["Columnas desconocidas", "Fila 3", "Fila 4"]


def test_a_missing_column_is_reported_once_not_on_every_row(client, paula):
    login(client, paula)
    data = b"red,seguidores\nFacebook,1000\nInstagram,abc\n"
    errors = _import_page_errors(client, "mal.csv", data)
    assert [e.split(":")[0] for e in errors] == ["Faltan columnas", "Fila 3"]
