"""Write fixtures/01_states.json: every ISO 3166-1 country from pycountry, plus Kosovo (XK).

Run from the project root: python scripts/build_states_fixture.py
"""

import json
import sys
from pathlib import Path

import pycountry

OUTPUT = Path(__file__).resolve().parent.parent / "fixtures" / "01_states.json"

# Entities that sources name but ISO 3166-1 does not list (or lists differently).
EXTRA = [
    # Kosovo: user-assigned code XK / XKX, used by the EU, the UN lists and most sanctions data.
    {"code": "XK", "alpha3": "XKX", "name": "Kosovo", "official_name": "Republic of Kosovo"},
]

# pycountry's common names are sometimes inverted ("Korea, Republic of"); sources use these.
COMMON_NAMES = {
    "PS": "State of Palestine",
}


def states():
    rows = []
    for country in pycountry.countries:
        name = COMMON_NAMES.get(country.alpha_2) or getattr(country, "common_name", None) or country.name
        rows.append(
            {
                "code": country.alpha_2,
                "alpha3": country.alpha_3,
                "name": name,
                "official_name": getattr(country, "official_name", "").removeprefix("the "),
            }
        )
    rows.extend(EXTRA)
    return sorted(rows, key=lambda row: row["code"])


def fixture():
    return [{"model": "core.state", "fields": row} for row in states()]


def render():
    return json.dumps(fixture(), indent=1, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    OUTPUT.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {len(fixture())} States to {OUTPUT}\n")
