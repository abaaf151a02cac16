"""Completeness bars: their width is a class (no style="" under the Content-Security-Policy) and their
value a CSS/ARIA number (a decimal comma in `aria-valuenow` is a wrong value)."""

import re

import pytest
from django.urls import reverse

from militancia.tests.factories import MemberFactory


@pytest.fixture
def page_with_a_third_complete(login_as, alice, medellin):
    MemberFactory(phone="3001234567")
    MemberFactory(phone="")
    MemberFactory(phone="")
    return login_as(alice).get(reverse("militancia:member-reports")).content.decode()


@pytest.mark.django_db
def test_it_draws_a_third_as_a_third_of_a_bar(page_with_a_third_complete):
    assert "progress-bar pct-33 bg-danger" in page_with_a_third_complete


@pytest.mark.django_db
def test_it_writes_the_bar_value_with_a_decimal_point(page_with_a_third_complete):
    assert 'aria-valuenow="33.3"' in page_with_a_third_complete


@pytest.mark.django_db
def test_it_never_writes_a_comma_into_a_bar(page_with_a_third_complete):
    values = re.findall(r'(?:style="width: |aria-valuenow=")([^"%]*)', page_with_a_third_complete)
    assert [value for value in values if "," in value] == []


@pytest.mark.django_db
def test_it_shows_the_percentage_to_people_with_a_decimal_comma(page_with_a_third_complete):
    assert "33,3 %" in page_with_a_third_complete
