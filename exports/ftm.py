"""FollowTheMoney entities built from our records, so that yente, Aleph or nomenklatura can load them.

Each actor becomes a Person or an Organization; each of its designations a Sanction; each office it held
a Position and an Occupancy joining the two; each of its addresses an Address (``addressEntity``); each of its
identity documents a Passport or an Identification (``holder``), its number also on the actor (``passportNumber``,
``idNumber``, ``taxNumber``, ``registrationNumber``) where the actor's schema has the property.
Entities are made with the ``followthemoney`` library: a property the schema does not know raises. The
library drops a value it cannot clean (a bad date) without a word, so ``validate`` re-reads an entity and
fails when any value was lost; the tests run it on every exported entity.
The functions read model instances through their relations only (callers prefetch ``ACTOR_PREFETCH``),
so this module imports no app models and any app may use it.
"""

import hashlib
import json
import re

from django.utils.text import slugify
from followthemoney import model, registry
from followthemoney.exc import InvalidData

# What ``actor_entities`` reads, to be passed to ``prefetch_related`` so that rows cost no extra queries.
ACTOR_PREFETCH = (
    "nationalities",
    "aliases",
    "addresses__country",
    "documents__country",
    "sources",
    "positions__state",
    "positions__sources",
    "designations__program__jurisdiction",
    "designations__measures",
    "designations__sources",
)
DESIGNATION_PREFETCH = ("measures", "sources", "program__jurisdiction", "actor__nationalities", "actor__aliases")

SCHEMA_OF_KIND = {"person": "Person", "organisation": "Organization"}
ID_PREFIX = "sjdb"  # every entity id starts with it, so that our ids never collide with another dataset's
# FtM's identifiers hold no more than this: a longer "number" is text, not a number to match on, and its document
# is left out of the entities (the CSV and JSON Lines exports keep it).
NUMBER_LENGTH = registry.identifier.max_length
# The actor's property for the number of a document of each kind, when the actor's schema has it (only a Person
# has ``passportNumber``); a document of another kind is an Identification entity only.
NUMBER_PROPERTY = {
    "passport": "passportNumber",
    "national_id": "idNumber",
    "tax_id": "taxNumber",
    "registration": "registrationNumber",
}


def actor_id(actor):
    return f"{ID_PREFIX}-actor-{actor.slug}"


def designation_id(designation):
    actor, program, listed_on = designation.natural_key()
    return f"{ID_PREFIX}-sanction-{actor}-{program}-{listed_on}"


def _entity(schema, entity_id, **properties):
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, values in properties.items():
        for value in values if isinstance(values, list | tuple) else [values]:
            value = str(value).strip() if value is not None else ""
            if value:
                # quiet=False: an unknown property is a bug here, not something to drop silently.
                proxy.add(prop, value, quiet=False)
    return proxy


def _source_urls(record):
    return [source.url for source in record.sources.all() if source.url]


def _date(value, precision="day"):
    """FtM dates are ISO prefixes: '1970', '1970-05' or '1970-05-12', as much as is known."""
    if value is None:
        return None
    return value.isoformat()[: {"year": 4, "month": 7}.get(precision, 10)]


def actor_entity(actor, *, sanctioned):
    """The Person or Organization itself."""
    schema = SCHEMA_OF_KIND[actor.kind]
    countries = [state.code.lower() for state in actor.nationalities.all()]
    born = _date(actor.birth_date, actor.birth_date_precision)
    properties = {
        "name": actor.name,
        "alias": [alias.name for alias in actor.aliases.all()],
        "notes": actor.description,
        "topics": ["sanction"] if sanctioned else [],
    }
    if schema == "Person":
        properties |= {
            "nationality": countries,
            "birthDate": born,
            "birthPlace": actor.birth_place.split(";"),
            "gender": [actor.gender],
        }
    else:
        properties |= {"country": countries, "incorporationDate": born}
    return _entity(schema, actor_id(actor), **properties)


def actor_entities(actor):
    """The actor, then its addresses, its documents, its sanctions, its positions and occupancies."""
    designations = list(actor.designations.all())
    entity = actor_entity(actor, sanctioned=bool(designations))
    entity.add("sourceUrl", _source_urls(actor), quiet=False)
    addresses = [address_entity(address) for address in actor.addresses.all()]
    entity.add("addressEntity", [address.id for address in addresses], quiet=False)
    entity.add("address", [address.first("full") for address in addresses], quiet=False)
    documents = [document for document in actor.documents.all() if len(document.number) <= NUMBER_LENGTH]
    for document in documents:
        prop = NUMBER_PROPERTY.get(document.kind)
        if prop and entity.schema.get(prop):
            entity.add(prop, document.number, quiet=False)
    yield entity
    yield from addresses
    for document in documents:
        yield document_entity(document, holder_id=entity.id)
    for designation in designations:
        yield sanction_entity(designation, entity_id=entity.id)
    for position in actor.positions.all():
        yield from position_entities(position, holder_id=entity.id)


def designation_entities(designation):
    """The listed actor (a fragment: its other designations are not read) and the Sanction."""
    yield actor_entity(designation.actor, sanctioned=True)
    yield sanction_entity(designation)


def sanction_entity(designation, entity_id=None):
    program = designation.program
    return _entity(
        "Sanction",
        designation_id(designation),
        entity=entity_id or actor_id(designation.actor),
        authority=program.authority,
        program=program.name,
        programId=program.code,
        country=program.jurisdiction.code.lower() if program.jurisdiction else None,
        listingDate=designation.listed_on.isoformat(),
        startDate=(designation.effective_on or designation.listed_on).isoformat(),
        endDate=_date(designation.delisted_on),
        reason=designation.basis,
        provisions=[measure.name for measure in designation.measures.all()],
        unscId=designation.reference if program.code.startswith("UN-") else None,
        sourceUrl=_source_urls(designation),
    )


def address_id(address):
    """Made from the address itself, not the actor: an address several actors share is one entity."""
    parts = (address.full, address.street, address.city, address.postal_code, address.region)
    digest = hashlib.sha1("\x1f".join((*parts, address.country.code if address.country else "")).encode())
    return f"{ID_PREFIX}-address-{digest.hexdigest()[:20]}"


def address_entity(address):
    return _entity(
        "Address",
        address_id(address),
        full=address.full,
        street=address.street,
        city=address.city,
        postalCode=address.postal_code,
        region=address.region,
        country=address.country.code.lower() if address.country else None,
    )


def document_id(document, holder_id):
    """E.g. 'sjdb-document-karim-khan-passport-AD001095': the holder, the kind and the number, unique as the three
    are. A number with characters an id cannot hold (or a long one) is cut to what it can, and a digest of the
    number as written follows, so that '12/345' and '12 345' stay two ids."""
    number = re.sub(r"[^0-9A-Za-z]+", "-", document.number).strip("-")
    if number != document.number or len(number) > 40:
        digest = hashlib.sha1(document.number.encode()).hexdigest()[:10]
        number = f"{number[:40].strip('-')}-{digest}".lstrip("-")
    holder = holder_id.removeprefix(ID_PREFIX + "-actor-")
    return f"{ID_PREFIX}-document-{holder}-{document.kind.replace('_', '-')}-{number}"


def document_entity(document, holder_id):
    """A Passport for a passport, an Identification for any other document."""
    return _entity(
        "Passport" if document.kind == "passport" else "Identification",
        document_id(document, holder_id),
        holder=holder_id,
        number=document.number,
        type=document.type_as_written or document.get_kind_display(),
        country=document.country.code.lower() if document.country else None,
        startDate=_date(document.issued_on),
        endDate=_date(document.expires_on),
        summary=document.note,
    )


def position_entities(position, holder_id):
    post_id = f"{ID_PREFIX}-position-{_slug(position.title)}"
    post = _entity(
        "Position",
        post_id,
        name=position.title,
        organization=position.institution,
        country=position.state.code.lower() if position.state else None,
    )
    occupancy = _entity(
        "Occupancy",
        f"{ID_PREFIX}-occupancy-{holder_id.removeprefix(ID_PREFIX + '-actor-')}-{post_id.rsplit('-position-')[1]}"
        f"-{position.start_date.isoformat()}",
        holder=holder_id,
        post=post_id,
        startDate=_date(position.start_date, position.start_date_precision),
        endDate=_date(position.end_date, position.end_date_precision),
        sourceUrl=_source_urls(position),
    )
    return [post, occupancy]


def _slug(text):
    return slugify(text)[:80] or "untitled"


def validate(data):
    """Check one serialised entity against its schema as the library reads it: a known schema, an id, only
    known properties, every value valid for its type, the required properties present. Raises ``InvalidData``."""
    schema = model.get(data.get("schema") or "")
    if schema is None:
        raise InvalidData(f"unknown schema {data.get('schema')!r}")
    properties = data.get("properties", {})
    unknown = sorted(set(properties) - set(schema.properties))
    missing = [name for name in schema.required if not properties.get(name)]
    if not data.get("id") or unknown or missing:
        raise InvalidData(f"{schema.name} {data.get('id')!r}: unknown {unknown}, missing {missing}")
    schema.validate(data)
    proxy = model.get_proxy(data, cleaned=False)
    for name, values in properties.items():
        if len(proxy.get(name)) != len(set(values)):
            raise InvalidData(f"{proxy.id}: {name} has values the schema rejects: {values}")
    return proxy


SHARED_SCHEMAS = ("Position", "Address")


def json_lines(entities):
    """Entities as JSON lines. A post held by several people (or several times), or an address several actors
    share, is written once."""
    shared = set()
    for entity in entities:
        if entity.schema.name in SHARED_SCHEMAS:
            if entity.id in shared:
                continue
            shared.add(entity.id)
        yield json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
