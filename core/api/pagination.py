from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination


class KeysetPagination(CursorPagination):
    """Keyset pagination (no COUNT(*)): each viewset names its ordering in `cursor_ordering`."""

    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"
    cursor_query_description = "The `next` or `previous` link of an earlier page; any other value is refused (400)."

    def get_ordering(self, request, queryset, view):
        ordering = getattr(view, "cursor_ordering", ("-pk",))
        return (ordering,) if isinstance(ordering, str) else tuple(ordering)

    def decode_cursor(self, request):
        # DRF answers a cursor it cannot read with 404, as if the list did not exist: it is bad input.
        try:
            return super().decode_cursor(request)
        except NotFound as exc:
            raise ValidationError({"cursor": [_("Cursor: use the next or previous link of an earlier page.")]}) from exc
