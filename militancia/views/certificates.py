"""Membership certificate download and its public verification page."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from core.views.helpers import pdf_response, role_required, service_error
from militancia import services
from militancia.pdf import CertificateData, certificate_pdf
from militancia.roles import CERTIFIERS
from militancia.views.members import get_member_or_404

VERIFY_RATE = "30/m"


def _long_date(value) -> str:
    # Spanish writes month names in lower case: "22 de noviembre de 2026".
    return date_format(value, "DATE_FORMAT").lower()


def certificate_data(certificate) -> CertificateData:
    member = certificate.member
    territory = member.territory.label if member.territory_id else ""
    party = settings.PARTY_NAME
    verify_url = settings.SITE_URL + reverse("militancia:certificate-verify", args=[certificate.code])
    body = _(
        "The undersigned certifies that <b>%(name)s</b>, identified with %(id_type)s number "
        "<b>%(id_number)s</b>, is an active member of %(party)s, registered in %(territory)s since "
        "%(joined)s. This certificate is issued at the request of the interested party and is valid "
        "until %(valid_until)s."
    ) % {
        "name": member.full_name,
        "id_type": member.get_id_type_display(),
        "id_number": member.id_number,
        "party": party,
        "territory": territory,
        "joined": _long_date(member.joined_on),
        "valid_until": _long_date(certificate.valid_until),
    }
    return CertificateData(
        party_name=party,
        title=_("Membership certificate"),
        body=body,
        place_and_date=_("Issued on %(date)s.") % {"date": _long_date(timezone.localtime(certificate.issued_at))},
        signer_line=_("National membership secretariat"),
        verify_label=_("Verify this certificate by scanning the code"),
        verify_url=verify_url,
        code=certificate.code,
        footer=_(
            "Personal data processed under Ley 1581 de 2012 (habeas data). This document contains "
            "sensitive personal data: do not share it without the holder's authorization."
        ),
    )


@role_required(*CERTIFIERS)
@require_POST
def member_certificate(request, pk: int):
    member = get_member_or_404(request, pk)
    try:
        certificate = services.certificate_issue(member=member, actor=request.user)
    except ValidationError as exc:
        service_error(request, exc)
        return redirect("militancia:member-detail", pk=member.pk)
    return pdf_response(
        certificate_pdf(certificate_data(certificate)), filename=f"certificado-militancia-{member.pk}.pdf"
    )


@never_cache
@ratelimit(key="ip", rate=VERIFY_RATE, block=False)
def certificate_verify(request, code: str):
    """Public, no login: says only whether the certificate is valid. No member data, ever.

    Rate-limited per IP so that nobody can probe codes in bulk.
    """
    if getattr(request, "limited", False):
        response = render(request, "militancia/certificate_verify.html", {"limited": True}, status=429)
    else:
        valid = services.certificate_is_valid(code=code)
        response = render(request, "militancia/certificate_verify.html", {"valid": valid})
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
