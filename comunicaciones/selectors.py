"""Reads of communications, always scoped to the user asking (`Piece.objects.visible_to`)."""

from __future__ import annotations

import calendar as pycalendar
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from comunicaciones.models import Channel, MediaMention, Notification, Piece, PieceVersion, PressRelease
from core.filtering import filter_by

if TYPE_CHECKING:
    from core.models import User

S = Piece.Status
CALENDAR_CELL_LIMIT = 4


def piece_list(*, user: User, filters: dict | None = None) -> QuerySet[Piece]:
    filters = filters or {}
    pieces = Piece.objects.visible_to(user).select_related("author", "designer")
    if filters.get("status"):
        pieces = pieces.filter(status=filters["status"])
    if filters.get("channel"):
        pieces = pieces.filter(channels__contains=[filters["channel"]])
    if filters.get("mine"):
        pieces = pieces.filter(Q(author=user) | Q(designer=user) | Q(created_by=user))
    if filters.get("q"):
        pieces = pieces.filter(Q(title__icontains=filters["q"]) | Q(campaign__icontains=filters["q"]))
    return pieces.order_by("-created_at", "-pk")


def pieces_returned_to(*, user: User) -> QuerySet[Piece]:
    """What came back to this producer and waits for them."""
    return Piece.objects.visible_to(user).filter(
        Q(status=S.CONTENT_RETURNED, author=user) | Q(status=S.DESIGN_RETURNED, designer=user)
    )


def pieces_returned_with_comment(*, user: User) -> QuerySet[Piece]:
    """What came back, with the chief's last comment (one query)."""
    last_return = PieceVersion.objects.filter(piece=OuterRef("pk"), decision=PieceVersion.Decision.RETURNED).order_by(
        "-number"
    )
    return (
        pieces_returned_to(user=user)
        .annotate(
            return_comment=Subquery(last_return.values("comment")[:1]),
            returned_at=Subquery(last_return.values("decided_at")[:1]),
        )
        .order_by("-returned_at")
    )


def my_open_pieces(*, user: User) -> QuerySet[Piece]:
    return (
        Piece.objects.visible_to(user)
        .filter(Q(author=user) | Q(designer=user))
        .exclude(status=S.PUBLISHED)
        .select_related("author", "designer")
        .order_by("planned_date", "pk")
    )


def review_inbox(*, user: User) -> QuerySet[Piece]:
    """Pieces waiting for the chief's decision, oldest first."""
    return (
        Piece.objects.visible_to(user)
        .filter(status__in=Piece.REVIEW_STATES)
        .select_related("author", "designer")
        .defer("text", "request", "brief", "allied_networks_note")
        .order_by("submitted_at", "pk")
    )


def next_for_review(*, user: User, after: Piece) -> Piece | None:
    """The oldest other piece this chief may decide (never one they wrote or designed)."""
    return (
        review_inbox(user=user)
        .exclude(pk=after.pk)
        .exclude(Q(author=user) | Q(designer=user))
        .select_related(None)
        .only("pk")
        .first()
    )


def piece_for(*, user: User, pk: int) -> Piece:
    return (
        Piece.objects.visible_to(user)
        .select_related("author", "designer", "created_by", "territory", "meeting")
        .get(pk=pk)
    )


# --- review: the diff against the previous round ------------------------------------------------


class DiffSegment(NamedTuple):
    """One run of words of a diff: `op` is "same", "add" or "del"; pages ask `added`/`removed`."""

    op: str
    text: str

    @property
    def added(self) -> bool:
        return self.op == "add"

    @property
    def removed(self) -> bool:
        return self.op == "del"


@dataclass
class ReviewContext:
    current: PieceVersion | None
    previous: PieceVersion | None
    diff: list[DiffSegment] = field(default_factory=list)
    files_added: list = field(default_factory=list)
    files_removed: list = field(default_factory=list)
    earlier: list[PieceVersion] = field(default_factory=list)
    answer: str = ""  # what the author or designer wrote, answering the last comments, when resubmitting

    @property
    def text_changed(self) -> bool:
        return any(op != "same" for op, _text in self.diff)


_TOKENS = re.compile(r"\s+|[^\s]+")


def text_diff(old: str, new: str) -> list[DiffSegment]:
    """Word-level diff as (op, text) segments: op is "same", "add" or "del"."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    segments: list[DiffSegment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(DiffSegment("same", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(DiffSegment("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(DiffSegment("add", "".join(b[j1:j2])))
    return segments


def review_context(*, piece: Piece) -> ReviewContext:
    versions = list(
        piece.versions.select_related("submitted_by", "decided_by").prefetch_related("attachments").order_by("number")
    )
    current = versions[-1] if versions else None
    previous = versions[-2] if len(versions) > 1 else None
    context = ReviewContext(current=current, previous=previous, earlier=[v for v in versions[:-1] if v.decided_at])
    if current is not None:
        context.diff = text_diff(previous.text if previous else "", current.text)
        if previous is not None:
            now_files = {a.pk: a for a in current.attachments.all()}
            before_files = {a.pk: a for a in previous.attachments.all()}
            context.files_added = [a for pk, a in now_files.items() if pk not in before_files]
            context.files_removed = [a for pk, a in before_files.items() if pk not in now_files]
        context.answer = (
            piece.events.filter(version=current.number, action__in=("submit_content", "submit_design"))
            .order_by("-at", "-pk")
            .values_list("note", flat=True)
            .first()
            or ""
        )
    return context


# --- calendar -----------------------------------------------------------------------------


@dataclass
class CalendarItem:
    pk: int
    title: str
    status: str
    status_label: str
    channels: list[str]
    published: bool
    day: date
    css: str = ""
    url: str = ""
    move_url: str = ""


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    items: list[CalendarItem] = field(default_factory=list)
    more: int = 0
    press: list[PressItem] = field(default_factory=list)


@dataclass(frozen=True)
class PressItem:
    """An interview, press conference or appearance on the calendar, beside the pieces."""

    pk: int
    time: str
    label: str
    url: str


def press_by_day(*, start: date, end: date) -> dict[date, list[PressItem]]:
    """Press appearances between start and end inclusive (local days), in one query."""
    from comunicaciones.models import PressAppearance

    tz = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tz)
    detail = reverse("comunicaciones:appearance-edit", args=[0]).replace("/0/", "/{}/")
    kinds = dict(PressAppearance.Kind.choices)
    by_day: dict[date, list[PressItem]] = defaultdict(list)
    rows = PressAppearance.objects.filter(starts_at__gte=since, starts_at__lt=until).order_by("starts_at", "pk")
    for pk, starts_at, kind, medium in rows.values_list("pk", "starts_at", "kind", "medium"):
        local = timezone.localtime(starts_at)
        by_day[local.date()].append(
            PressItem(pk, local.strftime("%H:%M"), f"{kinds.get(kind, kind)} · {medium}", detail.format(pk))
        )
    return by_day


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


_CSS = {S.PUBLISHED: "published", S.CONTENT_REVIEW: "review", S.DESIGN_REVIEW: "review"}
_CSS |= {S.CONTENT_RETURNED: "returned", S.DESIGN_RETURNED: "returned"}


def _calendar_items(
    user, start: date, end: date, channel: str = "", limit: int | None = None
) -> tuple[dict[date, list[CalendarItem]], dict[date, int]]:
    """Pieces planned between start and end inclusive, in one query.

    With `limit`, the database keeps only the first `limit` pieces of each day (a window
    function) and says how many each day has, so a busy month moves little data.
    """
    labels = dict(S.choices)
    detail = reverse("comunicaciones:piece-detail", args=[0]).replace("/0/", "/{}/")
    move = reverse("comunicaciones:piece-reschedule", args=[0]).replace("/0/", "/{}/")
    pieces = Piece.objects.visible_to(user).filter(planned_date__gte=start, planned_date__lte=end)
    if channel:
        pieces = pieces.filter(channels__contains=[channel])
    fields = ["pk", "title", "status", "channels", "planned_date"]
    if limit is not None:
        pieces = pieces.annotate(
            day_rank=Window(RowNumber(), partition_by=[F("planned_date")], order_by=[F("pk").asc()]),
            day_total=Window(Count("pk"), partition_by=[F("planned_date")]),
        ).filter(day_rank__lte=limit)
        fields.append("day_total")
    by_day: dict[date, list[CalendarItem]] = defaultdict(list)
    totals: dict[date, int] = {}
    for row in pieces.order_by("planned_date", "pk").values_list(*fields):
        pk, title, status, channels, planned = row[:5]
        totals[planned] = row[5] if limit is not None else totals.get(planned, 0) + 1
        by_day[planned].append(
            CalendarItem(
                pk,
                title,
                status,
                str(labels.get(status, status)),
                channels,
                status == S.PUBLISHED,
                planned,
                _CSS.get(status, ""),
                detail.format(pk),
                move.format(pk),
            )
        )
    return by_day, totals


def calendar_month(
    *, user: User, month: date, channel: str = "", limit: int = CALENDAR_CELL_LIMIT
) -> list[list[CalendarDay]]:
    """Weeks (Monday first) covering the month; each day shows at most `limit` pieces plus a count."""
    month = month.replace(day=1)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    items, totals = _calendar_items(user, weeks[0][0], weeks[-1][-1], channel, limit=limit)
    press = press_by_day(start=weeks[0][0], end=weeks[-1][-1])
    return [
        [
            CalendarDay(
                day,
                day.month == month.month,
                items.get(day, []),
                max(0, totals.get(day, 0) - limit),
                press.get(day, []),
            )
            for day in week
        ]
        for week in weeks
    ]


def calendar_week(*, user: User, start: date, channel: str = "") -> list[CalendarDay]:
    start = week_start(start)
    items, _totals = _calendar_items(user, start, start + timedelta(days=6), channel)
    return [CalendarDay(start + timedelta(days=i), True, items.get(start + timedelta(days=i), [])) for i in range(7)]


@dataclass
class CalendarLane:
    channel: str
    label: str
    days: list[CalendarDay]


def calendar_week_by_channel(*, user: User, start: date, channel: str = "") -> list[CalendarLane]:
    """The week as one row per channel (a piece planned for two channels shows in both)."""
    days = calendar_week(user=user, start=start, channel=channel)
    wanted = [channel] if channel else list(Channel.values)
    lanes = {
        value: CalendarLane(value, str(Channel(value).label), [CalendarDay(d.day, True) for d in days])
        for value in wanted
    }
    unassigned = CalendarLane("", "—", [CalendarDay(d.day, True) for d in days])
    for index, day in enumerate(days):
        for item in day.items:
            targets = [lanes[c] for c in item.channels if c in lanes] or ([] if channel else [unassigned])
            for lane in targets:
                lane.days[index].items.append(item)
    result = [lane for lane in lanes.values() if channel or any(d.items for d in lane.days)]
    if any(d.items for d in unassigned.days):
        result.append(unassigned)
    return result


# --- notifications, press -------------------------------------------------------------------


def unread_count(*, user: User) -> int:
    """Unread notifications the user can still act on: a review request whose piece was
    already decided no longer counts, even if it was never opened."""
    if not user.is_authenticated:
        return 0
    return (
        Notification.objects.filter(recipient=user, read_at__isnull=True)
        .exclude(Q(kind=Notification.Kind.REVIEW) & ~Q(piece__status__in=Piece.REVIEW_STATES))
        .count()
    )


def notification_list(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("piece")


def mention_list(*, filters: dict) -> QuerySet[MediaMention]:
    mentions = MediaMention.objects.select_related("press_release")
    if filters.get("q"):
        mentions = mentions.filter(Q(headline__icontains=filters["q"]) | Q(topic__icontains=filters["q"]))
    mentions = filter_by(
        mentions,
        filters,
        {
            "outlet": "outlet__icontains",
            "tone": "tone",
            "topic": "topic__icontains",
            "date_from": "date__gte",
            "date_to": "date__lte",
        },
    )
    return mentions.order_by("-date", "-pk")


def press_release_list(*, filters: dict) -> QuerySet[PressRelease]:
    releases = PressRelease.objects.all()
    if filters.get("q"):
        releases = releases.filter(Q(title__icontains=filters["q"]) | Q(topic__icontains=filters["q"]))
    releases = filter_by(releases, filters, {"date_from": "date__gte", "date_to": "date__lte"})
    return releases.order_by("-date", "-pk")


def appearance_list(*, upcoming: bool) -> QuerySet:
    """Press appearances to come (soonest first) or held (latest first)."""
    from comunicaciones.models import PressAppearance

    now = timezone.now()
    if upcoming:
        return PressAppearance.objects.filter(starts_at__gte=now).order_by("starts_at", "pk")
    return PressAppearance.objects.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
