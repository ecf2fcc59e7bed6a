"""Derive fixtures/20_rome_statute_participation.json: every State's acts on the Rome Statute.

Inputs, in ``../shared/data/rome_statute/`` (see ``../shared/data/SOURCES.md`` for their provenance):
- the ABA ICC Project table of January 2015, the base for the 122 parties of that date and the
  signatories (preferred for dates: the 2021 snapshot has one-day-early timezone artefacts);
- the compiled events file, for everything the ABA table lacks or gets wrong (unsignings,
  withdrawals, accessions after 2015, Venezuela's entry into force, Malaysia's withdrawn accession).
Plus the art. 12(3) and art. 124 declarations listed in ``../shared/facts/rome-statute-jurisdiction.md``.

Run from the project root: python scripts/build_rome_statute_fixture.py [SHARED_DATA_DIR]
The output is deterministic, so a test can rebuild it and compare with the committed file.
"""

import csv
import datetime
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
OUTPUT = ROOT / "fixtures" / "20_rome_statute_participation.json"
TREATY = ["rome-statute"]
STATUTE_IN_FORCE = datetime.date(2002, 7, 1)
# Instruments deposited up to the day of the 60th instrument took effect with the Statute (art. 126(1)).
SIXTIETH_INSTRUMENT = datetime.date(2002, 4, 11)

ABA_2015 = "aba_icc_state_parties_map_2015-01-21.csv"
COMPILED = "rome_statute_status_events_compiled.csv"
ABA_REPO = "https://github.com/theNewDynamic/aba-icc"

SOURCES = {
    "aba-icc-state-parties-2015": {
        "title": "ICC States Parties map data (state-parties-map.csv), snapshot of January 2015",
        "publisher": "American Bar Association ICC Project",
        "kind": "dataset",
        "url": f"{ABA_REPO}/blob/31b88a9f19ad198a120f928bdf628c06074b1889/_data/state-parties-map.csv",
        "published_on": "2015-01-21",
        "locator": "one row per country: date_signed, date_ratified_or_acceded, date_entry_into_force",
    },
    "rome-statute-text": {
        "title": "Rome Statute of the International Criminal Court",
        "publisher": "International Criminal Court",
        "kind": "official",
        "url": "https://www.icc-cpi.int/sites/default/files/RS-Eng.pdf",
        "locator": "arts. 12(3), 124, 126, 127",
    },
    "icc-palestine": {
        "title": "State of Palestine: situation page",
        "publisher": "International Criminal Court",
        "kind": "official",
        "url": "https://www.icc-cpi.int/palestine",
    },
    "icc-ukraine": {
        "title": "Ukraine: situation page",
        "publisher": "International Criminal Court",
        "kind": "official",
        "url": "https://www.icc-cpi.int/situations/ukraine",
    },
    "icc-cote-divoire": {
        "title": "Côte d'Ivoire: situation page",
        "publisher": "International Criminal Court",
        "kind": "official",
        "url": "https://www.icc-cpi.int/cdi",
    },
}

# Events of the compiled file, mapped onto TreatyAction.Type.
COMPILED_TYPES = {
    "signature": "signature",
    "notification_not_to_become_party": "not_to_become_party",
    "withdrawal": "withdrawal",
    "withdrawal_notification_revoked": "withdrawal_revoked",
    "accession": "accession",
    "ratification": "ratification",
    "accession_withdrawn_before_entry_into_force": "instrument_withdrawn",
    "withdrawal_announced": "withdrawal_announced",
}

# Declarations from ../shared/facts/rome-statute-jurisdiction.md: (state, type, article, lodged,
# effective, period start, period end, description, source key).
DECLARATIONS = [
    (
        "PS",
        "jurisdiction_declaration",
        "12(3)",
        "2015-01-01",
        "2015-01-01",
        "2014-06-13",
        None,
        "Accepts jurisdiction over crimes committed in the occupied Palestinian territory, including East "
        "Jerusalem, since 13 June 2014.",
        "icc-palestine",
    ),
    (
        "UA",
        "jurisdiction_declaration",
        "12(3)",
        "2014-04-17",
        "2014-04-17",
        "2013-11-21",
        "2014-02-22",
        "First declaration: accepts jurisdiction over crimes committed from 21 November 2013 to 22 February 2014.",
        "icc-ukraine",
    ),
    (
        "UA",
        "jurisdiction_declaration",
        "12(3)",
        "2015-09-08",
        "2015-09-08",
        "2014-02-20",
        None,
        "Second declaration: accepts jurisdiction over crimes committed on its territory from 20 February 2014 "
        "onwards, open-ended.",
        "icc-ukraine",
    ),
    (
        "UA",
        "declaration",
        "124",
        "2024-10-25",
        "2025-01-01",
        "2025-01-01",
        "2031-12-31",
        "Declaration under art. 124 made with its ratification: for seven years after the Statute enters into "
        "force for Ukraine, it does not accept jurisdiction over art. 8 war crimes committed by its nationals.",
        "icc-ukraine",
    ),
    (
        "CI",
        "jurisdiction_declaration",
        "12(3)",
        "2003-04-18",
        "2003-04-18",
        "2002-09-19",
        None,
        "Accepts jurisdiction over crimes committed on its territory since 19 September 2002.",
        "icc-cote-divoire",
    ),
    (
        "CI",
        "jurisdiction_declaration",
        "12(3)",
        "2010-12-14",
        "2010-12-14",
        "2002-09-19",
        None,
        "Confirmation of the declaration of 18 April 2003.",
        "icc-cote-divoire",
    ),
    (
        "CI",
        "jurisdiction_declaration",
        "12(3)",
        "2011-05-03",
        "2011-05-03",
        "2002-09-19",
        None,
        "Second confirmation of the declaration of 18 April 2003.",
        "icc-cote-divoire",
    ),
]


# Rows of the ABA table whose dates contradict each other under art. 126(2): one of the two dates
# carries a wrong year. Which one is settled by the accession/ratification history of each State.
CORRECTIONS = {
    "GD": {"date_entry_into_force": "2011-08-01"},
    "TN": {"date_entry_into_force": "2011-09-01"},
    "VU": {"date_entry_into_force": "2012-02-01"},
    "MW": {"date_ratified_or_acceded": "2002-09-19"},
}


# What the declarations above concern, per the fact sheet: the art. 12(3) declarations accept
# jurisdiction over conduct on the declaring State's territory; Ukraine's art. 124 declaration
# concerns war crimes by its nationals.
DECLARATION_SCOPES = {"12(3)": "territory", "124": "nationals"}


def entry_into_force(deposit):
    """Art. 126: 2002-07-01 for early instruments, else the first day of the month after the 60th day."""
    if deposit <= SIXTIETH_INSTRUMENT:
        return STATUTE_IN_FORCE
    sixtieth = deposit + datetime.timedelta(days=60)
    return datetime.date(sixtieth.year + sixtieth.month // 12, sixtieth.month % 12 + 1, 1)


def source_for_reference(reference, sources):
    """Register a Source for one reference of the compiled file (a URL or 'repo path @commit')."""
    reference = reference.strip()
    if reference.startswith("Rome Statute"):
        return "rome-statute-text"
    match = re.match(r"theNewDynamic/aba-icc (\S+) @(\w+)", reference)
    if match:
        path, commit = match.groups()
        url = f"{ABA_REPO}/blob/{commit}/{path}"
        publisher, kind, title = "American Bar Association ICC Project", "dataset", f"ABA ICC Project: {path}"
    else:
        url = reference.split(" (")[0]
        host = re.sub(r"^www\.", "", url.split("/")[2])
        publisher, kind, title = host, "other", f"{host}: {url.split('/', 3)[-1][:150] or host}"
    slug = re.sub(r"[^a-z0-9]+", "-", url.split("://", 1)[-1].lower()).strip("-")[:70]
    key = f"{slug}-{hashlib.sha1(url.encode()).hexdigest()[:6]}"
    sources.setdefault(key, {"title": title, "publisher": publisher, "kind": kind, "url": url})
    return key


def action(
    state,
    action_type,
    date,
    effective,
    sources,
    *,
    precision="day",
    description="",
    notes="",
    article="",
    period=(None, None),
    scope="",
):
    return {
        "treaty": TREATY,
        "state": [state],
        "action_type": action_type,
        "date": date,
        "date_precision": precision,
        "effective_date": effective,
        "period_start": period[0],
        "period_end": period[1],
        "article": article,
        "scope": scope,
        "description": description,
        "notes": notes,
        "sources": [[key] for key in sorted(set(sources))],
    }


def aba_actions(rows, overridden):
    """Signatures and consents of the January 2015 table."""
    actions, warnings = [], []
    for row in rows:
        code = row["ISO_code"]
        is_party = row["state_party"] == "Y"
        if not (is_party or row["signed_but_not_ratified"] == "Y"):
            continue  # territories and non-signatories; Palestine's row there is wrong (see SOURCES.md)
        if row["date_signed"]:
            actions.append(
                action(
                    code,
                    "signature",
                    row["date_signed"],
                    row["date_signed"],
                    ["aba-icc-state-parties-2015"],
                    description="Signed the Rome Statute.",
                )
            )
        if not is_party or code in overridden:
            continue
        notes = ""
        corrected = {**row, **CORRECTIONS.get(code, {})}
        for field, value in CORRECTIONS.get(code, {}).items():
            notes += (
                f"The ABA table gives {field} {row[field]}, which contradicts its other date under "
                f"art. 126(2); corrected to {value}. "
            )
        deposit = datetime.date.fromisoformat(corrected["date_ratified_or_acceded"])
        effective = corrected["date_entry_into_force"]
        if code == "ME":
            kind = "succession"
            notes = (
                "Montenegro succeeded to Serbia and Montenegro's ratification; bound from its "
                "independence (2006-06-03), before it notified the succession."
            )
        else:
            kind = "ratification" if row["date_signed"] else "accession"
            expected = entry_into_force(deposit).isoformat()
            if effective != expected:
                warnings.append(f"{code}: entry into force {effective}, but art. 126 gives {expected}")
        if kind == "ratification":
            notes += (
                "Recorded as ratification because the State signed first; the source does not distinguish "
                "ratification from acceptance or approval."
            )
        actions.append(
            action(
                code,
                kind,
                deposit.isoformat(),
                effective,
                ["aba-icc-state-parties-2015"],
                description=f"Instrument of {kind} deposited; in force for the State on {effective}.",
                notes=notes.strip(),
            )
        )
    return actions, warnings


def compiled_actions(rows, sources):
    actions = []
    for row in rows:
        code, event = row["iso2"], row["event"]
        keys = [source_for_reference(ref, sources) for ref in row["source"].split(" ; ")]
        date, effective, precision = row["event_date"] or None, row["effective_date"] or None, row["date_precision"]
        if precision == "month" and date:
            date = f"{date}-01"
        if event == "signature" or event == "notification_not_to_become_party":
            effective = effective or date
        if code == "HU" and event == "withdrawal":
            # The compiled row joins two acts: the announcement (no legal effect) and the withdrawal.
            actions.append(
                action(
                    code,
                    "withdrawal_announced",
                    date,
                    None,
                    keys,
                    description="Government announced its withdrawal from the Rome Statute.",
                )
            )
            actions.append(
                action(
                    code,
                    "withdrawal",
                    None,
                    effective,
                    keys,
                    description=row["detail"],
                    notes="The date the depositary received the notification is not in the "
                    "sources consulted (art. 127 implies 2025-06-02).",
                )
            )
            continue
        if event == "accession" and code == "MY":
            description = row["detail"] + "; it never took effect (instrument withdrawn 2019-04-29)."
        else:
            description = row["detail"]
        actions.append(
            action(code, COMPILED_TYPES[event], date, effective, keys, precision=precision, description=description)
        )
    return actions


def declaration_actions():
    return [
        action(
            state,
            kind,
            lodged,
            effective,
            [source, "rome-statute-text"],
            article=article,
            period=(start, end),
            description=description,
            scope=DECLARATION_SCOPES[article],
        )
        for state, kind, article, lodged, effective, start, end, description, source in DECLARATIONS
    ]


def build(data_dir):
    folder = Path(data_dir) / "rome_statute"
    with open(folder / ABA_2015, encoding="utf-8", newline="") as handle:
        aba = list(csv.DictReader(handle))
    with open(folder / COMPILED, encoding="utf-8", newline="") as handle:
        compiled = list(csv.DictReader(handle))
    sources = {key: dict(value) for key, value in SOURCES.items()}
    overridden = {row["iso2"] for row in compiled if row["event"] in ("ratification", "accession")}
    actions, warnings = aba_actions(aba, overridden)
    seen = {(a["state"][0], a["action_type"], a["date"]) for a in actions}
    for extra in compiled_actions(compiled, sources) + declaration_actions():
        if (extra["state"][0], extra["action_type"], extra["date"]) not in seen:
            actions.append(extra)
    actions.sort(key=lambda a: (a["state"][0], a["date"] or a["effective_date"], a["action_type"]))
    fixture = [{"model": "core.source", "fields": {"key": key, **fields}} for key, fields in sorted(sources.items())]
    fixture += [{"model": "courts.treatyaction", "fields": fields} for fields in actions]
    return fixture, warnings


def render(data_dir=DEFAULT_DATA):
    fixture, _ = build(data_dir)
    return json.dumps(fixture, indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    data_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA
    fixture, warnings = build(data_dir)
    OUTPUT.write_text(render(data_dir), encoding="utf-8")
    for warning in warnings:
        sys.stderr.write(f"unexplained date in the ABA table: {warning}\n")
    sys.stdout.write(f"wrote {len(fixture)} objects to {OUTPUT}\n")
