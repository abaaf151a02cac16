"""STYLE.md rule 5 on every template, for every stored code: pages ask the model or the view
(`is_done`, `version.Decision` through `{% status_badge %}`, `moves.deliver`, a flag the view
sets) and never compare a value with a string literal. Comparisons with numbers are fine."""

import re
from pathlib import Path

from django.db.models import Choices

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "node_modules", "static"}

# Comparisons live in `{% if %}` and `{% elif %}` tags.
CONDITION = re.compile(r"{%-?\s*(?:el)?if\b.*?%}", re.DOTALL)
LITERAL = r"""(?:"[^"]*"|'[^']*')"""
COMPARISON = re.compile(
    # value == "x", value != 'x', value in "a b", value not in "a b"
    rf"[\w.|]+\s*(?:==|!=|\bin\b)\s*{LITERAL}"
    # "x" == value, "x" in value (a filter's argument, `|default:"—"`, is not a comparison)
    rf"|(?<![:\w]){LITERAL}\s*(?:==|!=|\bin\b|\bnot\s+in\b)\s*[\w.|]+"
)


def string_comparisons(text: str) -> list[str]:
    return [match.group(0) for tag in CONDITION.findall(text) for match in COMPARISON.finditer(tag)]


def templates():
    for path in ROOT.rglob("*.html"):
        parts = set(path.relative_to(ROOT).parts)
        if "templates" in parts and not parts & SKIPPED:
            yield path


def test_the_scan_sees_a_status_comparison():
    assert string_comparisons("""{% if item.status == 'done' %}x{% elif "failed" != job.status %}y{% endif %}""") == [
        "item.status == 'done'",
        '"failed" != job.status',
    ]


def test_the_scan_sees_a_comparison_of_any_value():
    assert string_comparisons("""{% if v.decision == "approved" %}{% elif m.name != 'print' %}{% endif %}""") == [
        'v.decision == "approved"',
        "m.name != 'print'",
    ]


def test_the_scan_sees_a_membership_test_against_a_string():
    assert string_comparisons("""{% if field.name in "id_type id_number" %}{% endif %}""") == [
        'field.name in "id_type id_number"'
    ]


def test_the_scan_sees_a_comparison_inside_a_longer_condition():
    assert string_comparisons("""{% if x and tab == 'detail' or y %}{% endif %}""") == ["tab == 'detail'"]


def test_the_scan_lets_properties_and_badges_through():
    assert string_comparisons("{% if item.is_done %}{% status_badge item %}{% endif %}{{ item.status }}") == []


def test_the_scan_lets_numbers_and_variables_through():
    assert (
        string_comparisons("{% if a.round > 1 %}{% elif forloop.counter == 2 %}{% elif w.pk == row.pk %}{% endif %}")
        == []
    )


def test_the_scan_lets_filter_arguments_through():
    assert string_comparisons("""{% if h.actor|default:"—" %}{% endif %}""") == []


def test_the_scan_reads_only_conditions():
    assert string_comparisons("""{% include "nav.html" with tab="detail" %}{% status_tone m of="x" %}""") == []


def test_no_template_compares_a_value_with_a_string():
    found = {
        str(path.relative_to(ROOT)): hits
        for path in templates()
        if (hits := string_comparisons(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_every_status_has_its_badge_colours():
    from django.apps import apps

    untoned = sorted(
        model._meta.label
        for model in apps.get_models()
        if isinstance(getattr(model, "Status", None), type)
        and issubclass(model.Status, Choices)
        and not hasattr(model.Status, "tones")
    )
    assert untoned == []
