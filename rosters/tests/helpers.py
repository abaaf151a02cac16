"""Roster files and pipeline steps for the tests."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from rosters import services
from rosters.models import RosterUpload
from rosters.tasks import roster_import_task, roster_process_task

HEADER = ["CÉDULA", "NOMBRES", "APELLIDOS", "TELÉFONO", "CORREO", "MUNICIPIO", "FECHA DE NACIMIENTO", "DIRECCIÓN"]


def person(number, first="José María", last="Pérez Gómez", phone="3001234567", email=None, town="Medellín",
           born=datetime.date(1980, 3, 15), address="Calle 1 # 2-3"):  # fmt: skip
    return [number, first, last, phone, email if email is not None else f"p{number}@example.org", town, born, address]


def xlsx_file(rows, header=HEADER, title="PLANILLA DE AFILIADOS - ANTIOQUIA", name="planilla.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    if title:
        sheet.append([title])
        sheet.append([])
    if header:
        sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def csv_file(text: str, encoding="utf-8", name="planilla.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def upload(file, territory, actor, *, auto_validate=True, consent="Sede Medellín, caja 3") -> RosterUpload:
    return services.roster_upload_create(
        uploaded_file=file, territory=territory, consent_location=consent, actor=actor, auto_validate=auto_validate
    )


def process(roster: RosterUpload) -> RosterUpload:
    roster.refresh_from_db()
    roster_process_task(roster.validation_job_id, roster.pk)  # what the worker runs
    roster.refresh_from_db()
    return roster


def confirm_and_import(roster: RosterUpload, actor) -> RosterUpload:
    roster = services.roster_confirm(upload=roster, actor=actor)
    roster_import_task(roster.import_job_id, roster.pk)
    roster.refresh_from_db()
    return roster
