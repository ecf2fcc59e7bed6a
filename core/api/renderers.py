"""CSV for list endpoints: one row per record, multi-valued cells joined with '; '."""

import csv
import io

from rest_framework.renderers import BaseRenderer

SEPARATOR = "; "


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        # An address has no key or name: its one-line form stands for it; an identity document, its number.
        for name in ("key", "code", "slug", "name", "full", "number"):
            if value.get(name):
                return str(value[name])
        return ""
    if isinstance(value, list | tuple):
        return SEPARATOR.join(_cell(item) for item in value)
    return str(value)


class CSVRenderer(BaseRenderer):
    """Renders the ``results`` of a page (or a single record, or an error) as CSV with a header row.

    Nested objects are flattened one level (``designation.program``); lists of records become the
    keys of those records joined with '; ', so that each cell holds one value a spreadsheet can split.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data.get("results", [data]) if isinstance(data, dict) else data
        flat = [self._flatten(row) for row in rows]
        header = list(dict.fromkeys(name for row in flat for name in row))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(flat)
        return out.getvalue().encode(self.charset)

    def _flatten(self, row):
        if not isinstance(row, dict):
            return {"value": _cell(row)}
        flat = {}
        for name, value in row.items():
            if isinstance(value, dict) and not any(k in value for k in ("key", "code", "slug")):
                for sub, item in value.items():
                    flat[f"{name}.{sub}"] = _cell(item)
            else:
                flat[name] = _cell(value)
        return flat
