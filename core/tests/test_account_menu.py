"""The account menu says who the user is: their roles and their territorial scope."""

import re

import pytest
from django.urls import reverse

from core.roles import Role
from core.tests.factories import make_user


def _account_menu(client) -> str:
    page = client.get(reverse("core:home")).content.decode()
    return re.search(r'<ul class="dropdown-menu dropdown-menu-end">(.*?)</ul>', page, re.S).group(1)


@pytest.mark.django_db
def test_it_lists_the_roles_of_a_coordinator(login_as, bob):
    menu = _account_menu(login_as(bob))
    assert "Coordinación regional" in menu


@pytest.mark.django_db
def test_it_never_says_no_role_to_a_user_with_roles(login_as, bob):
    menu = _account_menu(login_as(bob))
    assert "Sin rol" not in menu


@pytest.mark.django_db
def test_it_shows_the_territorial_scope(login_as, bob):
    menu = _account_menu(login_as(bob))
    assert "Antioquia" in menu


@pytest.mark.django_db
def test_it_lists_several_roles_in_order(login_as, antioquia):
    user = make_user("dana", Role.READ_ONLY, Role.CARDS)
    menu = _account_menu(login_as(user))
    assert "Carnetización, Consulta" in menu


@pytest.mark.django_db
def test_it_says_no_role_only_when_there_is_none(login_as, nobody):
    menu = _account_menu(login_as(nobody))
    assert "Sin rol" in menu
