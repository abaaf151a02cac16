"""A roster's names and addresses: NFC without invisible characters, formulas refused by row."""

from rosters.tests.test_roster_fields import validate


def test_it_removes_zero_width_characters_from_roster_names():
    values, valid = validate([1234567, "Ana\u200b", "Pe\u0301rez", "", "", "Medellín", ""])
    assert (valid, values["first_names"], values["last_names"]) == (True, "Ana", "Pérez")


def test_it_refuses_a_formula_in_the_names_of_a_row():
    values, valid = validate([1234567, "@Ana", "Pérez", "", "", "Medellín", ""])
    assert "first_names" in values["errors"]
