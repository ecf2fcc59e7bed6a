from rest_framework.pagination import LimitOffsetPagination


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """``?limit=`` and ``?offset=``, with a count; the page size is capped so no request can ask for everything."""

    default_limit = 50
    max_limit = 500
