"""Poll watchers' names: formula-like names refused with a Spanish message naming the field (the
authority's list and other exports are spreadsheets), invisible characters removed, NFC."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from electoral.models import PollWatcher
from electoral.services.watchers import watcher_recruit
from electoral.tests.html_forms import RenderedForm

pytestmark = pytest.mark.django_db


def recruit(client, election, medellin, **typed):
    url = reverse("electoral:watcher-create", args=[election.pk])
    form = RenderedForm(client.get(url).content.decode(), containing="phone")
    values = {"id_number": "1020304050", "first_names": "Mario", "last_names": "Testigo", "territory": str(medellin.pk)}
    values.update(typed)
    for name, value in values.items():
        form.set(name, value)
    return client.post(url, form.data)


@pytest.mark.parametrize("name", ['=HYPERLINK("x")', "+57", "-1", "@SUM(1)", "  =1"])
def test_the_page_refuses_a_formula_as_first_names(login_as, bob, election, medellin, name):
    response = recruit(login_as(bob), election, medellin, first_names=name)
    assert response.context["form"].errors["first_names"] == [
        "Nombres: no puede empezar por =, +, - o @ (parece una fórmula de hoja de cálculo)."
    ]


def test_the_page_refuses_a_formula_as_last_names(login_as, bob, election, medellin):
    response = recruit(login_as(bob), election, medellin, last_names="=1+1")
    assert response.context["form"].errors["last_names"] == [
        "Apellidos: no puede empezar por =, +, - o @ (parece una fórmula de hoja de cálculo)."
    ]


def test_a_refused_name_recruits_nobody(login_as, bob, election, medellin):
    recruit(login_as(bob), election, medellin, last_names="@cmd")
    assert not PollWatcher.objects.exists()


def test_the_page_cleans_invisible_characters_and_composes_accents(login_as, bob, election, medellin):
    recruit(login_as(bob), election, medellin, first_names="Mari\u0301a\u200b", last_names="\u202eGo\u0301mez")
    watcher = PollWatcher.objects.get()
    assert (watcher.first_names, watcher.last_names) == ("María", "Gómez")


def test_a_name_of_invisible_characters_only_is_refused(login_as, bob, election, medellin):
    response = recruit(login_as(bob), election, medellin, last_names="\u200b\u200d")
    assert response.context["form"].errors["last_names"] == ["Escriba los nombres y apellidos del testigo."]


def test_the_service_refuses_a_formula_whatever_calls_it(bob, election, medellin):
    with pytest.raises(ValidationError) as refused:
        watcher_recruit(
            actor=bob,
            election=election,
            territory=medellin,
            role=PollWatcher.Role.TABLE,
            id_number="1020304050",
            first_names="Mario",
            last_names="-2+3",
        )
    assert list(refused.value.message_dict) == ["last_names"]
