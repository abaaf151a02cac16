"""From cards in the database to the plain data carnets.pdf draws (no drawing here)."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse

from carnets import pdf
from carnets.models import CardDesign
from carnets.photos import card_photo_paths, design_image_path
from carnets.selectors import CARD_NAME_ORDER


def verify_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('carnets:card-verify', args=[token])}"


def id_label(id_type: str, id_number: str) -> str:
    if id_number.isdigit():
        id_number = f"{int(id_number):,}".replace(",", ".")
    return f"{id_type} {id_number}"


def territory_label(territory) -> str:
    if territory is None:
        return ""
    parent = territory.parent if territory.parent_id and territory.parent.parent_id else None
    return f"{territory.name}, {parent.name}" if parent else territory.name


def labels() -> dict:
    return pdf.default_labels()


def design_spec(design: CardDesign) -> pdf.DesignSpec:
    return pdf.DesignSpec(
        key=str(design.pk or "preview"),
        party_name=design.party_name,
        title=design.title,
        primary_color=design.primary_color,
        text_color=design.text_color,
        back_text=design.back_text,
        logo=design_image_path(design.logo),
        front_background=design_image_path(design.front_background),
        back_background=design_image_path(design.back_background),
    )


SPEC_COLUMNS = (
    "number",
    "token",
    "issued_on",
    "design_id",
    "member__first_names",
    "member__last_names",
    "member__id_type",
    "member__id_number",
    "member__photo",
    "member__territory__name",
    "member__territory__parent__name",
    "member__territory__parent__parent_id",
)


def iter_specs(cards) -> Iterator[pdf.CardSpec]:
    """Specs straight from the columns they need (no model instances: a batch has thousands)."""
    prefix = verify_url("TOKEN").removesuffix("TOKEN/")
    # The rows first (a few hundred bytes each), so the photos a first batch has to shrink are
    # known up front and shrunk on the other cores while the cards are drawn.
    rows = list(cards.order_by(*CARD_NAME_ORDER).values_list(*SPEC_COLUMNS).iterator(chunk_size=2000))
    photos = card_photo_paths(row[8] for row in rows)
    for (
        number,
        token,
        issued_on,
        design_id,
        first,
        last,
        id_type,
        id_number,
        _name,
        town,
        region,
        upper,
    ), photo in zip(rows, photos, strict=True):
        yield pdf.CardSpec(
            number=number,
            first_names=first,
            last_names=last,
            id_label=id_label(id_type, id_number),
            territory=f"{town}, {region}" if region and upper else town,
            issued_on=issued_on.strftime("%d/%m/%Y"),
            verify_url=f"{prefix}{token}/",
            design_key=str(design_id),
            photo=photo,
        )


def designs_for(cards) -> dict[str, pdf.DesignSpec]:
    ids = set(cards.order_by().values_list("design_id", flat=True).distinct())
    return {str(d.pk): design_spec(d) for d in CardDesign.objects.filter(pk__in=ids)}


def render_card_queryset(cards, *, layout: str, title: str, progress=None) -> bytes:
    designs = designs_for(cards)
    return pdf.render_cards(
        iter_specs(cards),
        designs,
        layout=layout,
        title=title,
        labels=labels(),
        progress=progress,
    )


def sample_spec(design_key: str) -> pdf.CardSpec:
    """The card a design preview shows: long names, so the fit is visible."""
    return pdf.CardSpec(
        number="C00012345",
        first_names="María de los Ángeles",
        last_names="Rodríguez Castañeda",
        id_label=id_label("CC", "1020304050"),
        territory="Medellín, Antioquia",
        issued_on="01/01/2026",
        verify_url=f"{settings.SITE_URL}/verificar/ejemplo/",
        design_key=design_key,
    )
