"""config.settings.env_bool: the yes/no words it accepts, and the start it refuses on anything else."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings import env_bool


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "Yes", "on", " On ", "si", "SI", "sí"])
def test_it_reads_true_words(monkeypatch, value):
    monkeypatch.setenv("MILITANCIA_FLAG", value)
    assert env_bool("MILITANCIA_FLAG", False) is True


@pytest.mark.parametrize("value", ["0", "false", "False", "NO", "off", " OFF "])
def test_it_reads_false_words(monkeypatch, value):
    monkeypatch.setenv("MILITANCIA_FLAG", value)
    assert env_bool("MILITANCIA_FLAG", True) is False


@pytest.mark.parametrize("default", [True, False])
def test_it_uses_the_default_when_unset(monkeypatch, default):
    monkeypatch.delenv("MILITANCIA_FLAG", raising=False)
    assert env_bool("MILITANCIA_FLAG", default) is default


def test_it_uses_the_default_when_blank(monkeypatch):
    monkeypatch.setenv("MILITANCIA_FLAG", "  ")
    assert env_bool("MILITANCIA_FLAG", True) is True


@pytest.mark.parametrize("value", ["flase", "ture", "2", "enabled", "y"])
def test_it_refuses_unknown_words(monkeypatch, value):
    monkeypatch.setenv("MILITANCIA_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match="MILITANCIA_FLAG"):
        env_bool("MILITANCIA_FLAG", False)
