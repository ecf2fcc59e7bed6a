import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from core.models import Actor
from sanctions.models import Bill, Designation, SanctionProgram, SanctionTarget
from tests.factories import d

pytestmark = pytest.mark.django_db


def designated(program, day):
    return set(
        Designation.objects.active_on(d(day)).filter(program__code=program).values_list("actor__slug", flat=True)
    )


def test_khan_was_designated_by_the_annex_before_the_sdn_listing():
    khan = Designation.objects.get(actor__slug="karim-khan", program__code="ICC-EO14203")
    assert (khan.effective_on, khan.listed_on) == (d("2025-02-06"), d("2025-02-13"))
    assert designated("ICC-EO14203", "2025-02-05") == set()
    assert designated("ICC-EO14203", "2025-02-06") == {"karim-khan"}


def test_designations_under_icc_eo14203_accumulate():
    assert len(designated("ICC-EO14203", "2025-06-05")) == 5
    assert len(designated("ICC-EO14203", "2025-12-18")) == 17 - 2  # all but the two EO 13928 designees
    assert {"al-haq", "gocha-lordkipanidze"} <= designated("ICC-EO14203", "2026-01-01")


def test_eo13928_designations_ended_with_the_delisting():
    assert designated("ICC-EO13928", "2021-04-01") == {"fatou-bensouda", "phakiso-mochochoko"}
    assert designated("ICC-EO13928", "2021-04-02") == set()


def test_targets_are_the_actors_with_designations():
    targets = set(SanctionTarget.objects.values_list("slug", flat=True))
    assert "karim-khan" in targets and "al-haq" in targets
    assert "benjamin-netanyahu" not in targets
    assert len(targets) == 17


def test_the_count_of_every_target_reads_designations_only_and_agrees_with_the_rows():
    # Several designations of one actor count it once.
    second = Designation.objects.get(actor__slug="karim-khan", program__code="ICC-EO14203")
    second.pk, second.program = None, SanctionProgram.objects.get(code="ICC-EO13928")
    second.save()
    with CaptureQueriesContext(connection) as queries:
        count = SanctionTarget.objects.order_by("slug").prefetch_related("aliases").count()
    assert count == len(SanctionTarget.objects.all()) == 17
    assert Actor._meta.db_table not in queries[0]["sql"]  # the fast path was taken


@pytest.mark.parametrize(
    "narrow",
    [
        lambda targets: targets.filter(kind="person"),
        lambda targets: targets.filter(designations__program__code="ICC-EO13928").distinct(),
        lambda targets: targets.exclude(slug="karim-khan"),
        lambda targets: targets[:3],
        lambda targets: targets.annotate(n=Count("aliases")).filter(n__gt=0),
    ],
)
def test_a_narrowed_target_list_is_counted_as_it_is(narrow):
    queryset = narrow(SanctionTarget.objects.all())
    with CaptureQueriesContext(connection) as queries:
        count = queryset.count()
    assert count == len(list(narrow(SanctionTarget.objects.all()))) < 17
    assert Actor._meta.db_table in queries[0]["sql"]


def test_a_target_list_that_nothing_can_pass_counts_none():
    """Guards against a 500 on /api/targets/?q= when the search finds no one: the fast count's comparison of
    statements cannot compile a filter on an empty list of ids."""
    assert SanctionTarget.objects.filter(pk__in=[]).count() == 0


def test_a_delisting_before_the_listing_is_rejected():
    designation = Designation.objects.get(actor__slug="fatou-bensouda")
    designation.delisted_on = d("2020-01-01")
    with pytest.raises(ValidationError) as error:
        designation.clean()
    assert "delisted_on" in error.value.message_dict
    with pytest.raises(IntegrityError, match="delisted_after_listed"), transaction.atomic():
        designation.save()


def test_a_terminated_program_needs_an_end_date():
    program = SanctionProgram.objects.get(code="ICC-EO13928")
    assert program.status == SanctionProgram.Status.TERMINATED
    program.ended_on = None
    with pytest.raises(ValidationError) as error:
        program.clean()
    assert "ended_on" in error.value.message_dict
    with pytest.raises(IntegrityError, match="terminated_has_end"), transaction.atomic():
        program.save()


def test_hr_23_votes():
    bill = Bill.objects.get_by_natural_key("US", 119, "hr", 23)
    house, senate = bill.actions.order_by("date")
    assert (house.chamber, house.date, house.yeas, house.nays, house.present, house.roll_call) == (
        "house",
        d("2025-01-09"),
        243,
        140,
        1,
        7,
    )
    assert (senate.action_type, senate.date, senate.yeas, senate.nays, senate.roll_call) == (
        "cloture_not_invoked",
        d("2025-01-28"),
        54,
        45,
        22,
    )
