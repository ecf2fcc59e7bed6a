"""Small factories for records the tests create; sequences keep unique fields unique and readable."""

import datetime
import itertools

from core.models import Actor, Source, State
from courts.models import Treaty, TreatyAction

_sequence = itertools.count(1)


def make_source(**fields):
    n = next(_sequence)
    defaults = {"key": f"test-source-{n}", "title": f"Test source {n}", "publisher": "Test publisher"}
    return Source.objects.create(**{**defaults, **fields})


def make_actor(*, sources=None, **fields):
    n = next(_sequence)
    defaults = {"slug": f"test-actor-{n}", "name": f"Test Actor {n}", "kind": Actor.Kind.PERSON}
    actor = Actor.objects.create(**{**defaults, **fields})
    actor.sources.set(sources or [make_source()])
    return actor


def make_address(*, actor=None, **fields):
    from core.models import Address

    n = next(_sequence)
    defaults = {"street": f"{n} Test Street", "city": "Geneva", "country": state("CH")}
    address = Address(actor=actor or make_actor(), **{**defaults, **fields})
    address.full_clean()  # composes the whole line from the parts
    address.save()
    return address


def make_identity_document(*, actor=None, **fields):
    from core.models import IdentityDocument

    n = next(_sequence)
    defaults = {"kind": "passport", "type_as_written": "Passport", "number": f"T{n:07d}", "country": state("CH")}
    document = IdentityDocument(actor=actor or make_actor(), **{**defaults, **fields})
    document.full_clean()
    document.save()
    return document


def make_treaty(**fields):
    n = next(_sequence)
    treaty = Treaty.objects.create(**{"slug": f"test-treaty-{n}", "title": f"Test Treaty {n}", **fields})
    treaty.sources.set([make_source()])
    return treaty


def make_treaty_action(*, treaty, state, action_type, date=None, effective_date=None, **fields):
    action = TreatyAction.objects.create(
        treaty=treaty, state=state, action_type=action_type, date=date, effective_date=effective_date, **fields
    )
    action.sources.set([make_source()])
    return action


def state(code):
    return State.objects.get(code=code)


def d(text):
    return datetime.date.fromisoformat(text)


def make_court(**fields):
    from courts.models import Court

    n = next(_sequence)
    court = Court.objects.create(
        **{
            "slug": f"test-court-{n}",
            "name": f"Test Court {n}",
            "kind": "international",
            "seat_city": "Geneva",
            "seat_state": state("CH"),
            **fields,
        }
    )
    court.sources.set([make_source()])
    return court


def make_bill(**fields):
    from sanctions.models import Bill, BillAction

    n = next(_sequence)
    bill = Bill.objects.create(
        **{
            "legislature": state("US"),
            "congress": 118,
            "bill_type": "s",
            "number": 1000 + n,
            "title": f"Bill {n}",
            **fields,
        }
    )
    bill.sources.set([make_source()])
    action = BillAction.objects.create(bill=bill, chamber="senate", action_type="introduced", date=d("2024-01-01"))
    action.sources.set([make_source()])
    return bill


def make_program(**fields):
    from sanctions.models import SanctionProgram

    n = next(_sequence)
    program = SanctionProgram.objects.create(
        **{"code": f"TEST-{n}", "name": f"Program {n}", "authority": "Test", **fields}
    )
    program.sources.set([make_source()])
    return program


def make_referral(**fields):
    from courts.models import Court, Referral

    n = next(_sequence)
    referral = Referral.objects.create(
        **{
            "court": Court.objects.get(slug="icc"),
            "referred_by": "security_council",
            "situation": f"Situation {n}",
            "territory": state("SY"),
            "date": d("2030-01-01") + datetime.timedelta(days=n),
            "period_start": d("2029-01-01"),
            **fields,
        }
    )
    referral.sources.set([make_source()])
    return referral


def populate_sparse_tables(count=3):
    """Give the tables the fixtures fill with one or two records (treaties, courts, bills, programs) or none
    (addresses, identity documents) a few more."""
    for _ in range(count):
        make_address()
        make_identity_document()
        make_treaty()
        make_court()
        make_bill()
        make_program()
        make_referral()
