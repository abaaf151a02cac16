"""The read replica (DATABASE_REPLICA_URL): reports and recounts read there, everything else on the primary.

Nothing is sent to the replica implicitly: a read-only path that may be a few seconds behind (the
member tallies' recount, the reports that read them) asks for `reporting_database()`. Without a
replica it is "default", so a one-machine installation runs the same code.
"""

from __future__ import annotations

from django.conf import settings

REPLICA = "replica"


def reporting_database() -> str:
    """The alias report reads use: the replica when one is configured, else the primary."""
    return REPLICA if REPLICA in settings.DATABASES else "default"


class ReplicaRouter:
    """Writes and ordinary reads stay on the primary; the replica is never migrated (it follows
    the primary by streaming replication) and rows read there may relate to rows of the primary."""

    def db_for_read(self, model, **hints):
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        dbs = {obj1._state.db, obj2._state.db}
        return True if dbs <= {"default", REPLICA} else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLICA else None
