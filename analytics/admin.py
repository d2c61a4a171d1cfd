"""The regional layer's admin: the programmes' yearly targets, kept by the platform's operators.

Facts are not here: they come from the extraction only, and editing one by hand would
put a figure in front of funders that no commune's data says.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from analytics.models import Target
from jisr.accounts.models import Role


def _is_operator(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff and getattr(user, "role", None) == Role.OPERATOR)


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["programme", "year", "indicator", "value", "note"]
    list_filter = ["programme", "year"]
    ordering = ["programme", "-year", "indicator"]

    # Targets are the operators' to set, whatever permissions another staff account was given.
    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_operator(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_operator(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_operator(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_operator(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_operator(request)
