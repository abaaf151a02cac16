"""The layout rules of DESIGN.md, checked on every run."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
APPS = [
    "config",
    "core",
    "militancia",
    "rosters",
    "attention",
    "vendor_audits",
    "party_bodies",
    "targets",
    "data_rights",
    "carnets",
    "comunicaciones",
    "electoral",
]
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
