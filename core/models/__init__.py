from core.models.actors import Actor, Alias, Position
from core.models.addresses import Address
from core.models.base import DatePrecision, SourcedModel, date_order_message, edit_history
from core.models.documents import IdentityDocument
from core.models.screening import DataVersion, NameKey
from core.models.sources import Source
from core.models.states import State

__all__ = [
    "Actor",
    "Address",
    "Alias",
    "DataVersion",
    "DatePrecision",
    "IdentityDocument",
    "date_order_message",
    "NameKey",
    "Position",
    "Source",
    "SourcedModel",
    "State",
    "edit_history",
]
