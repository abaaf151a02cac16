"""/api/v1/rosters/uploads/: upload (202), status, confirm, error report — the same pipeline as the pages."""

import io

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from rosters.models import RosterUpload
from rosters.tests.helpers import person, process, xlsx_file


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def post_roster(user, territory, rows=None):
    rows = rows or [person("20000003"), person("bad", first="")]
    return api(user).post(
        "/api/v1/rosters/uploads/", {"file": xlsx_file(rows), "territory": territory.code}, format="multipart"
    )


def test_it_accepts_an_upload_with_202(bob, antioquia):
    response = post_roster(bob, antioquia)
    assert response.status_code == 202, response.content
    roster = RosterUpload.objects.get(pk=response.json()["id"])
    assert roster.auto_validate
    assert roster.uploaded_by == bob


def test_upload_permission_matrix(nobody, reader, charlie, bob, antioquia):
    assert post_roster(None, antioquia).status_code in (401, 403)
    assert post_roster(nobody, antioquia).status_code == 403
    assert post_roster(reader, antioquia).status_code == 403
    assert post_roster(charlie, antioquia).status_code == 403  # out of scope
    assert not RosterUpload.objects.exists()


def test_bad_files_get_400_with_the_reason(bob, antioquia):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api(bob).post(
        "/api/v1/rosters/uploads/",
        {"file": SimpleUploadedFile("x.xlsx", b"%PDF-1.4\x00\x01\x02" * 50), "territory": antioquia.code},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["file"]


def test_it_reports_status_progress_and_counts_then_confirms(bob, charlie, antioquia):
    roster_id = post_roster(bob, antioquia).json()["id"]
    roster = process(RosterUpload.objects.get(pk=roster_id))
    body = api(bob).get(f"/api/v1/rosters/uploads/{roster_id}/").json()
    assert body["status"] == "validated"
    assert body["counts"]["new"] == 1
    assert body["counts"]["invalid"] == 1
    assert body["progress"]["percent"] == 100
    assert api(charlie).get(f"/api/v1/rosters/uploads/{roster_id}/").status_code == 404
    assert api(charlie).post(f"/api/v1/rosters/uploads/{roster_id}/confirm/").status_code == 404
    response = api(bob).post(f"/api/v1/rosters/uploads/{roster_id}/confirm/")
    assert response.status_code == 202
    assert response.json()["status"] == "importing"
    assert api(bob).post(f"/api/v1/rosters/uploads/{roster_id}/confirm/").status_code == 400
    roster.refresh_from_db()
    assert roster.import_job_id


def test_it_lists_only_rosters_in_scope(bob, charlie, antioquia):
    post_roster(bob, antioquia)
    assert len(api(bob).get("/api/v1/rosters/uploads/").json()["results"]) == 1
    assert api(charlie).get("/api/v1/rosters/uploads/").json()["results"] == []


def test_it_serves_the_error_report(bob, charlie, reader, antioquia):
    roster_id = post_roster(bob, antioquia).json()["id"]
    assert api(bob).get(f"/api/v1/rosters/uploads/{roster_id}/errors.xlsx").status_code == 409  # not validated yet
    process(RosterUpload.objects.get(pk=roster_id))
    response = api(bob).get(f"/api/v1/rosters/uploads/{roster_id}/errors.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 2
    assert api(charlie).get(f"/api/v1/rosters/uploads/{roster_id}/errors.xlsx").status_code == 404
    assert api(reader).get(f"/api/v1/rosters/uploads/{roster_id}/errors.xlsx").status_code == 403
    assert api().get(f"/api/v1/rosters/uploads/{roster_id}/errors.xlsx").status_code in (401, 403)


@pytest.mark.parametrize("path", ["/api/v1/rosters/uploads/", "/api/v1/rosters/uploads/1/"])
def test_readers_without_roster_permission_get_403(reader, path):
    assert api(reader).get(path).status_code == 403
