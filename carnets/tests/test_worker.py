"""A real Celery worker on the real Redis renders a batch PDF and the page follows its progress."""

import pytest
from pypdf import PdfReader

from carnets import services
from carnets.models import PrintBatch
from carnets.tests.factories import CardDesignFactory, stocked_printer
from core.models import Job
from core.tests.waiting import wait_for_job
from core.tests.worker import celery_worker
from militancia.models import Member
from militancia.tests.factories import MemberFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_renders_the_batch_pdf(alice, medellin, login_as):
    CardDesignFactory()
    MemberFactory.create_batch(12, territory=medellin)
    batch = services.batch_create(
        actor=alice,
        members=Member.objects.all(),
        name="Lote",
        layout="a4",
        selection="filtros",
        printer=stocked_printer(20),
    )
    with celery_worker():
        services.batch_render_start(batch=batch, actor=alice)  # autocommit: enqueued now
        batch.refresh_from_db()
        wait_for_job(batch.job)
    batch.refresh_from_db()
    assert batch.job.status == Job.Status.SUCCEEDED, batch.job.error
    assert batch.status == PrintBatch.Status.READY
    assert batch.job.attempts == 1
    reader = PdfReader(batch.pdf.path)
    assert len(reader.pages) == 4  # 12 cards on A4: two sheets, front and back
    page = login_as(alice).get(f"/carnets/lotes/{batch.pk}/").content.decode()
    assert "Descargar PDF" in page
