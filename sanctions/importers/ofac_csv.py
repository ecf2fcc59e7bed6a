"""OFAC legacy CSV: sdn.csv with add.csv, alt.csv and sdn_comments.csv (or the consolidated cons_*.csv).

No header row; '-0-' for empty values; cp1252 text in older releases; a final SUB character. Program
tags are joined as 'SDGT] [IRAN'. Birth dates and nationalities live in the remarks ('DOB 10 Dec 1948;
nationality Iran'). Address rows (ent_num, add_num, street, 'city, region postal code', country, remarks)
become addresses; many are all '-0-' and are skipped. Alias, address and comment rows whose entry is
missing are reported as orphans.
"""

import codecs
import csv
import re
from pathlib import Path

from sanctions.importers.common import check_cells, ofac_date
from sanctions.importers.documents import ofac_remark_documents
from sanctions.importers.entries import Entry, ListedAddress, ListedDocument, Rejected

FILES = {"sdn": ("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"),
         "cons": ("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv")}  # fmt: skip
ALIAS_KINDS = {"aka": "aka", "fka": "fka", "nka": "aka"}
DOB = re.compile(r"\bDOB ([^;]+)")
POB = re.compile(r"\bPOB ([^;]+)")
NATIONALITY = re.compile(r"\b(?:nationality|citizen) ([A-Za-z][A-Za-z ,'()-]+?)(?:;|\.$|$)")
# The remarks column's width in OFAC's data specification: remarks longer than it are cut there, anywhere (mid-word,
# mid-number), and the rest goes on in the comments ('spillover') file.
REMARKS_LIMIT = 1000


def _encoding(path):
    """'utf-8', or 'cp1252' (older releases) when the bytes are not UTF-8; read in blocks, not all at once."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as file:
        try:
            while block := file.read(1 << 16):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _records(path):
    """The file's CSV records, numbered from 1, streamed: the SUB end marker dropped, cells as written."""
    with open(path, encoding=_encoding(path), newline="") as file:
        reader = csv.reader(line.replace("\x1a", "") for line in file)
        try:
            for number, row in enumerate(reader, start=1):
                check_cells(row)
                yield number, row
        except csv.Error as error:  # e.g. a field over the csv module's limit: the file is not what it claims
            raise Rejected(f"{Path(path).name} line {reader.line_num}", f"cannot be read as CSV: {error}") from error


def _rows(path):
    """Rows of an OFAC CSV, numbered from 1, with '-0-' read as empty."""
    for number, row in _records(path):
        if row:
            yield number, ["" if cell.strip() == "-0-" else cell.strip() for cell in row]


def _in_order(path):
    """Whether the file's rows come by ascending entry number (OFAC writes them so; extracts may not)."""
    last = -1
    for _, row in _records(path):
        if row:
            uid = row[0].strip()
            if not uid.isdigit() or int(uid) < last:
                return False
            last = int(uid)
    return True


class _Rows:
    """The rows of an alias, address or comment file, handed out by entry, then those of no entry (orphans).

    When the file and the primary one both come in entry order (every OFAC release), the two are merged
    as they are read, so that memory does not grow with the file; otherwise the file is read into a
    dictionary by entry first.
    """

    def __init__(self, path, *, merge):
        self.path = path
        self.rows = _rows(path) if path.exists() else iter(())
        self.by_uid = None if merge else self._by_uid()
        self.ahead = None  # a row read past the current entry
        self.orphans = []  # (line number, row)

    def _by_uid(self):
        by_uid = {}
        for number, row in self.rows:
            by_uid.setdefault(row[0], []).append((number, row))
        return by_uid

    def of(self, uid):
        """The rows of entry ``uid`` as (line number, row); when merging, those of entries before it (which
        the primary file did not give) become orphans."""
        if self.by_uid is not None:
            return self.by_uid.pop(uid, [])
        found, wanted = [], int(uid)
        while True:
            if self.ahead is None:
                self.ahead = next(self.rows, None)
                if self.ahead is None:
                    return found
            here = int(self.ahead[1][0])  # in order: every first cell is a number (``_in_order``)
            if here > wanted:
                return found
            (found if here == wanted else self.orphans).append(self.ahead)
            self.ahead = None

    def rest(self):
        """The rows left once every entry has taken its own: those of missing entries, by line."""
        if self.by_uid is not None:
            return sorted(item for rows in self.by_uid.values() for item in rows)
        if self.ahead is not None:
            self.orphans.append(self.ahead)
        return [*self.orphans, *self.rows]


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
    merge = all(_in_order(path) for path in (primary, alt, address, comments) if path.exists())
    sides = [_Rows(path, merge=merge) for path in (alt, address, comments)]
    for item in _primary(primary, merge=merge):
        if isinstance(item, Rejected):
            yield item
        else:
            yield from _entry(primary, *item, *sides)
    aliases, addresses, extra = sides
    for number, row in aliases.rest():
        yield Rejected(f"{alt.name} line {number}", f"alias for missing entry {row[0]}")
    for number, row in addresses.rest():
        yield Rejected(f"{address.name} line {number}", f"address for missing entry {row[0]}")
    for number, _ in extra.rest():
        yield Rejected(f"{comments.name} line {number}", "comment for a missing entry")


def _primary(path, *, merge):
    """The primary file's entries as (line number, row), and its bad rows as ``Rejected``. An entry number
    given twice keeps the first one's place and the last one's row."""
    entries = {}
    last = None  # when merging, the entry held until the next number shows it complete
    for number, row in _rows(path):
        if len(row) < 12 or not row[0].isdigit():
            # Both lists' primary files (sdn.csv, cons_prim.csv) have 12 columns, the entry number first.
            why = f"{len(row)} columns, where an entry has 12" if len(row) < 12 else f"entry number {row[0]!r}"
            rejected = Rejected(f"{path.name} line {number}", f"not an entry row: {why}")
            if merge:
                yield rejected
            else:
                entries[f"row{number}"] = rejected
        elif not merge:
            entries[row[0]] = (number, row) if row[0] not in entries else (entries[row[0]][0], row)
        else:
            if last is not None and last[1][0] != row[0]:
                yield last
            last = (number, row) if last is None or last[1][0] != row[0] else (last[0], row)
    if last is not None:
        yield last
    yield from entries.values()


# Columns 6 to 11 of a primary row (Call_Sign, Vess_type, Tonnage, GRT, Vess_flag, Vess_owner), by the label of
# ``Entry.vessel``.
VESSEL_COLUMNS = ("call sign", "type", "tonnage", "gross registered tonnage", "flag", "owner")


def _entry(primary, number, row, aliases, addresses, extra):
    uid = row[0]
    kind = "person" if row[2].lower() == "individual" else "organisation"
    alias_rows = []
    for line, alias in aliases.of(uid):
        if len(alias) < 4:
            yield Rejected(f"{aliases.path.name} line {line}", f"alias row of entry {uid} without a name")
        else:
            alias_rows.append((alias[3], ALIAS_KINDS.get(alias[2].lower(), "aka")))
    found = []
    for _, cells in addresses.of(uid):
        street, locality, country, note = (cells + [""] * 6)[2:6]
        address = ListedAddress.of(street=street, city=locality, country=country, note=note)
        if address:
            found.append(address)
    comment = ""
    for line, cells in extra.of(uid):
        if len(cells) < 2:
            yield Rejected(f"{extra.path.name} line {line}", f"comment row of entry {uid} without a comment")
        else:
            comment = cells[1]  # the last one, as it always was
    if not row[1]:
        yield Rejected(f"{primary.name} line {number}", "no name")
        return
    if comment and len(row[11].encode()) >= REMARKS_LIMIT:  # in bytes: a UTF-8 release may count them so
        # A full cell was cut at the limit ('... Linked To: PROMO RAI' + 'Z S.A.S.; ...' in the 2019 SDN release):
        # the comment is the same text going on, and a document cut in two is whole only once they are joined.
        cells = [row[11] + comment]
    else:
        # A shorter cell was not cut: a comment beside it is a remark of its own, read on its own, so that joined
        # the two do not run one into the other.
        cells = [row[11], comment]
    remarks = " ".join(filter(None, cells))
    entry = Entry(
        uid=uid,
        kind=kind,
        name=_name(row[1], kind),
        where=f"{primary.name} line {number}",
        aliases=[(_name(name, kind), alias_kind) for name, alias_kind in alias_rows],
        addresses=found,
        programs=[tag.strip("[] ") for tag in row[3].split("] [") if tag.strip("[] ")] or ["UNSPECIFIED"],
        remarks=remarks[:5000],
        title=row[4],
        vessel=dict(zip(VESSEL_COLUMNS, row[5:11], strict=True)),
    )
    dob = DOB.search(remarks)
    if dob and kind == "person":
        entry.birth_date, entry.birth_date_precision = ofac_date(dob.group(1))
    entry.birth_places = POB.findall(remarks)  # 'POB Giza, Egypt; ...; alt. POB Cairo, Egypt'; a person's only
    entry.add_remark_genders(remarks)
    written = [document for cell in cells for document in ofac_remark_documents(cell)]
    entry.documents = [
        found
        for type_as_written, number, country, issued, expires, note in written
        if (
            found := ListedDocument.of(
                type_as_written, number, country=country, issued_on=issued, expires_on=expires, note=note
            )
        )
    ]
    for nationality in NATIONALITY.findall(remarks):
        entry.add_nationality(nationality)
    yield entry
