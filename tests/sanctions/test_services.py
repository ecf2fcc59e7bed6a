"""Bulk delisting: all or nothing, citing its source, never overwriting a recorded date."""

import pytest
from django.core.exceptions import ValidationError

from sanctions.models import Designation
from sanctions.services import designations_delist
from tests.factories import d, make_source

pytestmark = pytest.mark.django_db


def test_delisting_marks_the_date_and_cites_the_source():
    source = make_source(key="treasury-delisting")
    chosen = Designation.objects.filter(actor__slug__in=["karim-khan", "beti-hohler", "fatou-bensouda"])
    result = designations_delist(designations=chosen, delisted_on=d("2026-01-15"), source=source)
    assert sorted(x.actor.slug for x in result.delisted) == ["beti-hohler", "karim-khan"]
    assert [x.actor.slug for x in result.already_delisted] == ["fatou-bensouda"]
    for designation in Designation.objects.filter(actor__slug__in=["karim-khan", "beti-hohler"]):
        assert designation.delisted_on == d("2026-01-15")
        assert designation.sources.filter(key="treasury-delisting").exists()
    bensouda = Designation.objects.get(actor__slug="fatou-bensouda")
    assert bensouda.delisted_on == d("2021-04-02")  # a recorded date is kept
    assert not bensouda.sources.filter(key="treasury-delisting").exists()


def test_a_date_before_any_listing_changes_nothing():
    """Regression guard: one bad row must not leave the others half-delisted."""
    source = make_source(key="too-early")
    chosen = Designation.objects.filter(actor__slug__in=["karim-khan", "kimberly-prost"])  # listed 2025-02-13, 08-20
    with pytest.raises(ValidationError) as error:
        designations_delist(designations=chosen, delisted_on=d("2025-05-01"), source=source)
    assert error.value.messages == [
        "Kimberly Prost under ICC-EO14203 (listed 2025-08-20): The delisting date must be on or after the listing "
        "date (2025-08-20): correct the delisting date, or the listing date if that is the wrong one."
    ]
    assert not Designation.objects.filter(delisted_on=d("2025-05-01")).exists()
    assert not source.sanctions_designation_records.exists()
