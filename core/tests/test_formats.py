"""Dates in inputs are ISO (browsers discard anything else); dates shown to people are dd/mm/aaaa."""

import datetime
import re

import pytest
from django import forms
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation


def test_it_renders_date_inputs_in_iso():
    widget = forms.DateInput(attrs={"type": "date"})
    with translation.override("es-co"):
        html = widget.render("received_on", datetime.date(2026, 12, 6))
    assert 'value="2026-12-06"' in html


def test_it_renders_datetime_inputs_in_iso():
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
    with translation.override("es-co"):
        html = widget.render("starts_at", datetime.datetime(2026, 12, 6, 14, 30))
    assert 'value="2026-12-06T14:30"' in html


def test_it_still_accepts_a_typed_colombian_date():
    field = forms.DateField()
    with translation.override("es-co"):
        assert field.clean("06/12/2026") == datetime.date(2026, 12, 6)


def test_it_shows_dates_to_people_as_dd_mm_yyyy():
    with translation.override("es-co"):
        text = Template('{{ day|date:"SHORT_DATE_FORMAT" }}').render(Context({"day": datetime.date(2026, 12, 6)}))
    assert text == "06/12/2026"


@pytest.mark.django_db
def test_it_prefills_received_on_of_a_new_request(login_as, alice):
    page = login_as(alice).get(reverse("attention:attention-create")).content.decode()
    tag = re.search(r'<input[^>]*name="received_on"[^>]*>', page).group(0)
    assert f'value="{timezone.localdate().isoformat()}"' in tag


def _progress_html(done: int, total: int) -> str:
    from django.template.loader import render_to_string

    from core.models import Job

    job = Job(pk=1, kind="rosters.upload_import", status=Job.Status.RUNNING, done=done, total=total)
    with translation.override("es-co"):
        return render_to_string("components/job_progress.html", {"job": job})


def test_it_shows_job_counts_with_colombian_thousands():
    assert "25.000 / 100.000" in _progress_html(25_000, 100_000)


def test_it_draws_the_job_bar_width_as_a_class_the_policy_allows():
    # No style="" under the Content-Security-Policy: a class per whole percent (core/templatetags/ui.py).
    assert "pct-25" in _progress_html(25_000, 100_000)
