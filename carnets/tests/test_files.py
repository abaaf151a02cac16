"""Card designs' images, batch PDFs and drive summaries through the protected view: bytes for who
may read them, nothing for anyone else. Their pages link to their own download views (tested with
them); these tests use `.url`, the address any template, form or serializer gets."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from carnets.models import PrintBatch
from carnets.tests.factories import CardDesignFactory, JornadaFactory
from core.models import AuditEvent
from core.roles import Role
from core.tests.factories import make_user
from core.tests.files import PDF, body, png_bytes

pytestmark = pytest.mark.django_db
PNG = png_bytes()


def design_image(field):
    def build(**_):
        design = CardDesignFactory()
        getattr(design, field).save(f"{field}.png", ContentFile(PNG))
        return design, field, PNG

    return build


def batch_pdf(antioquia, **_):
    batch = PrintBatch(name="Lote Antioquia", selection=PrintBatch.Selection.FILTERS, territory=antioquia)
    batch.pdf.save("lote.pdf", ContentFile(PDF))
    return batch, "pdf", PDF


def drive_summary(medellin, **_):
    jornada = JornadaFactory(territory=medellin)
    jornada.summary_pdf.save("resumen.pdf", ContentFile(PDF))
    return jornada, "summary_pdf", PDF


@pytest.fixture
def carla_cundinamarca(cundinamarca):
    return make_user("carla_cundinamarca", Role.CARDS, territories=[cundinamarca])


# builder, who may read it, outsider of another territory (None: national artwork), audited
CASES = {
    "design-logo": (design_image("logo"), "carla", None, False),
    "design-front": (design_image("front_background"), "carla", None, False),
    "design-back": (design_image("back_background"), "carla", None, False),
    "batch-pdf": (batch_pdf, "carla", "carla_cundinamarca", True),
    "drive-summary": (drive_summary, "bob", "charlie", True),
}


@pytest.fixture(params=list(CASES), ids=list(CASES))
def case(request, antioquia, medellin):
    build, allowed, outsider, personal = CASES[request.param]
    obj, field, content = build(antioquia=antioquia, medellin=medellin)
    return {
        "url": getattr(obj, field).url,
        "content": content,
        "allowed": request.getfixturevalue(allowed),
        "outsider": request.getfixturevalue(outsider) if outsider else None,
        "personal": personal,
    }


def test_it_serves_the_file_to_who_may_read_it(login_as, case):
    response = login_as(case["allowed"]).get(case["url"])
    assert (response.status_code, body(response)) == (200, case["content"])


def test_it_sends_anonymous_users_to_log_in(case):
    assert Client().get(case["url"]).status_code == 302


def test_it_forbids_a_user_without_role(login_as, nobody, case):
    assert login_as(nobody).get(case["url"]).status_code == 403


@pytest.mark.parametrize("case", [name for name, spec in CASES.items() if spec[2]], indirect=True)
def test_it_hides_the_file_from_another_territory(login_as, case):
    assert login_as(case["outsider"]).get(case["url"]).status_code == 404


def test_a_coordinator_cannot_open_a_batch_pdf(login_as, bob, antioquia):
    batch, _field, _content = batch_pdf(antioquia=antioquia)
    assert login_as(bob).get(batch.pdf.url).status_code == 403


def test_personal_files_are_audited_once_per_download(login_as, case):
    before = AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).count()
    login_as(case["allowed"]).get(case["url"])
    added = AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).count() - before
    assert added == (1 if case["personal"] else 0)
