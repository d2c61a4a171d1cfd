"""The regional layer's admin: the programmes' yearly targets, kept by the platform's operators.

Facts are not here: they come from the extraction only, and editing one by hand would
put a figure in front of funders that no commune's data says.
"""

from __future__ import annotations

from django.contrib import admin

from analytics.models import Target
from network.admin import OperatorsOnly


@admin.register(Target)
class TargetAdmin(OperatorsOnly, admin.ModelAdmin):
    """Targets are the operators' to set, whatever permissions another staff account was given."""

    list_display = ["programme", "year", "indicator", "value", "note"]
    list_filter = ["programme", "year"]
    ordering = ["programme", "-year", "indicator"]
