from __future__ import annotations

from django.http import HttpRequest

from cases.permissions import Action, can


def permissions(request: HttpRequest) -> dict[str, object]:
    """`perms_can.edit_cases` and the like, for menus and buttons (the services still decide)."""
    user = getattr(request, "user", None)
    return {"perms_can": {action.value: can(user, action) for action in Action}}
