"""Writes on sanctions records that take more than one step."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from sanctions.models import Designation


@dataclass
class DelistingResult:
    delisted: list = field(default_factory=list)
    already_delisted: list = field(default_factory=list)


@transaction.atomic
def designations_delist(*, designations, delisted_on, source):
    """Mark ``designations`` delisted on ``delisted_on``, citing ``source``; all of them or none.

    A designation already delisted keeps its date and is reported in ``already_delisted``: a bulk
    action must not overwrite a date a curator recorded. Each one is validated (``full_clean``) and
    saved on its own, so that signals and history see an ordinary save.
    """
    result = DelistingResult()
    errors = []
    for designation in designations.select_related("actor", "program").order_by("pk"):
        if designation.delisted_on is not None:
            result.already_delisted.append(designation)
            continue
        designation.delisted_on = delisted_on
        try:
            designation.full_clean(exclude=["sources"], validate_unique=False)
        except ValidationError as error:
            for message in error.message_dict.get("delisted_on", error.messages):
                errors.append(f"{designation}: {message}")
            continue
        result.delisted.append(designation)
    if errors:
        raise ValidationError(errors)
    # The source first: each save's history row then holds it among the designation's sources.
    Designation.sources.through.objects.bulk_create(
        [Designation.sources.through(designation_id=d.pk, source_id=source.pk) for d in result.delisted],
        ignore_conflicts=True,
    )
    for designation in result.delisted:
        designation.save(update_fields=["delisted_on"])
    return result
