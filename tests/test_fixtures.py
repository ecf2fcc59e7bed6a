"""The fixtures: complete, sourced, idempotent, reproducible from their scripts, and loaded all-or-nothing."""

import hashlib
import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from core import signals
from core.models import SourcedModel
from scripts import build_rome_statute_fixture, build_states_fixture
from tests.conftest import FIXTURES, ROOT, SHARED_DATA

pytestmark = pytest.mark.django_db

OUR_APPS = ("core", "courts", "sanctions")
# Rebuilt from the records rather than loaded: the name index, the change counter, the importers' record.
DERIVED = list(signals.DERIVED)


def our_models():
    return [
        model
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if model._meta.label_lower not in DERIVED
    ]


def snapshot():
    """Every row of our models, serialised with natural keys: equal snapshots mean equal content."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        *OUR_APPS,
        exclude=DERIVED,
        natural_foreign=True,
        natural_primary=True,
        format="json",
        stdout=out,
    )
    rows = json.loads(out.getvalue())
    for row in rows:
        for field, value in row["fields"].items():
            if isinstance(value, list) and value and isinstance(value[0], list):
                row["fields"][field] = sorted(value)
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest(), len(rows)


def test_every_fact_bearing_record_cites_a_source():
    for model in our_models():
        if issubclass(model, SourcedModel):
            unsourced = model.objects.filter(sources__isnull=True)
            assert not unsourced.exists(), f"{model._meta.label} without a source: {list(unsourced[:5])}"


def test_every_fixture_record_passes_full_clean():
    for model in our_models():
        for record in model.objects.all():
            record.full_clean()


def test_loading_the_fixtures_twice_changes_nothing():
    before = snapshot()
    call_command("loaddata", *FIXTURES, verbosity=0)
    assert snapshot() == before
    assert before[1] > 600


def test_a_fixture_with_one_bad_record_fails_naming_it_and_leaves_the_database_unchanged(tmp_path):
    before = snapshot()
    bad = tmp_path / "bad.json"
    good_source = {"model": "core.source", "fields": {"key": "new-source", "title": "A", "publisher": "B"}}
    bad_action = {
        "model": "courts.treatyaction",
        "fields": {
            "treaty": ["rome-statute"],
            "state": ["AM"],
            "action_type": "withdrawal",
            "date": "2022-01-01",
            "effective_date": "2023-01-01",
            "sources": [["new-source"]],
        },
    }
    bad.write_text(json.dumps([good_source, bad_action]))
    with pytest.raises(CommandError) as error:
        call_command("loaddata", str(bad), verbosity=0)
    message = str(error.value)
    assert "courts.TreatyAction ['rome-statute', 'AM', 'withdrawal', '2022-01-01', '2023-01-01']" in message
    assert "effective_date" in message
    assert snapshot() == before


def test_a_fixture_record_without_a_source_is_rejected(tmp_path):
    before = snapshot()
    bad = tmp_path / "unsourced.json"
    bad.write_text(
        json.dumps([{"model": "core.actor", "fields": {"slug": "nobody", "name": "Nobody", "kind": "person"}}])
    )
    with pytest.raises(CommandError, match=r"core.Actor \['nobody'\].*at least one source"):
        call_command("loaddata", str(bad), verbosity=0)
    assert snapshot() == before


def test_a_database_constraint_violation_names_the_record(tmp_path):
    bad = tmp_path / "duplicate.json"
    state = {"model": "core.state", "fields": {"code": "QQ", "alpha3": "ISR", "name": "Clash"}}
    bad.write_text(json.dumps([state]))
    with pytest.raises(CommandError, match=r"core.State \['QQ'\]"):
        call_command("loaddata", str(bad), verbosity=0)


def test_states_fixture_is_the_iso_list_plus_kosovo():
    assert (ROOT / "fixtures" / "01_states.json").read_text(encoding="utf-8") == build_states_fixture.render()
    codes = {row["fields"]["code"] for row in build_states_fixture.fixture()}
    assert {"PS", "XK", "IL", "US", "NL"} <= codes
    assert len(codes) == 250


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="../shared/data is not beside the project")
def test_rome_statute_fixture_is_rebuilt_identically_from_the_shared_data():
    committed = (ROOT / "fixtures" / "20_rome_statute_participation.json").read_text(encoding="utf-8")
    assert committed == build_rome_statute_fixture.render(SHARED_DATA)
    _, warnings = build_rome_statute_fixture.build(SHARED_DATA)
    assert warnings == []


@pytest.mark.parametrize(
    ("deposit", "expected"),
    [
        ("2000-06-07", "2002-07-01"),  # before the 60th instrument
        ("2002-04-11", "2002-07-01"),  # the day of the 60th
        ("2002-06-27", "2002-09-01"),  # Bolivia
        ("2015-01-02", "2015-04-01"),  # Palestine
        ("2024-10-25", "2025-01-01"),  # Ukraine
        ("2011-10-31", "2012-01-01"),  # the 60th day is 2011-12-30: across a year end
        ("2011-11-02", "2012-02-01"),  # the 60th day is 2012-01-01 itself: the month after
    ],
)
def test_art_126_entry_into_force(deposit, expected):
    import datetime

    assert build_rome_statute_fixture.entry_into_force(datetime.date.fromisoformat(deposit)).isoformat() == expected
