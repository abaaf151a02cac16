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


def _modules(is_wanted):
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "tests" in relative.parts or "migrations" in relative.parts:
                continue
            if is_wanted(relative):
                yield str(relative), ast.parse(path.read_text())


def _is_service(relative: Path) -> bool:
    return relative.name == "services.py" or "services" in relative.parts[:-1]


def _service_modules():
    return _modules(_is_service)


def _service_and_selector_modules():
    return _modules(lambda relative: _is_service(relative) or relative.name == "selectors.py")


def _public_functions(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not node.name.startswith("_"):
            yield node


def test_service_functions_take_keyword_arguments_only():
    """Services are `<entity>_<action>(*, …, actor)`: a call names what it passes (STYLE.md 3)."""
    positional = []
    for module, tree in _service_modules():
        for node in _public_functions(tree):
            if node.args.posonlyargs or node.args.args or node.args.vararg:
                positional.append(f"{module}: {node.name}")
    assert positional == []


def untyped(function: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    """The parameters of `function` without an annotation (`*args`, `**kwargs` included), and
    `return` when it does not say what it returns."""
    arguments = function.args
    parameters = [*arguments.posonlyargs, *arguments.args, arguments.vararg, *arguments.kwonlyargs, arguments.kwarg]
    missing = [parameter.arg for parameter in parameters if parameter is not None and parameter.annotation is None]
    return missing if function.returns is not None else [*missing, "return"]


def test_the_annotation_check_sees_what_is_missing():
    function = ast.parse("def f(a: int, *, b, actor: User = None, **rest): ...").body[0]
    assert untyped(function) == ["b", "rest", "return"]


def test_service_and_selector_functions_are_typed():
    """Every parameter and the return of a public service or selector says its type (STYLE.md 3):
    the next engineer reads what `member`, `upload` or `progress` is instead of guessing."""
    found = {
        f"{module}: {node.name}": missing
        for module, tree in _service_and_selector_modules()
        for node in _public_functions(tree)
        if (missing := untyped(node))
    }
    assert found == {}


def test_the_walk_over_services_finds_them():
    modules = dict(_service_modules())
    assert "militancia/services/members.py" in modules


def test_the_walk_over_selectors_finds_them():
    modules = dict(_service_and_selector_modules())
    assert "militancia/selectors.py" in modules
