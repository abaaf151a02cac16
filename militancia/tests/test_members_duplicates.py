from datetime import date

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEvent
from militancia.models import DuplicateCandidate, Member
from militancia.selectors import member_timeline
from militancia.services import duplicate_mark_distinct, duplicate_merge, duplicates_detect
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def pair_reasons():
    return {(c.member_a_id, c.member_b_id): c.reason for c in DuplicateCandidate.objects.all()}


def test_it_detects_the_three_kinds_of_likely_pairs(medellin):
    birth = date(1980, 5, 17)
    a = MemberFactory(
        first_names="José", last_names="Pérez", id_number="71234567", birth_date=birth, territory=medellin
    )
    b = MemberFactory(
        first_names="JOSE", last_names="PEREZ", id_number="99887766", birth_date=birth, territory=medellin
    )
    c = MemberFactory(first_names="Ana", last_names="Ruiz", id_number="43123456", territory=medellin)
    d = MemberFactory(first_names="Ana", last_names="Ruiz", id_number="43123457", territory=medellin)
    e = MemberFactory(
        first_names="Luz", last_names="Mesa", id_number="5550001", phone="+573001112233", territory=medellin
    )
    f = MemberFactory(
        first_names="Luz", last_names="Mesa", id_number="8880002", phone="+573001112233", territory=medellin
    )
    MemberFactory(first_names="Luz", last_names="Mesa", id_number="1234", territory=medellin)  # nothing in common
    MemberFactory(first_names="Otro", last_names="Nombre", id_number="43123458", territory=medellin)
    found = duplicates_detect()
    assert pair_reasons() == {
        (a.pk, b.pk): "name_birth",
        (c.pk, d.pk): "similar_number",
        (e.pk, f.pk): "contact",
    }
    assert sum(found.values()) == 3
    assert sum(duplicates_detect().values()) == 0  # idempotent


def test_merge_keeps_history_and_provenance_of_both(alice, medellin):
    kept = MemberFactory(
        first_names="Ana", last_names="Ruiz", id_number="43123456", territory=medellin, source="manual"
    )
    other = MemberFactory(
        first_names="Ana",
        last_names="Ruiz",
        id_number="43123457",
        territory=medellin,
        phone="+573001234567",
        source="roster",
        source_ref="12",
        has_card=True,
    )
    duplicates_detect()
    candidate = DuplicateCandidate.objects.get()
    duplicate_merge(candidate=candidate, keep=kept, actor=alice)
    kept.refresh_from_db()
    other.refresh_from_db()
    assert other.merged_into == kept
    assert kept.phone == "+573001234567"
    assert kept.has_card
    candidate.refresh_from_db()
    assert candidate.status == "merged"
    assert candidate.decided_by == alice
    assert AuditEvent.objects.filter(action="merge").count() == 2
    titles = [(e.kind, e.title, e.member_label) for e in member_timeline(member=kept)]
    assert ("provenance", "Registrado: Planilla", "CC 43123457") in titles
    assert ("provenance", "Registrado: Manual", "") in titles
    with pytest.raises(ValidationError):
        duplicate_merge(candidate=candidate, keep=kept, actor=alice)


def test_mark_distinct_is_never_proposed_again(alice, medellin):
    MemberFactory(first_names="Ana", last_names="Ruiz", id_number="43123456", territory=medellin)
    MemberFactory(first_names="Ana", last_names="Ruiz", id_number="43123457", territory=medellin)
    duplicates_detect()
    candidate = DuplicateCandidate.objects.get()
    duplicate_mark_distinct(candidate=candidate, actor=alice)
    duplicates_detect()
    assert DuplicateCandidate.objects.get().status == "distinct"


@pytest.fixture
def candidate(medellin):
    MemberFactory(first_names="Ana", last_names="Ruiz", id_number="43123456", territory=medellin)
    MemberFactory(first_names="Ana", last_names="Ruiz", id_number="43123457", territory=medellin)
    duplicates_detect()
    return DuplicateCandidate.objects.get()


def test_the_review_page_permission_matrix(client, login_as, nobody, reader, bob, charlie, candidate):
    assert client.get("/militantes/duplicados/").status_code == 302
    assert login_as(nobody).get("/militantes/duplicados/").status_code == 403
    client.logout()
    assert login_as(reader).get("/militantes/duplicados/").status_code == 403
    client.logout()
    assert "43123457" in login_as(bob).get("/militantes/duplicados/").content.decode()
    # Coordinators review but do not decide.
    assert (
        login_as(bob).post(f"/militantes/duplicados/{candidate.pk}/decidir/", {"decision": "distinct"}).status_code
        == 403
    )
    client.logout()
    assert "43123457" not in login_as(charlie).get("/militantes/duplicados/").content.decode()
    assert (
        login_as(charlie).post(f"/militantes/duplicados/{candidate.pk}/decidir/", {"decision": "distinct"}).status_code
        == 404
    )


def test_a_national_admin_merges_from_the_page(login_as, alice, candidate):
    client = login_as(alice)
    assert "Fusionar" in client.get("/militantes/duplicados/").content.decode()
    response = client.post(
        f"/militantes/duplicados/{candidate.pk}/decidir/", {"decision": "merge", "keep": candidate.member_b_id}
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=candidate.member_a_id).merged_into_id == candidate.member_b_id
    # The merged record leaves the list but stays reachable (read-only) by URL.
    body = client.get("/militantes/").content.decode()
    assert "43123456" not in body
    assert "43123457" in body
    body = client.get(f"/militantes/{candidate.member_a_id}/").content.decode()
    assert "fue fusionado" in body


def test_detection_runs_as_a_job(login_as, alice, medellin, django_capture_on_commit_callbacks, monkeypatch):
    from core.models import Job
    from militancia import tasks

    MemberFactory(first_names="Ana", last_names="Ruiz", id_number="43123456", territory=medellin)
    MemberFactory(first_names="Ana", last_names="Ruiz", id_number="43123457", territory=medellin)
    sent = []
    monkeypatch.setattr(
        tasks.detect_duplicates, "apply_async", lambda args, kwargs: sent.append(args) or type("R", (), {"id": "x"})()
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert login_as(alice).post("/militantes/duplicados/buscar/").status_code == 302
    job = Job.objects.get()
    assert sent == [(job.pk,)]
    result = tasks.detect_duplicates(job.pk)
    assert result["total"] == 1
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert tasks.detect_duplicates(job.pk) == {"skipped": True}


def test_the_nightly_schedule_runs_a_tracked_search(medellin):
    from core.models import Job
    from militancia.tasks import detect_duplicates

    MemberFactory(first_names="Ana", last_names="Ruiz", id_number="43123456", territory=medellin)
    MemberFactory(first_names="Ana", last_names="Ruiz", id_number="43123457", territory=medellin)
    assert detect_duplicates()["total"] == 1  # what beat sends: no job id
    assert Job.objects.get(kind="militancia.duplicates_detect").status == "succeeded"
