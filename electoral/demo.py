"""Demo data for `make run`: a small electoral geography, two past elections with results, the coming
one with opinion polls, and its where-to-work board. Safe to run again (it stops when present)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.models import Territory

DEPARTMENTS = ("05", "25", "76", "11", "08", "68")
MUNICIPALITIES_PER_DEPARTMENT = 6
PLACES_PER_MUNICIPALITY = 3
TABLES_PER_PLACE = 4
TARGET_NAME = "Concejos municipales 2027"


@transaction.atomic
def seed(stdout, members: int = 2000) -> None:
    from electoral.models import BallotOption, Election, ElectoralUnit, Poll, PollResult, TableResult
    from electoral.services.board import board_refresh_run
    from electoral.services.geography import geography_rebuild
    from electoral.services.results import summaries_refresh

    if Election.objects.filter(name=TARGET_NAME).exists():
        stdout.write("Electoral: los datos de demostración ya existen.")
        return
    rng = random.Random(2027)
    K = ElectoralUnit.Kind
    country = Territory.objects.filter(kind=Territory.Kind.COUNTRY).first()
    root = ElectoralUnit.objects.create(code="DEMO-CO", name="Colombia", kind=K.COUNTRY, territory=None)
    tables = []
    for code in DEPARTMENTS:
        department = Territory.objects.filter(parent=country, code=code).first()
        if department is None:
            continue
        dep_unit = ElectoralUnit.objects.create(
            code=f"DEMO-{code}", name=department.name, kind=K.DEPARTMENT, parent=root, territory=department
        )
        municipalities = Territory.objects.filter(parent=department, kind=Territory.Kind.MUNICIPALITY).order_by("code")
        for municipality in municipalities[:MUNICIPALITIES_PER_DEPARTMENT]:
            muni_unit = ElectoralUnit.objects.create(
                code=f"DEMO-{municipality.code}",
                name=municipality.name,
                kind=K.MUNICIPALITY,
                parent=dep_unit,
                territory=municipality,
            )
            for p in range(1, PLACES_PER_MUNICIPALITY + 1):
                place = ElectoralUnit.objects.create(
                    code=f"DEMO-{municipality.code}-P{p}",
                    name=f"Puesto {p} · {municipality.name}",
                    kind=K.POLLING_PLACE,
                    parent=muni_unit,
                    territory=municipality,
                    address=f"Calle {10 * p} # {p}-{20 + p}",
                )
                for t in range(1, TABLES_PER_PLACE + 1):
                    tables.append(
                        ElectoralUnit.objects.create(
                            code=f"{place.code}-M{t}",
                            name=f"Mesa {t}",
                            kind=K.TABLE,
                            parent=place,
                            territory=municipality,
                            registered_voters=rng.randint(280, 380),
                        )
                    )
    geography_rebuild()
    target = Election.objects.create(
        name=TARGET_NAME, kind=Election.Kind.COUNCIL, date=timezone.localdate() + timedelta(days=300), root_unit=root
    )
    past = [
        Election.objects.create(
            name="Concejos municipales 2023", kind=Election.Kind.COUNCIL, date=date(2023, 10, 29), root_unit=root
        ),
        Election.objects.create(
            name="Concejos municipales 2019", kind=Election.Kind.COUNCIL, date=date(2019, 10, 27), root_unit=root
        ),
    ]
    for election in (target, *past):
        BallotOption.objects.create(election=election, code="001", name="Partido Demo de Colombia", is_own=True)
        BallotOption.objects.create(election=election, code="002", name="Alianza Verde Amarilla")
        BallotOption.objects.create(election=election, code="003", name="Movimiento Ciudadano")
        BallotOption.objects.create(election=election, code="996", name="Votos en blanco", kind=BallotOption.Kind.BLANK)
    # Each municipality has its own leaning; each election moves it a little.
    leaning = {t.parent_id: rng.uniform(0.08, 0.38) for t in tables}
    for age, election in enumerate(past):
        options = {o.code: o.pk for o in election.ballot_options.all()}
        rows = []
        for table in tables:
            registered = table.registered_voters
            total = int(registered * rng.uniform(0.38, 0.68))
            blank = int(total * 0.03)
            valid = total - blank - int(total * 0.02)
            own = int(valid * max(0.02, leaning[table.parent_id] + rng.uniform(-0.05, 0.05) - 0.03 * age))
            second = int((valid - own) * rng.uniform(0.4, 0.7))
            votes = {
                str(options["001"]): own,
                str(options["002"]): second,
                str(options["003"]): valid - own - second,
                str(options["996"]): blank,
            }
            rows.append(
                TableResult(
                    election=election,
                    table=table,
                    registered=registered,
                    valid=valid,
                    blank=blank,
                    null_votes=int(total * 0.02),
                    total=total,
                    own_votes=own,
                    votes=votes,
                )
            )
        TableResult.objects.bulk_create(rows)
        summaries_refresh(election_id=election.pk)
    _polls(target, rng, Poll, PollResult)
    board_refresh_run(election_id=target.pk)
    stdout.write(
        f"Electoral: {len(tables)} mesas, 2 elecciones con resultados, encuestas y tablero de «{TARGET_NAME}»."
    )


def _polls(election, rng, Poll, PollResult) -> None:
    pollsters = ("Invamer", "Centro Nacional de Consultoría", "Guarumo", "Datexco", "AtlasIntel")
    methods = (Poll.Method.TELEPHONE, Poll.Method.FACE_TO_FACE, Poll.Method.ONLINE, Poll.Method.MIXED)
    today = timezone.localdate()
    own, green, citizens = 24.0, 28.0, 18.0
    for n in range(9):
        end = today - timedelta(days=120 - 14 * n)
        own += rng.uniform(-1.0, 2.2)
        green += rng.uniform(-1.8, 1.0)
        citizens += rng.uniform(-1.0, 1.0)
        sample = rng.choice((800, 1000, 1200, 1500, 2000))
        margin = round(98 / sample**0.5, 1)
        poll = Poll.objects.create(
            election=election,
            pollster=pollsters[n % len(pollsters)],
            field_start=end - timedelta(days=4),
            field_end=end,
            published_on=end + timedelta(days=3),
            sample_size=sample,
            method=methods[n % len(methods)],
            margin_of_error=Decimal(str(margin)),
            population="Adultos con cédula inscrita",
        )
        values = [
            ("Partido Demo de Colombia", own + rng.uniform(-2, 2)),
            ("Alianza Verde Amarilla", green + rng.uniform(-2, 2)),
            ("Movimiento Ciudadano", citizens + rng.uniform(-2, 2)),
        ]
        undecided = 100 - sum(v for _l, v in values) - 6
        options = {o.name: o for o in election.ballot_options.all()}
        for position, (label, value) in enumerate([*values, ("Otros", 6.0), ("No sabe / no responde", undecided)]):
            PollResult.objects.create(
                poll=poll,
                label=label,
                option=options.get(label),
                is_undecided=label.startswith("No sabe"),
                percent=Decimal(str(round(value, 1))),
                position=position,
            )
