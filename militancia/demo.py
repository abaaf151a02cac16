"""Synthetic demo members (`manage.py seed_demo --members N`): realistic Colombian names spread
over the departments roughly by population. No real person's data. Safe to run again."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db.models import Count
from django.utils import timezone

from core.models import Territory
from militancia.identity import search_name

FEMALE = (
    "María",
    "Luz",
    "Ana",
    "Carmen",
    "Diana",
    "Sandra",
    "Claudia",
    "Paola",
    "Andrea",
    "Natalia",
    "Laura",
    "Valentina",
    "Daniela",
    "Carolina",
    "Juliana",
    "Marcela",
    "Gloria",
    "Martha",
    "Yolanda",
    "Liliana",
    "Ángela",
    "Sofía",
    "Camila",
    "Lucía",
    "Adriana",
    "Mónica",
    "Patricia",
    "Isabel",
    "Fernanda",
    "Alejandra",
    "Esperanza",
    "Rosa",
    "Beatriz",
    "Yesenia",
    "Leidy",
    "Jazmín",
    "Mariana",
    "Inés",
)
MALE = (
    "José",
    "Juan",
    "Luis",
    "Carlos",
    "Jorge",
    "Andrés",
    "Jhon",
    "Diego",
    "Alejandro",
    "Óscar",
    "Fernando",
    "Javier",
    "Mauricio",
    "Camilo",
    "Sebastián",
    "Santiago",
    "Miguel",
    "Héctor",
    "Álvaro",
    "Jesús",
    "Édgar",
    "Hernán",
    "Rubén",
    "Julián",
    "Nicolás",
    "Felipe",
    "David",
    "Daniel",
    "Ramiro",
    "Gustavo",
    "Wilson",
    "Fabián",
    "Germán",
    "Iván",
    "Ricardo",
    "Rafael",
    "Darío",
    "Efraín",
)
LAST = (
    "Rodríguez",
    "Gómez",
    "González",
    "Martínez",
    "García",
    "López",
    "Hernández",
    "Sánchez",
    "Ramírez",
    "Pérez",
    "Díaz",
    "Muñoz",
    "Rojas",
    "Moreno",
    "Jiménez",
    "Vargas",
    "Castro",
    "Gutiérrez",
    "Álvarez",
    "Romero",
    "Ortiz",
    "Suárez",
    "Torres",
    "Ruiz",
    "Valencia",
    "Quintero",
    "Mejía",
    "Restrepo",
    "Cárdenas",
    "Ospina",
    "Zapata",
    "Osorio",
    "Cardona",
    "Giraldo",
    "Betancur",
    "Arango",
    "Londoño",
    "Salazar",
    "Castaño",
    "Parra",
    "Peña",
    "Acosta",
    "Herrera",
    "Medina",
    "Aguilar",
    "Caicedo",
    "Mosquera",
    "Palacios",
    "Rentería",
    "Córdoba",
    "Ibarra",
    "Benavides",
    "Guerrero",
    "Ríos",
    "Velásquez",
    "Montoya",
    "Cifuentes",
)
STREETS = ("Calle", "Carrera", "Avenida", "Transversal", "Diagonal")
# Rough population weights by DIVIPOLA department code (the rest weigh 1).
WEIGHTS = {
    "11": 16,
    "05": 13,
    "76": 9,
    "08": 5,
    "13": 4,
    "25": 6,
    "68": 4,
    "54": 3,
    "23": 3,
    "17": 2,
    "66": 2,
    "73": 3,
    "41": 2,
    "47": 3,
    "20": 2,
    "52": 3,
    "19": 3,
    "15": 2,
    "50": 2,
    "44": 2,
}
DOMAINS = ("gmail.com", "hotmail.com", "yahoo.com", "outlook.com")


def municipality_weights(paths: list[str]) -> list[float]:
    """Each department's weight shared among its municipalities (Antioquia has 125 of them)."""
    per_department: dict[str, int] = {}
    for path in paths:
        code = path.split("/")[1]
        per_department[code] = per_department.get(code, 0) + 1
    return [WEIGHTS.get(path.split("/")[1], 1) / per_department[path.split("/")[1]] for path in paths]


def _fold_ascii(text: str) -> str:
    return search_name(text, "").replace(" ", ".")


def build_members(count: int, municipalities: list[Territory], *, seed: int = 2026, start_number: int = 0):
    """Unsaved Member objects (search_name filled: bulk_create does not call save())."""
    from militancia.models import Member

    rng = random.Random(seed)
    weights = municipality_weights([m.path for m in municipalities])
    today = timezone.localdate()
    members = []
    used = set()
    for _ in range(count):
        female = rng.random() < 0.52
        first = rng.choice(FEMALE if female else MALE)
        if rng.random() < 0.6:
            first = f"{first} {rng.choice(FEMALE if female else MALE)}"
        last = f"{rng.choice(LAST)} {rng.choice(LAST)}"
        number = str(rng.randint(10_000_000, 1_199_999_999) + start_number)
        while number in used:
            number = str(rng.randint(10_000_000, 1_199_999_999))
        used.add(number)
        joined = today - timedelta(days=int(rng.expovariate(1 / 700)))
        birth = date(rng.randint(1945, 2006), rng.randint(1, 12), rng.randint(1, 28))
        status = Member.Status.ACTIVE
        roll = rng.random()
        if roll < 0.03:
            status = Member.Status.RESIGNED
        elif roll < 0.04:
            status = Member.Status.SUSPENDED
        elif roll < 0.045:
            status = Member.Status.DECEASED
        member = Member(
            id_type=Member._meta.get_field("id_type").default,
            id_number=number,
            first_names=first,
            last_names=last,
            search_name=search_name(first, last),
            birth_date=birth if rng.random() < 0.85 else None,
            sex="F" if female else "M",
            phone=f"+573{rng.randint(0, 2)}{rng.randint(0, 9)}{rng.randint(1_000_000, 9_999_999)}"
            if rng.random() < 0.8
            else "",
            email=f"{_fold_ascii(first.split()[0])}.{_fold_ascii(last.split()[0])}{rng.randint(1, 999)}@{rng.choice(DOMAINS)}"
            if rng.random() < 0.45
            else "",
            address=f"{rng.choice(STREETS)} {rng.randint(1, 120)} # {rng.randint(1, 99)}-{rng.randint(1, 99)}"
            if rng.random() < 0.6
            else "",
            territory=rng.choices(municipalities, weights=weights)[0],
            status=status,
            joined_on=min(joined, today),
            source=rng.choice(
                [Member.Source.MANUAL, Member.Source.ROSTER, Member.Source.ROSTER, Member.Source.JORNADA]
            ),
            source_ref="demo",
            consent_date=min(joined, today),
            # Paper forms in a box: a consent "signed on screen" needs a stored signature.
            consent_channel=Member.ConsentChannel.PAPER,
            consent_evidence=f"Caja {rng.randint(1, 400)}, carpeta {rng.randint(1, 60)}",
            has_card=False,  # set by carnets when its demo prints real cards
        )
        members.append(member)
    return members


def seed(stdout, members: int = 2000) -> None:
    from militancia.models import DuplicateCandidate, Member

    existing = Member.objects.filter(source_ref="demo").count()
    if existing >= members:
        stdout.write(f"Militantes de demostración: ya hay {existing}.")
        return
    municipalities = list(Territory.objects.filter(kind=Territory.Kind.MUNICIPALITY).only("pk", "path"))
    if not municipalities:
        stdout.write("Sin municipios: cargue primero los territorios.")
        return
    batch = build_members(members - existing, municipalities, seed=existing + 2026)
    for start in range(0, len(batch), 5000):
        Member.objects.bulk_create(batch[start : start + 5000], batch_size=5000, ignore_conflicts=True)
    # A few typos in cédulas, so the duplicates page has something to show.
    pairs = 0
    for original in Member.objects.filter(source_ref="demo", birth_date__isnull=False).order_by("pk")[:8]:
        twin_number = original.id_number[:-1] + str((int(original.id_number[-1]) + 1) % 10)
        twin, created = Member.objects.get_or_create(
            id_type=original.id_type,
            id_number=twin_number,
            defaults={
                "first_names": original.first_names,
                "last_names": original.last_names,
                "birth_date": original.birth_date,
                "territory_id": original.territory_id,
                "joined_on": original.joined_on,
                "source": Member.Source.ROSTER,
                "source_ref": "demo",
                "consent_date": original.consent_date,
                "consent_channel": original.consent_channel,
            },
        )
        if created:
            a, b = sorted([original.pk, twin.pk])
            DuplicateCandidate.objects.get_or_create(
                member_a_id=a, member_b_id=b, defaults={"reason": DuplicateCandidate.Reason.SIMILAR_NUMBER}
            )
            pairs += 1
    per_department = Member.objects.filter(source_ref="demo").aggregate(n=Count("id"))["n"]
    stdout.write(f"Militantes de demostración: {per_department} (y {pairs} posibles duplicados).")
