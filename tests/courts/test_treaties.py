import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from courts.models import Treaty, TreatyAction
from tests.factories import d, make_treaty, make_treaty_action, state

pytestmark = pytest.mark.django_db

Type = TreatyAction.Type
Status = TreatyAction.Status


@pytest.fixture
def rome():
    return Treaty.objects.get(slug="rome-statute")


@pytest.mark.parametrize(
    ("day", "parties"),
    [
        ("2002-06-30", 0),  # nobody is bound before the Statute enters into force
        ("2002-07-01", 66),  # instruments deposited by the 60th (11 April 2002), art. 126(1)
        ("2015-01-21", 122),  # the ABA table's date
        ("2015-04-01", 123),  # Palestine
        ("2019-03-17", 122),  # Philippines out; Burundi already out since 2017
        ("2025-01-01", 125),  # Ukraine, the 125th
        ("2025-03-01", 125),
        ("2026-06-01", 125),
        ("2026-06-02", 124),  # Hungary's withdrawal takes effect
    ],
)
def test_parties_as_of_matches_the_published_counts(rome, day, parties):
    assert rome.parties_as_of(d(day)).count() == parties


def test_philippines_stopped_being_a_party_on_2019_03_17(rome):
    assert rome.parties_as_of(d("2019-03-16")).filter(code="PH").exists()
    assert not rome.parties_as_of(d("2019-03-17")).filter(code="PH").exists()
    assert rome.status_of(state("PH"), d("2019-03-17")) == Status.WITHDRAWN


def test_united_states_and_israel_are_not_parties(rome):
    parties = rome.parties_as_of(d("2025-02-06"))
    assert not parties.filter(code__in=["US", "IL"]).exists()
    for code in ("US", "IL"):
        assert rome.status_of(state(code), d("2025-02-06")) == Status.NOT_TO_BECOME_PARTY
        assert rome.status_of(state(code), d("2001-06-01")) == Status.SIGNATORY


def test_an_announced_withdrawal_leaves_a_state_a_party(rome):
    """Burkina Faso, Mali and Niger announced withdrawal in 2025 but notified nobody (art. 127)."""
    parties = rome.parties_as_of(d("2026-11-27"))
    assert set(parties.filter(code__in=["BF", "ML", "NE"]).values_list("code", flat=True)) == {"BF", "ML", "NE"}


def test_a_withdrawn_accession_never_made_malaysia_a_party(rome):
    assert not rome.parties_as_of(d("2019-06-01")).filter(code="MY").exists()
    assert rome.status_of(state("MY"), d("2019-06-01")) == Status.NOT_PARTY


def test_ukraine_declarations_cover_their_periods(rome):
    declarations = rome.actions.filter(state__code="UA", action_type=Type.JURISDICTION_DECLARATION)
    assert [(a.period_start, a.period_end) for a in declarations] == [
        (d("2013-11-21"), d("2014-02-22")),
        (d("2014-02-20"), None),
    ]
    assert rome.actions.get(state__code="UA", article="124").period_end == d("2031-12-31")


def test_a_state_that_rejoins_is_a_party_again():
    treaty = make_treaty()
    fr = state("FR")
    make_treaty_action(
        treaty=treaty, state=fr, action_type=Type.RATIFICATION, date=d("2000-01-01"), effective_date=d("2000-03-01")
    )
    make_treaty_action(
        treaty=treaty, state=fr, action_type=Type.WITHDRAWAL, date=d("2004-01-01"), effective_date=d("2005-01-01")
    )
    make_treaty_action(
        treaty=treaty, state=fr, action_type=Type.ACCESSION, date=d("2009-01-01"), effective_date=d("2009-03-01")
    )
    assert [
        treaty.parties_as_of(d(day)).filter(code="FR").exists()
        for day in ("1999-12-31", "2000-03-01", "2004-12-31", "2005-01-01", "2009-02-28", "2009-03-01")
    ] == [
        False,
        True,
        True,
        False,
        False,
        True,
    ]
    assert treaty.status_of(fr, d("2006-01-01")) == Status.WITHDRAWN
    assert treaty.status_of(fr, d("2010-01-01")) == Status.PARTY


def test_withdrawal_taking_effect_before_the_consent_is_rejected_by_clean(rome):
    action = TreatyAction(
        treaty=rome,
        state=state("AM"),
        action_type=Type.WITHDRAWAL,
        date=d("2022-01-01"),
        effective_date=d("2023-01-01"),
    )
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "effective_date" in error.value.message_dict
    assert "before any consent" in error.value.message_dict["effective_date"][0]


@pytest.mark.parametrize(
    ("fields", "field", "constraint"),
    [
        (
            {"action_type": Type.WITHDRAWAL_ANNOUNCED, "date": "2025-01-01", "effective_date": "2025-01-01"},
            "effective_date",
            "announcement_has_no_effect",
        ),
        (
            {"action_type": Type.RATIFICATION, "date": "2025-01-02", "effective_date": "2025-01-01"},
            "effective_date",
            "effective_after_act",
        ),
        (
            {"action_type": Type.SIGNATURE, "date": "2025-01-01", "period_start": "2024-01-01"},
            "period_start",
            "period_only_on_declarations",
        ),
        (
            {
                "action_type": Type.JURISDICTION_DECLARATION,
                "date": "2025-01-01",
                "period_start": "2024-01-01",
                "period_end": "2023-01-01",
            },
            "period_end",
            "period_ordered",
        ),
        ({"action_type": Type.SIGNATURE}, "date", "has_a_date"),
        ({"action_type": Type.WITHDRAWAL, "date": "2025-01-01"}, "effective_date", "withdrawal_has_effect"),
    ],
)
def test_invalid_treaty_actions_are_rejected_by_clean_and_by_the_database(fields, field, constraint):
    treaty = make_treaty()
    values = {k: d(v) if k.endswith(("date", "start", "end")) else v for k, v in fields.items()}
    action = TreatyAction(treaty=treaty, state=state("FR"), **values)
    with pytest.raises(ValidationError) as error:
        action.clean()
    assert field in error.value.message_dict
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        action.save()


def test_succession_may_take_effect_before_its_notification(rome):
    montenegro = rome.actions.get(state__code="ME", action_type=Type.SUCCESSION)
    assert montenegro.effective_date < montenegro.date
    montenegro.full_clean()


def test_the_same_act_cannot_be_recorded_twice(rome):
    with pytest.raises(IntegrityError, match="unique_act"), transaction.atomic():
        TreatyAction.objects.create(
            treaty=rome, state=state("PH"), action_type=Type.WITHDRAWAL, effective_date=d("2019-03-17")
        )


def test_status_periods_of_the_philippines(rome):
    assert rome.status_periods(state("PH")) == [
        (Status.SIGNATORY, d("2000-12-28"), d("2011-10-31")),
        (Status.PARTY, d("2011-11-01"), d("2019-03-16")),
        (Status.WITHDRAWN, d("2019-03-17"), None),
    ]


def test_status_periods_of_the_united_states(rome):
    assert rome.status_periods(state("US")) == [
        (Status.SIGNATORY, d("2000-12-31"), d("2002-05-05")),
        (Status.NOT_TO_BECOME_PARTY, d("2002-05-06"), None),
    ]


# Preview of an act before it is saved (the admin's treaty action form)


def test_preview_of_an_edited_withdrawal_shows_the_status_change(rome):
    """Hungary's withdrawal moved to a later effective date: withdrawn today, a party again until then."""
    from copy import copy

    from courts.models.treaties import preview_action

    saved = TreatyAction.objects.get(treaty=rome, state__code="HU", action_type=Type.WITHDRAWAL)
    edited = copy(saved)
    edited.effective_date = d("2099-06-02")
    preview = preview_action(edited, d("2026-11-27"))
    assert (preview["today_before"], preview["today_after"]) == (Status.WITHDRAWN, Status.PARTY)
    assert (preview["on"], preview["before"], preview["after"]) == (d("2099-06-02"), Status.WITHDRAWN, Status.WITHDRAWN)
    assert preview["problems"] == {}
    saved.refresh_from_db()
    assert saved.effective_date == d("2026-06-02")  # nothing saved


def test_preview_of_a_new_withdrawal_suggests_its_effective_date(rome):
    from courts.models.treaties import preview_action

    action = TreatyAction(treaty=rome, state=state("FR"), action_type=Type.WITHDRAWAL, date=d("2030-01-10"))
    preview = preview_action(action, d("2026-11-27"))
    assert preview["suggested_effective_date"] == d("2031-01-10")
    assert (preview["before"], preview["after"]) == (Status.PARTY, Status.WITHDRAWN)
    assert preview["today_before"] == preview["today_after"] == Status.PARTY
    assert not TreatyAction.objects.filter(state__code="FR", action_type=Type.WITHDRAWAL).exists()


def test_preview_reports_what_would_stop_the_save(rome):
    from courts.models.treaties import preview_action

    action = TreatyAction(
        treaty=rome,
        state=state("FR"),
        action_type=Type.RATIFICATION,
        date=d("2030-01-10"),
        effective_date=d("2029-01-01"),
    )
    problems = preview_action(action, d("2026-11-27"))["problems"]
    assert problems["effective_date"] == [
        "The effective date must be on or after the date of the act (2030-01-10): correct the effective date, "
        "or the date of the act if that is the wrong one."
    ]
