"""The OpenAPI schema class: documents the error answers every operation can give, not only its success,
the download formats (CSV, FtM) as the streamed text they are, and records' versions (ETag, If-Match, 412)."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAdminUser

# DRF's error bodies: {"detail": "..."} or the culprit fields, each with its messages.
ERROR = OpenApiResponse(
    response={"type": "object", "additionalProperties": {}},
    description="An error: `detail`, or each offending field or query parameter with its messages.",
)
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CHANGING_METHODS = {"PUT", "PATCH", "DELETE"}

ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description="The record's version: a hash of its full JSON representation. Send it back in If-Match "
    "to update or delete the record only if nobody changed it since.",
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="The ETag read with the record (or `*`). When given and the record changed since, the "
    "request is refused with 412 and changes nothing.",
)
PRECONDITION_FAILED = inline_serializer(
    "PreconditionFailed",
    {"detail": serializers.CharField(help_text="The record changed since you read it; read it again.")},
)

DOWNLOADS = {
    "text/csv": "CSV with a header row; multi-valued cells joined with '; '. On a list: every record matching the "
    "filters, streamed without pages (`limit` and `offset` take a slice, `cursor` is refused). On a record: one row.",
    "application/x-ndjson": "FollowTheMoney entities, one JSON object per line (Person / Organization, Sanction, "
    "Position, Occupancy). On a list: every record matching the filters, streamed without pages. An entity may "
    "appear in several fragments with the same id (merge them, e.g. with `ftm aggregate`).",
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, plus the 4xx answers the project's API gives (see core.api.exceptions)."""

    def _versioned(self):
        from core.api.views import ResourceViewSet

        return isinstance(self.view, ResourceViewSet) and getattr(self.view, "action", None) in {
            "retrieve",
            "update",
            "partial_update",
            "destroy",
        }

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self._versioned():
            if self.method != "DELETE":
                parameters = [*parameters, ETAG]
            if self.method in CHANGING_METHODS:
                parameters = [*parameters, IF_MATCH]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self._versioned() and self.method in CHANGING_METHODS:
            responses["412"] = self._get_response_for_code(PRECONDITION_FAILED, "412", direction=direction)
        for code in self.error_codes():
            responses.setdefault(code, self._get_response_for_code(ERROR, code, direction=direction))
        return responses

    def _get_response_for_code(self, serializer, status_code, media_types=None, direction="response"):
        response = super()._get_response_for_code(serializer, status_code, media_types, direction)
        content = response.get("content", {})
        for media_type, description in DOWNLOADS.items():
            if media_type in content and status_code.startswith("2"):
                content[media_type] = {"schema": {"type": "string", "description": description}}
        return response

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = (
                "Response format. `csv` and `ftm` (FollowTheMoney JSON lines, where offered) download every "
                "matching record, streamed, without pages."
            )
        return parameters

    def error_codes(self):
        # 400: a malformed or unknown query parameter or body; 429: throttled. Everywhere.
        codes = ["400", "429"]
        if "{" in self.path:
            codes.append("404")
        if self.method in WRITE_METHODS:
            # Unauthenticated, not allowed, conflicting with a database rule or a dependent record.
            codes += ["401", "403", "409", "415"]
        elif self._staff_only():
            codes += ["401", "403"]
        return sorted(codes)

    def _staff_only(self):
        """Reads closed to all but staff, such as a record's edit history."""
        return any(isinstance(permission, IsAdminUser) for permission in self.view.get_permissions())
