"""Completeness bars are drawn with CSS numbers (a decimal comma in `width:` draws a wrong bar)."""

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
def test_it_writes_bar_widths_with_a_decimal_point(page_with_a_third_complete):
    widths = re.findall(r'style="width: ([^"]*)"', page_with_a_third_complete)
    assert "33.3%" in widths


@pytest.mark.django_db
def test_it_never_writes_a_comma_into_a_bar(page_with_a_third_complete):
    values = re.findall(r'(?:style="width: |aria-valuenow=")([^"%]*)', page_with_a_third_complete)
    assert [value for value in values if "," in value] == []


@pytest.mark.django_db
def test_it_shows_the_percentage_to_people_with_a_decimal_comma(page_with_a_third_complete):
    assert "33,3 %" in page_with_a_third_complete
