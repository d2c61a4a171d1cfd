"""The one place where the office's domain errors become HTTP answers.

- `CaseError` (a ValidationError)       → 400, `{"field": ["message"]}`, or `{"detail": "..."}`
  when no field is at fault;
- `Conflict`                             → 409, `{"detail": "..."}`;
- `NotAllowed` / `PermissionDenied`      → 403, `{"detail": "..."}`;
- `ObjectDoesNotExist` / `Http404`       → 404, `{"detail": "..."}`;
- everything DRF knows (bad JSON, unauthenticated, throttled, ...) as DRF answers it.

Set as `REST_FRAMEWORK["EXCEPTION_HANDLER"]`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from cases.errors import CaseError, Conflict


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Conflict):
        set_rollback()
        return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        set_rollback()
        return Response(validation_errors(exc), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ObjectDoesNotExist):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


def validation_errors(error: DjangoValidationError) -> dict[str, Any]:
    """`{"field": ["message", ...], "detail": "..."}` from a Django ValidationError."""
    if not hasattr(error, "error_dict"):
        return {"detail": " ".join(error.messages)}
    data: dict[str, Any] = {}
    for field, messages in error.message_dict.items():
        if field == NON_FIELD_ERRORS:
            data["detail"] = " ".join(messages)
        else:
            data[field] = messages
    return data


@contextmanager
def fields_renamed(mapping: Mapping[str, str]) -> Iterator[None]:
    """A service names a field one way, the API another (e.g. `status` → `to_status`):
    the errors are reported under the API's name."""
    try:
        yield
    except Conflict:
        raise
    except CaseError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise CaseError(
            {mapping.get(field, field): messages for field, messages in error.message_dict.items()}
        ) from error
