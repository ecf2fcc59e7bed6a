"""OFAC legacy CSV: sdn.csv with add.csv, alt.csv and sdn_comments.csv (or the consolidated cons_*.csv).

No header row; '-0-' for empty values; cp1252 text in older releases; a final SUB character. Program
tags are joined as 'SDGT] [IRAN'. Birth dates and nationalities live in the remarks ('DOB 10 Dec 1948;
nationality Iran'). Address rows (ent_num, add_num, street, 'city, region postal code', country, remarks)
become addresses; many are all '-0-' and are skipped. Alias, address and comment rows whose entry is
missing are reported as orphans.
"""

import csv
import io
import re
from pathlib import Path

from sanctions.importers.common import check_cells, country_code, ofac_date
from sanctions.importers.entries import Entry, ListedAddress, Rejected

FILES = {"sdn": ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"),
         "cons": ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")}  # fmt: skip
ALIAS_KINDS = {"aka": "aka", "fka": "fka", "nka": "aka"}
DOB = re.compile(r"\bDOB ([^;]+)")
NATIONALITY = re.compile(r"\b(?:nationality|citizen) ([A-Za-z][A-Za-z ,'()-]+?)(?:;|\.$|$)")


def _rows(path):
    """Rows of an OFAC CSV, numbered from 1, with '-0-' read as empty and the SUB end marker dropped."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    text = text.replace("\x1a", "")
    reader = csv.reader(io.StringIO(text))
    try:
        for number, row in enumerate(reader, start=1):
            check_cells(row)
            if row:
                yield number, ["" if cell.strip() == "-0-" else cell.strip() for cell in row]
    except csv.Error as error:  # e.g. a field over the csv module's limit: the file is not what it claims
        raise Rejected(f"{Path(path).name} line {reader.line_num}", f"cannot be read as CSV: {error}") from error


def _name(raw, kind):
    """'LAST, First Middle' -> 'First Middle LAST' for individuals; organisations as written."""
    if kind == "person" and ", " in raw:
        last, first = raw.split(", ", 1)
        return f"{first} {last}"
    return raw


def find_files(paths, variant):
    """The four files of one release, from a folder or from any of its files."""
    folder = Path(paths[0])
    folder = folder if folder.is_dir() else folder.parent
    return [folder / name for name in FILES[variant]]


def parse(paths, variant="sdn"):
    primary, alt, address, comments = find_files(paths, variant)
    aliases, addresses, extra = {}, {}, {}
    orphans = []
    entries = {}
    for number, row in _rows(primary):
        if len(row) < 12 or not row[0].isdigit():
            entries[f"row{number}"] = Rejected(f"{primary.name} line {number}", "not an SDN row (12 columns)")
            continue
        entries[row[0]] = (number, row)
    if alt.exists():
        for number, row in _rows(alt):
            if len(row) >= 4 and row[0] in entries:
                aliases.setdefault(row[0], []).append((row[3], ALIAS_KINDS.get(row[2].lower(), "aka")))
            else:
                orphans.append(
                    Rejected(f"{alt.name} line {number}", f"alias for missing entry {row[0] if row else '?'}")
                )
    if address.exists():
        for number, row in _rows(address):
            if not row or row[0] not in entries:
                orphans.append(
                    Rejected(f"{address.name} line {number}", f"address for missing entry {row[0] if row else '?'}")
                )
                continue
            street, locality, country = (row + [""] * 5)[2:5]
            found = ListedAddress.of(street=street, city=locality, country=country)
            if found:
                addresses.setdefault(row[0], []).append(found)
    if comments.exists():
        for number, row in _rows(comments):
            if len(row) >= 2 and row[0] in entries:
                extra[row[0]] = row[1]
            else:
                orphans.append(Rejected(f"{comments.name} line {number}", "comment for a missing entry"))
    for uid, item in entries.items():
        if isinstance(item, Rejected):
            yield item
            continue
        number, row = item
        kind = "person" if row[2].lower() == "individual" else "organisation"
        if not row[1]:
            yield Rejected(f"{primary.name} line {number}", "no name")
            continue
        remarks = " ".join(filter(None, [row[11], extra.get(uid, "")]))
        entry = Entry(
            uid=uid,
            kind=kind,
            name=_name(row[1], kind),
            where=f"{primary.name} line {number}",
            aliases=[(_name(name, kind), alias_kind) for name, alias_kind in aliases.get(uid, [])],
            addresses=addresses.get(uid, []),
            programs=[tag.strip("[] ") for tag in row[3].split("] [") if tag.strip("[] ")] or ["UNSPECIFIED"],
            remarks=remarks[:5000],
        )
        dob = DOB.search(remarks)
        if dob and kind == "person":
            entry.birth_date, entry.birth_date_precision = ofac_date(dob.group(1))
        entry.nationalities = [c for c in (country_code(m.strip()) for m in NATIONALITY.findall(remarks)) if c]
        yield entry
    yield from orphans
