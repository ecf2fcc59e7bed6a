"""The base viewset: natural-key lookups, strict filters, bounded pagination, model permissions, streamed
exports, ETags with If-Match on updates and deletes, and each record's edit history for staff."""

import copy
import hashlib

from django.db import transaction
from django.http import QueryDict
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAdminUser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.api.exceptions import PreconditionFailed
from core.api.filters import reject_unknown_parameters
from core.api.history import HistoryEntrySerializer, history_rows, with_changes
from core.api.pagination import BoundedLimitOffsetPagination
from core.api.prefetch import forget_listed
from core.api.streaming import StreamedExportMixin

#: Methods that change a record: they honour If-Match.
CHANGING = {"PUT", "PATCH", "DELETE"}


def matches(if_match, etag):
    """RFC 9110 If-Match: ``*`` or a list of entity tags, compared strongly (a weak tag never matches)."""
    tags = [tag.strip() for tag in if_match.split(",")]
    return "*" in tags or etag in tags


class ResourceViewSet(StreamedExportMixin, viewsets.ModelViewSet):
    """Reads are open; writes need a user with the model's add/change/delete permission (settings).

    A record's responses carry an ``ETag``: a hash of its full JSON representation, whatever ``fields``,
    ``omit`` or ``format`` ask. PUT, PATCH and DELETE with ``If-Match`` answer 412 when the record's
    ETag is no longer one of those given, i.e. it changed since the client read it; the check and the
    write run in one transaction, with the row locked (on PostgreSQL; SQLite serialises writers).

    Subclasses state their queryset with ``get_queryset()`` so each says what it joins and prefetches.
    """

    lookup_value_regex = r"[^/]+"

    def etag(self, instance, data=None):
        """The strong entity tag of ``instance``; ``data`` is its full representation when already at hand."""
        if data is None:
            # The links in the representation keep ?format=; the version must not depend on it.
            plain = copy.copy(self.request._request)
            plain.GET = QueryDict()
            context = {**self.get_serializer_context(), "request": plain, "all_fields": True}
            data = self.get_serializer(instance, context=context).data
        digest = hashlib.sha256(JSONRenderer().render(data)).hexdigest()[:32]
        return f'"{digest}"'

    def _plain_request(self):
        """A GET without query parameters: its representation is the one the ETag hashes."""
        return not self.request.query_params

    def _current(self):
        """The record as stored now, read afresh (bypassing the If-Match check of ``get_object``)."""
        return GenericAPIView.get_object(self)

    def retrieve(self, request, *args, **kwargs):
        if getattr(request.accepted_renderer, "format", None) == "ftm":
            return super().retrieve(request, *args, **kwargs)  # FollowTheMoney entities, not the record's JSON
        instance = self.get_object()
        data = self.get_serializer(instance).data
        return Response(data, headers={"ETag": self.etag(instance, data if self._plain_request() else None)})

    def get_object(self):
        instance = super().get_object()
        if self.request.method in CHANGING and "If-Match" in self.request.headers:
            # Lock the row, then read it again: the version compared is the one this write will replace.
            type(instance)._base_manager.select_for_update().filter(pk=instance.pk).values_list("pk").first()
            instance = super().get_object()
            current = self.etag(instance)
            if not matches(self.request.headers["If-Match"], current):
                raise PreconditionFailed(current)
        return instance

    def perform_update(self, serializer):
        super().perform_update(serializer)
        forget_listed(serializer.instance)  # the response shows the related records as written

    def create(self, request, *args, **kwargs):
        # One transaction, so that the record and its many-to-many values (set after it) are one version.
        with transaction.atomic():
            return super().create(request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            response = super().update(request, *args, **kwargs)
            if response.status_code == status.HTTP_200_OK:
                # Inside the transaction: after commit, another writer's change could be the one hashed.
                response["ETag"] = self.etag(self._current())
        return response

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)

    @extend_schema(
        summary="The record's edit history (staff only)",
        description="Every version of the record, newest first: when, by whom, why (e.g. the import or fixture "
        "that wrote it), the field-level changes from the version before, and the record's values in that "
        "version, many-to-many values (sources, nationalities, measures) included, as lists of ids.",
        responses=HistoryEntrySerializer(many=True),
        parameters=[
            OpenApiParameter("limit", int, description="Versions per page (default 50, at most 500)."),
            OpenApiParameter("offset", int, description="Versions to skip."),
        ],
        filters=False,
    )
    @action(
        detail=True,
        methods=["get"],
        permission_classes=[IsAdminUser],
        pagination_class=BoundedLimitOffsetPagination,
        filter_backends=[],
    )
    def history(self, request, *args, **kwargs):
        reject_unknown_parameters(request, {"limit", "offset"})
        instance = self.get_object()
        rows = with_changes(instance, self.paginate_queryset(history_rows(instance)))
        serializer = HistoryEntrySerializer(rows, many=True)
        return self.get_paginated_response(serializer.data)
