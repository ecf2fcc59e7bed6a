from sanctions.models.imports import ListImport
from sanctions.models.instruments import InstrumentRelation, LegalInstrument
from sanctions.models.legislation import Bill, BillAction
from sanctions.models.measures import Measure
from sanctions.models.programs import Designation, SanctionProgram, SanctionTarget

__all__ = [
    "Bill",
    "BillAction",
    "Designation",
    "InstrumentRelation",
    "LegalInstrument",
    "ListImport",
    "Measure",
    "SanctionProgram",
    "SanctionTarget",
]
