"""Factories for the operations tests (members are built directly: the registry owns its factories)."""

from __future__ import annotations

import itertools
from datetime import date

from militancia.models import Member

_numbers = itertools.count(70_000_001)


def make_member(territory, **fields) -> Member:
    values = {
        "id_type": "CC",
        "id_number": str(next(_numbers)),
        "first_names": "Ana María",
        "last_names": "Pérez Gómez",
        "territory": territory,
        "joined_on": date(2020, 5, 4),
        "email": "ana@example.org",
        "phone": "3001234567",
        "address": "Calle 10 # 20-30",
    }
    values.update(fields)
    return Member.objects.create(**values)


def make_request(*, territory, actor=None, member=None, **fields):
    from militancia.operations.attention.services import attention_create

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
