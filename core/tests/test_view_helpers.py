"""The view helpers every app shares (core/views/helpers.py)."""

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import RequestFactory

from core.roles import Role
from core.views.helpers import (
    call_service,
    download_response,
    form_error_messages,
    page_without_count,
    pdf_response,
    role_required,
    service_error,
    submit_form,
)


@role_required(Role.NATIONAL_ADMIN)
def _admin_page(request):
    return HttpResponse("ok")


class _NameForm(forms.Form):
    name = forms.CharField()


def _request(user=None):
    request = RequestFactory().get("/somewhere/?x=1")
    request.user = user or AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_it_sends_anonymous_users_to_the_login_page(settings):
    response = _admin_page(_request())
    assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next=/somewhere/%3Fx%3D1"


def test_it_refuses_a_user_without_the_role(reader):
    with pytest.raises(PermissionDenied):
        _admin_page(_request(reader))


def test_it_lets_a_user_with_the_role_in(alice):
    assert _admin_page(_request(alice)).content == b"ok"


def test_it_puts_field_errors_on_their_fields():
    form = _NameForm({"name": "x"})
    form.is_valid()
    service_error(_request(), ValidationError({"name": ["Taken."]}), form)
    assert form.errors == {"name": ["Taken."]}


def test_it_puts_errors_of_unknown_fields_above_the_form():
    form = _NameForm({"name": "x"})
    form.is_valid()
    service_error(_request(), ValidationError({"other": ["No."]}), form)
    assert form.non_field_errors() == ["No."]


def test_it_shows_a_refusal_without_a_form_as_messages():
    request = _request()
    service_error(request, ValidationError(["First.", "Second."]))
    assert [str(m) for m in get_messages(request)] == ["First.", "Second."]


def test_it_shows_a_permission_refusal_with_its_text():
    request = _request()
    service_error(request, PermissionDenied("Not yours."))
    assert [str(m) for m in get_messages(request)] == ["Not yours."]


class _CountingList(list):
    """A list that fails if anyone asks how long it is (a COUNT(*) on a queryset)."""

    def __len__(self):
        raise AssertionError("counted")

    def count(self):
        raise AssertionError("counted")


def test_it_pages_without_counting():
    page = page_without_count(_CountingList(range(25)), "2", 10)
    assert list(page) == list(range(10, 20))


def test_it_knows_there_is_a_next_page():
    assert page_without_count(list(range(21)), "2", 10).has_next is True


def test_it_knows_the_last_page():
    assert page_without_count(list(range(20)), "2", 10).has_next is False


def test_it_reads_a_page_number_that_is_not_a_number_as_the_first():
    assert page_without_count(list(range(5)), "x", 10).number == 1


def test_it_quotes_a_filename_with_accents():
    response = download_response(b"a;b", filename='análisis "1".csv', content_type="text/csv")
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''an%C3%A1lisis%20%221%22.csv"


def test_it_never_lets_a_download_be_cached():
    assert pdf_response(b"%PDF", filename="a.pdf")["Cache-Control"] == "private, no-store"


def test_it_shows_a_pdf_inline_when_asked():
    assert pdf_response(b"%PDF", filename="a.pdf", inline=True)["Content-Disposition"] == 'inline; filename="a.pdf"'


def test_it_streams_an_iterator():
    response = download_response(iter([b"a", b"b"]), filename="a.csv", content_type="text/csv")
    assert b"".join(response.streaming_content) == b"ab"


def _texts(request) -> list[str]:
    return [str(message) for message in get_messages(request)]


def test_a_service_refusal_becomes_an_error_message_and_no_result():
    request = _request()

    def refuse():
        raise ValidationError("La caja ya fue decidida.")

    assert call_service(request, refuse, success="Guardado.") is None
    assert _texts(request) == ["La caja ya fue decidida."]


def test_a_service_result_is_returned_with_its_success_message():
    request = _request()

    result = call_service(request, lambda: 7, success=lambda n: f"{n} formularios guardados.")

    assert result == 7
    assert _texts(request) == ["7 formularios guardados."]


def test_an_invalid_posted_form_names_its_field_and_calls_nothing():
    request = _request()
    calls = []

    result = submit_form(request, _NameForm({"name": ""}), calls.append, success="Guardado.")

    assert result is None
    assert calls == []
    assert _texts(request) == ["Name: Este campo es requerido."]


def test_a_valid_posted_form_hands_its_cleaned_data_to_the_service():
    request = _request()

    result = submit_form(request, _NameForm({"name": "Ana"}), lambda data: data["name"], success="Guardado.")

    assert result == "Ana"
    assert _texts(request) == ["Guardado."]


def test_form_error_messages_name_the_field():
    request = _request()
    form = _NameForm({})
    form.is_valid()

    form_error_messages(request, form)

    assert _texts(request) == ["Name: Este campo es requerido."]


def test_a_job_bar_with_no_page_to_reload_leaves_the_page_alone(alice, login_as):
    from core.jobs import job_create
    from core.models import Job

    job = job_create(kind="core.health_check", user=alice)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED)
    response = login_as(alice).get(f"/trabajos/{job.pk}/progreso/")
    assert "HX-Refresh" not in response
