"""Open data: each network's facts, published by the cell key method, as one long ("tidy") table anybody may
download.

One line per (commune, month, theme, dimension, value) with its count: cases received and whether they
were answered (theme `cases`), the same cases by who brought them: sex, generation, group of countries
(`people`), referrals sent and what came of them (`referrals`). Each theme also has the line
`all`/`all`: its total for the month.

Every count is a month's cell, published from its own key (analytics.disclosure): the same records give the
same number here, in every network's file, on the comparison page for that month and in its trend line, so
setting this file beside the comparison adds nothing. A theme's monthly total is the same cell whatever the
dimension it is split by; it is a cell of its own, so the values of a split need not add up to it exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics import disclosure
from analytics.dimensions import COUNTRY_GROUPS
from analytics.disclosure import Keyed
from analytics.exports import COMMAS, CsvForm, csv_bytes
from analytics.forms import MAX_MONTHS, months_before
from analytics.models import CaseFact, Extraction, PeopleFact, ReferralFact
from cases.models import Person, Referral
from network import selectors as network_selectors
from network.models import Network
from tenants.models import Commune

CACHE_SECONDS = 600
ALL = "all"
UNKNOWN = "unknown"  # facts say "" for a value nobody recorded; a file needs a word for it
COLUMNS = (
    "commune",
    "commune_name_fr",
    "commune_name_ar",
    "month",
    "theme",
    "dimension",
    "value",
    "count",
)

# theme → dimension → its values in the facts' codes ("" = not known), in the file's order.
THEMES: dict[str, dict[str, tuple[str, ...]]] = {
    "cases": {"answered": ("yes", "no")},
    "people": {
        "sex": (*Person.Sex.values, ""),
        "generation": (*Person.Generation.values, ""),
        "country_group": tuple(COUNTRY_GROUPS),
    },
    "referrals": {"outcome": tuple(Referral.Outcome.values)},
}
THEME_NAMES = {
    "cases": gettext_lazy("Cases received in the month (opened)"),
    "people": gettext_lazy("The same cases, by who brought them"),
    "referrals": gettext_lazy("Referrals sent to a service in the month"),
}
DIMENSION_NAMES = {
    ALL: gettext_lazy("Every case (or referral) of the theme: the monthly total"),
    "answered": gettext_lazy("Whether the case has been answered (so far)"),
    "sex": gettext_lazy("Sex of the person"),
    "generation": gettext_lazy("Generation of the person's emigration"),
    "country_group": gettext_lazy("Country of residence, grouped"),
    "outcome": gettext_lazy("What came of the referral (so far)"),
}


@dataclass(frozen=True)
class OpenRow:
    commune: str
    commune_name_fr: str
    commune_name_ar: str
    month: str
    theme: str
    dimension: str
    value: str
    count: int

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def value_code(value: str) -> str:
    return value or UNKNOWN


def months_published(communes: Sequence[Commune]) -> list[date]:
    """The 36 months up to the last one with facts (none without facts)."""
    latest = [
        model.objects.filter(commune__in=communes).aggregate(m=Max("month"))["m"]
        for model in (CaseFact, PeopleFact, ReferralFact)
    ]
    last = max((month for month in latest if month is not None), default=None)
    if last is None:
        return []
    return [months_before(last, back) for back in range(MAX_MONTHS - 1, -1, -1)]


# (commune id, theme, dimension) → {(month, value): keyed count}
_Counts = dict[tuple[int, str, str], dict[tuple[date, str], Keyed]]


def _counts(communes: Sequence[Commune], months: Sequence[date]) -> _Counts:
    counts: _Counts = defaultdict(lambda: defaultdict(Keyed))
    if not months:
        return counts

    def facts(model: type) -> QuerySet:
        return model.objects.filter(  # type: ignore[attr-defined]
            commune__in=communes, month__gte=months[0], month__lte=months[-1]
        )

    for row in (
        facts(CaseFact)
        .values("commune_id", "month")
        .annotate(n=Sum("count"), key=Sum("key_sum"), answered=Sum("answered"), answered_key=Sum("answered_key_sum"))
        .order_by()
    ):
        cell = counts[row["commune_id"], "cases", "answered"]
        received, answered = Keyed.of_sums(row["n"], row["key"]), Keyed.of_sums(row["answered"], row["answered_key"])
        cell[row["month"], "yes"] += answered
        cell[row["month"], "no"] += received - answered
    for dimension in THEMES["people"]:
        for commune_id, month, value, n, key in (
            facts(PeopleFact).values_list("commune_id", "month", dimension).annotate(n=Sum("count"), k=Sum("key_sum"))
        ).order_by():
            counts[commune_id, "people", dimension][month, value] += Keyed.of_sums(n, key)
    for commune_id, month, value, n, key in (
        facts(ReferralFact).values_list("commune_id", "month", "outcome").annotate(n=Sum("count"), k=Sum("key_sum"))
    ).order_by():
        counts[commune_id, "referrals", "outcome"][month, value] += Keyed.of_sums(n, key)
    return counts


def _commune_rows(commune: Commune, months: Sequence[date], counts: _Counts) -> list[OpenRow]:
    def row(month: date, theme: str, dimension: str, value: str, keyed: Keyed) -> OpenRow:
        return OpenRow(
            commune=commune.slug or "",
            commune_name_fr=commune.name_fr,
            commune_name_ar=commune.name_ar,
            month=f"{month:%Y-%m}",
            theme=theme,
            dimension=dimension,
            value=value,
            count=disclosure.publish(keyed),
        )

    rows: list[OpenRow] = []
    for theme, dimensions in THEMES.items():
        for month in months:
            # The theme's records of the month, whatever the split: the first dimension's values add up to them.
            first = counts[commune.pk, theme, next(iter(dimensions))]
            whole = disclosure.total(keyed for (at, _value), keyed in first.items() if at == month)
            rows.append(row(month, theme, ALL, ALL, whole))
            for dimension, values in dimensions.items():
                cells = counts[commune.pk, theme, dimension]
                rows.extend(
                    row(month, theme, dimension, value_code(str(value)), cells.get((month, value), disclosure.ZERO))
                    for value in values
                )
    return rows


def build(network: Network) -> list[OpenRow]:
    """The network's open-data lines: its member communes today, the last 36 months with facts."""
    communes = list(network_selectors.members_of(network).order_by("name_fr"))
    months = months_published(communes)
    counts = _counts(communes, months)
    for (_commune, theme, dimension), counted in counts.items():
        known = THEMES[theme][dimension]
        if "" not in known:
            continue
        # A code the file does not list (a value added to the facts later) counts as not known.
        for month, value in [key for key in counted if key[1] not in known]:
            counted[month, ""] = counted.get((month, ""), disclosure.ZERO) + counted.pop((month, value))
    return [row for commune in communes for row in _commune_rows(commune, months, counts)]


def cache_key(network: Network) -> str:
    """Keyed by the last extraction of a member: fresh facts make a new file, at once."""
    members = network_selectors.members_of(network).values("pk")
    ran_at = Extraction.objects.filter(commune__in=members).aggregate(at=Max("ran_at"))["at"]
    return f"analytics:open-data:{network.code}:{ran_at.isoformat() if ran_at else 'never'}"


def rows_for(network: Network) -> list[OpenRow]:
    """`build(network)`, from the cache for ten minutes at most."""
    key = cache_key(network)
    rows: list[OpenRow] | None = cache.get(key)
    if rows is None:
        rows = build(network)
        cache.set(key, rows, CACHE_SECONDS)
    return rows


def licence_name() -> str:
    """The open data's licence (settings.OPEN_DATA_LICENCE_NAME; docs/regional.md says why the default)."""
    return str(settings.OPEN_DATA_LICENCE_NAME)


def licence_url() -> str:
    return str(settings.OPEN_DATA_LICENCE_URL)


def licence_link() -> str:
    """The licence as an HTTP `Link` header (RFC 6903's `license` relation), on the files and the API."""
    return f'<{licence_url()}>; rel="license"'


def as_csv(rows: Iterable[OpenRow], form: CsvForm = COMMAS) -> bytes:
    """UTF-8 with a byte-order mark (Excel and Arabic names); commas, or semicolons (`form`)."""
    return csv_bytes(
        [
            COLUMNS,
            *(
                (
                    row.commune,
                    row.commune_name_fr,
                    row.commune_name_ar,
                    row.month,
                    row.theme,
                    row.dimension,
                    row.value,
                    row.count,
                )
                for row in rows
            ),
        ],
        form,
    )


def value_names(dimension: str) -> list[tuple[str, str]]:
    """The codes a dimension's `value` takes, with their names in the current language."""
    if dimension == "answered":
        return [("yes", _("answered")), ("no", _("not answered yet"))]
    if dimension == "sex":
        names = dict(Person.Sex.choices)
    elif dimension == "generation":
        names = dict(Person.Generation.choices)
    elif dimension == "country_group":
        names = dict(COUNTRY_GROUPS)
    elif dimension == "outcome":
        names = dict(Referral.Outcome.choices)
    else:
        return [(ALL, _("all"))]
    return [(value_code(value), str(names.get(value, COUNTRY_GROUPS[""]))) for value in _values_of(dimension)]


def _values_of(dimension: str) -> tuple[str, ...]:
    return next(values[dimension] for values in THEMES.values() if dimension in values)


def method_rule() -> str:
    parameters = disclosure.table().parameters
    return _(
        "Every count is published by the cell key method: it carries a small random perturbation, at most "
        "%(d)s either way, drawn from the records it counts, so the same count is always the same number (here, "
        "in every network's file and on the platform's pages), and no small count can be worked out by setting "
        "counts side by side. Nothing counted is always published as 0, and a 0 may also stand for one to "
        "three. A total is perturbed on its own, so the values of a "
        "dimension need not add up to the all/all line exactly. Perturbation table version %(version)s."
    ) % {"d": parameters.maximum, "version": parameters.version}


def updates() -> str:
    return _(
        "Facts are extracted from the offices every hour; this file follows within ten minutes. Figures of "
        "past months can change: a case answered later moves from not answered to answered."
    )


def dictionary() -> list[tuple[str, str, str, str]]:
    """(field, dimension, code, meaning) lines: the columns, the codes of themes, dimensions and values,
    the disclosure method, the licence and how often it changes; in the current language."""
    lines: list[tuple[str, str, str, str]] = [
        ("commune", "", "", _("The commune's code: the first part of its office's address on the platform.")),
        ("commune_name_fr", "", "", _("The commune's name in French.")),
        ("commune_name_ar", "", "", _("The commune's name in Arabic.")),
        ("month", "", "", _("The month, YYYY-MM: cases opened, or referrals sent, in that month.")),
        ("theme", "", "", _("What is counted (codes below).")),
        ("dimension", "", "", _("How it is split (codes below); all = not split, the theme's total.")),
        ("value", "", "", _("The value of the dimension (codes below).")),
        ("count", "", "", _("How many, as published (see about/method).")),
    ]
    lines += [("theme", "", theme, str(name)) for theme, name in THEME_NAMES.items()]
    lines += [("dimension", "", dimension, str(name)) for dimension, name in DIMENSION_NAMES.items()]
    lines += [
        ("value", dimension, code, name) for dimension in DIMENSION_NAMES for code, name in value_names(dimension)
    ]
    lines += [
        ("about", "", "method", method_rule()),
        ("about", "", "licence", f"{licence_name()} — {licence_url()}"),
        ("about", "", "updates", updates()),
    ]
    return lines


def dictionary_csv(form: CsvForm = COMMAS) -> bytes:
    return csv_bytes([("field", "dimension", "code", "meaning"), *dictionary()], form)


def networks() -> QuerySet[Network]:
    """Every network has its file: every count in it is published by the cell key method, whoever reads it."""
    return Network.objects.select_related("programme").order_by("name_fr")
