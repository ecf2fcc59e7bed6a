from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from core.api.filters import read_query
from core.api.pagination import BoundedLimitOffsetPagination
from timeline.events import describe, events
from timeline.serializers import EventSerializer, TimelineQuerySerializer


class TimelineViewSet(viewsets.GenericViewSet):
    """Dated events derived from the records: treaties adopted and acted on, instruments signed, published and
    taking effect, designations and delistings, warrants and their fate, referrals, votes, terms of office."""

    serializer_class = EventSerializer
    pagination_class = BoundedLimitOffsetPagination
    permission_classes = [AllowAny]
    filter_backends = []

    @extend_schema(parameters=[TimelineQuerySerializer])
    def list(self, request):
        params = read_query(request, TimelineQuerySerializer, also=("limit", "offset"))
        rows = events(
            date_from=params.get("date__gte"),
            date_to=params.get("date__lte"),
            kinds=params.get("kind"),
            **{name: _key(params.get(name)) for name in ("state", "actor", "court", "program", "instrument", "treaty")},
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(describe(page), many=True).data)


def _key(record):
    """The natural key a filter compares with (ISO code, slug or program code)."""
    if record is None:
        return None
    return getattr(record, "code", None) or record.slug
