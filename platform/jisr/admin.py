"""The platform's own admin pages, for its operators: the announced dates of the lunar holidays.

An operator enters the date of Eid al-Fitr, Eid al-Adha, 1 Muharram or the Mawlid once it is
announced; it replaces python-holidays' estimate in every commune's deadlines at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr import holidays
from jisr.models import LunarHolidayDate
from network.admin import OperatorsOnly


def _estimates_text(today: date) -> str:
    """python-holidays' estimated lunar dates of this year and the next, as a reminder in the form."""
    return " · ".join(
        f"{LunarHolidayDate.Kind(estimate.kind).label} {estimate.first_day:%d/%m/%Y}"
        for year in (today.year, today.year + 1)
        for estimate in holidays.lunar_dates(year)
    )


@admin.register(LunarHolidayDate)
class LunarHolidayDateAdmin(OperatorsOnly, admin.ModelAdmin):
    list_display = ["kind", "first_day_shown", "days", "estimate", "source", "confirmed_by", "confirmed_at"]
    list_filter = ["kind"]
    date_hierarchy = "first_day"
    fields = ["kind", "first_day", "days", "source", "confirmed_by", "confirmed_at"]
    readonly_fields = ["confirmed_by", "confirmed_at"]

    @admin.display(description=_("first day"), ordering="first_day")
    def first_day_shown(self, announced: LunarHolidayDate) -> str:
        return f"{announced.first_day:%d/%m/%Y}"

    @admin.display(description=_("python-holidays' estimate"))
    def estimate(self, announced: LunarHolidayDate) -> str:
        estimate = holidays.estimate_near(announced.kind, announced.first_day)
        return f"{estimate.first_day:%d/%m/%Y}" if estimate else "-"

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form: type[forms.ModelForm[LunarHolidayDate]] = super().get_form(request, obj, change=change, **kwargs)
        first_day = form.base_fields.get("first_day")
        if first_day is not None:
            first_day.help_text = _("Estimated by python-holidays: %(dates)s") % {
                "dates": _estimates_text(timezone.localdate())
            }
        return form

    def save_model(self, request: HttpRequest, obj: LunarHolidayDate, form: Any, change: bool) -> None:
        obj.confirmed_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
