"""Factories for attention tests."""

from __future__ import annotations

import itertools

_numbers = itertools.count(71_000_001)


def make_request(*, territory, actor, member=None, **fields):
    """A request filed by `actor` (the service checks their role and scope)."""
    from attention.services import attention_create

    values = {
        "channel": "email",
        "kind": "petition",
        "subject": "Estado de mi carnet",
        "description": "Quiero saber si mi carnet está listo.",
        "requester_id_number": str(next(_numbers)),
        "requester_name": "Luis Torres",
        "email": "luis@example.org",
    }
    values.update(fields)
    return attention_create(actor=actor, member=member, territory=territory, **values)
