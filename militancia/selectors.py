"""Reads of the member registry, always scoped with `visible_to(user)`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery
from django.db import OperationalError, connections, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format

from core.audit import ChangeLine, describe_changes
from core.filtering import filter_by
from core.models import AuditEvent, Territory, User
from militancia.identity import IdType, InvalidIdNumber, fold, normalize_id_number
from militancia.models import DuplicateCandidate, Member, MemberStatusChange

PAGE_SIZE = 50


def looks_like_document(text: str) -> bool:
    """A search that is mostly digits is a document number, not a name."""
    compact = "".join(text.split())
    digits = sum(ch.isdigit() for ch in compact)
    return bool(compact) and digits >= max(3, len(compact) // 2)


def document_variants(text: str) -> list[str]:
    """The normalized forms a typed document number may take, whatever its type."""
    variants = []
    for id_type in (IdType.CC, IdType.PA):
        try:
            variants.append(normalize_id_number(id_type, text))
        except InvalidIdNumber:
            continue
    return list(dict.fromkeys(variants))


def member_queryset(*, user: User) -> QuerySet[Member]:
    """Members this user may see; merged records are reachable only through the kept one."""
    return Member.objects.visible_to(user).filter(merged_into__isnull=True).defer("search_vector")


def member_lookup(*, user: User, id_number: str, id_type: str | None = None) -> QuerySet[Member]:
    """Members in the user's scope with this document number (typed in any format); every type
    is tried when `id_type` is not given."""
    if id_type:
        try:
            variants = [normalize_id_number(id_type, id_number)]
        except InvalidIdNumber:
            return Member.objects.none()
        members = member_queryset(user=user).filter(id_type=id_type)
    else:
        variants = document_variants(id_number)
        members = member_queryset(user=user)
    return members.filter(id_number__in=variants) if variants else members.none()


def member_search(queryset: QuerySet[Member], q: str) -> QuerySet[Member]:
    q = (q or "").strip()
    if not q:
        return queryset
    if looks_like_document(q):
        variants = document_variants(q)
        return queryset.filter(id_number__in=variants) if variants else queryset.none()
    return name_search(queryset, q)


def name_search(queryset: QuerySet[Member], text: str) -> QuerySet[Member]:
    """Accent-insensitive name search as people type: every word but the last is a whole word of
    the name, the last may be the start of one ("jose perez" and "perez jo" find "José Pérez").

    Whole words are exact GIN lookups (a few ms at millions of rows); a prefix on every word
    (`Member.objects.search`) makes PostgreSQL expand each one and is several times slower.
    """
    words = [word for word in fold(text).replace(":", " ").replace("&", " ").split() if word.isalnum()]
    if not words:
        return queryset.none()
    query = " & ".join([*words[:-1], f"{words[-1]}:*"])
    return queryset.filter(search_vector=SearchQuery(query, search_type="raw", config="simple"))


def member_list(*, user: User, filters: dict) -> QuerySet[Member]:
    """The members list with its filters (territory subtree, status, joined dates, card, search)."""
    members = member_queryset(user=user).select_related("territory__parent")
    territory = filters.get("territory")
    if territory is not None:
        members = members.filter(territory__in=Territory.objects.subtree([territory]).values("pk"))
    members = filter_by(
        members, filters, {"status": "status", "joined_from": "joined_on__gte", "joined_to": "joined_on__lte"}
    )
    if filters.get("has_card") in ("yes", "no"):
        members = members.filter(has_card=filters["has_card"] == "yes")
    return member_search(members, filters.get("q", ""))


@dataclass
class KeysetPage:
    """One page of a keyset-paginated list (newest first by id): no COUNT(*), no OFFSET."""

    object_list: list
    has_next: bool
    has_previous: bool
    next_after: int | None
    previous_before: int | None


def keyset_page(
    queryset: QuerySet,
    *,
    after: int | None = None,
    before: int | None = None,
    size: int = PAGE_SIZE,
    sort_matches: bool = False,
) -> KeysetPage:
    """Newest first by id. `sort_matches` orders by an expression (id + 0) so that PostgreSQL
    cannot walk the primary key backwards filtering every row: for a selective name search it
    must take the GIN index and sort the few matches (milliseconds instead of seconds)."""
    key = F("pk") + 0 if sort_matches else F("pk")
    if before:
        return _page_backwards(list(queryset.filter(pk__gt=before).order_by(key.asc())[: size + 1]), size)
    if after:
        queryset = queryset.filter(pk__lt=after)
    return _page_forwards(list(queryset.order_by(key.desc())[: size + 1]), size, after=after)


def _page_backwards(rows: list, size: int) -> KeysetPage:
    """A page read towards the start (size + 1 rows fetched in reverse order): put it back in order."""
    more_before = len(rows) > size
    rows = list(reversed(rows[:size]))
    return KeysetPage(
        object_list=rows,
        has_next=bool(rows),
        has_previous=more_before,
        next_after=rows[-1].pk if rows else None,
        previous_before=rows[0].pk if rows and more_before else None,
    )


def _page_forwards(rows: list, size: int, *, after: int | None) -> KeysetPage:
    """A page read onwards (size + 1 rows fetched: the extra one says whether a next page exists)."""
    has_next = len(rows) > size
    rows = rows[:size]
    return KeysetPage(
        object_list=rows,
        has_next=has_next,
        has_previous=bool(after) and bool(rows),
        next_after=rows[-1].pk if has_next else None,
        previous_before=rows[0].pk if after and rows else None,
    )


# The member list's sortable columns: URL value → the column it orders by (then by id, for a stable keyset).
MEMBER_SORTS = {
    "name": "search_name",
    "document": "id_number",
    "territory": "territory__name",
    "joined": "joined_on",
}


def parse_member_sort(value: str | None) -> tuple[str, bool] | None:
    """ "name" / "-joined" → (column key, descending); None for the default order or an unknown value."""
    value = (value or "").strip()
    key = value.removeprefix("-")
    return (key, value.startswith("-")) if key in MEMBER_SORTS else None


def member_page(
    *, user: User, filters: dict, after: int | None = None, before: int | None = None, sort: str = ""
) -> KeysetPage:
    """One page of the members list (what the list page and the benchmark use)."""
    members = member_list(user=user, filters=filters)
    parsed = parse_member_sort(sort)
    if parsed:
        key, descending = parsed
        return sorted_keyset_page(members, field=MEMBER_SORTS[key], descending=descending, after=after, before=before)
    q = (filters.get("q") or "").strip()
    if not q or looks_like_document(q):
        return keyset_page(members, after=after, before=before)
    return name_search_page(members, q, after=after, before=before)


# A name search has two ways to its newest 50 matches, each fast where the other is slow (10 M members):
# walking the ids backwards until 51 rows match (milliseconds for "maria": one row in ten matches;
# 13 s for a name nobody has), or taking every match from the GIN index and sorting them (fast for a
# rare name; seconds for "jose garcia", whose 7,000 matches lie on 7,000 pages). An estimate of
# the matches in the whole registry from the planner's word statistics (what the index reads, whatever the scope)
# picks the index for a rare name; otherwise the walk is tried, and one that has not finished in
# WALK_MS means the matches in this scope are sparse: the index is taken instead.
FEW_MATCHES = 2_000
WALK_MS = 150


class _WalkDone(Exception):
    """Leaves the walk's transaction by rolling it back, with the page read: that also undoes its timeout."""

    def __init__(self, page: KeysetPage):
        self.page = page


def name_search_page(members: QuerySet[Member], q: str, *, after: int | None, before: int | None) -> KeysetPage:
    if estimated_matches(q) >= FEW_MATCHES:
        try:
            return _with_settings(
                members.db,
                f"statement_timeout = {int(WALK_MS)}",
                lambda: keyset_page(members, after=after, before=before),
            )
        except OperationalError as exc:
            if getattr(exc.__cause__, "pgcode", None) != QUERY_CANCELED:
                raise
    return keyset_page(members, after=after, before=before, sort_matches=True)


def _with_settings(alias: str, setting: str, read):
    """`read()` in a transaction of its own with `SET LOCAL setting`, rolled back afterwards (which
    also undoes the setting, even inside an outer transaction)."""
    try:
        with transaction.atomic(using=alias):
            with connections[alias].cursor() as cursor:
                cursor.execute(f"SET LOCAL {setting}")
            raise _WalkDone(read())
    except _WalkDone as done:
        return done.page


QUERY_CANCELED = "57014"
WORD_STATS_SECONDS = 60 * 60


def word_statistics() -> tuple[int, dict[str, float], float]:
    """(members, {word: share of members whose name has it}, the rarest listed share), from the
    planner's statistics of `search_vector` (ANALYZE keeps them), cached for an hour: estimating a
    search then costs no query."""
    from django.core.cache import cache

    key = "militancia:name-word-stats:v1"
    cached = cache.get(key)
    if cached is not None:
        return cached
    table = Member._meta.db_table
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT greatest(reltuples, 0)::bigint FROM pg_class WHERE relname = %s", [table])
        row = cursor.fetchone()
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE tablename = %s AND attname = 'search_vector'",
            [table],
        )
        stats = cursor.fetchone()
    words = dict(zip(stats[0], stats[1], strict=False)) if stats and stats[0] else {}
    # most_common_elem_freqs ends with the minimum, the maximum and the share of null rows.
    floor = stats[1][-3] if stats and stats[1] else 0.0
    value = (int(row[0]) if row else 0, words, floor)
    cache.set(key, value, WORD_STATS_SECONDS)
    return value


def estimated_matches(text: str) -> float:
    """How many members a name search matches, estimated like PostgreSQL does (independent words;
    a word outside the statistics is rarer than the rarest listed; a prefix sums the words it starts)."""
    members, words, floor = word_statistics()
    folded = [word for word in fold(text).replace(":", " ").replace("&", " ").split() if word.isalnum()]
    if not folded or not members:
        return 0
    share = 1.0
    for index, word in enumerate(folded):
        if index == len(folded) - 1:
            word_share = sum(f for w, f in words.items() if w.startswith(word))
        else:
            word_share = words.get(word, 0.0)
        share *= min(1.0, word_share or floor / 2)
    return members * share


def sorted_keyset_page(
    queryset: QuerySet,
    *,
    field: str,
    descending: bool = False,
    after: int | None = None,
    before: int | None = None,
    size: int = PAGE_SIZE,
) -> KeysetPage:
    """A keyset page ordered by (field, id): still no COUNT(*) and no OFFSET.

    The cursor in the URL is only the id of the last (or first) row shown; its sort value is read
    back from the database (one small query), so no name or ID number ever travels in a URL.
    """

    def ordering(forward: bool) -> list[str]:
        return [field, "pk"] if forward != descending else [f"-{field}", "-pk"]

    def beyond(pk: int, forward: bool) -> Q | None:
        row = queryset.filter(pk=pk).values_list(field, flat=True)[:1]
        if not row:
            return None  # the cursor row is gone (or out of scope): start over
        value = row[0]
        op = "gt" if forward != descending else "lt"
        return Q(**{f"{field}__{op}": value}) | Q(**{field: value, f"pk__{op}": pk})

    if before:
        condition = beyond(before, forward=False)
        if condition is not None:
            return _page_backwards(list(queryset.filter(condition).order_by(*ordering(False))[: size + 1]), size)
        after = None
    if after:
        condition = beyond(after, forward=True)
        if condition is None:
            after = None
        else:
            queryset = queryset.filter(condition)
    return _page_forwards(list(queryset.order_by(*ordering(True))[: size + 1]), size, after=after)


def member_get(*, user: User, pk: int) -> Member:
    """One member in the user's scope (Member.DoesNotExist otherwise: the view answers 404)."""
    return Member.objects.visible_to(user).select_related("territory__parent", "created_by", "merged_into").get(pk=pk)


@dataclass
class TimelineEntry:
    when: datetime
    kind: str  # "provenance", "audit", "status", "merged"
    title: str
    who: str = ""
    detail: str = ""
    changes: list[ChangeLine] | None = None
    source: str = ""
    member_label: str = ""
    status_change: MemberStatusChange | None = None  # drawn as badges, from → to

    @property
    def is_status(self) -> bool:
        return self.kind == "status"

    @property
    def is_provenance(self) -> bool:
        return self.kind == "provenance"


def member_timeline(*, member: Member) -> list[TimelineEntry]:
    """Provenance, every audited change (who and when) and the status history, newest first.

    Records merged into this one contribute their own provenance and history.
    """
    from django.utils.translation import gettext as _

    merged = list(
        Member.objects.filter(merged_into=member).only(
            "pk", "id_type", "id_number", "source", "source_ref", "created_at", "created_by"
        )
    )
    records = [member, *merged]
    ids = [str(m.pk) for m in records]
    labels = {str(m.pk): "" if m.pk == member.pk else f"{m.id_type} {m.id_number}" for m in records}
    entries: list[TimelineEntry] = []
    for record in records:
        entries.append(
            TimelineEntry(
                when=record.created_at,
                kind="provenance",
                title=_("Registered: %(source)s") % {"source": record.get_source_display()},
                # The roster or drive number, as the record's "Origin" reads it (#12).
                detail=f"#{record.source_ref}" if record.source_ref else "",
                member_label=labels[str(record.pk)],
            )
        )
    content_type = ContentType.objects.get_for_model(Member)
    # Personal values come from the audit log's side table: "dato suprimido" once erased.
    events = (
        AuditEvent.objects.filter(content_type=content_type, object_id__in=ids)
        .exclude(action=AuditEvent.Action.STATUS_CHANGE)
        .prefetch_related("personal_values")[:200]
    )
    for event in events:
        entries.append(
            TimelineEntry(
                when=event.created_at,
                kind="audit",
                title=event.get_action_display(),
                who=event.actor_username,
                detail=event.shown_message,
                changes=describe_changes(Member, event.shown_changes),
                source=event.get_source_display() + (f" #{event.source_ref}" if event.source_ref else ""),
                member_label=labels.get(event.object_id, ""),
            )
        )
    changes = MemberStatusChange.objects.filter(member__in=records).select_related("actor")
    for change in changes:
        entries.append(
            TimelineEntry(
                when=change.at,
                kind="status",
                title=_("Status"),
                who=change.actor.get_username() if change.actor else "",
                detail=_("%(reason)s (effective %(date)s)")
                % {"reason": change.note, "date": date_format(change.effective_date, "d/m/Y")},
                member_label=labels[str(change.member_id)],
                status_change=change,
            )
        )
    entries.sort(key=lambda e: e.when or timezone.now(), reverse=True)
    return entries


def duplicate_list(*, user: User, status: str = DuplicateCandidate.Status.PENDING) -> QuerySet[DuplicateCandidate]:
    """Candidate pairs whose two members are both within the user's scope (and not merged away)."""
    visible = Member.objects.visible_to(user).filter(merged_into__isnull=True).values("pk")
    return (
        DuplicateCandidate.objects.visible_to(user)
        .filter(status=status, member_a__in=visible, member_b__in=visible)
        .select_related("member_a__territory", "member_b__territory", "decided_by")
        .order_by("-found_at", "-id")
    )


def duplicate_get(*, user: User, pk: int) -> DuplicateCandidate:
    return duplicate_list(user=user).get(pk=pk)


def territory_choices(*, user: User) -> QuerySet[Territory]:
    """Departments and municipalities the user may filter or register by, in tree order."""
    return (
        Territory.objects.visible_to(user)
        .filter(kind__in=[Territory.Kind.DEPARTMENT, Territory.Kind.MUNICIPALITY, Territory.Kind.LOCALITY])
        .only("pk", "code", "name", "kind", "depth", "path", "parent_id")
        .order_by("path")
    )
