"""``export_database``: write the selected records as CSV files, JSON Lines, FtM entities or a fixture.

Rows are read with ``.iterator()`` in chunks (prefetches run per chunk), so memory stays flat whatever
the size of the database; the query count grows with the number of chunks, not of rows.
"""

import csv
import json
from pathlib import Path

from django.db.models import Prefetch

from exports import ftm
from exports.fixture import dump_fixture
from exports.records import record
from exports.tables import resources_for

CHUNK = 1000
FORMATS = ("csv", "jsonl", "ftm", "fixture")
# Where each format writes when --output is a directory: csv and jsonl write one file per resource.
DEFAULT_FILE = {"ftm": "entities.ftm.json", "fixture": "fixture.json"}


class ExportError(ValueError):
    pass


def export_database(*, fmt, selection, output):
    """Write the export; return ``{file path: number of rows or entities}``."""
    output = Path(output)
    if fmt == "fixture" and selection.given:
        raise ExportError("A fixture is the whole database: --program, --treaty and --as-of apply to csv, jsonl, ftm.")
    if fmt in DEFAULT_FILE:
        path = output / DEFAULT_FILE[fmt] if output.is_dir() or not output.suffix else output
        path.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "fixture":
            dump_fixture(path)
            return {path: len(json.loads(path.read_text()))}
        with path.open("w", encoding="utf-8") as out:
            return {path: write_ftm(out, selection)}
    output.mkdir(parents=True, exist_ok=True)
    written = {}
    for resource in resources_for(selection):
        path = output / f"{resource.name}.{fmt}"
        with path.open("w", encoding="utf-8", newline="") as out:
            written[path] = (write_csv if fmt == "csv" else write_jsonl)(out, resource, selection)
    return written


def write_csv(out, resource, selection):
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(resource.header)
    count = 0
    for row in resource.queryset(selection).iterator(chunk_size=CHUNK):
        writer.writerow(resource.row(row))
        count += 1
    return count


def write_jsonl(out, resource, selection):
    count = 0
    for row in resource.queryset(selection).iterator(chunk_size=CHUNK):
        out.write(json.dumps(record(resource.name, row), ensure_ascii=False) + "\n")
        count += 1
    return count


def ftm_actors(selection):
    """The actors to write as FtM, each with the designations of the selection prefetched."""
    actors = selection.targets() if selection.given & {"programs", "as_of"} else selection.actors()
    if selection.given == {"treaty"}:
        actors = actors.none()  # a treaty has no FtM entities of its own
    designations = (
        selection.designations().select_related("program__jurisdiction").prefetch_related("measures", "sources")
    )
    others = [name for name in ftm.ACTOR_PREFETCH if not name.startswith("designations")]
    return actors.prefetch_related(*others, Prefetch("designations", designations)).order_by("pk")


def ftm_lines(actors):
    return ftm.json_lines(entity for actor in actors.iterator(chunk_size=CHUNK) for entity in ftm.actor_entities(actor))


def write_ftm(out, selection):
    count = 0
    for line in ftm_lines(ftm_actors(selection)):
        out.write(line)
        count += 1
    return count
