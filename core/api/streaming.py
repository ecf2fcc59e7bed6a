"""Streamed downloads of a list (``?format=csv``, and ``?format=ftm`` where a viewset offers it).

An export is every row that matches the filters, not a page: the rows are read with ``.iterator()`` in
chunks of ``CHUNK`` (prefetches run per chunk) and written out one by one, so memory stays flat and the
number of queries depends on the number of chunks, not of rows. ``limit`` and ``offset``, when given,
take a slice (``limit`` is not capped: nothing is held in memory); ``cursor`` is refused.
"""

import csv
import json

from django.http import HttpResponse, StreamingHttpResponse
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer

from core.api.renderers import CSVRenderer
from exports import ftm

CHUNK = 1000


class FtMRenderer(BaseRenderer):
    """FollowTheMoney entities, one JSON object per line. Lists and records are streamed by the view; this
    renders what reaches it otherwise (an error) as one line of JSON."""

    media_type = "application/x-ndjson"
    format = "ftm"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return b"" if data is None else (json.dumps(data) + "\n").encode(self.charset)


class _Echo:
    """A file-like object whose ``write`` hands the line back, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def _count(params, name):
    value = params.get(name)
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()):  # int() refuses other scripts' digits, e.g. '²'
        raise ValidationError({name: ["A whole number of rows (0 or more)."]})
    return int(value)


def export_slice(request, queryset):
    """The rows to export: all of them, or the ``offset`` / ``limit`` slice when asked for."""
    if "cursor" in request.query_params:
        raise ValidationError({"cursor": ["Exports stream every row at once: take a part with limit and offset."]})
    # The id breaks ties, so that consecutive slices neither skip nor repeat rows.
    queryset = queryset.order_by(*(queryset.query.order_by or queryset.model._meta.ordering), "pk")
    offset = _count(request.query_params, "offset") or 0
    limit = _count(request.query_params, "limit")
    return queryset[offset : offset + limit] if limit is not None else queryset[offset:] if offset else queryset


def csv_lines(serializer, rows):
    """The header (from the first row, or from the serializer's fields when there are none), then a line per row."""
    flatten = CSVRenderer()._flatten
    writer = None
    for record in rows.iterator(chunk_size=CHUNK):
        row = flatten(serializer.to_representation(record))
        if writer is None:
            writer = csv.DictWriter(_Echo(), fieldnames=list(row), lineterminator="\n", extrasaction="ignore")
            yield writer.writeheader()
        yield writer.writerow(row)
    if writer is None:
        yield csv.writer(_Echo(), lineterminator="\n").writerow(list(serializer.fields))


def ftm_lines(entities, rows):
    return ftm.json_lines(entity for record in rows.iterator(chunk_size=CHUNK) for entity in entities(record))


class StreamedExportMixin:
    """Streams ``?format=csv`` lists; with ``ftm_entities`` (a function from a record to FtM entities) and
    ``ftm_prefetch``, also ``?format=ftm`` lists and records."""

    ftm_entities = None
    ftm_prefetch = ()

    def get_renderers(self):
        renderers = super().get_renderers()
        return [*renderers, FtMRenderer()] if self.ftm_entities else renderers

    def list(self, request, *args, **kwargs):
        fmt = getattr(request.accepted_renderer, "format", None)
        if fmt not in ("csv", "ftm"):
            return super().list(request, *args, **kwargs)
        rows = export_slice(request, self.filter_queryset(self.get_queryset()))
        if fmt == "ftm":
            # The entities read the model's managers: the serializer's prefetches (listed()) are replaced.
            lines = ftm_lines(type(self).ftm_entities, rows.prefetch_related(None).prefetch_related(*self.ftm_prefetch))
            response = StreamingHttpResponse(lines, content_type=FtMRenderer.media_type)
        else:
            lines = csv_lines(self.get_serializer(), rows)
            response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.basename}.{fmt}"'
        return response

    def retrieve(self, request, *args, **kwargs):
        if getattr(request.accepted_renderer, "format", None) != "ftm":
            return super().retrieve(request, *args, **kwargs)
        record = self.get_queryset().prefetch_related(None).prefetch_related(*self.ftm_prefetch)
        record = record.filter(pk=self.get_object().pk)
        lines = "".join(ftm_lines(type(self).ftm_entities, record))
        return HttpResponse(lines, content_type=FtMRenderer.media_type)
