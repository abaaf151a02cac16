"""STYLE.md rule 5 on every template: pages ask the model (`is_done`, `allowed_transitions`) and
draw `{% status_badge %}`; they never compare a status with a stored code."""

import re
from pathlib import Path

from django.db.models import Choices

ROOT = Path(__file__).resolve().parents[2]
# vendor_audits is being ported to core.workflow on its own branch; it joins the scan then.
SKIPPED = {".venv", "node_modules", "static"}

TAG = re.compile(r"{%.*?%}", re.DOTALL)
LITERAL = r"""(?:"[^"]*"|'[^']*')"""
STATUS = r"[\w.]*status\w*"
COMPARISON = re.compile(
    rf"{STATUS}\s*(?:==|!=|(?:not\s+)?in)\s*{LITERAL}|{LITERAL}\s*(?:==|!=|(?:not\s+)?in)\s*{STATUS}\b"
)


def status_comparisons(text: str) -> list[str]:
    return [match.group(0) for tag in TAG.findall(text) for match in COMPARISON.finditer(tag)]


def templates():
    for path in ROOT.rglob("*.html"):
        parts = set(path.relative_to(ROOT).parts)
        if "templates" in parts and not parts & SKIPPED:
            yield path


def test_the_scan_sees_a_comparison():
    assert status_comparisons("""{% if item.status == 'done' %}x{% elif "failed" != job.status %}y{% endif %}""") == [
        "item.status == 'done'",
        '"failed" != job.status',
    ]


def test_the_scan_lets_properties_and_badges_through():
    assert status_comparisons("{% if item.is_done %}{% status_badge item %}{% endif %}{{ item.status }}") == []


def test_no_template_compares_a_status_with_a_string():
    found = {
        str(path.relative_to(ROOT)): hits
        for path in templates()
        if (hits := status_comparisons(path.read_text(encoding="utf-8")))
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
