"""docs/analysis.md runs as written: its Python blocks, in order, against the fixtures, give the answers it states."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "analysis.md"

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(tmp_path, monkeypatch):
    """The guide's shell step (the export), then every Python block executed in one namespace, from the export's
    parent folder as the guide's paths assume."""
    call_command("export", "--format", "csv", "--output", str(tmp_path / "export"), verbosity=0)
    monkeypatch.chdir(tmp_path)
    blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(), flags=re.S)
    assert len(blocks) >= 5
    namespace = {}
    for block in blocks:
        exec(compile(block, str(GUIDE), "exec"), namespace)
    return namespace


def test_the_readme_links_the_guide():
    assert "docs/analysis.md" in (GUIDE.parent.parent / "README.md").read_text()


def test_parties_per_year(guide):
    parties_on = guide["parties_on"]
    assert len(parties_on("2002-06-30")) == 0
    assert len(parties_on("2002-07-01")) == 66
    assert len(parties_on("2025-03-01")) == 125
    assert len(parties_on("2026-06-01")) == 125
    assert len(parties_on("2026-06-02")) == 124
    assert "NA" in parties_on("2025-03-01"), "Namibia is not a missing value"
    assert "PH" in parties_on("2019-03-16") and "PH" not in parties_on("2019-03-17")
    assert "US" not in parties_on("2025-03-01") and "IL" not in parties_on("2025-03-01")
    per_year = guide["parties_per_year"]
    assert per_year[2002] >= 66 and per_year[2026] == 124
    assert list(guide["withdrawals"].sort_values("effective_date")["state"]) == ["BI", "PH", "HU"]


def test_designations_per_program_per_year(guide):
    table = guide["per_program_year"]
    assert table.loc["ICC-EO13928", 2020] == 2
    assert table.loc["ICC-EO14203", 2025] == 15
    assert table.loc["ICC-EO14203", 2020] == 0


def test_instruments_that_revoke_others(guide):
    revocations = guide["revocations"]
    assert list(zip(revocations["source"], revocations["target"], strict=True)) == [
        ("eo-14022", "eo-13928"),
        ("eo-14148", "eo-14022"),
    ]
    assert list(revocations["effective_date"].dt.date.astype(str)) == ["2021-04-01", "2025-01-20"]
    assert revocations["revoking"].iloc[0].startswith("Termination of Emergency")
