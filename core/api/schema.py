"""The OpenAPI schema: drf-spectacular's, plus what every resource shares (ETag, If-Match and 412)."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers

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


class AutoSchema(SpectacularAutoSchema):
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
            if self.method in ("PUT", "PATCH", "DELETE"):
                parameters = [*parameters, IF_MATCH]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self._versioned() and self.method in ("PUT", "PATCH", "DELETE"):
            responses["412"] = self._get_response_for_code(PRECONDITION_FAILED, "412", direction=direction)
        return responses
