import pytest
from django.core.exceptions import ValidationError

from core.models import Actor
from courts.models import Court, CourtAction
from tests.factories import d

pytestmark = pytest.mark.django_db


def test_the_icc_sits_in_the_hague_under_the_rome_statute():
    icc = Court.objects.get_by_natural_key("icc")
    assert (icc.seat_city, icc.seat_state.code, icc.founding_treaty.slug) == ("The Hague", "NL", "rome-statute")
    assert "police" in icc.enforcement_notes


def test_the_warrants_of_21_november_2024():
    warrants = CourtAction.objects.filter(kind="arrest_warrant", date=d("2024-11-21"))
    assert set(warrants.values_list("subject__slug", flat=True)) == {
        "benjamin-netanyahu",
        "yoav-gallant",
        "mohammed-deif",
    }
    netanyahu = warrants.get(subject__slug="benjamin-netanyahu")
    assert netanyahu.chamber == "Pre-Trial Chamber I"
    assert (netanyahu.conduct_from, netanyahu.conduct_until) == (d("2023-10-08"), d("2024-05-20"))
    starvation = netanyahu.charges.get(crime__icontains="starvation")
    assert (starvation.category, starvation.article) == ("war_crime", "8(2)(b)(xxv)")
    deif = warrants.get(subject__slug="mohammed-deif")
    assert (deif.status, deif.status_date) == ("withdrawn", d("2025-02-26"))


def test_no_warrant_was_issued_for_haniyeh_or_sinwar():
    assert not CourtAction.objects.filter(kind="arrest_warrant", subject__slug__in=["ismail-haniyeh", "yahya-sinwar"])
    assert CourtAction.objects.filter(kind="warrant_application", status="terminated").count() == 2


def test_a_warrant_must_concern_a_person():
    action = CourtAction.objects.get(kind="arrest_warrant", subject__slug="yoav-gallant")
    action.subject = Actor.objects.get(slug="al-haq")
    with pytest.raises(ValidationError) as error:
        action.clean()
    assert "subject" in error.value.message_dict
