"""The public portal's reads: the office's page, and the satisfaction figure for the office's dashboard."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote_plus

from django.db.models import Avg, Count, QuerySet

from cases.portal.models import Survey
from tenants.models import Commune


@dataclass(frozen=True)
class Satisfaction:
    mean: float | None
    count: int


def satisfaction() -> Satisfaction:
    """The answered surveys of the office's portal requests: mean score (1-5) and how many."""
    figures = Survey.objects.filter(answered_at__isnull=False).aggregate(mean=Avg("score"), count=Count("id"))
    mean = figures["mean"]
    return Satisfaction(mean=float(mean) if mean is not None else None, count=figures["count"])


@dataclass(frozen=True)
class SurveyFigures:
    invited: int
    answered: int
    mean: float | None
    by_score: list[tuple[int, int]]  # (score 1-5, answers), every score present

    @property
    def response_rate(self) -> float | None:
        return self.answered / self.invited if self.invited else None


def survey_figures() -> SurveyFigures:
    """The dashboard's satisfaction figure, with how many were invited and the answers by score."""
    overall = satisfaction()
    answered = Survey.objects.filter(answered_at__isnull=False)
    counts = dict(answered.values_list("score").annotate(n=Count("id")).values_list("score", "n"))
    return SurveyFigures(
        invited=Survey.objects.count(),
        answered=overall.count,
        mean=overall.mean,
        by_score=[(score, counts.get(score, 0)) for score in range(1, 6)],
    )


def survey_answers(*, score: int | None = None, with_comment: bool = False) -> QuerySet[Survey]:
    """What people answered, the latest first; no personal data beyond the case it is about."""
    answers = Survey.objects.filter(answered_at__isnull=False).select_related("case", "case__category")
    if score is not None:
        answers = answers.filter(score=score)
    if with_comment:
        answers = answers.exclude(comment="")
    return answers.order_by("-answered_at", "-pk")


@dataclass(frozen=True)
class Office:
    name_ar: str
    name_fr: str
    name_tzm: str
    office_name: str
    address: str
    opening_hours: str
    phone: str
    whatsapp_url: str
    email: str
    map_url: str


def office(commune: Commune) -> Office:
    """The office as its public page shows it, its texts in the page's language (else another one)."""
    whatsapp_digits = "".join(char for char in commune.whatsapp if char.isdigit())
    map_url = commune.map_url
    place = commune.office_text("address", "fr")  # a map search reads the French address best
    if not map_url and place:
        map_url = "https://www.openstreetmap.org/search?query=" + quote_plus(f"{place}, {commune.name_fr}")
    return Office(
        name_ar=commune.name_ar,
        name_fr=commune.name_fr,
        name_tzm=commune.name_tzm,
        office_name=commune.office_name,
        address=commune.address,
        opening_hours=commune.opening_hours,
        phone=commune.phone.replace(" ", ""),
        whatsapp_url=f"https://wa.me/{whatsapp_digits}" if whatsapp_digits else "",
        email=commune.email,
        map_url=map_url,
    )


def duty_now() -> object | None:
    """The duty times now and next, from the guide app (cases.guide) if it offers them; None if not (yet).

    Expected shape: `.current` and `.upcoming`, lists of slots with day, starts_at, ends_at, kind_labels.
    """
    try:
        from cases.guide.selectors import duty_now as guide_duty_now
    except (ImportError, AttributeError):
        return None
    return guide_duty_now()
