"""A sequence of imports written down once, as TOML: what ``manage.py import_lists`` reads.

    [[import]]
    format = "ofac-sdn-csv"
    path = "ofac/legacy_csv_full_2019-01"   # or: paths = ["a.csv", "b.csv"]
    release-date = 2019-01-15               # the keys are import_list's options
    partial = false
    strict = false

Paths are relative to a data folder (by default the manifest's own folder), or absolute. The whole manifest is
checked before anything is imported, every key, value and path, so that a typo in its tenth import does not
surface after nine have run; what the files hold is read when they are imported.
"""

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path

from sanctions.importers import FORMATS

KEYS = {"format", "path", "paths", "release-date", "partial", "strict"}


class ManifestError(ValueError):
    """A manifest that cannot be followed; the message names the import and the key."""


@dataclass(frozen=True)
class Step:
    """One import of the manifest, numbered from 1 in its order."""

    number: int
    format: str
    paths: tuple[Path, ...]
    release_date: datetime.date | None = None
    partial: bool = False
    strict: bool = False

    def __str__(self):
        return f"{self.format} {' '.join(map(str, self.paths))}"


def read_manifest(path, *, data_dir=None):
    """The manifest's steps, in order; raises ``ManifestError`` on anything it cannot follow."""
    path = Path(path)
    data_dir = Path(data_dir) if data_dir is not None else path.parent
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # a BOM, as some editors write one
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ManifestError(f"{path}: {error}") from error
    if not data_dir.is_dir():
        raise ManifestError(f"{path}: the data folder {data_dir} is not a folder")
    if set(document) - {"import"}:
        raise ManifestError(f"{path}: unknown keys {sorted(set(document) - {'import'})}; only [[import]] tables")
    tables = document.get("import")
    if not isinstance(tables, list) or not tables:
        raise ManifestError(f"{path}: no [[import]] table")
    return [_step(number, table, data_dir, f"{path}, import {number}") for number, table in enumerate(tables, 1)]


def _step(number, table, data_dir, where):
    if not isinstance(table, dict):
        raise ManifestError(f"{where}: {table!r} is not a table of keys")
    unknown = set(table) - KEYS
    if unknown:
        raise ManifestError(f"{where}: unknown keys {sorted(unknown)} (known: {', '.join(sorted(KEYS))})")
    list_format = table.get("format")
    if not isinstance(list_format, str) or list_format not in FORMATS:
        raise ManifestError(f"{where}: format: {list_format!r} is none of {', '.join(sorted(FORMATS))}")
    if ("path" in table) == ("paths" in table):
        raise ManifestError(f"{where}: give either path or paths")
    key = "path" if "path" in table else "paths"
    names = [table["path"]] if key == "path" else table["paths"]
    if not isinstance(names, list) or not names or not all(isinstance(name, str) and name for name in names):
        raise ManifestError(f"{where}: {key}: not a file name or a list of them")
    if len(set(names)) < len(names):  # the release's entries would each be read twice, and rejected
        raise ManifestError(f"{where}: {key}: a file named twice")
    paths = tuple(data_dir / name for name in names)
    for found in paths:
        if not found.exists():
            raise ManifestError(f"{where}: no such file or folder: {found}")
    release_date = table.get("release-date")
    if release_date is not None and (
        not isinstance(release_date, datetime.date) or isinstance(release_date, datetime.datetime)
    ):
        raise ManifestError(f"{where}: release-date: {release_date!r} is not a date (write it unquoted: 2019-01-15)")
    flags = {key: table.get(key, False) for key in ("partial", "strict")}
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise ManifestError(f"{where}: {key}: {value!r} is not true or false")
    return Step(number, list_format, paths, release_date, **flags)
