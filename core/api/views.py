"""The base viewset: natural-key lookups, strict filters, bounded pagination, model permissions, streamed exports."""

from rest_framework import viewsets

from core.api.streaming import StreamedExportMixin


class ResourceViewSet(StreamedExportMixin, viewsets.ModelViewSet):
    """Reads are open; writes need a user with the model's add/change/delete permission (settings).

    Subclasses state their queryset with ``get_queryset()`` so each says what it joins and prefetches.
    """

    lookup_value_regex = r"[^/]+"
