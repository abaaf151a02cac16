"""Accounts that read personal data without holding a role (issue 17).

`User.requires_second_factor` asks the roles of SECOND_FACTOR_ROLES; some accounts read personal
data through something else than a role (a solidarity professional works on the cases assigned
to her account and holds no role). Core cannot know those apps (.importlinter), so each registers,
in its AppConfig.ready(), a predicate saying whether a user is such a reader; any predicate that
answers yes makes the account use a second factor.

A predicate is asked on every request of a signed-in user (RequireSecondFactorMiddleware), so it
must answer from a cache or from what the user object already holds, not from a fresh query.
"""

from __future__ import annotations

from collections.abc import Callable

Predicate = Callable[[object], bool]

_readers: dict[str, Predicate] = {}


def register_personal_data_reader(name: str, predicate: Predicate) -> None:
    """Register (once per name) a predicate `predicate(user) -> bool`."""
    _readers[name] = predicate


def reads_personal_data(user) -> bool:
    """Whether a registered predicate says this account reads personal data without a role."""
    return any(predicate(user) for predicate in _readers.values())


def registered_readers() -> list[str]:
    return sorted(_readers)
