"""The ICC jurisdiction check, rule by rule (../shared/facts/rome-statute-jurisdiction.md)."""

import pytest

from courts.jurisdiction import NoRulesForCourt, Question, assess
from courts.models import Court, Treaty, TreatyAction
from tests.factories import d, make_court, make_treaty_action, state

pytestmark = pytest.mark.django_db

PROPRIO, STATE_REF, UNSC = "proprio_motu", "state_referral", "security_council"
WAR, CAH, AGGRESSION, GENOCIDE = "war_crime", "crime_against_humanity", "aggression", "genocide"


def ask(day, territory=None, nationality=None, trigger=PROPRIO, crime=WAR, age=None):
    question = Question(
        date=d(day),
        trigger=trigger,
        crime=crime,
        territory=state(territory) if territory else None,
        nationality=state(nationality) if nationality else None,
        age=age,
    )
    return assess(Court.objects.get(slug="icc"), question)


def bases(assessment):
    """(article, State code, holds) for every basis, in order."""
    return [(b.article, b.state.code if b.state else None, b.holds) for b in assessment.bases]


# (case, question, verdict, bases)
CASES = [
    ("before the Statute entered into force", ("2002-06-30", "NL", "NL"), "no", [("11(1)", None, False)]),
    ("on the day it entered into force", ("2002-07-01", "NL", None), "yes", [("12(2)(a)", "NL", True)]),
    (
        "territory only: Israeli nationals in Palestine, 2024",
        ("2024-05-20", "PS", "IL"),
        "yes",
        [("12(2)(a)", "PS", True)],
    ),
    (
        "nationality only: French national in the United States",
        ("2020-01-01", "US", "FR"),
        "yes",
        [("12(2)(b)", "FR", True)],
    ),
    ("both", ("2020-01-01", "DE", "NL"), "yes", [("12(2)(a)", "DE", True), ("12(2)(b)", "NL", True)]),
    ("neither: US national in Israel", ("2020-01-01", "IL", "US"), "no", []),
    (
        "Philippines 2018: a party, withdrawal effective later (art. 127(2))",
        ("2018-06-01", "PH", "PH"),
        "yes",
        [("12(2)(a)", "PH", True), ("127(2)", "PH", True), ("12(2)(b)", "PH", True), ("127(2)", "PH", True)],
    ),
    (
        "Philippines 2020: the withdrawal had taken effect",
        ("2020-01-01", "PH", "PH"),
        "no",
        [("127", "PH", False), ("127", "PH", False)],
    ),
    (
        "Philippines, the day before the withdrawal took effect",
        ("2019-03-16", "PH", None),
        "yes",
        [("12(2)(a)", "PH", True), ("127(2)", "PH", True)],
    ),
    (
        "announced withdrawal without notification: Burkina Faso remains a party",
        ("2026-01-01", "BF", "US"),
        "yes",
        [("12(2)(a)", "BF", True)],
    ),
    (
        "Hungary before its withdrawal took effect",
        ("2026-06-01", "HU", "US"),
        "yes",
        [("12(2)(a)", "HU", True), ("127(2)", "HU", True)],
    ),
    ("Hungary after", ("2026-06-02", "HU", "US"), "no", [("127", "HU", False)]),
    (
        "Palestine's 12(3) declaration: the day before its period",
        ("2014-06-12", "PS", "IL"),
        "no",
        [("11(2)", "PS", False)],
    ),
    (
        "Palestine's 12(3) declaration: its first day, before accession (art. 11(2))",
        ("2014-06-13", "PS", "IL"),
        "yes",
        [("11(2)", "PS", False), ("12(3)", "PS", True)],
    ),
    ("Ukraine: before its first declaration's period", ("2013-11-20", "UA", "RU"), "no", [("11(2)", "UA", False)]),
    (
        "Ukraine: first declaration's start",
        ("2013-11-21", "UA", "RU"),
        "yes",
        [("11(2)", "UA", False), ("12(3)", "UA", True)],
    ),
    (
        "Ukraine: first declaration's end",
        ("2014-02-22", "UA", "RU"),
        "yes",
        [("11(2)", "UA", False), ("12(3)", "UA", True)],
    ),
    (
        "Ukraine: open-ended second declaration",
        ("2016-01-01", "UA", "RU"),
        "yes",
        [("11(2)", "UA", False), ("12(3)", "UA", True)],
    ),
    (
        "a State that became a party after the conduct: Armenia 2020",
        ("2020-01-01", "AM", "AZ"),
        "no",
        [("11(2)", "AM", False)],
    ),
    ("art. 124: war crimes by Ukrainian nationals in Russia", ("2025-06-01", "RU", "UA"), "no", [("124", "UA", False)]),
    (
        "art. 124 covers nationals only: war crimes by Russians in Ukraine",
        ("2025-06-01", "UA", "RU"),
        "yes",
        [("12(2)(a)", "UA", True)],
    ),
    ("nationality unknown, territory not a party", ("2020-01-01", "US", None), "undetermined", []),
    ("territory unknown, nationality a party", ("2020-01-01", None, "FR"), "yes", [("12(2)(b)", "FR", True)]),
    ("nothing known", ("2020-01-01", None, None), "undetermined", []),
]


@pytest.mark.parametrize(("case", "question", "verdict", "expected"), CASES, ids=[c[0] for c in CASES])
def test_state_referral_and_proprio_motu(case, question, verdict, expected):
    for trigger in (PROPRIO, STATE_REF):
        result = ask(*question, trigger=trigger)
        assert result.verdict == verdict, "\n".join(result.steps)
        assert bases(result) == expected
        assert result.steps, "the reasoning is always given"


def test_art_124_does_not_reach_crimes_against_humanity():
    assert ask("2025-06-01", "RU", "UA", crime=CAH).verdict == "yes"


@pytest.mark.parametrize(
    ("day", "territory", "verdict", "article"),
    [
        ("2004-01-01", "SD", "yes", "13(b)"),  # Darfur: Sudan is not a party
        ("2011-02-14", "LY", "no", None),  # the day before the Libya referral's period
        ("2011-03-01", "LY", "yes", "13(b)"),
        ("2020-01-01", "SY", "no", None),  # no referral on record
    ],
)
def test_security_council_referrals(day, territory, verdict, article):
    result = ask(day, territory, territory, trigger=UNSC)
    assert result.verdict == verdict
    assert [b.article for b in result.bases] == ([article] if article else [])
    if article:
        assert result.bases[0].sources, "the referral's sources are cited"


def test_a_referral_does_not_help_without_it():
    assert ask("2004-01-01", "SD", "SD", trigger=PROPRIO).verdict == "no"


def test_aggression_needs_legal_review_except_on_a_referral():
    assert ask("2020-01-01", "NL", "NL", crime=AGGRESSION).verdict == "undetermined"
    assert ask("2004-01-01", "SD", "SD", trigger=UNSC, crime=AGGRESSION).verdict == "yes"


def test_under_eighteen():
    assert ask("2020-01-01", "NL", "NL", crime=GENOCIDE, age=17).verdict == "no"
    assert ask("2020-01-01", "NL", "NL", crime=GENOCIDE, age=18).verdict == "yes"


def test_bases_cite_their_sources():
    result = ask("2024-05-20", "PS", "IL")
    assert result.bases[0].record.action_type == "accession"
    assert result.bases[0].sources


def test_the_answer_follows_the_records():
    """Recording a withdrawal in the admin changes the answer, with no code change."""
    assert ask("2031-01-01", "US", "FR").verdict == "yes"
    make_treaty_action(
        treaty=Treaty.objects.get(slug="rome-statute"),
        state=state("FR"),
        action_type=TreatyAction.Type.WITHDRAWAL,
        date=d("2029-01-01"),
        effective_date=d("2030-01-01"),
    )
    after = ask("2031-01-01", "US", "FR")
    assert after.verdict == "no"
    assert bases(after) == [("127", "FR", False)]


def test_a_court_without_rules_says_so():
    with pytest.raises(NoRulesForCourt):
        assess(make_court(), Question(date=d("2020-01-01"), trigger=PROPRIO, crime=WAR))
