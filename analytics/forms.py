"""The regional views' filters: shapes at the edge."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analytics.selectors import Filters, Period
from cases.models import Case
from jisr.dates import month_label
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


# How many years back the month lists go (the values themselves may be older: typed in an address, kept).
YEARS_LISTED = 10


class MonthSelect(forms.Select):
    """A month as a list of months, newest first, named as the reader says them (« ماي 2026 », « mai 2026 »).

    Not the browser's `<input type="month">`: that one names months in the browser's language, not the
    page's (an Arabic page on a French browser said « mai », an Arabic browser « مايو », never « ماي »), and
    on phones it opens a calendar where a month is two taps away. The value sent stays YYYY-MM.
    """

    def format_value(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, date):
            return [value.strftime("%Y-%m")]
        return [str(value)] if value else []

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> Any:
        self.choices = month_choices(timezone.localdate(), also=value)
        return super().optgroups(name, value, attrs)


def month_choices(today: date, *, also: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(YYYY-MM, its name) from this month back to January YEARS_LISTED years ago, newest first, with the
    months of `also` (a value sent that is not among them) in their place."""
    newest = month_start(today)
    months = [months_before(newest, back) for back in range((YEARS_LISTED - 1) * 12 + newest.month)]
    for typed in also:
        try:
            month = date(int(typed[:4]), int(typed[5:7]), 1)
        except ValueError:
            continue
        if month not in months:
            months.append(month)
    return [(f"{month:%Y-%m}", month_label(month)) for month in sorted(months, reverse=True)]


class MonthField(forms.DateField):
    widget = MonthSelect
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
