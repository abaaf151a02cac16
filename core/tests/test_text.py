"""core.text: one normalization (NFC, no invisible characters) and one formula rule for all input."""

import pytest

from core.text import clean_text, looks_like_formula


def test_it_composes_accents_to_nfc():
    assert clean_text("Jose\u0301") == "José"


@pytest.mark.parametrize("char", ["\u200b", "\u200c", "\u200d", "\ufeff", "\u202a", "\u202e", "\u2066", "\u2069"])
def test_it_removes_zero_width_and_bidi_characters(char):
    assert clean_text(f"Ana{char}María") == "AnaMaría"


def test_it_composes_letters_the_removal_brought_together():
    assert clean_text("Jose\u200b\u0301") == "José"


@pytest.mark.parametrize("value", ["=HYPERLINK(1)", "+57", "-1", "@SUM(A1)", "  =1"])
def test_it_calls_spreadsheet_formulas_formulas(value):
    assert looks_like_formula(value)


@pytest.mark.parametrize("value", ["", None, "Ana = María", "María-José"])
def test_it_leaves_ordinary_text_alone(value):
    assert not looks_like_formula(value)
