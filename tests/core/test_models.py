import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction

from core.models import Actor, Address, Alias, IdentityDocument, Position, State
from core.scripts import script_of
from tests.factories import d, make_actor, state

pytestmark = pytest.mark.django_db


def test_the_whole_iso_list_and_kosovo_are_loaded():
    assert State.objects.count() == 250
    assert State.objects.get(code="PS").name == "State of Palestine"
    assert State.objects.get(code="XK").alpha3 == "XKX"
    assert State.objects.get_by_natural_key("IL").alpha3 == "ISR"


@pytest.mark.parametrize("code", ["il", "ISR", "1L", ""])
def test_an_unknown_or_malformed_iso_code_is_rejected(code):
    state = State(code=code, alpha3="QQQ", name="Nowhere")
    with pytest.raises(ValidationError) as error:
        state.full_clean()
    assert "code" in error.value.message_dict
    # PostgreSQL refuses an over-long value before it checks the constraint.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        state.save()


def test_a_birth_date_needs_its_precision():
    actor = make_actor()
    actor.birth_date = d("1970-01-01")
    with pytest.raises(ValidationError) as error:
        actor.full_clean()
    assert "birth_date_precision" in error.value.message_dict
    with pytest.raises(IntegrityError, match="birth_date_precision"), transaction.atomic():
        actor.save()
    actor.birth_date_precision = "year"
    actor.full_clean()


def test_only_a_person_has_a_place_of_birth():
    actor = make_actor(kind="organisation")
    actor.birth_place = "Geneva"
    with pytest.raises(ValidationError) as error:
        actor.full_clean()
    assert "birth_place" in error.value.message_dict
    with pytest.raises(IntegrityError, match="birth_place_of_a_person"), transaction.atomic():
        actor.save()
    actor.kind = "person"
    actor.full_clean()
    actor.save()


def test_only_a_person_has_a_gender_and_only_male_or_female():
    actor = make_actor(kind="organisation")
    actor.gender = "female"
    with pytest.raises(ValidationError) as error:
        actor.full_clean()
    assert "gender" in error.value.message_dict
    with pytest.raises(IntegrityError, match="gender_of_a_person"), transaction.atomic():
        actor.save()
    actor.kind, actor.gender = "person", "other"
    with pytest.raises(IntegrityError, match="gender_of_a_person"), transaction.atomic():
        actor.save()
    actor.gender = "female"
    actor.full_clean()
    actor.save()


def test_a_position_cannot_end_before_it_starts():
    position = Position(holder=make_actor(), title="Judge", start_date=d("2020-01-01"), end_date=d("2019-01-01"))
    with pytest.raises(ValidationError) as error:
        position.clean()
    assert "end_date" in error.value.message_dict
    with pytest.raises(IntegrityError, match="ends_after_start"), transaction.atomic():
        position.save()


def test_an_actor_cannot_have_the_same_alias_twice():
    actor = make_actor()
    Alias.objects.create(actor=actor, name="Same")
    with pytest.raises(IntegrityError), transaction.atomic():
        Alias.objects.create(actor=actor, name="Same")


def test_natural_keys_round_trip():
    actor = make_actor()
    alias = Alias.objects.create(actor=actor, name="Other name", kind=Alias.Kind.SPELLING)
    assert Actor.objects.get_by_natural_key(*actor.natural_key()) == actor
    assert Alias.objects.get_by_natural_key(*alias.natural_key()) == alias


def test_an_address_needs_a_line_and_is_kept_once_per_actor():
    actor = make_actor()
    with pytest.raises(IntegrityError, match="full_not_blank"), transaction.atomic():
        Address.objects.create(actor=actor, full="")
    Address.objects.create(actor=actor, full="Via Barberini 50, Rome, RM 00187, Italy")
    with pytest.raises(IntegrityError), transaction.atomic():
        Address.objects.create(actor=actor, full="Via Barberini 50, Rome, RM 00187, Italy")
    Address.objects.create(actor=make_actor(), full="Via Barberini 50, Rome, RM 00187, Italy")  # another actor's


def test_the_database_keeps_identity_documents_whole_and_once_per_actor():
    actor = make_actor()
    with pytest.raises(IntegrityError, match="number_not_blank"), transaction.atomic():
        IdentityDocument.objects.create(actor=actor, kind="passport", number="")
    with pytest.raises(IntegrityError, match="kind_valid"), transaction.atomic():
        IdentityDocument.objects.create(actor=actor, kind="visa", number="V1")
    with pytest.raises(IntegrityError, match="expires_after_issue"), transaction.atomic():
        IdentityDocument.objects.create(
            actor=actor,
            kind="passport",
            number="P1",
            issued_on=datetime.date(2020, 1, 2),
            expires_on=datetime.date(2020, 1, 1),
        )
    document = IdentityDocument.objects.create(actor=actor, kind="passport", number="P1", country=state("IR"))
    with pytest.raises(IntegrityError), transaction.atomic():
        IdentityDocument.objects.create(actor=actor, kind="passport", number="P1")
    IdentityDocument.objects.create(actor=actor, kind="national_id", number="P1")  # another kind's number
    IdentityDocument.objects.create(actor=make_actor(), kind="passport", number="P1")  # another actor's
    assert IdentityDocument.objects.get_by_natural_key(*document.natural_key()) == document
    assert str(document) == f"passport or travel document P1 (of {actor})"


def test_an_identity_documents_clean_names_the_field_at_fault():
    document = IdentityDocument(actor=make_actor(), kind="passport", number="  ")
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "number" in error.value.message_dict
    document.number = " A  123 "
    document.issued_on, document.expires_on = datetime.date(2020, 1, 2), datetime.date(2019, 1, 1)
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "expires_on" in error.value.message_dict and document.number == "A 123"


def test_an_address_given_in_parts_gets_its_line_and_an_empty_one_is_refused():
    address = Address(actor=make_actor(), street="Via Barberini 50", city="Rome", region="RM", postal_code="00187")
    address.country = state("IT")
    address.full_clean()
    assert address.full == "Via Barberini 50, Rome, RM 00187, Italy"
    with pytest.raises(ValidationError) as error:
        Address(actor=make_actor()).full_clean()
    assert "full" in error.value.message_dict


def test_an_edited_part_recomposes_the_line_unless_the_line_is_edited_too():
    address = Address(actor=make_actor(), street="Via Barberini 50", city="Rome", country=state("IT"))
    address.full_clean()
    address.save()
    address.street = "Via Veneto 1"
    address.full_clean()
    assert address.full == "Via Veneto 1, Rome, Italy"
    address.save()
    address.city, address.full = "Roma", "Via Veneto 1, 00187 Roma, Italia (as the source writes it)"
    address.full_clean()
    assert address.full == "Via Veneto 1, 00187 Roma, Italia (as the source writes it)"
    address.save()
    address.note = "previous address"  # not a part: the line stays as given
    address.full_clean()
    assert address.full == "Via Veneto 1, 00187 Roma, Italia (as the source writes it)"


def test_an_address_has_a_natural_key_and_edit_history():
    address = Address.objects.create(actor=make_actor(), full="Tehran, Iran", city="Tehran", country=state("IR"))
    assert Address.objects.get_by_natural_key(*address.natural_key()) == address
    assert address.history.get().history_type == "+"


@pytest.mark.parametrize(
    ("name", "script"),
    [
        ("Нетаньяху", "Cyrl"),
        ("בנימין נתניהו", "Hebr"),
        ("فهد بن خالد", "Arab"),
        ("金正恩", "Hani"),
        ("김정은", "Hang"),
        ("조선 朝鮮", "Kore"),
        ("トヨタ 自動車", "Jpan"),
        ("Σαντάμ", "Grek"),
        ("Nétanyahou", ""),  # Latin, accented
        ("Karim Khan", ""),
        ("Ахмад Ali", ""),  # two unrelated scripts: no single code
        ("1234", ""),
    ],
)
def test_a_names_script_is_read_off_its_letters(name, script):
    assert script_of(name) == script


def test_an_alias_saved_without_a_script_gets_the_script_of_its_letters():
    actor = make_actor(slug="n", name="Netanyahu")
    assert Alias.objects.create(actor=actor, name="Нетаньяху").script == "Cyrl"
    assert Alias.objects.get(name="Нетаньяху").script == "Cyrl", "stored, not only set"
    assert Alias.objects.create(actor=actor, name="Netanjahu").script == ""
    # One a curator gave is kept.
    assert Alias.objects.create(actor=actor, name="Нетаньягу", script="Latn").script == "Latn"
