"""The chief's review inbox and the one-screen review (diff, earlier comments, approve/return)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from comunicaciones import selectors
from comunicaciones.forms import TransitionForm
from comunicaciones.models import Piece, Stage
from comunicaciones.services import workflow
from core.roles import Role
from core.views.helpers import page_without_count, role_required


@role_required(Role.COMMS_CHIEF)
def inbox(request):
    # No COUNT(*): one query fetches the page plus one row to know whether there is a next page.
    page = page_without_count(selectors.review_inbox(user=request.user), request.GET.get("page"), 50)
    now = timezone.now()
    rows = [
        {
            "piece": piece,
            "waited": (now - piece.submitted_at).total_seconds() if piece.submitted_at else None,
            "own": piece.is_producer(request.user),
        }
        for piece in page.object_list
    ]
    return render(request, "comunicaciones/inbox.html", {"page": page, "rows": rows})


@role_required(Role.COMMS_CHIEF)
def review(request, pk: int):
    try:
        piece = selectors.piece_for(user=request.user, pk=pk)
    except Piece.DoesNotExist as exc:
        raise Http404 from exc
    if not piece.is_in_review:
        return redirect("comunicaciones:piece-detail", pk=piece.pk)
    stage = piece.review_stage
    context = selectors.review_context(piece=piece)
    approve = workflow.TRANSITIONS["approve_content" if stage == Stage.CONTENT else "approve_design"]
    give_back = workflow.TRANSITIONS["return_content" if stage == Stage.CONTENT else "return_design"]
    refusal = workflow.refusal(piece=piece, transition=approve, actor=request.user)
    return render(
        request,
        "comunicaciones/review.html",
        {
            "piece": piece,
            "stage": stage,
            "reviews_content": stage == Stage.CONTENT,
            "review": context,
            "approve": approve,
            "give_back": give_back,
            "refusal": refusal,
            "form": TransitionForm(initial={"expected_version": piece.version}),
            "waited": (timezone.now() - piece.submitted_at).total_seconds() if piece.submitted_at else None,
            "events": piece.events.select_related("actor"),
            "today": timezone.localdate(),
            "approve_next_url": reverse("comunicaciones:piece-transition", args=[piece.pk]) + "?then=next",
        },
    )
