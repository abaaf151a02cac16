"""Demo data of field work: a door-to-door campaign in Medellín with a turf, lists, a list checked
out to the demo volunteer (voluntario.medellin), contacts with consent, some attempts and
anonymous tallies. Safe to run again (the volunteer's list is checked out anew each time)."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

CAMPAIGN = "Puerta a puerta Medellín 2027"
FIRST = ["Ana", "Luis", "Marta", "Jorge", "Sofía", "Andrés", "Paula", "Camilo", "Diana", "Felipe", "Laura", "Óscar"]
LAST = ["Restrepo", "Gómez", "Zuluaga", "Arango", "Ochoa", "Mejía", "Londoño", "Cardona", "Ríos", "Vélez"]


def _geography(medellin):
    """A few polling places of Medellín, unless the electoral geography already has them."""
    from electoral.models import ElectoralUnit

    K = ElectoralUnit.Kind
    places = list(ElectoralUnit.objects.filter(territory=medellin, kind=K.POLLING_PLACE).order_by("path")[:3])
    if places:
        return places
    municipality, _ = ElectoralUnit.objects.get_or_create(
        code="DEMO-05001", defaults={"name": "Medellín", "kind": K.MUNICIPALITY, "territory": medellin}
    )
    for p, name in enumerate(("I. E. Marco Fidel Suárez", "Colegio San José", "Coliseo Comuna 10"), start=1):
        place, _ = ElectoralUnit.objects.get_or_create(
            code=f"DEMO-05001-P{p}",
            defaults={
                "name": name,
                "kind": K.POLLING_PLACE,
                "parent": municipality,
                "territory": medellin,
                "address": f"Carrera {40 + p} # 50-{10 * p}",
            },
        )
        for t in range(1, 5):
            ElectoralUnit.objects.get_or_create(
                code=f"DEMO-05001-P{p}-M{t}",
                defaults={
                    "name": f"Mesa {t}",
                    "kind": K.TABLE,
                    "parent": place,
                    "territory": medellin,
                    "registered_voters": 300,
                },
            )
        places.append(place)
    return places


def seed(stdout, members: int = 2000) -> None:
    from campaigns import services
    from campaigns.models import Campaign, Contact, SupportTally, WalkList
    from core.models import Territory

    User = get_user_model()
    admin = User.objects.filter(username="coord.antioquia").first()
    volunteer = User.objects.filter(username="voluntario.medellin").first()
    medellin = Territory.objects.filter(code="05001").first()
    if admin is None or volunteer is None or medellin is None:
        return
    campaign = Campaign.objects.filter(name=CAMPAIGN).first()
    if campaign is None:
        rng = random.Random(16)
        places = _geography(medellin)
        antioquia = medellin.parent
        for n in range(60):
            Contact.objects.create(
                first_names=rng.choice(FIRST),
                last_names=f"{rng.choice(LAST)} {rng.choice(LAST)}",
                phone=f"30{rng.randint(10000000, 99999999)}",
                address=f"Calle {40 + n // 6} # {30 + n % 6}-{rng.randint(1, 99):02d}",
                territory=medellin,
                polling_place=places[n % len(places)],
                support_level=rng.choice([0, 0, 1, 2, 2, 3, 3, 4, 5]),
                tags=rng.sample(["joven", "comerciante", "madre cabeza de hogar", "líder comunal"], 1),
                consent_channel=Contact.ConsentChannel.VERBAL,
                consent_date=timezone.localdate() - timedelta(days=rng.randint(1, 60)),
                created_by=admin,
            )
        for place in places:
            for table in place.children.all()[:2]:
                for level, count in ((1, rng.randint(1, 4)), (5, rng.randint(0, 2))):
                    if count:
                        SupportTally.objects.create(unit=table, territory=medellin, support_level=level, count=count)
        campaign = services.campaign_create(
            actor=admin,
            name=CAMPAIGN,
            kind=Campaign.Kind.DOOR,
            territory=antioquia,
            intro="Buenos días, venimos de parte del partido. ¿Tiene dos minutos para contarnos qué le preocupa del barrio?",
            issues=["Seguridad", "Empleo", "Salud", "Vías", "Educación"],
            checkout_days=3,
            list_size=10,
        )
        for place in places:
            turf = services.turf_create(
                actor=admin,
                campaign=campaign,
                name=f"Zona {place.name}",
                territory=medellin,
                unit=place,
                target_count=15,
            )
            services.lists_generate(actor=admin, turf=turf)
        first = WalkList.objects.filter(turf__campaign=campaign).order_by("turf", "number").first()
        services.list_checkout(actor=admin, walk_list=first, volunteer=volunteer)
        for entry in first.entries.order_by("position")[:4]:
            talked = entry.position % 2 == 1
            services.attempt_record(
                actor=volunteer,
                walk_list=first,
                contact_id=entry.contact_id,
                client_uuid=uuid.uuid4(),
                result="talked" if talked else "not_home",
                support_level=2 if talked else None,
                issues=["Seguridad"] if talked else [],
            )
        stdout.write("Campañas: campaña de demostración creada (voluntario.medellin tiene una lista).")
    # The volunteer always finds a list on their phone, however long ago the demo was loaded.
    first = WalkList.objects.filter(turf__campaign=campaign).order_by("turf", "number").first()
    if first is not None:
        now = timezone.now()
        WalkList.objects.filter(pk=first.pk).update(
            volunteer=volunteer,
            checked_out_at=now,
            due_at=now + timedelta(days=campaign.checkout_days),
            completed_at=None,
        )
