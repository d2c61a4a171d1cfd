"""The coarse values facts are counted over: groups of countries, age bands, kinds of referral targets."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from cases.models import age_band

# The countries most of the diaspora lives in keep their own group; the others go by area.
OWN_GROUP = ("MA", "FR", "ES", "IT", "BE", "NL", "DE")
# fmt: off
OTHER_EUROPE = (
    "AD", "AT", "BG", "CH", "CY", "CZ", "DK", "EE", "FI", "GB", "GR", "HR", "HU", "IE", "IS",
    "LI", "LT", "LU", "LV", "MC", "MT", "NO", "PL", "PT", "RO", "SE", "SI", "SK", "SM", "VA",
)
# fmt: on
AREAS: dict[str, tuple[str, ...]] = {
    "other_europe": OTHER_EUROPE,
    "north_america": ("CA", "US"),
    "gulf": ("AE", "BH", "KW", "OM", "QA", "SA"),
    "other_arab": ("DZ", "EG", "IQ", "JO", "LB", "LY", "MR", "PS", "SY", "TN", "YE"),
}
GROUP_OF = {country: group for group, countries in AREAS.items() for country in countries}

COUNTRY_GROUPS = {
    "MA": _("Morocco"),
    "FR": _("France"),
    "ES": _("Spain"),
    "IT": _("Italy"),
    "BE": _("Belgium"),
    "NL": _("Netherlands"),
    "DE": _("Germany"),
    "other_europe": _("other European countries"),
    "north_america": _("North America"),
    "gulf": _("Gulf countries"),
    "other_arab": _("other Arab countries"),
    "elsewhere": _("elsewhere"),
    "": _("not known"),
}

# Answer times above this are counted here: a case answered after half a year is "180 days or more".
DAYS_CAP = 180


def country_group(country: str) -> str:
    country = (country or "").upper()
    if not country:
        return ""
    if country in OWN_GROUP:
        return country
    return GROUP_OF.get(country, "elsewhere")


def band_at(birth_year: int | None, year: int) -> str:
    """The age band in the year of the case, not today's: facts do not age."""
    return age_band(birth_year, today=date(year, 7, 1))


def target_type(regional_kind: str | None, local_kind: str | None) -> str:
    """`regional:consulate`, `local:civil_status`: the kind of service, never which one."""
    if regional_kind:
        return f"regional:{regional_kind}"
    return f"local:{local_kind or 'other'}"
