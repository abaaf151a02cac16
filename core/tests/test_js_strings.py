"""Text that JavaScript shows people is translated in templates and handed over with json_script."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_JS = [ROOT / "static" / "js" / "app.js", *sorted(ROOT.glob("*/static/*/*.js"))]
LITERAL = re.compile(r"""(["'`])((?:(?!\1)[^\\\n]|\\.)*)\1""")


def _json_script(body: str, element_id: str):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', body, re.S)
    return json.loads(found[1])


@pytest.mark.django_db
def test_it_hands_app_js_its_messages_in_spanish(login_as, alice):
    body = login_as(alice).get("/").content.decode()
    assert _json_script(body, "militancia-strings")["forbidden"] == "No tiene permiso para esta acción."


@pytest.mark.parametrize("path", PROJECT_JS, ids=lambda path: str(path.relative_to(ROOT)))
def test_it_keeps_spanish_text_out_of_javascript(path):
    spanish = [m[2] for m in LITERAL.finditer(path.read_text()) if re.search(r"[áéíóúñÁÉÍÓÚÑ¿¡]", m[2])]
    assert spanish == []


@pytest.mark.parametrize("path", PROJECT_JS, ids=lambda path: str(path.relative_to(ROOT)))
def test_it_never_picks_text_by_the_page_language_in_javascript(path):
    assert "documentElement.lang" not in path.read_text()
