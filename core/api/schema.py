"""The OpenAPI schema class: documents the download formats (CSV, FtM) as the streamed text they are."""

from drf_spectacular import openapi

DOWNLOADS = {
    "text/csv": "CSV with a header row; multi-valued cells joined with '; '. On a list: every record matching the "
    "filters, streamed without pages (`limit` and `offset` take a slice, `cursor` is refused). On a record: one row.",
    "application/x-ndjson": "FollowTheMoney entities, one JSON object per line (Person / Organization, Sanction, "
    "Position, Occupancy). On a list: every record matching the filters, streamed without pages. An entity may "
    "appear in several fragments with the same id (merge them, e.g. with `ftm aggregate`).",
}


class AutoSchema(openapi.AutoSchema):
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
