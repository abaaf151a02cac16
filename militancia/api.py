"""Militancia's API: each part of the app registers its own viewsets (picked up by config/urls.py)."""

from importlib import import_module

# The member registry, then optional parts (roster pipeline, operations) when they exist.
_PARTS = ("militancia.views.api", "militancia.roster.api", "militancia.operations.api")


def register(router) -> None:
    for name in _PARTS:
        try:
            module = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(router)
