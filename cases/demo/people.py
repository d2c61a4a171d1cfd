"""Synthetic visitors of a demo office: names in both scripts, residences, phones, families."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

import phonenumbers

from cases.models import (
    IdentityDocument,
    Person,
)
from cases.services import people
from tenants.models import Commune

# --- People --------------------------------------------------------------------

MALE_ELDER = [
    ("Mohamed", "محمد"), ("Ahmed", "أحمد"), ("Abdellah", "عبد الله"), ("Brahim", "إبراهيم"), ("Lahcen", "لحسن"),
    ("Hassan", "حسن"), ("Mustapha", "مصطفى"), ("Omar", "عمر"), ("Driss", "إدريس"), ("Abdelkader", "عبد القادر"),
    ("Mbark", "امبارك"), ("Mimoun", "ميمون"), ("Mohand", "محند"), ("Said", "سعيد"), ("Abdelaziz", "عبد العزيز"),
    ("Hamid", "حميد"), ("Allal", "علال"), ("Ali", "علي"), ("Jilali", "الجيلالي"), ("Boujemaa", "بوجمعة"),
]  # fmt: skip
FEMALE_ELDER = [
    ("Fatima", "فاطمة"), ("Khadija", "خديجة"), ("Aicha", "عائشة"), ("Fadma", "فاضمة"), ("Itto", "إيطو"),
    ("Zahra", "الزهرة"), ("Malika", "مليكة"), ("Naima", "نعيمة"), ("Rkia", "رقية"), ("Yamna", "يامنة"),
    ("Latifa", "لطيفة"), ("Zoubida", "زبيدة"), ("Mina", "مينة"), ("Halima", "حليمة"), ("Touda", "تودة"),
]  # fmt: skip
MALE_YOUNG = [
    ("Adam", "آدم"), ("Rayan", "ريان"), ("Ilyas", "إلياس"), ("Yanis", "يانيس"), ("Sami", "سامي"), ("Anas", "أنس"),
    ("Zakaria", "زكرياء"), ("Nassim", "نسيم"), ("Mehdi", "المهدي"), ("Ayoub", "أيوب"), ("Soufiane", "سفيان"),
    ("Bilal", "بلال"), ("Karim", "كريم"), ("Hicham", "هشام"), ("Youssef", "يوسف"), ("Nabil", "نبيل"),
]  # fmt: skip
FEMALE_YOUNG = [
    ("Sofia", "صوفيا"), ("Ines", "إيناس"), ("Lina", "لينا"), ("Yasmine", "ياسمين"), ("Nora", "نورة"),
    ("Sara", "سارة"), ("Hajar", "هاجر"), ("Salma", "سلمى"), ("Imane", "إيمان"), ("Nadia", "نادية"),
    ("Kenza", "كنزة"), ("Malak", "ملاك"), ("Samira", "سميرة"), ("Houda", "هدى"), ("Meryem", "مريم"),
]  # fmt: skip
SURNAMES = {
    "souss-massa": [
        ("Ait Taleb", "آيت الطالب"), ("Ouhammou", "أوحمو"), ("Id Belkacem", "إد بلقاسم"), ("Ait Lahcen", "آيت لحسن"),
        ("Amzil", "أمزيل"), ("El Mouden", "المودن"), ("Afoulous", "أفولوس"), ("Aznag", "أزناك"), ("Bihi", "بيهي"),
        ("Ait Ali", "آيت علي"), ("Oubaha", "أوباها"), ("Agouram", "أكورام"), ("Boutaleb", "بوطالب"),
    ],
    "oriental": [
        ("El Hamdaoui", "الحمداوي"), ("El Khattabi", "الخطابي"), ("Bouhaddou", "بوحدو"), ("Azzouzi", "عزوزي"),
        ("Achahbar", "أشهبار"), ("El Ouariachi", "الورياشي"), ("Boulaich", "بولعيش"), ("Mimouni", "الميموني"),
        ("Benhaddou", "بنحدو"), ("El Ghazouani", "الغزواني"), ("Zerouali", "الزروالي"), ("Touzani", "التوزاني"),
    ],
    "": [
        ("El Idrissi", "الإدريسي"), ("Benali", "بنعلي"), ("Bouzid", "بوزيد"), ("Chakir", "شاكر"),
        ("El Alaoui", "العلوي"), ("Tahiri", "الطاهري"), ("Saidi", "السعيدي"), ("Naciri", "الناصري"),
        ("El Ouafi", "الوافي"), ("Amrani", "العمراني"), ("Bennani", "بناني"), ("Lahlou", "لحلو"),
    ],
}  # fmt: skip
FOREIGN_RESIDENTS = [
    ("Carmen", "López", "female", "ES", "es"), ("Moussa", "Diallo", "male", "SN", "fr"),
    ("Aminata", "Sow", "female", "SN", "fr"), ("Pierre", "Martin", "male", "FR", "fr"),
    ("Kouadio", "Yao", "male", "CI", "fr"), ("Lucía", "Martínez", "female", "ES", "es"),
]  # fmt: skip

# (country, weight) of residence: the diaspora of each region has its own map.
RESIDENCE_WEIGHTS = {
    "souss-massa": {"FR": 40, "ES": 12, "IT": 10, "BE": 10, "NL": 10, "DE": 5, "CA": 4, "GB": 3, "AE": 4, "US": 2},
    "oriental": {"NL": 20, "BE": 18, "ES": 18, "FR": 18, "DE": 12, "IT": 6, "GB": 3, "CA": 3, "AE": 2},
    "": {"IT": 30, "ES": 25, "FR": 20, "BE": 8, "NL": 5, "DE": 4, "CA": 3, "US": 3, "AE": 2},
}
CITIES = {
    "FR": ["Paris", "Lyon", "Marseille", "Montpellier", "Toulouse", "Bordeaux", "Lille", "Saint-Étienne", "Orléans",
           "Gennevilliers", "Nice", "Mantes-la-Jolie"],
    "ES": ["Madrid", "Barcelona", "Málaga", "Almería", "Murcia", "Valencia", "Girona", "Bilbao"],
    "IT": ["Milano", "Torino", "Bologna", "Roma", "Brescia", "Verona"],
    "BE": ["Bruxelles", "Antwerpen", "Liège", "Charleroi", "Gent"],
    "NL": ["Amsterdam", "Rotterdam", "Utrecht", "Den Haag"],
    "DE": ["Düsseldorf", "Frankfurt am Main", "Köln"],
    "CA": ["Montréal", "Québec"],
    "GB": ["London", "Manchester"],
    "US": ["New York", "Washington"],
    "AE": ["Dubaï", "Abou Dabi"],
}  # fmt: skip
# (French, Arabic, "in" and "from" in French) of the countries of residence.
COUNTRY_NAMES = {
    "FR": ("France", "فرنسا", "en France", "de France"),
    "ES": ("Espagne", "إسبانيا", "en Espagne", "d'Espagne"),
    "IT": ("Italie", "إيطاليا", "en Italie", "d'Italie"),
    "BE": ("Belgique", "بلجيكا", "en Belgique", "de Belgique"),
    "NL": ("Pays-Bas", "هولندا", "aux Pays-Bas", "des Pays-Bas"),
    "DE": ("Allemagne", "ألمانيا", "en Allemagne", "d'Allemagne"),
    "CA": ("Canada", "كندا", "au Canada", "du Canada"),
    "GB": ("Royaume-Uni", "المملكة المتحدة", "au Royaume-Uni", "du Royaume-Uni"),
    "US": ("États-Unis", "الولايات المتحدة", "aux États-Unis", "des États-Unis"),
    "AE": ("Émirats arabes unis", "الإمارات العربية المتحدة", "aux Émirats arabes unis", "des Émirats arabes unis"),
}
COUNTRY_LANGUAGE = {"FR": "fr", "BE": "fr", "CA": "fr", "ES": "es", "IT": "it", "NL": "nl", "DE": "de", "GB": "en",
                    "US": "en", "AE": "ar"}  # fmt: skip
# The consulates of the countries of residence that offices in Morocco deal with.
CONSULATES = {
    "FR": ["consulate-france-agadir"],
    "ES": ["consulate-spain-nador", "consulate-spain-agadir"],
    "IT": ["consulate-italy-casablanca"],
    "BE": ["consulate-belgium-rabat"],
    "NL": ["consulate-netherlands-rabat"],
    "DE": ["consulate-germany-rabat"],
}
# The fund that pays a pension earned in a country, with its short names.
PENSION_FUNDS = {
    "FR": ("pension-france-cnav", "CNAV", "الصندوق الفرنسي للتقاعد"),
    "ES": ("pension-spain-inss", "INSS", "الضمان الاجتماعي الإسباني"),
    "IT": ("pension-italy-inps", "INPS", "المعهد الإيطالي للاحتياط الاجتماعي"),
    "BE": ("pension-belgium-sfp", "SFP", "المصلحة الفيدرالية للمعاشات ببلجيكا"),
    "NL": ("pension-netherlands-svb", "SVB (AOW)", "بنك التأمينات الاجتماعية الهولندي"),
    "DE": ("pension-germany-drv", "Deutsche Rentenversicherung", "صندوق التقاعد الألماني"),
}
CIN_PREFIXES = {"souss-massa": ["J", "JA", "JB", "JC", "JE", "JH"], "oriental": ["F", "FA", "FB", "S", "SH"],
                "": ["I", "IA", "IB", "Q"]}  # fmt: skip


def ascii_letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if c.isascii() and c.isalnum()).lower()


def _mobile(rng: random.Random, country: str) -> str:
    """A valid mobile number of the country's plan, varied from its example number."""
    example = phonenumbers.example_number_for_type(country, phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None, country  # every country of the lists has a mobile plan
    national = str(example.national_number)
    for _attempt in range(40):
        tail = "".join(str(rng.randrange(10)) for _ in range(5))
        candidate = phonenumbers.PhoneNumber(
            country_code=example.country_code, national_number=int(national[:-5] + tail)
        )
        if phonenumbers.is_valid_number(candidate):
            return phonenumbers.format_number(candidate, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)


@dataclass
class Visitor:
    """A person of the story, registered at their first contact."""

    data: people.PersonInput
    consents: bool = True
    document: tuple[str, str] | None = None
    links: list[tuple[str, Visitor]] = field(default_factory=list)
    pension_country: str = ""
    person: Person | None = None


class People:
    """Who comes to an office. Their names are written in both scripts, as the office knows them: an
    office that keeps its register in Arabic writes nearly everyone's name in Arabic, one that keeps it in
    French nearly everyone's in Latin letters; each leaves out the other script for some."""

    # (young people known by the Latin spelling of their papers only, residents known by their Arabic name
    # only), by the language of the register
    ONE_SCRIPT_ONLY = {"ar": (0.1, 0.35), "fr": (0.35, 0.05)}

    def __init__(self, rng: random.Random, region: str, commune: Commune, *, language: str = "ar") -> None:
        self.rng, self.region, self.commune = rng, region, commune
        self.latin_only, self.arabic_only = self.ONE_SCRIPT_ONLY.get(language, self.ONE_SCRIPT_ONLY["ar"])
        self.surnames = SURNAMES.get(region, []) + SURNAMES[""]
        self.weights = RESIDENCE_WEIGHTS.get(region, RESIDENCE_WEIGHTS[""])
        self.count = 0

    def make(
        self,
        *,
        status: str = Person.Status.MRE,
        generation: str = "",
        sex: str = "",
        country: str = "",
        born: tuple[int, int] | None = None,
        surname: tuple[str, str] | None = None,
    ) -> Visitor:
        rng = self.rng
        self.count += 1
        abroad = status == Person.Status.MRE
        if abroad:
            generation = generation or rng.choices("123", weights=[45, 40, 15])[0]
            country = country or rng.choices(list(self.weights), weights=list(self.weights.values()))[0]
        else:
            country = "MA"
        sex = sex or rng.choices([Person.Sex.MALE, Person.Sex.FEMALE], weights=[55, 45])[0]
        young = generation in ("2", "3")
        if young:
            pool = MALE_YOUNG + MALE_ELDER[:6] if sex == Person.Sex.MALE else FEMALE_YOUNG + FEMALE_ELDER[:4]
        else:
            pool = MALE_ELDER if sex == Person.Sex.MALE else FEMALE_ELDER
        first_latin, first_ar = rng.choice(pool)
        last_latin, last_ar = surname or rng.choice(self.surnames)
        low, high = born or {"1": (1944, 1972), "2": (1970, 1998), "3": (1995, 2007)}.get(generation, (1946, 1985))
        if young and rng.random() < self.latin_only:
            first_ar = last_ar = ""  # known to the office by the Latin spelling of their papers only
        if not abroad and rng.random() < self.arabic_only:
            first_latin = last_latin = ""
        if abroad and generation == "1":
            language = rng.choices(["ar", "zgh", "fr", COUNTRY_LANGUAGE.get(country, "fr")], weights=[55, 10, 25, 10])[
                0
            ]
        elif abroad:
            language = rng.choices([COUNTRY_LANGUAGE.get(country, "fr"), "fr", "ar"], weights=[50, 35, 15])[0]
        else:
            language = rng.choices(["ar", "fr", "zgh"], weights=[70, 20, 10])[0]
        nationalities = ["MA"] + ([country] if abroad and young and rng.random() < 0.7 else [])
        phone = _mobile(rng, country)
        email = ""
        if rng.random() < (0.6 if abroad else 0.2) and first_latin:
            email = f"{ascii_letters(first_latin)}.{ascii_letters(last_latin)}{self.count}@example.org"
        data = people.PersonInput(
            first_name_latin=first_latin,
            last_name_latin=last_latin,
            first_name_ar=first_ar,
            last_name_ar=last_ar,
            sex=sex,
            birth_year=rng.randint(low, high),
            generation=generation if abroad or status == "returnee" else "",
            status=status,
            residence_country=country,
            residence_city=rng.choice(CITIES[country]) if abroad else self.commune.name_fr,
            nationalities=nationalities,
            phone=phone,
            whatsapp=phone if rng.random() < 0.6 else "",
            email=email,
            preferred_language=language,
        )
        visitor = Visitor(data=data, consents=rng.random() < 0.88)
        if rng.random() < 0.25:
            visitor.document = self._document()
        return visitor

    def foreign_resident(self) -> Visitor:
        first, last, sex, nationality, language = self.rng.choice(FOREIGN_RESIDENTS)
        data = people.PersonInput(
            first_name_latin=first,
            last_name_latin=last,
            sex=sex,
            birth_year=self.rng.randint(1955, 1998),
            status=Person.Status.FOREIGN_NATIONAL,
            residence_country="MA",
            residence_city=self.commune.name_fr,
            nationalities=[nationality],
            phone=_mobile(self.rng, "MA"),
            preferred_language=language,
        )
        return Visitor(data=data, document=(IdentityDocument.Kind.PASSPORT, self._digits(2, 7)))

    def _digits(self, letters: int, digits: int) -> str:
        head = "".join(self.rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(letters))
        return head + "".join(str(self.rng.randrange(10)) for _ in range(digits))

    def _document(self) -> tuple[str, str]:
        kind = self.rng.choices(
            [IdentityDocument.Kind.CIN, IdentityDocument.Kind.PASSPORT, IdentityDocument.Kind.CONSULAR_CARD],
            weights=[60, 30, 10],
        )[0]
        if kind == IdentityDocument.Kind.CIN:
            prefix = self.rng.choice(CIN_PREFIXES.get(self.region, CIN_PREFIXES[""]))
            return kind, prefix + "".join(str(self.rng.randrange(10)) for _ in range(6))
        if kind == IdentityDocument.Kind.PASSPORT:
            return kind, self._digits(2, 7)
        return kind, self._digits(0, 8)
