"""The regional views' filters: shapes at the edge."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analytics.selectors import Filters, Period
from cases.models import Case
from network.models import Network

MAX_MONTHS = 36


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_before(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 - count
    return date(index // 12, index % 12 + 1, 1)


def default_period(today: date) -> tuple[date, date]:
    """The last twelve months, this one included."""
    last = month_start(today)
    return months_before(last, 11), last


class MonthInput(forms.DateInput):
    input_type = "month"

    def format_value(self, value: Any) -> str | None:
        return value.strftime("%Y-%m") if isinstance(value, date) else value


class MonthField(forms.DateField):
    widget = MonthInput
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def to_python(self, value: Any) -> date | None:
        day = super().to_python(value)
        return month_start(day) if day else None


class PeriodForm(forms.Form):
    """A span of months, the last twelve by default, at most MAX_MONTHS."""

    first = MonthField(label=_("From"), required=False)
    last = MonthField(label=_("To"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        last = data.get("last") or default_period(timezone.localdate())[1]
        first = data.get("first") or months_before(last, 11)
        if first > last:
            self.add_error("first", _("The first month comes before the last one."))
        elif (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
            self.add_error("first", _("At most %(n)s months at a time.") % {"n": MAX_MONTHS})
        data["first"], data["last"] = first, last
        return data

    def period(self) -> Period:
        return Period(first=self.cleaned_data["first"], last=self.cleaned_data["last"])


# What communes can be ranked by, and whether more is better (fewer days to answer is).
RANKINGS: dict[str, tuple[Any, bool]] = {
    "received": (_("Cases received"), True),
    "answered_share": (_("Share answered"), True),
    "median_days": (_("Median days to answer"), False),
    "referred": (_("Referrals"), True),
    "referrals_answered_share": (_("Referrals answered"), True),
    "women_share": (_("Women"), True),
    "satisfaction": (_("Satisfaction"), True),
}


class CompareForm(PeriodForm):
    network = forms.ModelChoiceField(
        label=_("Network"), queryset=Network.objects.none(), required=False, empty_label=_("All my networks")
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *Case.Channel.choices]
    )
    rank = forms.ChoiceField(
        label=_("Rank by"),
        required=False,
        choices=[("", _("Name")), *((key, label) for key, (label, _better) in RANKINGS.items())],
    )
    field_order = ["network", "first", "last", "category", "channel", "rank"]

    def __init__(self, *args: Any, networks: Any, categories: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        network = self.fields["network"]
        assert isinstance(network, forms.ModelChoiceField)
        network.queryset = networks
        network.to_field_name = "code"
        category = self.fields["category"]
        assert isinstance(category, forms.ChoiceField)
        category.choices = [("", _("All categories")), *categories]

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(period=self.period(), category=data.get("category") or "", channel=data.get("channel") or "")
