from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    """Keyset pagination (no COUNT(*)): each viewset names its ordering in `cursor_ordering`."""

    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"

    def get_ordering(self, request, queryset, view):
        ordering = getattr(view, "cursor_ordering", ("-pk",))
        return (ordering,) if isinstance(ordering, str) else tuple(ordering)
