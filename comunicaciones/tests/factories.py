"""Factories and helpers for communications tests."""

from __future__ import annotations

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from comunicaciones.models import Channel, Piece, PieceEvent
from comunicaciones.services.uploads import attachment_add
from comunicaciones.services.workflow import piece_move
from core.roles import Role
from core.tests.factories import make_user

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"


def png_upload(name: str = "arte.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def professional(name: str = "paula", territories=()):
    return make_user(name, Role.COMMS_PROFESSIONAL, territories=territories)


def chief(name: str = "jefa", territories=()):
    return make_user(name, Role.COMMS_CHIEF, territories=territories)


class PieceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Piece
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Pieza {n}")
    requested_by = "Comité de dirección"
    request = "Invitar a la jornada de afiliación"
    channels = factory.LazyFunction(lambda: [Channel.FACEBOOK, Channel.INSTAGRAM])
    created_by = factory.SelfAttribute("author")
    author = None

    @factory.post_generation
    def registered(piece, create, extracted, **kwargs):
        if create:
            PieceEvent.objects.create(
                piece=piece, action="register", from_status="", to_status=piece.status, actor=piece.created_by
            )


def drafting_piece(author, text: str = "Primer borrador del texto.", **kwargs) -> Piece:
    kwargs.setdefault("one_off", True)
    piece = PieceFactory(author=author, created_by=author, **kwargs)
    piece = piece_move(piece_id=piece.pk, name="start_production", actor=author)
    Piece.objects.filter(pk=piece.pk).update(text=text)
    piece.refresh_from_db()
    return piece


def advance(piece: Piece, *, author, boss, designer=None, until: str) -> Piece:
    """Walk a drafting piece through the happy path up to the given status."""
    designer = designer or author
    steps = [
        ("submit_content", author, Piece.Status.CONTENT_REVIEW),
        ("approve_content", boss, Piece.Status.CONTENT_APPROVED),
        ("start_design", designer, Piece.Status.DESIGN),
        ("upload", designer, None),
        ("submit_design", designer, Piece.Status.DESIGN_REVIEW),
        ("approve_design", boss, Piece.Status.DESIGN_APPROVED),
        ("deliver_final", designer, Piece.Status.FINAL_DELIVERED),
    ]
    for action, actor, _target in steps:
        if piece.status == until and action != "upload":
            return piece
        if action == "upload":
            attachment_add(piece_id=piece.pk, actor=actor, upload=png_upload())
            continue
        piece = piece_move(piece_id=piece.pk, name=action, actor=actor)
    return piece
