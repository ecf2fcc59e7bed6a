"""Error responses: every failure a client can cause is a 4xx with a JSON body, never a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class PreconditionFailed(APIException):
    """412: the record changed since the client read it; the response carries its current ETag."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = (
        "The record changed since you read it (If-Match does not match its current ETag). "
        "Read it again, re-apply your change, and send the new ETag."
    )
    default_code = "precondition_failed"

    def __init__(self, etag):
        super().__init__()
        self.etag = etag


def validation_detail(error):
    """A Django ValidationError as a DRF error body keyed by field (``__all__`` as ``non_field_errors``)."""
    if hasattr(error, "error_dict"):
        return {("non_field_errors" if key == "__all__" else key): value for key, value in error.message_dict.items()}
    return {"non_field_errors": error.messages}


def exception_handler(exc, context):
    if isinstance(exc, ProtectedError | RestrictedError):
        blocking = sorted({f"{obj._meta.label}: {obj}" for obj in list(exc.args[1])[:10]})
        return Response(
            {
                "detail": "This record is referred to by others; delete or change those first.",
                "referenced_by": blocking,
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DataError):  # a value the database cannot store or compare (e.g. NUL in PostgreSQL text)
        return Response({"detail": f"The database refused a value: {exc}"}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        return Response(
            {"detail": f"The change conflicts with a database rule: {exc}"}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, DjangoValidationError):
        return Response(validation_detail(exc), status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if isinstance(exc, PreconditionFailed):
        response["ETag"] = exc.etag
    return response
