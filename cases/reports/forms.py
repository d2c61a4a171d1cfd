"""The period of a report someone asks for."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.forms import DateInput
from cases.forms.office import DateRangeForm


class ReportForm(DateRangeForm):
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors:
            from cases.reports.services import LONGEST_DAYS

            if (data["date_to"] - data["date_from"]).days + 1 > LONGEST_DAYS:
                self.add_error("date_to", _("A report covers at most five years."))
        return data

    def period(self) -> tuple[date, date]:
        return self.cleaned_data["date_from"], self.cleaned_data["date_to"]
