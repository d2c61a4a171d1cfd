"""The demo communes of the sources, with their staff and sample cases. Idempotent: run it again, nothing doubles.

Souss-Massa, Oriental (the PRIM cells) and Béni Mellal-Khénifra. Contacts are
synthetic: no real phone number or address of an office is used. Each office
gets an office head, an agent and a read-only login, and a visitor register
with nine months of cases (cases.demo).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

DEMO_PASSWORD = "jisr-demo-2026"  # noqa: S105 - printed by `jisr demo`, for local demo accounts only


@dataclass(frozen=True)
class DemoCommune:
    slug: str
    name_fr: str
    name_ar: str
    name_en: str
    name_tzm: str
    province: str
    phone: str


DEMO_COMMUNES = [
    DemoCommune(
        "aitmelloul", "Aït Melloul", "أيت ملول", "Ait Melloul", "ⴰⵢⵜ ⵎⵍⵍⵓⵍ", "inezgane-ait-melloul", "+212528000101"
    ),
    DemoCommune("agadir", "Agadir", "أكادير", "Agadir", "ⴰⴳⴰⴷⵉⵔ", "agadir-ida-ou-tanane", "+212528000102"),
    DemoCommune("inezgane", "Inezgane", "إنزكان", "Inezgane", "ⵉⵏⵣⴳⴰⵏ", "inezgane-ait-melloul", "+212528000103"),
    DemoCommune("tiznit", "Tiznit", "تيزنيت", "Tiznit", "ⵜⵉⵣⵏⵉⵜ", "tiznit", "+212528000104"),
    DemoCommune("taroudant", "Taroudant", "تارودانت", "Taroudant", "ⵜⴰⵔⵓⴷⴰⵏⵜ", "taroudant", "+212528000105"),
    DemoCommune("nador", "Nador", "الناظور", "Nador", "ⵏⵏⴰⴹⵓⵔ", "nador", "+212536000201"),
    DemoCommune("oujda", "Oujda", "وجدة", "Oujda", "ⵡⵓⵊⴷⴰ", "oujda-angad", "+212536000202"),
    DemoCommune("berkane", "Berkane", "بركان", "Berkane", "ⴱⵔⴽⴰⵏ", "berkane", "+212536000203"),
    DemoCommune("driouch", "Driouch", "الدريوش", "Driouch", "ⴷⵔⵢⵓⵛ", "driouch", "+212536000204"),
    DemoCommune("guercif", "Guercif", "جرسيف", "Guercif", "ⴳⵔⵙⵉⴼ", "guercif", "+212535000205"),
    DemoCommune("figuig", "Figuig", "فجيج", "Figuig", "ⴼⵉⴳⵉⴳ", "figuig", "+212536000206"),
    DemoCommune("benimellal", "Béni Mellal", "بني ملال", "Beni Mellal", "ⴰⵢⵜ ⵎⵍⵍⴰⵍ", "beni-mellal", "+212523000301"),
]


# The language each demo office keeps its register in: its cases, notes, campaigns and staff names, and
# its head's interface (cases.demo). The Souss-Massa offices write Arabic, as Aït Melloul's documents do,
# and so does Béni Mellal's; in the Oriental, the PRIM cells of the three large towns, whose partners and
# diaspora (Belgium, the Netherlands, France) work in French, write French, those of Driouch, Guercif and
# Figuig Arabic.
WORKING_LANGUAGES = {
    "aitmelloul": "ar",
    "agadir": "ar",
    "inezgane": "ar",
    "tiznit": "ar",
    "taroudant": "ar",
    "benimellal": "ar",
    "driouch": "ar",
    "guercif": "ar",
    "figuig": "ar",
    "oujda": "fr",
    "nador": "fr",
    "berkane": "fr",
}


# The lunar holidays of the demo's years, on the dates the demo takes as announced (the moon decides; each
# near python-holidays' estimate). The operator confirms each once for the whole country (jisr.holidays.confirm),
# and so does the demo: no office enters them as a local closure. (kind, first day off, days off): the Eids and
# the Mawlid two days, 1 Muharram one.
LUNAR_HOLIDAYS: list[tuple[str, date, int]] = [
    ("eid_al_fitr", date(2025, 3, 31), 2),
    ("eid_al_adha", date(2025, 6, 7), 2),
    ("islamic_new_year", date(2025, 6, 27), 1),
    ("mawlid", date(2025, 9, 5), 2),
    ("eid_al_fitr", date(2026, 3, 20), 2),
    ("eid_al_adha", date(2026, 5, 27), 2),
    ("islamic_new_year", date(2026, 6, 17), 1),
    ("mawlid", date(2026, 8, 25), 2),
    ("eid_al_fitr", date(2027, 3, 10), 2),
    ("eid_al_adha", date(2027, 5, 17), 2),
    ("islamic_new_year", date(2027, 6, 7), 1),
    ("mawlid", date(2027, 8, 16), 2),
]
LUNAR_SOURCE = "Jisr demo"


def working_language(slug: str) -> str:
    """The language an office writes its register in: the demo's choice, Arabic for any other commune."""
    return WORKING_LANGUAGES.get(slug, "ar")


def office_head_email(slug: str) -> str:
    return f"head@{slug}.demo"


def agent_email(slug: str) -> str:
    return f"agent@{slug}.demo"


def viewer_email(slug: str) -> str:
    return f"viewer@{slug}.demo"


def coordinator_email() -> str:
    return "coordinator@jisr.demo"


def operator_email() -> str:
    return "operator@jisr.demo"


def funder_email() -> str:
    return "funder@jisr.demo"


def seed() -> list[str]:
    """Create what is missing; return what was created."""
    # Imported here: the CLI reads this module's constants before Django is set up.
    from django.utils import timezone

    from analytics import extraction
    from cases.demo.transfers import seed_transfers
    from jisr import demo_targets
    from jisr.accounts.models import Role, User
    from jisr.accounts.services import create_account
    from jisr.wording import of_place
    from network.models import Province
    from tenants import services
    from tenants.models import Commune

    created: list[str] = []
    missing = [demo for demo in DEMO_COMMUNES if not Commune.objects.filter(slug=demo.slug).exists()]
    if missing:
        services.fill_pool(size=len(missing))
    for demo in missing:
        services.provision_commune(
            slug=demo.slug,
            name_fr=demo.name_fr,
            name_ar=demo.name_ar,
            name_en=demo.name_en,
            name_tzm=demo.name_tzm,
            province=Province.objects.get(code=demo.province),
            contacts=services.OfficeContacts(
                office_name_ar=f"مكتب استقبال وتوجيه مغاربة العالم {of_place(demo.name_ar, 'ar')}",
                office_name_fr="Bureau d'accueil et d'orientation des Marocains du monde "
                + of_place(demo.name_fr, "fr"),
                office_name_en=f"Reception and guidance office for Moroccans of the world, {demo.name_en}",
                address_ar=f"مقر الجماعة، {demo.name_ar}",
                address_fr=f"Hôtel de ville, {demo.name_fr}",
                address_en=f"Town hall, {demo.name_en}",
                opening_hours_ar="من الاثنين إلى الجمعة، من 08:30 إلى 16:30",
                opening_hours_fr="Du lundi au vendredi, de 08:30 à 16:30",
                opening_hours_en="Monday to Friday, 08:30 to 16:30",
                phone=demo.phone,
                whatsapp=demo.phone.replace("+2125", "+2126"),
                email=f"baom@{demo.slug}.demo",
                map_url=f"https://www.openstreetmap.org/search?query={quote(demo.name_fr + ', Maroc')}",
            ),
        )
        created.append(f"commune {demo.slug}")
    # Before the offices' work: their deadlines and opening days count the confirmed dates.
    created += confirm_lunar_holidays(timezone.localdate())
    # The office head, agent and viewer come with the office's sample work, named in its script.
    created += [f"sample cases {slug}" for slug in _seed_sample_cases(timezone.localdate())]
    # Cases handed between offices: accepted, declined, one waiting (cases.demo.transfers).
    created += seed_transfers(WORKING_LANGUAGES)
    created += _monthly_reports()
    # The regional layer's facts, so that the coordinator finds figures at once (beat keeps them up to date).
    extraction.extract_all(list(Commune.objects.filter(slug__in=[demo.slug for demo in DEMO_COMMUNES]).order_by("pk")))
    for email, role, name in [
        (coordinator_email(), Role.COORDINATOR, "Coordinatrice régionale"),
        (operator_email(), Role.OPERATOR, "Opérateur de la plateforme"),
        (funder_email(), Role.FUNDER, "Chargée de suivi du bailleur"),
    ]:
        if not User.objects.filter(email=email).exists():
            create_account(email=email, password=DEMO_PASSWORD, role=role, full_name=name)
            created.append(f"account {email}")
    created += _join_networks(timezone.localdate())
    _scope_accounts()
    created += demo_targets.seed_targets()
    return created


def confirm_lunar_holidays(today: date) -> list[str]:
    """The lunar holidays of the years the demo's story spans (LUNAR_HOLIDAYS), confirmed for the whole
    country in the public schema, as the operator does. One already confirmed near that date (by an earlier
    run, or moved by the operator) is left as it is: run again, nothing changes."""
    from datetime import timedelta

    from cases import demo as office_demo
    from jisr import holidays

    first_year = (today - timedelta(days=office_demo.HISTORY_DAYS)).year
    confirmed = []
    for kind, first_day, days in LUNAR_HOLIDAYS:
        if not first_year <= first_day.year <= today.year:
            continue
        if any(announced == kind for _day, announced, _days in holidays.announcements_between(first_day, first_day)):
            continue
        holidays.confirm(kind=kind, first_day=first_day, days=days, source=LUNAR_SOURCE)
        confirmed.append(f"lunar holiday {kind} {first_day:%Y-%m-%d}")
    return confirmed


# The network each demo office belongs to, by the region of its commune; Aït
# Melloul's office also came out of its partnership with Migrations & Développement.
NETWORKS_BY_REGION = {
    "souss-massa": ["prim-souss-massa"],
    "oriental": ["prim-oriental"],
    "beni-mellal-khenifra": ["jamaa-mouwatena-communes"],
}
NETWORKS_BY_COMMUNE = {"aitmelloul": ["md-souss-massa"]}


def _join_networks(today: date) -> list[str]:
    """Demo communes join their networks: since the programme started, else since their sample history began."""
    from datetime import timedelta

    from cases import demo as office_demo
    from network import services as network_services
    from network.models import Membership, Network
    from tenants.models import Commune

    joined = []
    history_starts = today - timedelta(days=office_demo.HISTORY_DAYS + 30)
    communes = Commune.objects.select_related("province__region").filter(slug__in=[d.slug for d in DEMO_COMMUNES])
    for commune in communes:
        codes = NETWORKS_BY_REGION.get(commune.province.region.code, []) if commune.province else []
        for network in Network.objects.filter(code__in=codes + NETWORKS_BY_COMMUNE.get(commune.slug or "", [])):
            if Membership.objects.filter(network=network, commune=commune, left_on=None).exists():
                continue
            starts_on = network.programme.starts_on if network.programme else None
            network_services.join(commune=commune, network=network, on=starts_on or history_starts)
            joined.append(f"membership {commune.slug} {network.code}")
    return joined


def _scope_accounts() -> None:
    """The coordinator follows PRIM's two networks, the funder PRIM. Set on every run (idempotent)."""
    from jisr.accounts.models import User
    from network import services as network_services
    from network.models import Network, Programme

    network_services.set_scope(
        user=User.objects.get(email=coordinator_email()),
        networks=Network.objects.filter(code__in=["prim-oriental", "prim-souss-massa"]),
    )
    network_services.set_scope(
        user=User.objects.get(email=funder_email()), programmes=Programme.objects.filter(code="prim")
    )


# Offices seeded at the same time: each writes to its own schema, and most of
# the time goes in round trips to the database.
SEEDING_THREADS = 4


def _monthly_reports() -> list[str]:
    """Last month's report of each demo office, as beat draws it on the 1st (nothing when it exists)."""
    from django.utils import timezone

    from cases.reports.models import Report
    from cases.reports.services import last_month, monthly_report
    from tenants.cross_schema import schema_context
    from tenants.models import Commune

    made = []
    for commune in Commune.objects.filter(slug__in=[demo.slug for demo in DEMO_COMMUNES]).order_by("pk"):
        with schema_context(commune.schema_name):
            first, last = last_month(timezone.localdate())
            if not Report.objects.filter(first=first, last=last, monthly=True, state=Report.State.DONE).exists():
                monthly_report()
                made.append(f"report {commune.slug} {first:%Y-%m}")
    return made


def _seed_sample_cases(today: date) -> list[str]:
    """Sample cases for the demo offices that have none yet; the slugs of those seeded."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    from cases import demo as office_demo
    from tenants.cross_schema import schema_context
    from tenants.models import Commune

    def seed_one(demo: DemoCommune) -> str | None:
        try:
            commune = Commune.objects.get(slug=demo.slug)
            with schema_context(commune.schema_name):
                if office_demo.has_sample_data():
                    return None
                # The same cases for a commune on every machine: the draw is seeded by its slug.
                office_demo.seed_office(commune, rng_seed=zlib.crc32(demo.slug.encode()), today=today)
            return demo.slug
        finally:
            connections.close_all()  # this thread's connections

    with ThreadPoolExecutor(max_workers=SEEDING_THREADS) as pool:
        return [slug for slug in pool.map(seed_one, DEMO_COMMUNES) if slug]
