import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sanctions.models import InstrumentRelation, LegalInstrument
from tests.factories import d

pytestmark = pytest.mark.django_db


def eo(number):
    return LegalInstrument.objects.get(kind=LegalInstrument.Kind.EXECUTIVE_ORDER, number=str(number))


def test_eo_14203_as_published():
    order = eo(14203)
    assert order.title == "Imposing Sanctions on the International Criminal Court"
    assert order.signing_date == d("2025-02-06")
    assert order.publication_date == d("2025-02-12")
    assert (order.citation, order.document_number) == ("90 FR 9369", "2025-02612")
    assert order.issued_by.slug == "donald-trump"
    assert set(order.measures.values_list("slug", flat=True)) == {"asset-freeze", "entry-ban", "family-entry-ban"}
    assert set(order.authorities.values_list("slug", flat=True)) == {"ieepa", "nea", "ina-212f", "usc-3-301"}
    assert order.sources.filter(key="fr-2025-02612").exists()


def test_the_revocation_chain_walks_both_ways():
    """EO 13928 -> revoked by EO 14022 -> revoked by EO 14148."""
    revoked_by = eo(13928).incoming_relations.get(relation_type="revokes").source
    assert revoked_by == eo(14022)
    assert revoked_by.incoming_relations.get(relation_type="revokes").source == eo(14148)
    assert [r.target for r in eo(14148).outgoing_relations.filter(relation_type="revokes")] == [eo(14022)]


@pytest.mark.parametrize(
    ("day", "in_force"),
    [
        ("2020-06-10", set()),
        ("2020-06-11", {13928}),
        ("2021-03-31", {13928}),
        ("2021-04-01", {14022}),  # EO 14022 revokes EO 13928 on signing
        ("2025-01-20", {14148}),  # EO 14148 revokes EO 14022 on signing
        ("2025-02-06", {14148, 14203}),
    ],
)
def test_in_force_respects_revocations(day, in_force):
    orders = LegalInstrument.objects.in_force(d(day)).filter(kind=LegalInstrument.Kind.EXECUTIVE_ORDER)
    assert {int(number) for number in orders.values_list("number", flat=True)} == in_force


def test_a_regulation_counts_from_its_effective_date():
    regulation = LegalInstrument.objects.get(slug="cfr-31-528")
    assert not LegalInstrument.objects.in_force(d("2025-06-30")).filter(pk=regulation.pk).exists()
    assert LegalInstrument.objects.in_force(d("2025-07-01")).filter(pk=regulation.pk).exists()


def test_an_instrument_cannot_act_on_itself():
    order = eo(14203)
    relation = InstrumentRelation(source=order, target=order, relation_type="amends")
    with pytest.raises(ValidationError) as error:
        relation.clean()
    assert "target" in error.value.message_dict
    with pytest.raises(IntegrityError, match="not_self"), transaction.atomic():
        relation.save()


def test_an_executive_order_number_is_unique_and_required():
    with pytest.raises(IntegrityError), transaction.atomic():
        LegalInstrument.objects.create(slug="dup", kind="executive_order", number="14203", title="Duplicate")
    with pytest.raises(ValidationError) as error:
        LegalInstrument(slug="no-number", kind="executive_order", title="No number").clean()
    assert "number" in error.value.message_dict


def test_publication_before_signing_is_rejected():
    order = eo(14203)
    order.publication_date = d("2025-02-01")
    with pytest.raises(ValidationError) as error:
        order.clean()
    assert "publication_date" in error.value.message_dict
    with pytest.raises(IntegrityError, match="published_after_signing"), transaction.atomic():
        order.save()
