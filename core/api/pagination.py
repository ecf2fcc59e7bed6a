"""Pagination for every list: limit/offset with a count by default, a cursor on request for deep paging."""

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, LimitOffsetPagination

from core.api.prefetch import prefetch_listed


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """``?limit=&offset=`` with a count, capped; for lists that cannot be paged by a cursor (e.g. unions)."""

    default_limit = 50
    max_limit = 500


class PagePrefetchMixin:
    """Prefetch for the records of the page alone, through ``prefetch_listed``. A cursor page reads one row
    past the page to know whether there is a next one (51 keys also miss psycopg's statement cache, which
    takes at most 50 parameters)."""

    def paginate_queryset(self, queryset, request, view=None):
        lookups = queryset._prefetch_related_lookups
        page = super().paginate_queryset(queryset.prefetch_related(None), request, view)
        if lookups and page:
            prefetch_listed(page, *lookups)
        return page


class KeysetCursorPagination(PagePrefetchMixin, CursorPagination):
    """Pages by primary key: each page costs the same however deep it is; no count (that is the point)."""

    ordering = "pk"
    page_size = 50
    page_size_query_param = "limit"
    max_page_size = 500

    def decode_cursor(self, request):
        # ``?cursor=`` with no value asks for the first page in cursor mode.
        if not request.query_params.get(self.cursor_query_param):
            return None
        try:
            return super().decode_cursor(request)
        except NotFound as error:
            # DRF answers a garbled cursor with a 404, as if the list did not exist; it is bad input.
            raise ValidationError({"cursor": [str(error.detail)]}) from error


class CursorOrOffsetPagination(PagePrefetchMixin, LimitOffsetPagination):
    """``?limit=&offset=`` with a ``count``; or ``?cursor=`` (empty for the first page) to follow ``next`` links
    at constant cost, for walking a whole table. The page size is capped so no request asks for everything."""

    default_limit = 50
    max_limit = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.cursor = None
        if "cursor" in request.query_params:
            if "ordering" in request.query_params or "offset" in request.query_params:
                raise ValidationError({"cursor": ["A cursor pages by id: do not combine it with ordering or offset."]})
            self.cursor = KeysetCursorPagination()
            return self.cursor.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.cursor is not None:
            return self.cursor.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = "Total number of records (absent in cursor mode)."
        response["required"] = ["results"]
        return response

    def get_schema_operation_parameters(self, view):
        return super().get_schema_operation_parameters(view) + [
            {
                "name": "cursor",
                "required": False,
                "in": "query",
                "description": "Cursor mode: give it empty for the first page, then follow `next`. "
                "Pages by id at constant cost, without a count; not combinable with ordering or offset.",
                "schema": {"type": "string"},
            }
        ]
