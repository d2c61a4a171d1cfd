"""The indicators funders follow, defined in code: a formula is code, not data.

Each indicator has a stable code in the platform's namespace ("JSR-01"), which
exports and yearly targets (analytics.models.Target) carry, and a slug the code
uses. Its definition is one sentence saying what the formula counts over the
facts; the formula itself is in analytics.funding, next to the figures it reads.
A code is never reused for another formula: a changed formula gets a new code,
so that last year's targets and exports keep their meaning.

Shares are in percent (0 to 100) everywhere: actual values, targets and exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Unit = Literal["count", "share", "days", "score"]
Dimension = Literal["sex", "age_band", "country_group"]

DIMENSIONS: dict[str, Promise] = {
    "sex": _("sex"),
    "age_band": _("age band"),
    "country_group": _("country of residence"),
}
UNITS: dict[str, Promise] = {
    "count": _("count"),
    "share": _("percent"),
    "days": _("days"),
    "score": _("score out of 5"),
}
# The largest value a target may have, by unit (None: no upper bound).
UPPER_BOUNDS: dict[str, int | None] = {"count": None, "share": 100, "days": None, "score": 5}


@dataclass(frozen=True)
class Indicator:
    code: str
    slug: str
    label: Promise
    definition: Promise
    unit: Unit
    disaggregations: tuple[Dimension, ...] = ()
    higher_is_better: bool = True

    @property
    def unit_label(self) -> Promise:
        return UNITS[self.unit]


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        code="JSR-01",
        slug="received",
        label=_("Cases received"),
        definition=_("Number of cases opened in the year by the programme's offices."),
        unit="count",
        disaggregations=("sex", "age_band", "country_group"),
    ),
    Indicator(
        code="JSR-02",
        slug="answered_share",
        label=_("Cases answered"),
        definition=_("Cases answered ÷ cases received, over the cases opened in the year."),
        unit="share",
    ),
    Indicator(
        code="JSR-03",
        slug="answered_in_time_share",
        label=_("Cases answered in time"),
        definition=_("Cases answered by their due date ÷ cases answered, over the cases opened in the year."),
        unit="share",
    ),
    Indicator(
        code="JSR-04",
        slug="median_days_to_answer",
        label=_("Median days to answer"),
        definition=_("Median of the days from opening to answer, over the cases opened in the year and answered."),
        unit="days",
        higher_is_better=False,
    ),
    Indicator(
        code="JSR-05",
        slug="referrals_sent",
        label=_("Referrals sent"),
        definition=_("Number of referrals the offices sent to external services in the year."),
        unit="count",
    ),
    Indicator(
        code="JSR-06",
        slug="referrals_answered_share",
        label=_("Referrals answered"),
        definition=_("Referrals the service answered ÷ referrals sent, over the referrals sent in the year."),
        unit="share",
    ),
    Indicator(
        code="JSR-07",
        slug="women_share",
        label=_("Women among the people received"),
        definition=_("Cases brought by a woman ÷ cases received, over the cases opened in the year."),
        unit="share",
    ),
    Indicator(
        code="JSR-08",
        slug="satisfaction_mean",
        label=_("Satisfaction"),
        definition=_("Mean score (1 to 5) of the satisfaction surveys answered in the year."),
        unit="score",
    ),
    Indicator(
        code="JSR-09",
        slug="active_communes",
        label=_("Active offices"),
        definition=_("Member communes whose office opened at least one case in the year."),
        unit="count",
    ),
)

BY_CODE: dict[str, Indicator] = {indicator.code: indicator for indicator in INDICATORS}
BY_SLUG: dict[str, Indicator] = {indicator.slug: indicator for indicator in INDICATORS}


def choices() -> list[tuple[str, Promise]]:
    """For the targets' indicator field: the code stored, the label shown (in the reader's language)."""
    return [(indicator.code, indicator.label) for indicator in INDICATORS]
