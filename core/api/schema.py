"""The OpenAPI schema class: documents the error answers every operation can give, not only its success."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse

# DRF's error bodies: {"detail": "..."} or the culprit fields, each with its messages.
ERROR = OpenApiResponse(
    response={"type": "object", "additionalProperties": {}},
    description="An error: `detail`, or each offending field or query parameter with its messages.",
)
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, plus the 4xx answers the project's API gives (see core.api.exceptions)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self.error_codes():
            responses.setdefault(code, self._get_response_for_code(ERROR, code, direction=direction))
        return responses

    def error_codes(self):
        # 400: a malformed or unknown query parameter or body; 429: throttled. Everywhere.
        codes = ["400", "429"]
        if "{" in self.path:
            codes.append("404")
        if self.method in WRITE_METHODS:
            # Unauthenticated, not allowed, conflicting with a database rule or a dependent record.
            codes += ["401", "403", "409", "415"]
        return sorted(codes)
