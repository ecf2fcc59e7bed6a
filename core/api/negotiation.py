"""Content negotiation that answers an unknown ``?format=`` with a 400 naming it, not DRF's bare 404."""

from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class StrictContentNegotiation(DefaultContentNegotiation):
    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            known = ", ".join(sorted({renderer.format for renderer in renderers}))
            raise ValidationError({"format": [f"Unknown format {format!r}. Known: {known}."]})
        return matching
