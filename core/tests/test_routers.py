"""The read-replica router (DATABASE_REPLICA_URL): reports read there, nothing else moves."""

from django.conf import settings

from core.routers import REPLICA, ReplicaRouter, reporting_database


def test_without_a_replica_reports_read_the_primary():
    assert REPLICA not in settings.DATABASES
    assert reporting_database() == "default"


def test_with_a_replica_reports_read_it(monkeypatch):
    monkeypatch.setitem(settings.DATABASES, REPLICA, {**settings.DATABASES["default"]})
    assert reporting_database() == REPLICA


def test_the_replica_is_never_migrated_and_ordinary_reads_stay_on_the_primary():
    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "militancia") is False
    assert router.allow_migrate("default", "militancia") is None
    assert router.db_for_read(object) is None and router.db_for_write(object) is None


def test_the_replica_setting_builds_a_mirrored_alias(monkeypatch):
    """config.settings read with DATABASE_REPLICA_URL set: the alias, mirrored onto default in tests."""
    import importlib

    import config.settings as config_settings

    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://reader@replica.example:5432/militancia")
    try:
        fresh = importlib.reload(config_settings)
        replica = fresh.DATABASES[REPLICA]
        assert (replica["HOST"], replica["USER"], replica["NAME"]) == ("replica.example", "reader", "militancia")
        assert replica["TEST"] == {"MIRROR": "default"}
        assert "core.routers.ReplicaRouter" in fresh.DATABASE_ROUTERS
    finally:
        monkeypatch.delenv("DATABASE_REPLICA_URL")
        importlib.reload(config_settings)
