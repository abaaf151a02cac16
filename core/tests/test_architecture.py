"""The layout rules of DESIGN.md, checked on every run."""

import ast
from pathlib import Path

from django.conf import settings
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
# The project's own apps (settings.PROJECT_APPS) and config.
APPS = ["config", *settings.PROJECT_APPS]
LONGEST_MODULE = 600


def test_the_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / ".importlinter"), no_cache=True) == 0


def test_no_module_is_longer_than_600_lines():
    too_long = {
        str(path.relative_to(ROOT)): length
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and (length := len(path.read_text().splitlines())) > LONGEST_MODULE
    }
    assert too_long == {}


def _service_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "tests" in relative.parts or "migrations" in relative.parts:
                continue
            if path.name == "services.py" or "services" in relative.parts[:-1]:
                yield str(relative), ast.parse(path.read_text())


def test_service_functions_take_keyword_arguments_only():
    """Services are `<entity>_<action>(*, …, actor)`: a call names what it passes (STYLE.md 3)."""
    positional = []
    for module, tree in _service_modules():
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name.startswith("_"):
                continue
            if node.args.posonlyargs or node.args.args or node.args.vararg:
                positional.append(f"{module}: {node.name}")
    assert positional == []


def test_the_walk_over_services_finds_them():
    modules = dict(_service_modules())
    assert "militancia/services/members.py" in modules
