"""manage.py backup PATH — the whole database in one fixture file, to be loaded back by ``restore``.

Every record keeps its id (so API addresses, admin links and the edit history still point at the same
records after a restore). References to content types and permissions, which ``migrate`` recreates
with ids of its own, are written by natural key. History rows are written with plain ids, since a
history row may name a record that has since been deleted. Left out: what migrate creates
(content types, permissions), sessions, and the derived name index and data version, which
``restore`` rebuilds. A path ending in .gz, .bz2, .xz or .lzma is compressed.
"""

import bz2
import datetime
import gzip
import io
import lzma

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand
from django.core.serializers import json as json_serializer

from core.history import is_history_model

EXCLUDED = {"contenttypes", "auth.permission", "sessions", "core.namekey", "core.dataversion"}
OPENERS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open, ".lzma": lzma.open}


class Serializer(json_serializer.Serializer):
    """Django's JSON, with date-times to the microsecond (Django's encoder cuts them to milliseconds,
    so a restored history date would differ from the original)."""

    def _value_from_field(self, obj, field):
        value = field.value_from_object(obj)
        if isinstance(value, datetime.datetime):
            return value.isoformat()
        return super()._value_from_field(obj, field)


def backed_up_models():
    """The models a backup holds, in an order that loads: dependencies first, history rows last."""
    app_list = {config: None for config in apps.get_app_configs() if config.label not in EXCLUDED}
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    kept = [
        model
        for model in ordered
        if model._meta.label_lower not in EXCLUDED and not model._meta.proxy and model._meta.managed
    ]
    return [m for m in kept if not is_history_model(m)] + [m for m in kept if is_history_model(m)]


class Command(BaseCommand):
    help = "Write the whole database to a fixture file that `manage.py restore` loads back identically."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to write (.json, or .json.gz etc. to compress).")

    def handle(self, *args, path, **options):
        opener = next((open_ for suffix, open_ in OPENERS.items() if path.endswith(suffix)), open)

        with opener(path, "wt", encoding="utf-8") as out:
            out.write("[")
            first = True
            for model in backed_up_models():
                buffer = io.StringIO()
                queryset = model._base_manager.order_by(model._meta.pk.name)
                Serializer().serialize(
                    queryset.iterator(chunk_size=2000),
                    stream=buffer,
                    use_natural_foreign_keys=not is_history_model(model),
                    indent=None,
                )
                body = buffer.getvalue().strip()[1:-1].strip()
                if body:
                    out.write(("" if first else ",\n") + body)
                    first = False
            out.write("]\n")
        self.stdout.write(f"Wrote {path}.")
