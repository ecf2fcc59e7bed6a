"""``prefetch_listed``: the lists it reads straight are those Django's prefetch gives, in the same order."""

import pytest
from django.db.models import Prefetch, prefetch_related_objects

from core.api.prefetch import OWNER, PREFIX, listed, prefetch_listed
from core.models import Actor
from sanctions.models import Designation, SanctionTarget

pytestmark = pytest.mark.django_db


def lookups():
    return listed(
        "aliases",
        "nationalities",
        Prefetch("designations", Designation.objects.select_related("program").prefetch_related(*listed("measures"))),
    )


def lists(actors):
    return {
        actor.slug: {name: [row.pk for row in value] for name, value in vars(actor).items() if name.startswith(PREFIX)}
        for actor in actors
    }


def test_the_lists_read_straight_are_djangos(django_assert_num_queries):
    ours, djangos = list(Actor.objects.all()), list(Actor.objects.all())
    with django_assert_num_queries(4) as queries:  # aliases, nationalities, designations, their measures
        prefetch_listed(ours, *lookups())
    # The nationalities came through the straight path: the through table's owner column on each row.
    assert any(OWNER in query["sql"] and "nationalities" in query["sql"] for query in queries.captured_queries)
    prefetch_related_objects(djangos, *lookups())
    assert lists(ours) == lists(djangos)
    assert any(lists(ours)[slug][PREFIX + "aliases"] for slug in lists(ours)), "some actor has aliases"
    khan = next(actor for actor in ours if actor.slug == "karim-khan")
    designation = getattr(khan, PREFIX + "designations")[0]
    with django_assert_num_queries(0):
        assert designation.actor is khan  # the row points back to its record, as Django's prefetch does
        assert [m.slug for m in getattr(designation, PREFIX + "measures")]


def test_a_proxy_reads_its_models_lists_straight(django_assert_num_queries):
    targets = list(SanctionTarget.objects.all())
    with django_assert_num_queries(1) as queries:
        prefetch_listed(targets, *listed("nationalities"))
    assert OWNER in queries.captured_queries[0]["sql"]
    expected = {actor.slug: [s.code for s in actor.nationalities.all()] for actor in Actor.objects.all()}
    assert {t.slug: [s.code for s in getattr(t, PREFIX + "nationalities")] for t in targets} == {
        t.slug: expected[t.slug] for t in targets
    }
