"""Factories for the electoral tests (members come from militancia.tests.factories.MemberFactory)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

import factory
from django.utils import timezone

from electoral.models import BallotOption, Election, ElectoralUnit, Milestone, PollWatcher


class ElectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Election

    name = factory.Sequence(lambda n: f"Elecciones territoriales {2027 + n}")
    kind = Election.Kind.COUNCIL
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    election = factory.SubFactory(ElectionFactory)
    name = factory.Sequence(lambda n: f"Inscripción de candidatos {n}")
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    legal_basis = "Ley 1475 de 2011, art. 30"


def unit(code, name, kind, parent=None, territory=None, registered=0, **extra) -> ElectoralUnit:
    return ElectoralUnit.objects.create(
        code=code, name=name, kind=kind, parent=parent, territory=territory, registered_voters=registered, **extra
    )


def build_geography(medellin, bogota) -> dict:
    """CO → two departments → one municipality each → two polling places → tables (registered 100 each)."""
    K = ElectoralUnit.Kind
    root = unit("CO", "Colombia", K.COUNTRY)
    d05 = unit("05", "Antioquia", K.DEPARTMENT, root, medellin.parent)
    d11 = unit("11", "Bogotá D. C.", K.DEPARTMENT, root, bogota.parent)
    m05 = unit("05001", "Medellín", K.MUNICIPALITY, d05, medellin)
    m11 = unit("11001", "Bogotá", K.MUNICIPALITY, d11, bogota)
    places, tables = {}, {}
    for muni, territory in ((m05, medellin), (m11, bogota)):
        for p in (1, 2):
            place = unit(
                f"{muni.code}-P{p}",
                f"Puesto {p} {muni.name}",
                K.POLLING_PLACE,
                muni,
                territory,
                address=f"Calle {p} # 1-1",
                is_priority=(p == 1),
            )
            places[place.code] = place
            for t in (1, 2, 3):
                table = unit(f"{place.code}-M{t}", f"Mesa {t}", K.TABLE, place, territory, 100)
                tables[table.code] = table
    from electoral.services.geography import geography_rebuild

    geography_rebuild()
    for item in (root, d05, d11, m05, m11, *places.values(), *tables.values()):
        item.refresh_from_db()
    return {"root": root, "d05": d05, "d11": d11, "m05": m05, "m11": m11, "places": places, "tables": tables}


_watcher_numbers = itertools.count(81_000_001)


def make_watcher(
    election, territory, status=PollWatcher.Status.PROSPECT, role=PollWatcher.Role.TABLE, **fields
) -> PollWatcher:
    values = {
        "id_type": "CC",
        "id_number": str(next(_watcher_numbers)),
        "first_names": "Carlos",
        "last_names": "Restrepo",
        "phone": "3109876543",
    }
    values.update(fields)
    return PollWatcher.objects.create(election=election, territory=territory, status=status, role=role, **values)


def make_options(election) -> dict[str, BallotOption]:
    K = BallotOption.Kind
    return {
        "own": BallotOption.objects.create(
            election=election, code="001", name="Nuestro partido", kind=K.PARTY, is_own=True
        ),
        "other": BallotOption.objects.create(election=election, code="002", name="Otro partido", kind=K.PARTY),
        "blank": BallotOption.objects.create(election=election, code="996", name="Votos en blanco", kind=K.BLANK),
        "null": BallotOption.objects.create(election=election, code="997", name="Votos nulos", kind=K.NULL),
        "unmarked": BallotOption.objects.create(election=election, code="998", name="No marcados", kind=K.UNMARKED),
    }


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
