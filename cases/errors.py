"""The office workspace's domain error, and how it reaches people.

Services raise `CaseError` (a ValidationError: with a field → message dict
when a field is at fault) and `cases.permissions.NotAllowed`; views show the
messages next to the fields, the API turns them into 400/403/404/409
(cases.api.exceptions.exception_handler), in one place.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class CaseError(ValidationError):
    """The office cannot do this with this data."""


class Conflict(CaseError):
    """The data changed in a way that forbids this now (e.g. a transition from a status the case left)."""
