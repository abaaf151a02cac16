"""Factories for carnets' tests."""

from __future__ import annotations

import io
import os

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from carnets.models import CardDesign, Consumable, Jornada, Printer
from core.tests.factories import territory
from militancia.models import Member


def jpeg_bytes(size=(480, 600), color=(30, 60, 120)) -> bytes:
    image = Image.new("RGB", size, color)
    ImageDraw.Draw(image).ellipse((size[0] // 4, size[1] // 8, size[0] * 3 // 4, size[1] // 2), fill=(230, 200, 170))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def broken_png_bytes() -> bytes:
    """A PNG whose header reads well and whose second data chunk is damaged: Pillow finds out only
    while decoding, with a SyntaxError ("broken PNG file")."""
    image = Image.frombytes("RGB", (600, 800), os.urandom(600 * 800 * 3))
    out = io.BytesIO()
    image.save(out, "PNG")
    data = bytearray(out.getvalue())
    second = data.find(b"IDAT", data.find(b"IDAT") + 4)
    data[second : second + 4] = b"\x00\x01\x02\x03"
    return bytes(data)


def png_bytes(size=(300, 120)) -> bytes:
    image = Image.new("RGBA", size, (255, 255, 255, 0))
    ImageDraw.Draw(image).line((10, 100, 150, 20, 290, 90), fill=(0, 0, 0, 255), width=4)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def with_photo(member: Member) -> Member:
    member.photo.save("foto.jpg", ContentFile(jpeg_bytes()), save=True)
    return member


class CardDesignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CardDesign

    name = factory.Sequence(lambda n: f"Diseño {n}")
    party_name = "Partido de Prueba"
    title = "CARNET DE MILITANTE"
    back_text = "Este carnet acredita la militancia de su titular. Si lo encuentra, devuélvalo a la sede del partido."
    is_active = True


class ConsumableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consumable

    name = factory.Sequence(lambda n: f"Insumo {n}")
    kind = Consumable.Kind.PVC
    unit = "tarjetas"
    stock = 0
    reorder_level = 10


class PrinterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Printer

    model_name = "Evolis Primacy 2"
    serial = factory.Sequence(lambda n: f"SN-{n:05d}")
    location = "Sede nacional"


class JornadaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jornada

    name = factory.Sequence(lambda n: f"Jornada {n}")
    territory = factory.LazyFunction(lambda: territory("05001"))
    place = "Coliseo municipal"
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyFunction(timezone.localdate)


def stocked_printer(cards: int = 100) -> Printer:
    """A printer with its PVC cards and ribbon in stock (ribbon counted in panel sets)."""
    pvc = ConsumableFactory(kind=Consumable.Kind.PVC, stock=cards)
    ribbon = ConsumableFactory(kind=Consumable.Kind.RIBBON, unit="paneles", panels_per_roll=250, stock=cards * 2)
    return PrinterFactory(card_stock=pvc, ribbon=ribbon)
