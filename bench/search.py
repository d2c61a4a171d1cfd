"""Search before create: milliseconds per query and recall on name variants, in a commune of 100,000 people.

    python3 dev.py bench search [--persons 100000] [--queries 300] [--seed 7] [--misses] [--reuse]

One commune (tenants.services: fill_pool, then provision_commune) gets N
synthetic visitors with Moroccan names (Arabic, Amazigh, patronymic Ben/Ait;
common ones more often), in Latin script, Arabic script or both, and mobile
numbers of France, Spain, Italy, Belgium, the Netherlands, Germany and
Morocco. The rows go in with COPY, but each is first put through the
service's own code, `_clean` then `_apply` of cases.services.people, as
`register_person` does, which fills search_names, search_keys and
search_phones (cases.names). The search indexes are rebuilt after the load,
then VACUUM ANALYZE.

For M of those people the bench types a query the way an agent might:
another Latin spelling (Mohamed → Mhamed), ou/u, e/i and double letters,
El/Al, Ait, Ben apart, hyphenated or joined, accents and case, family name
first, Arabic letter variants (أ → ا, ة → ه, ى → ي), diacritics and tatweel,
the other script than the one the person was registered in, and the phone
number as +33 6 ..., 0033 6 ... or 06 .... Two more kinds seek nobody in
particular and are only timed: a first name alone (the search while the name
is being typed) and a new person (a family name nobody has: the usual case
at intake).

Side by side, on the same data, each query runs through:
- ours: `cases.selectors.search_people`, as the intake form calls it (the
  office head's permission check included; it writes no audit entry);
- baseline: a plain trigram query over the raw names,
  `WHERE (first_name_latin || ' ' || ... || last_name_ar) % query
  ORDER BY similarity(...) DESC LIMIT 10`, with a GIN trigram index on that
  very expression, so that it is not a sequential scan.

After a warm-up, prints p50 and p95 in milliseconds and recall@10, overall and
per kind of variant. Recall counts the target, or a namesake of it (same first
and family name in the generator's tables: with 100,000 people a common name
is carried by many, and nothing in the name tells them apart); the strict
figure, the target itself, is in brackets. The machine's load average is
printed with the figures: timings taken beside other work are noisy.

--misses lists the queries our search missed; --reuse keeps the data of the
last run (same --persons and --seed) to try a change of the search without
loading again. A benchmark, not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import io
import itertools
import os
import random
import re
import statistics
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

from common import prepare_database, setup_django, use_database  # noqa: E402 - bench/ is the script's folder

BENCH_DATABASE = "jisr_bench_search"
TOP = 10

# A name as the generator knows it: how it is usually written in Latin script,
# the other Latin spellings met at the counter, and its Arabic script.
Name = tuple[str, str, tuple[str, ...]]

# Most frequent first, roughly: the draw gives earlier names more weight.
MEN: list[Name] = [
    ("Mohamed", "محمد", ("Mohammed", "Mhamed", "Muhammad", "Mohamad", "Mohammad")),
    ("Ahmed", "أحمد", ("Ahmad", "Hmad", "Ahmet")),
    ("Youssef", "يوسف", ("Yousef", "Youssouf", "Yusuf", "Youcef")),
    ("Abdellah", "عبد الله", ("Abdallah", "Abdullah", "Abdelah", "Abdalah")),
    ("Said", "سعيد", ("Saïd", "Saeed", "Saaid")),
    ("Rachid", "رشيد", ("Rashid", "Rachide")),
    ("Hassan", "حسن", ("Hasan", "Hassane")),
    ("Houcine", "حسين", ("Houssine", "Hussein", "Hocine", "Lhoussine")),
    ("Mustapha", "مصطفى", ("Mustafa", "Moustapha", "Mostafa")),
    ("Omar", "عمر", ("Omer", "Umar", "Omare")),
    ("Ali", "علي", ("Aly", "Alli")),
    ("Brahim", "إبراهيم", ("Ibrahim", "Ebrahim")),
    ("Khalid", "خالد", ("Khaled", "Khalide")),
    ("Abdelkader", "عبد القادر", ("Abdelkadir", "Abdulkader", "Abdel Kader")),
    ("Abderrahim", "عبد الرحيم", ("Abderahim", "Abdurrahim", "Abdel Rahim")),
    ("Abdelaziz", "عبد العزيز", ("Abdel Aziz", "Abdulaziz")),
    ("Driss", "إدريس", ("Idriss", "Dris", "Idris")),
    ("Hicham", "هشام", ("Hisham", "Hichem")),
    ("Karim", "كريم", ("Kareem", "Karime")),
    ("Nabil", "نبيل", ("Nabile", "Nabeel")),
    ("Tarik", "طارق", ("Tariq", "Tarek")),
    ("Jamal", "جمال", ("Djamal", "Gamal")),
    ("Aziz", "عزيز", ("Azziz", "Azeez")),
    ("Noureddine", "نور الدين", ("Nour-Eddine", "Nourdine", "Noureddin")),
    ("Mehdi", "مهدي", ("Mahdi", "Mehdy")),
    ("Amine", "أمين", ("Amin", "Lamine")),
    ("Yassine", "ياسين", ("Yacine", "Yasin", "Yassin")),
    ("Hamza", "حمزة", ("Hamzah", "Hamsa")),
    ("Ayoub", "أيوب", ("Ayub", "Ayyoub")),
    ("Ismail", "إسماعيل", ("Smail", "Ismaël", "Ismaïl")),
    ("Othmane", "عثمان", ("Othman", "Osman", "Outhmane")),
    ("Zakaria", "زكرياء", ("Zakariya", "Zakariae", "Zacharia")),
    ("Bilal", "بلال", ("Belal", "Billal")),
    ("Soufiane", "سفيان", ("Sofiane", "Sufyan", "Soufian")),
    ("Mourad", "مراد", ("Murad", "Morad")),
    ("Lahcen", "لحسن", ("Lahsen", "Lahssen", "Lahoucine")),
    ("Mbarek", "مبارك", ("Mubarak", "M'barek")),
    ("Oualid", "وليد", ("Walid", "Oualide")),
    ("Oussama", "أسامة", ("Ousama", "Usama", "Osama")),
    ("Reda", "رضا", ("Ridha", "Rida")),
    ("Adil", "عادل", ("Adel", "Adile")),
    ("Hammou", "حمو", ("Hamou", "Hammo")),
    ("Mohamed Amine", "محمد أمين", ("Mohammed Amine", "Mohamed-Amine", "Med Amine")),
]
WOMEN: list[Name] = [
    ("Fatima", "فاطمة", ("Fatma", "Fatema", "Fatimah")),
    ("Khadija", "خديجة", ("Khadidja", "Khadijah", "Khadiga")),
    ("Aicha", "عائشة", ("Aïcha", "Aisha", "Aycha")),
    ("Naima", "نعيمة", ("Naïma", "Naeema", "Nayma")),
    ("Zineb", "زينب", ("Zaynab", "Zainab", "Zeineb")),
    ("Meryem", "مريم", ("Maryam", "Mariam", "Meriem")),
    ("Fatima Zahra", "فاطمة الزهراء", ("Fatima-Zahra", "Fatimzahra", "Fatima Ezzahra")),
    ("Hafsa", "حفصة", ("Hafssa", "Hafsah")),
    ("Salma", "سلمى", ("Selma", "Salmah")),
    ("Amina", "أمينة", ("Aminah", "Emina")),
    ("Nadia", "نادية", ("Nadiya", "Nadya")),
    ("Samira", "سميرة", ("Sameera", "Semira")),
    ("Latifa", "لطيفة", ("Latefa", "Lathifa")),
    ("Malika", "مليكة", ("Maleeka", "Malica")),
    ("Karima", "كريمة", ("Kerima", "Karimah")),
    ("Hanane", "حنان", ("Hanan", "Hanaan")),
    ("Souad", "سعاد", ("Suad", "Souade")),
    ("Rachida", "رشيدة", ("Rashida", "Rachidah")),
    ("Saida", "سعيدة", ("Saïda", "Saeeda")),
    ("Hayat", "حياة", ("Hayet", "Hayate")),
    ("Houda", "هدى", ("Huda", "Hoda")),
    ("Imane", "إيمان", ("Iman", "Imen")),
    ("Asmae", "أسماء", ("Asma", "Asmaa")),
    ("Siham", "سهام", ("Sihame", "Seham")),
    ("Loubna", "لبنى", ("Lubna", "Lobna")),
    ("Nezha", "نزهة", ("Nazha", "Nozha")),
    ("Ghizlane", "غزلان", ("Ghizlan", "Rhizlane")),
    ("Yasmine", "ياسمين", ("Yasmina", "Yassmine")),
    ("Sanae", "سناء", ("Sana", "Sanaa")),
    ("Ouafae", "وفاء", ("Wafae", "Wafaa", "Wafa")),
    ("Btissam", "ابتسام", ("Ibtissam", "Ibtisam")),
    ("Fadma", "فاضمة", ("Fadema", "Fadhma")),
    ("Itto", "إيطو", ("Ito", "Ittou")),
    ("Touda", "تودة", ("Touda", "Tuda")),
    ("Mina", "مينة", ("Meena", "Minah")),
    ("Halima", "حليمة", ("Halimah", "Alima")),
    ("Zahra", "زهرة", ("Zohra", "Zahrae")),
    ("Kaoutar", "كوثر", ("Kawtar", "Kaouthar", "Kawthar")),
    ("Ilham", "إلهام", ("Ilhame", "Elham")),
    ("Jamila", "جميلة", ("Djamila", "Jamilah")),
]
FAMILIES: list[Name] = [
    ("El Amrani", "العمراني", ("Elamrani", "Lamrani", "Al Amrani")),
    ("El Idrissi", "الإدريسي", ("Idrissi", "Elidrissi", "El Idrissy")),
    ("Alaoui", "العلوي", ("El Alaoui", "Alaoui")),
    ("Benali", "بن علي", ("Ben Ali", "Benalli")),
    ("Bennani", "بناني", ("Benani", "Bennany")),
    ("Berrada", "برادة", ("Berada", "Beurrada")),
    ("Tazi", "التازي", ("Tazy", "Ettazi")),
    ("El Fassi", "الفاسي", ("Fassi", "Elfassi")),
    ("Chraibi", "الشرايبي", ("Chraïbi", "Chraybi")),
    ("Cherkaoui", "الشرقاوي", ("Charkaoui", "Chergaoui")),
    ("Tahiri", "الطاهري", ("Taheri", "Ettahiri")),
    ("Bouzid", "بوزيد", ("Bouzide", "Bu Zid")),
    ("Ouali", "الوالي", ("El Ouali", "Wali")),
    ("Ait Taleb", "آيت الطالب", ("Aït Taleb", "Ait-Taleb", "Aittaleb")),
    ("Oubella", "أوبلا", ("Oubela", "Ou Bella")),
    ("Ait Said", "آيت سعيد", ("Aït Saïd", "Ait-Said")),
    ("Ait Lahcen", "آيت لحسن", ("Aït Lahcen", "Ait Lahsen")),
    ("Ait Ali", "آيت علي", ("Aït Ali", "Aitali")),
    ("Ait Hammou", "آيت حمو", ("Aït Hammou", "Ait Hamou")),
    ("Amellal", "أملال", ("Amelal", "Amellale")),
    ("Akhiat", "أخيات", ("Akhiate", "Akhyat")),
    ("Ouchen", "أوشن", ("Ouchene", "Uchen")),
    ("Oufkir", "أوفقير", ("Oufqir", "Oufkeer")),
    ("Azzouzi", "العزوزي", ("Azouzi", "El Azzouzi")),
    ("Boukhari", "البخاري", ("Bukhari", "El Boukhari")),
    ("Hajji", "الحجي", ("Hadji", "El Hajji")),
    ("Haddad", "الحداد", ("Hadad", "El Haddad")),
    ("Naciri", "الناصري", ("Nasiri", "Nassiri")),
    ("Mansouri", "المنصوري", ("Mansuri", "El Mansouri")),
    ("Ouazzani", "الوزاني", ("Wazzani", "Ouazani")),
    ("Kettani", "الكتاني", ("Kattani", "El Kettani")),
    ("Sefrioui", "الصفريوي", ("Sefriwi", "Sefrioui")),
    ("Lahlou", "لحلو", ("Lahlu", "Lahlou")),
    ("Benjelloun", "بنجلون", ("Ben Jelloun", "Benjeloun")),
    ("Benkirane", "بنكيران", ("Ben Kirane", "Benkiran")),
    ("Bensaid", "بنسعيد", ("Ben Said", "Bensaïd")),
    ("Bouazza", "بوعزة", ("Bouaza", "Bou Azza")),
    ("Boussaid", "بوسعيد", ("Bousaid", "Boussaïd")),
    ("Bakkali", "البقالي", ("Bekkali", "El Bakkali")),
    ("Ziani", "الزياني", ("Zayani", "Zyani")),
    ("Rifi", "الريفي", ("Riffi", "El Rifi")),
    ("Soussi", "السوسي", ("Sousi", "Essoussi")),
    ("Jebli", "الجبلي", ("Jbli", "Djebli")),
    ("Doukkali", "الدكالي", ("Doukali", "Dukkali")),
    ("Marrakchi", "المراكشي", ("Marrakshi", "Merrakchi")),
    ("Meknassi", "المكناسي", ("Meknasi", "Mekanssi")),
    ("Slaoui", "السلاوي", ("Slawi", "Sslaoui")),
    ("Filali", "الفيلالي", ("Filaly", "El Filali")),
    ("Kabbaj", "القباج", ("Kabbadj", "Qabbaj")),
    ("Guessous", "كسوس", ("Gassous", "Guesous")),
    ("Sqalli", "الصقلي", ("Skalli", "Seqalli")),
    ("Zerouali", "الزروالي", ("Zeroual", "Zarwali")),
    ("Ghazouani", "الغزواني", ("Ghazwani", "Rhazouani")),
    ("Belhaj", "بلحاج", ("Belhadj", "Bel Haj")),
    ("Belkadi", "بلقاضي", ("Belkady", "Belqadi")),
    ("Chaoui", "الشاوي", ("Chawi", "Echaoui")),
    ("Daoudi", "الداودي", ("Dawdi", "Daoudy")),
    ("Hammoudi", "الحمودي", ("Hamoudi", "Hammoudy")),
    ("Karimi", "الكريمي", ("Krimi", "Karimy")),
    ("Laaroussi", "العروسي", ("Laroussi", "El Aroussi")),
    ("Najjar", "النجار", ("Nejjar", "Najar")),
    ("Ouardi", "الوردي", ("Wardi", "El Ouardi")),
    ("Saadi", "السعدي", ("Saâdi", "Essaadi")),
    ("Talbi", "الطالبي", ("Talibi", "Ettalbi")),
    ("Yacoubi", "اليعقوبي", ("Yaakoubi", "Yakoubi")),
    ("Zahraoui", "الزهراوي", ("Zahrawi", "Zehraoui")),
    ("Oubaha", "أوباها", ("Oubahaa", "Ubaha")),
    ("Outaleb", "أوطالب", ("Ou Taleb", "Outalib")),
    ("Agnaou", "أكناو", ("Aguenaou", "Agnaw")),
    ("Amzil", "أمزيل", ("Amzile", "Amzeel")),
    ("Akdim", "أقديم", ("Aqdim", "Akdime")),
    ("Amghar", "أمغار", ("Amrhar", "Amghare")),
    ("Id Ali", "إد علي", ("Idali", "Id-Ali")),
    ("Bouhaddou", "بوحدو", ("Bouhadou", "Bou Haddou")),
    ("Lamrini", "اللمريني", ("Lamriny", "El Amrini")),
    ("Naji", "الناجي", ("Nagi", "Naaji")),
    ("Harrak", "الحراك", ("Harak", "El Harrak")),
    ("Moussaoui", "الموساوي", ("Mousaoui", "Moussawi")),
    ("Benchekroun", "بنشقرون", ("Ben Chekroun", "Benchekron")),
    ("Tounsi", "التونسي", ("Tunsi", "Ettounsi")),
    ("Ayouch", "عيوش", ("Ayyouch", "Aiouch")),
    ("Hamdaoui", "الحمداوي", ("Hamdawi", "El Hamdaoui")),
]
# Patronymic family names, from the men's names: Ben Youssef / بن يوسف, Ait Brahim / آيت إبراهيم.
FAMILIES += [
    (
        f"{latin} {usual}",
        f"{arabic} {name_ar}",
        (f"{latin}{usual.lower()}", f"{latin}-{usual}", *(f"{latin} {other}" for other in others[:1])),
    )
    for latin, arabic in (("Ben", "بن"), ("Ait", "آيت"))
    for usual, name_ar, others in MEN
    if " " not in usual and f"{arabic}{name_ar}" not in {family[1].replace(" ", "") for family in FAMILIES}
]
# Family names nobody in the register has: the queries for a new visitor, the usual case at intake.
NEWCOMERS: list[Name] = [
    ("Zerhouni", "الزرهوني", ()),
    ("Bouchentouf", "بوشنتوف", ()),
    ("Lyoubi", "اليوبي", ()),
    ("Hilali", "الهلالي", ()),
    ("Kadiri", "القادري", ()),
    ("Mernissi", "المرنيسي", ()),
    ("Sebti", "السبتي", ()),
    ("Benmoussa", "بنموسى", ()),
    ("Chami", "الشامي", ()),
    ("Debbagh", "الدباغ", ()),
    ("Lazrak", "الأزرق", ()),
    ("Ouarzazi", "الورزازي", ()),
]
# Mobile numbers: country, share of the visitors, what follows the country code.
PHONE_PLANS = [
    ("FR", 35, ["6", "7"], 8),
    ("ES", 15, ["6"], 8),
    ("IT", 12, ["32", "33", "34", "35", "36", "38", "39"], 8),
    ("BE", 10, ["46", "47", "48", "49"], 7),
    ("NL", 10, ["6"], 8),
    ("DE", 8, ["151", "152", "157", "160", "162", "170", "172", "176"], 7),
    ("MA", 10, ["6", "7"], 8),
]
TASHKEEL = "\u064e\u064f\u0650\u0652"  # fatha, damma, kasra, sukun
SHADDA, TATWEEL = "\u0651", "\u0640"


@dataclass
class Visitor:
    """One synthetic person: which names of the tables (namesakes share them), as written at intake."""

    first: int  # index in MEN + WOMEN
    family: int  # index in FAMILIES
    first_name_latin: str
    last_name_latin: str
    first_name_ar: str
    last_name_ar: str
    sex: str
    phone: str
    whatsapp: str
    country: str


@dataclass
class Measure:
    milliseconds: float
    found: int  # how many people came back
    target: bool | None  # the person sought is among them (None: nobody in particular was sought)
    namesake: bool | None  # the person sought, or one with the same first and family names


@dataclass
class Query:
    target: int  # position in the generated visitors
    kind: str
    text: str


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=100_000, help="people in the commune")
    parser.add_argument("--queries", type=int, default=300, help="queries, spread evenly over the kinds of variant")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generator (same seed, same data)")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the data of the last run (same --persons and --seed): no reload"
    )
    parser.add_argument("--misses", action="store_true", help="list the queries our search missed")
    args = parser.parse_args()

    if args.reuse:
        use_database(BENCH_DATABASE)
    else:
        prepare_database(BENCH_DATABASE)
    setup_django(migrate=not args.reuse)
    run(args.persons, args.queries, seed=args.seed, reuse=args.reuse, show_misses=args.misses)


# --- The visitors ----------------------------------------------------------


def phone_number(rng: random.Random, taken: set[str]) -> tuple[str, str]:
    """A valid mobile number, E.164 as the service stores it, and its country."""
    from cases.services.people import normalize_phone

    country, _share, prefixes, length = rng.choices(PHONE_PLANS, weights=[plan[1] for plan in PHONE_PLANS])[0]
    code = {"FR": "33", "ES": "34", "IT": "39", "BE": "32", "NL": "31", "DE": "49", "MA": "212"}[country]
    while True:
        candidate = f"+{code}{rng.choice(prefixes)}{rng.randrange(10**length):0{length}d}"
        try:
            number = normalize_phone(candidate)
        except ValueError:
            continue
        if number not in taken:
            taken.add(number)
            return number, country


def simplified_arabic(text: str) -> str:
    """How many offices type Arabic: hamza seats dropped (أ → ا), ة as ه."""
    return text.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا").replace("ة", "ه")


def make_visitors(count: int, rng: random.Random) -> list[Visitor]:
    first_names = MEN + WOMEN

    def zipf(names: list[Name], exponent: float) -> list[float]:  # Mohamed and Fatima are everywhere, Itto less so
        return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(names))))

    men, women, families = zipf(MEN, 0.8), zipf(WOMEN, 0.8), zipf(FAMILIES, 0.5)
    taken: set[str] = set()
    visitors = []
    for _ in range(count):
        sex = rng.choice(["male", "female"])
        if sex == "male":
            first = rng.choices(range(len(MEN)), cum_weights=men)[0]
        else:
            first = len(MEN) + rng.choices(range(len(WOMEN)), cum_weights=women)[0]
        family = rng.choices(range(len(FAMILIES)), cum_weights=families)[0]
        first_latin, first_ar, first_others = first_names[first]
        family_latin, family_ar, family_others = FAMILIES[family]
        # Usually the common spelling; sometimes the one on a foreign passport.
        if rng.random() < 0.25:
            first_latin = rng.choice(first_others)
        if rng.random() < 0.2:
            family_latin = rng.choice(family_others)
        if rng.random() < 0.3:
            first_ar, family_ar = simplified_arabic(first_ar), simplified_arabic(family_ar)
        scripts = rng.choices(["both", "latin", "arabic"], weights=[70, 20, 10])[0]
        phone, country = phone_number(rng, taken) if rng.random() < 0.9 else ("", "")
        visitors.append(
            Visitor(
                first=first,
                family=family,
                first_name_latin=first_latin if scripts != "arabic" else "",
                last_name_latin=family_latin if scripts != "arabic" else "",
                first_name_ar=first_ar if scripts != "latin" else "",
                last_name_ar=family_ar if scripts != "latin" else "",
                sex=sex,
                phone=phone,
                whatsapp=phone if phone and rng.random() < 0.3 else "",
                country=country,
            )
        )
    return visitors


def load(visitors: list[Visitor], actor: Any, rng: random.Random) -> dict[str, float]:
    """COPY the visitors into the commune's schema; their search columns as register_person fills them."""
    from django.db import connection

    from cases.models import Person
    from cases.services import people

    timings = {}
    started = time.perf_counter()
    columns = list(Person._meta.concrete_fields)
    now = datetime.now(UTC)
    buffer = io.StringIO()
    for number, visitor in enumerate(visitors, start=1):
        data = people.PersonInput(
            first_name_latin=visitor.first_name_latin,
            last_name_latin=visitor.last_name_latin,
            first_name_ar=visitor.first_name_ar,
            last_name_ar=visitor.last_name_ar,
            sex=visitor.sex,
            birth_year=rng.randint(1940, 2005),
            residence_country=visitor.country if visitor.country != "MA" else "",
            status=Person.Status.RETURNEE if visitor.country == "MA" else Person.Status.MRE,
            nationalities=["MA"] if rng.random() < 0.6 else ["MA", visitor.country or "FR"],
            phone=visitor.phone,
            whatsapp=visitor.whatsapp,
        )
        person = Person(pk=number, created_by=actor)
        # The very code register_person runs (validation, then the search columns),
        # without a save and an audit entry per row.
        people._apply(person, people._clean(data))
        person.created_at = person.updated_at = now - timedelta(minutes=rng.randrange(10 * 365 * 24 * 60))
        buffer.write(
            "\t".join(
                copy_text(field.get_db_prep_save(getattr(person, field.attname), connection)) for field in columns
            )
        )
        buffer.write("\n")
    timings["rows built in Python (register_person's normalisation)"] = time.perf_counter() - started

    started = time.perf_counter()
    table = Person._meta.db_table
    with connection.schema_editor() as editor:  # the model's own indexes, rebuilt once after the load
        for index in Person._meta.indexes:
            editor.remove_index(Person, index)
    buffer.seek(0)
    with connection.cursor() as cursor:
        names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
        cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", buffer)
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [len(visitors)])
    timings["COPY"] = time.perf_counter() - started

    started = time.perf_counter()
    with connection.schema_editor() as editor:
        for index in Person._meta.indexes:
            editor.add_index(Person, index)
    timings["search indexes (search_names, search_keys, search_phones)"] = time.perf_counter() - started

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX bench_person_raw_names_trgm ON {table} USING gin ({RAW_NAMES} gin_trgm_ops)")
    timings["baseline index (raw names)"] = time.perf_counter() - started

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {table}")
    timings["VACUUM ANALYZE"] = time.perf_counter() - started
    return timings


def copy_text(value: object) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


# --- The queries -----------------------------------------------------------


def first_and_family(visitor: Visitor) -> tuple[Name, Name]:
    return (MEN + WOMEN)[visitor.first], FAMILIES[visitor.family]


def latin_spelling(visitor: Visitor, rng: random.Random) -> str | None:
    """Another spelling of the first name: Mohamed → Mhamed, Youssef → Yusuf."""
    if not visitor.first_name_latin:
        return None
    (usual, _ar, others), _family = first_and_family(visitor)
    spellings = [spelling for spelling in (usual, *others) if spelling != visitor.first_name_latin]
    return f"{rng.choice(spellings)} {visitor.last_name_latin}"


LETTER_RULES: list[tuple[str, str]] = [
    ("ou", "u"),
    ("u", "ou"),
    ("e", "i"),
    ("i", "e"),
    ("ss", "s"),
    ("rr", "r"),
    ("ll", "l"),
    ("nn", "n"),
    ("kk", "k"),
    ("s", "ss"),
    ("r", "rr"),
    ("l", "ll"),
    ("n", "nn"),
    ("k", "kk"),
]


def latin_letters(visitor: Visitor, rng: random.Random) -> str | None:
    """ou ↔ u, e ↔ i, a letter doubled or undoubled, in the family name (or the first name)."""
    if not visitor.last_name_latin:
        return None
    for which in ["first", "last"] if rng.random() < 0.3 else ["last", "first"]:
        word = visitor.last_name_latin if which == "last" else visitor.first_name_latin
        lowered = word.lower()
        candidates = []
        for old, new in LETTER_RULES:
            for match in re.finditer(old, lowered):
                start, end = match.span()
                if start == 0:  # not the initial: "Ouali" → "Uali" reads as another name
                    continue
                if old == "u" and lowered[start - 1] == "o":  # the u of ou
                    continue
                if len(old) == 1 and old in lowered[start - 1] + lowered[end : end + 1]:  # doubled already
                    continue
                candidates.append((start, end, new))
        if candidates:
            start, end, new = rng.choice(candidates)
            changed = word[:start] + new + word[end:]
            if which == "last":
                return f"{visitor.first_name_latin} {changed}"
            return f"{changed} {visitor.last_name_latin}"
    return None


PARTICLE = re.compile(r"^(el|al|ait|aït|ben|bou|id)([ -]?)(.+)$", re.IGNORECASE)
# What may follow a particle: Ben|ali, El|amrani (not Al|aoui, not Ben|nani).
AFTER_PARTICLE = {
    spelling.lower()[3:] if spelling.lower()[:3] in ("el ", "al ") else spelling.lower()
    for usual, _arabic, others in MEN + FAMILIES
    for spelling in (usual, *others)
}


def latin_article(visitor: Visitor, rng: random.Random) -> str | None:
    """El/Al, Ait, Ben written apart, hyphenated or joined; El/Al swapped or left out."""
    name = visitor.last_name_latin
    if not name:
        return None
    _first, (_usual, family_ar, _others) = first_and_family(visitor)
    forms: set[str] = set()
    particle = PARTICLE.match(name)
    if particle and (particle[2] or particle[3].lower() in AFTER_PARTICLE):
        head, rest = particle[1].capitalize(), particle[3][0].upper() + particle[3][1:]
        forms |= {f"{head} {rest}", f"{head}-{rest}", f"{head}{rest.lower()}"}
        if head.lower() in ("el", "al"):
            forms |= {f"{'Al' if head.lower() == 'el' else 'El'} {rest}", rest}
    elif family_ar.startswith("ال"):  # a nisba: El Tahiri, Al-Fassi
        forms |= {f"El {name}", f"Al-{name}", f"El{name.lower()}"}
    forms.discard(name)
    if not forms:
        return None
    return f"{visitor.first_name_latin} {rng.choice(sorted(forms))}"


def latin_accents_case(visitor: Visitor, rng: random.Random) -> str | None:
    """Accents left out (Aït → Ait) or put in (Aicha → Aïcha), or another case: mohamed EL AMRANI."""
    if not visitor.first_name_latin:
        return None
    name = f"{visitor.first_name_latin} {visitor.last_name_latin}"
    stripped = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    if stripped != name:
        return stripped.lower() if rng.random() < 0.5 else stripped
    for pair, accented in (("ai", "aï"), ("oi", "oï"), ("ei", "eï"), ("e", "é")):
        if pair in name[1:]:
            return name[0] + name[1:].replace(pair, accented, 1)
    return f"{visitor.first_name_latin.lower()} {visitor.last_name_latin.upper()}"


def swapped(visitor: Visitor, rng: random.Random) -> str | None:
    """Family name first, as on a French form: EL AMRANI Mohamed."""
    if visitor.first_name_latin and visitor.last_name_latin:
        family = visitor.last_name_latin.upper() if rng.random() < 0.5 else visitor.last_name_latin
        return f"{family} {visitor.first_name_latin}"
    if visitor.first_name_ar and visitor.last_name_ar:
        return f"{visitor.last_name_ar} {visitor.first_name_ar}"
    return None


def arabic_letters(visitor: Visitor, rng: random.Random) -> str | None:
    """The other form of a letter: أ إ آ ↔ ا, ة ↔ ه, ى ↔ ي."""
    if not visitor.first_name_ar:
        return None
    text = f"{visitor.first_name_ar} {visitor.last_name_ar}".strip()
    changes = []
    for position, char in enumerate(text):
        word_start = position == 0 or text[position - 1] == " "
        word_end = position == len(text) - 1 or text[position + 1] == " "
        if char in "أإآ":
            changes.append((position, "ا"))
        elif char == "ا" and word_start and text[position : position + 2] != "ال":
            changes.append((position, rng.choice("أإ")))
        elif char == "ة":
            changes.append((position, "ه"))
        elif char == "ه" and word_end:
            changes.append((position, "ة"))
        elif char == "ى":
            changes.append((position, "ي"))
        elif char == "ي" and word_end:
            changes.append((position, "ى"))
    if not changes:
        return None
    letters = list(text)
    for position, letter in rng.sample(changes, min(len(changes), rng.randint(1, 2))):
        letters[position] = letter
    return "".join(letters)


def arabic_diacritics(visitor: Visitor, rng: random.Random) -> str | None:
    """Vowel marks, a shadda, tatweel: مُحَمَّد, مـحـمـد."""
    if not visitor.first_name_ar:
        return None
    text = f"{visitor.first_name_ar} {visitor.last_name_ar}".strip()
    out = []
    for position, char in enumerate(text):
        out.append(char)
        if char == " " or position == len(text) - 1:
            continue
        if rng.random() < 0.5:
            out.append(rng.choice(TASHKEEL))
        elif rng.random() < 0.1:
            out.append(SHADDA)
        elif rng.random() < 0.15 and char not in "ادذرزو" and text[position + 1] != " ":
            out.append(TATWEEL)
    return "".join(out)


def arabic_for_latin(visitor: Visitor, rng: random.Random) -> str | None:
    """Typed in Arabic, for someone registered in Latin script only."""
    if visitor.first_name_ar or not visitor.first_name_latin:
        return None
    (_usual, first_ar, _), (_family, family_ar, _) = first_and_family(visitor)
    text = f"{first_ar} {family_ar}"
    return simplified_arabic(text) if rng.random() < 0.3 else text


def latin_for_arabic(visitor: Visitor, rng: random.Random) -> str | None:
    """Typed in Latin script, for someone registered in Arabic only."""
    if visitor.first_name_latin or not visitor.first_name_ar:
        return None
    (first, _ar, first_others), (family, _family_ar, family_others) = first_and_family(visitor)
    return f"{rng.choice((first, *first_others))} {rng.choice((family, family, *family_others))}"


def phone_format(style: str) -> Callable[[Visitor, random.Random], str | None]:
    import phonenumbers

    def typed(visitor: Visitor, rng: random.Random) -> str | None:
        if not visitor.phone:
            return None
        number = phonenumbers.parse(visitor.phone)
        international = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        if style == "international":
            return international
        if style == "00":
            return "00" + (international[1:] if rng.random() < 0.7 else visitor.phone[1:])
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)

    return typed


def first_name_alone(visitor: Visitor, rng: random.Random) -> str | None:
    """What the search sees while the first name is typed: one word, often a common one."""
    return visitor.first_name_latin or visitor.first_name_ar


def newcomer(visitor: Visitor, rng: random.Random) -> str | None:
    """A visitor the office has never seen: a known first name, a family name nobody has."""
    latin, arabic, _others = rng.choice(NEWCOMERS)
    if visitor.first_name_latin:
        return f"{visitor.first_name_latin} {latin}"
    return f"{visitor.first_name_ar} {arabic}"


VARIANTS: dict[str, Callable[[Visitor, random.Random], str | None]] = {
    "Latin spelling (Mhamed)": latin_spelling,
    "Latin ou/u e/i double": latin_letters,
    "Latin El/Al, -, joined": latin_article,
    "Latin accents, case": latin_accents_case,
    "family name first": swapped,
    "Arabic letters (أ/ا ة/ه)": arabic_letters,
    "Arabic diacritics, tatweel": arabic_diacritics,
    "Arabic for Latin-only": arabic_for_latin,
    "Latin for Arabic-only": latin_for_arabic,
    "phone +33 6 12 ...": phone_format("international"),
    "phone 0033 6 ...": phone_format("00"),
    "phone 06 ... (national)": phone_format("national"),
    "first name alone (typing)": first_name_alone,
    "new person (no match)": newcomer,
}
# Kinds that look for nobody in particular: timed, without recall.
UNTARGETED = {"first name alone (typing)", "new person (no match)"}


def make_queries(visitors: list[Visitor], count: int, rng: random.Random) -> list[Query]:
    """`count` queries, the kinds in turn, each for a person it applies to."""
    queries = []
    kinds = list(VARIANTS)
    for number in range(count):
        kind = kinds[number % len(kinds)]
        while True:
            target = rng.randrange(len(visitors))
            text = VARIANTS[kind](visitors[target], rng)
            if text:
                queries.append(Query(target=target, kind=kind, text=text))
                break
    return queries


# --- Measuring -------------------------------------------------------------

RAW_NAMES = "(first_name_latin || ' ' || last_name_latin || ' ' || first_name_ar || ' ' || last_name_ar)"
BASELINE = f"SELECT id FROM cases_person WHERE {RAW_NAMES} %% %s ORDER BY similarity({RAW_NAMES}, %s) DESC LIMIT {TOP}"


def run(persons: int, query_count: int, *, seed: int, reuse: bool, show_misses: bool) -> None:
    from django.db import connection

    from cases import selectors
    from cases.models import Person
    from jisr.accounts.models import Role, User
    from tenants import services
    from tenants.cross_schema import schema_context
    from tenants.models import Commune

    started = time.perf_counter()
    # One generator per step, so that --reuse draws the same people and new queries alike.
    visitors = make_visitors(persons, random.Random(seed))
    timings = {"names and numbers generated": time.perf_counter() - started}
    if reuse:
        commune = Commune.objects.get(slug="bench")
    else:
        services.fill_pool(size=1)
        commune = services.provision_commune(slug="bench", name_fr="Bench", name_ar="بنش")
    with schema_context(commune.schema_name):
        if reuse:
            head = User.objects.get(email="head@bench.test")
            if Person.objects.count() != persons:
                sys.exit(f"--reuse: the database holds {Person.objects.count():,} people, not {persons:,}")
            timings = {}
        else:
            head = User.objects.create_user("head@bench.test", None, role=Role.OFFICE_HEAD, full_name="Office head")
            timings.update(load(visitors, head, random.Random(seed + 1)))
        queries = make_queries(visitors, query_count, random.Random(seed + 2))
        warm_up = make_queries(visitors, max(24, query_count // 10), random.Random(seed + 3))

        def ours(text: str) -> list[int]:
            return [person.pk for person in selectors.search_people(actor=head, query=text)]

        def baseline(text: str) -> list[int]:
            with connection.cursor() as cursor:
                cursor.execute(BASELINE, [text, text])
                return [row[0] for row in cursor.fetchall()]

        methods = {"ours": ours, "baseline": baseline}
        for query in warm_up:
            for method in methods.values():
                method(query.text)
        results: dict[str, dict[str, list[Measure]]] = defaultdict(lambda: defaultdict(list))  # kind → method →
        misses: list[tuple[Query, list[Visitor]]] = []
        for number, query in enumerate(queries):
            order = list(methods.items()) if number % 2 == 0 else list(reversed(methods.items()))
            target = visitors[query.target]
            for name, method in order:
                began = time.perf_counter()
                found = method(query.text)
                elapsed = (time.perf_counter() - began) * 1000
                measure = Measure(elapsed, len(found), None, None)
                if query.kind not in UNTARGETED:
                    measure.target = query.target + 1 in found
                    measure.namesake = measure.target or any(
                        (visitors[pk - 1].first, visitors[pk - 1].family) == (target.first, target.family)
                        for pk in found
                        if not query.kind.startswith("phone")
                    )
                    if name == "ours" and not measure.namesake:
                        misses.append((query, [visitors[pk - 1] for pk in found]))
                results[query.kind][name].append(measure)
                results["all"][name].append(measure)

    report(persons, queries, timings, results)
    if show_misses:
        print()
        print(f"Our misses ({len(misses)}): query → the person sought | what came first")
        for query, first_results in misses:
            print(f"  {query.kind:<28} {query.text!r} → {written(visitors[query.target])}")
            print(f"  {'':<28} " + " ; ".join(written(visitor) for visitor in first_results[:3]))


def written(visitor: Visitor) -> str:
    return " ".join(
        filter(
            None,
            (visitor.first_name_latin, visitor.last_name_latin, visitor.first_name_ar, visitor.last_name_ar),
        )
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(
    persons: int,
    queries: list[Query],
    timings: dict[str, float],
    results: dict[str, dict[str, list[Measure]]],
) -> None:
    print()
    if len(timings) > 1:
        print(f"Load of {persons:,} people: {sum(timings.values()):.1f} s")
        for step, seconds in timings.items():
            print(f"  {step:<58} {seconds:7.1f} s")
    else:
        print(f"{persons:,} people of the last run (--reuse)")
    print()
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"{len(queries)} queries, top {TOP}; load average {load} (1, 5, 15 min) on {os.cpu_count()} CPUs")
    print("  ours = cases.selectors.search_people; baseline = raw names")
    print("  `% query ORDER BY similarity` with a GIN trigram index on the concatenated raw names.")
    print("  recall@10: target or a namesake (in brackets: the target itself); over the kinds that seek someone.")
    print("  For a first name alone or a new person: how many people came back, on average.")
    header = (
        f"{'variant':<28} {'n':>4} | {'ours p50':>8} {'p95':>7} {'recall@10':>12} |"
        f" {'base p50':>8} {'p95':>7} {'recall@10':>12}"
    )
    print(header)
    print("-" * len(header))
    for kind in [*VARIANTS, "all"]:
        if kind == "all":
            print("-" * len(header))
        cells = []
        for method in ("ours", "baseline"):
            rows = results[kind][method]
            times = [row.milliseconds for row in rows]
            sought = [row for row in rows if row.target is not None]
            if sought:
                named = sum(bool(row.namesake) for row in sought) / len(sought)
                strict = sum(bool(row.target) for row in sought) / len(sought)
                recall = f"{named:4.0%} ({strict:4.0%})"
            else:
                recall = f"{statistics.mean(row.found for row in rows):4.1f} found"
            cells.append(f"{percentile(times, 0.5):8.1f} {percentile(times, 0.95):7.1f} {recall:>12}")
        print(f"{kind:<28} {len(results[kind]['ours']):>4} | {cells[0]} | {cells[1]}")
    print("(milliseconds)")
    print()
    print("One query of each kind:")
    shown: set[str] = set()
    for query in queries:
        if query.kind not in shown:
            shown.add(query.kind)
            print(f"  {query.kind:<28} {query.text}")


if __name__ == "__main__":
    main()
