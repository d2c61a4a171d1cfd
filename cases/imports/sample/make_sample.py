"""Writes the sample register shipped with the imports: a synthetic visitor register of the Aït Melloul office.

    python cases/imports/sample/make_sample.py

Every name, phone and e-mail is made up (numbers are valid by the numbering plans, drawn at random). The
same seed gives the same files, byte for byte:

- register_aitmelloul.xlsx: Arabic headings below two title rows, as the office's Excel sheet; dates as
  Excel date cells, and some typed as text (12/03/2023, 2023-03-12);
- register_aitmelloul.csv: the same rows with French headings, as "CSV UTF-8" from a French Excel
  (semicolons, BOM); dates typed in the usual local ways;
- expected.json: how many rows, people and cases an import of either file must give.

One person may come on several rows (another visit, same phone); a row is one visit and its case.
"""

from __future__ import annotations

import csv
import io
import json
import random
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import phonenumbers
from openpyxl import Workbook

HERE = Path(__file__).parent
SEED = 20230427  # the office opened on 27 April 2022; its register here runs from May 2022
ROWS = 150
FIRST_DAY, LAST_DAY = date(2022, 5, 2), date(2025, 12, 19)
FIXED_TIME = (2026, 1, 1, 0, 0, 0)

MALE = [
    ("Mohamed", "محمد"), ("Ahmed", "أحمد"), ("Youssef", "يوسف"), ("Brahim", "إبراهيم"), ("Lahcen", "لحسن"),
    ("Omar", "عمر"), ("Said", "سعيد"), ("Rachid", "رشيد"), ("Mustapha", "مصطفى"), ("Abderrahim", "عبد الرحيم"),
    ("Driss", "إدريس"), ("Hassan", "حسن"), ("Abdellah", "عبد الله"), ("Mehdi", "المهدي"), ("Karim", "كريم"),
]  # fmt: skip
FEMALE = [
    ("Fatima", "فاطمة"), ("Khadija", "خديجة"), ("Aicha", "عائشة"), ("Meryem", "مريم"), ("Zineb", "زينب"),
    ("Naima", "نعيمة"), ("Hafida", "حفيظة"), ("Souad", "سعاد"), ("Rkia", "رقية"), ("Latifa", "لطيفة"),
    ("Sara", "سارة"), ("Yasmine", "ياسمين"), ("Inès", "إيناس"),
]  # fmt: skip
LAST = [
    ("Amzian", "أمزيان"), ("Ouali", "أوعلي"), ("Benali", "بن علي"), ("Idrissi", "الإدريسي"),
    ("Ait Baha", "أيت باها"), ("Akhiat", "أخياط"), ("Bouzid", "بوزيد"), ("Essafi", "الصافي"),
    ("Oubella", "أوبلا"), ("El Hassani", "الحسني"), ("Ait Ahmed", "أيت أحمد"), ("Belkadi", "بلقاضي"),
    ("Oumouss", "أوموس"), ("Id Brahim", "إد إبراهيم"), ("Boutaleb", "بوطالب"), ("Agouram", "أكورام"),
    ("Lachgar", "لشكر"), ("Anflous", "أنفلوس"),
]  # fmt: skip
# country: (code, Arabic, French, phone prefix and national mobile pattern, cities)
COUNTRIES = [
    ("FR", "فرنسا", "France", "+33", ("6", 8), ["Lyon", "Marseille", "Montpellier", "Paris", "Toulouse", "Nice"]),
    ("ES", "إسبانيا", "Espagne", "+34", ("6", 8), ["Barcelona", "Murcia", "Almería", "Madrid", "Valencia"]),
    ("IT", "إيطاليا", "Italie", "+39", ("34", 8), ["Torino", "Milano", "Bologna", "Napoli"]),
    ("BE", "بلجيكا", "Belgique", "+32", ("47", 7), ["Bruxelles", "Anvers", "Liège"]),
    ("NL", "هولندا", "Pays-Bas", "+31", ("6", 8), ["Rotterdam", "Amsterdam", "Utrecht"]),
    ("DE", "ألمانيا", "Allemagne", "+49", ("151", 8), ["Düsseldorf", "Frankfurt", "Köln"]),
    # Rights-holders and returnees live in the commune.
    ("MA", "المغرب", "Maroc", "+212", ("6", 8), ["Aït Melloul", "Inezgane", "Agadir"]),
]
COUNTRY_WEIGHTS = [40, 20, 14, 10, 9, 7, 0]
# category (Arabic name, French name as in the office's settings), subjects (Arabic, French)
SUBJECTS = [
    (("الربط بشبكتي الماء والكهرباء", "Raccordement eau et électricité"), [
        ("طلب رخصة الربط بشبكة الماء الصالح للشرب", "Demande d'autorisation de raccordement au réseau d'eau potable"),
        ("طلب رخصة الربط بشبكة الكهرباء", "Demande d'autorisation de raccordement électrique"),
    ]),
    (("التعمير / رخصة البناء", "Urbanisme / permis de construire"), [
        ("طلب رخصة السكن", "Demande de permis d'habiter"),
        ("استفسار حول رخصة البناء", "Renseignement sur le permis de construire"),
        ("تعرض على تصميم التهيئة", "Opposition au projet de plan d'aménagement"),
    ]),
    (("الحالة المدنية والأرشيف", "État civil et archives"), [
        ("طلب نسخة من رسم الولادة", "Demande d'extrait d'acte de naissance"),
        ("وثائق من الأرشيف الجماعي", "Documents des archives communales"),
        ("تصحيح خطأ في رسم الحالة المدنية", "Rectification d'un acte d'état civil"),
    ]),
    (("معاش من صندوق أجنبي", "Pension d'une caisse étrangère"), [
        ("ملف معاش الأرملة من صندوق فرنسي", "Dossier de pension de réversion (caisse française)"),
        ("شهادة الحياة لصندوق التقاعد", "Certificat de vie pour la caisse de retraite"),
    ]),
    (("المحافظة العقارية / الملكية", "Conservation foncière / propriété"), [
        ("توجيه نحو المحافظة العقارية", "Orientation vers la conservation foncière"),
        ("نزاع حول قطعة أرضية", "Litige sur un terrain"),
    ]),
    (("رخصة النشاط الاقتصادي", "Autorisation d'activité économique"), [
        ("طلب رخصة فتح محل تجاري", "Demande d'autorisation d'ouverture d'un commerce"),
    ]),
    (("الاستثمار", "Investissement"), [
        ("مشروع استثماري في الفلاحة", "Projet d'investissement agricole"),
    ]),
]  # fmt: skip
SUBJECT_WEIGHTS = [26, 24, 20, 12, 10, 5, 3]
CHANNELS = [("حضوري", "Visite"), ("هاتف", "Téléphone"), ("واتساب", "WhatsApp"), ("البريد الإلكتروني", "E-mail")]
CHANNEL_WEIGHTS = [60, 15, 18, 7]
KINDS = [("طلب", "Demande"), ("شكاية", "Plainte"), ("استفسار", "Renseignement"), ("توجيه", "Orientation")]
KIND_WEIGHTS = [60, 12, 18, 10]
STATUS = [
    ("مغربي مقيم بالخارج", "MRE"),
    ("ذوو الحقوق", "Ayant droit"),
    ("عائد", "De retour"),
]
GENERATIONS = {1: ("الأول", "1ère"), 2: ("الثاني", "2e"), 3: ("الثالث", "3e")}
CASE_STATES = [("في طور المعالجة", "En cours"), ("تمت المعالجة", "Traité"), ("مغلق", "Clôturé"), ("جديد", "Nouveau")]
NOTES = [
    "",
    "",
    "",
    "يحتاج إلى نسخة من البطاقة الوطنية",
    "Dossier incomplet : manque le plan cadastral",
    "تم التوجيه إلى المكتب الوطني للكهرباء والماء الصالح للشرب",
    "Rappeler après le retour de l'été",
    "حضر عن طريق وكيل",
]

HEADINGS_AR = [
    "الرقم الترتيبي", "تاريخ الاستقبال", "النسب", "الاسم الشخصي", "الجنس", "سنة الازدياد", "الجيل", "الصفة",
    "بلد الإقامة", "مدينة الإقامة", "الهاتف", "الواتساب", "البريد الإلكتروني", "نوع الطلب", "المجال",
    "الموضوع", "القناة", "المآل", "تاريخ الرد", "ملاحظات",
]  # fmt: skip
HEADINGS_FR = [
    "N°", "Date de réception", "Nom", "Prénom", "Sexe", "Année de naissance", "Génération", "Statut",
    "Pays de résidence", "Ville", "Téléphone", "WhatsApp", "E-mail", "Type de demande", "Catégorie", "Objet",
    "Canal", "État du dossier", "Date de réponse", "Observations",
]  # fmt: skip


@dataclass
class Visitor:
    first: tuple[str, str]
    last: tuple[str, str]
    arabic: bool  # written in Arabic script in the register
    female: bool
    birth_year: int | None
    generation: int
    status: int
    country: int
    city: str
    phone: str  # E.164, or ''
    phone_written: str
    whatsapp: str
    email: str


def _mobile(rng: random.Random, country: int) -> str:
    _code, _ar, _fr, prefix, (start, rest), _cities = COUNTRIES[country]
    while True:
        number = prefix + start + "".join(rng.choice("0123456789") for _digit in range(rest))
        if phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number


def _moroccan(rng: random.Random) -> str:
    while True:
        number = "+212" + rng.choice("67") + "".join(rng.choice("0123456789") for _digit in range(8))
        if phonenumbers.is_valid_number(phonenumbers.parse(number)):
            return number


def _written(rng: random.Random, e164: str) -> str:
    """As an agent types it: 06 12 34 56 78, 0612345678, +212 6..., 00212..., 0033 6..., +33 6 ..."""
    national = e164[4:] if e164.startswith("+212") else ""
    style = rng.random()
    if national:
        if style < 0.4:
            return "0" + national
        if style < 0.65:
            digits = "0" + national
            return " ".join(digits[index : index + 2] for index in range(0, 10, 2))
        if style < 0.85:
            return "+212 " + national
        return "00212" + national
    if style < 0.5:
        return e164
    if style < 0.8:
        return "00" + e164[1:]
    return e164[:3] + " " + " ".join(e164[index : index + 2] for index in range(3, len(e164), 2))


def _visitors(rng: random.Random, count: int) -> list[Visitor]:
    visitors: list[Visitor] = []
    used_phones: set[str] = set()
    used_names: set[tuple[str, str, int | None, int]] = set()
    while len(visitors) < count:
        female = rng.random() < 0.42
        first = rng.choice(FEMALE if female else MALE)
        last = rng.choice(LAST)
        generation = rng.choices([1, 2, 3], [62, 30, 8])[0]
        birth_year = (
            rng.randint(1945, 1975) if generation == 1 else rng.randint(1976, 1998) if generation == 2 else None
        )
        if birth_year is None and rng.random() < 0.5:
            birth_year = rng.randint(1999, 2004)
        status = rng.choices([0, 1, 2], [80, 14, 6])[0]
        country = rng.choices(range(len(COUNTRIES)), COUNTRY_WEIGHTS)[0] if status == 0 else len(COUNTRIES) - 1
        city = rng.choice(COUNTRIES[country][5])
        arabic = generation == 1 and rng.random() < 0.55
        has_phone = rng.random() < 0.9
        phone = ""
        if has_phone:
            phone = _moroccan(rng) if rng.random() < 0.35 or status else _mobile(rng, country)
            if phone in used_phones:
                continue
            used_phones.add(phone)
        else:
            key = (first[0], last[0], birth_year, country)
            if key in used_names:
                continue
            used_names.add(key)
        whatsapp = phone if phone and rng.random() < 0.45 else ""
        email = ""
        if rng.random() < 0.25:
            local = f"{first[0].lower().replace('è', 'e')}.{last[0].lower().replace(' ', '')}"
            email = f"{local}{rng.randint(1, 99)}@example.org"
        visitors.append(
            Visitor(
                first=first,
                last=last,
                arabic=arabic,
                female=female,
                birth_year=birth_year,
                generation=generation,
                status=status,
                country=country,
                city=city,
                phone=phone,
                phone_written=_written(rng, phone) if phone else "",
                whatsapp=whatsapp,
                email=email,
            )
        )
    return visitors


@dataclass
class Visit:
    visitor: Visitor
    day: date
    subject: int
    topic: int
    channel: int
    kind: int
    state: int
    answered: date | None
    note: str


def _visits(rng: random.Random) -> tuple[list[Visit], int]:
    visitors = _visitors(rng, 122)
    # Some come back: another visit, for another subject, with the phone they gave the first time.
    coming = list(visitors) + [rng.choice([v for v in visitors if v.phone]) for _extra in range(ROWS - len(visitors))]
    span = (LAST_DAY - FIRST_DAY).days
    visits = []
    seen: set[tuple[int, date, int, int]] = set()
    for visitor in coming:
        while True:
            day = FIRST_DAY + timedelta(days=rng.randint(0, span))
            while day.weekday() >= 5:
                day += timedelta(days=1)
            subject = rng.choices(range(len(SUBJECTS)), SUBJECT_WEIGHTS)[0]
            topic = rng.randrange(len(SUBJECTS[subject][1]))
            key = (id(visitor), day, subject, topic)
            if key not in seen:
                seen.add(key)
                break
        state = rng.choices(range(len(CASE_STATES)), [20, 35, 40, 5])[0]
        answered = None
        if state in (1, 2):
            answered = min(day + timedelta(days=rng.randint(2, 45)), LAST_DAY)
        visits.append(
            Visit(
                visitor=visitor,
                day=day,
                subject=subject,
                topic=topic,
                channel=rng.choices(range(len(CHANNELS)), CHANNEL_WEIGHTS)[0],
                kind=rng.choices(range(len(KINDS)), KIND_WEIGHTS)[0],
                state=state,
                answered=answered,
                note=rng.choice(NOTES),
            )
        )
    visits.sort(key=lambda visit: visit.day)
    return visits, len(visitors)


def _date_text(rng: random.Random, day: date) -> str:
    style = rng.random()
    if style < 0.55:
        return day.strftime("%d/%m/%Y")
    if style < 0.7:
        return day.isoformat()
    if style < 0.8:
        return f"{day.day}/{day.month}/{day.strftime('%y')}"
    if style < 0.9:
        return day.strftime("%d-%m-%Y")
    return day.strftime("%d.%m.%Y")


def _rows(visits: list[Visit], rng: random.Random) -> tuple[list[list[object]], list[list[str]]]:
    arabic_rows: list[list[object]] = []
    french_rows: list[list[str]] = []
    for number, visit in enumerate(visits, start=1):
        who = visit.visitor
        script = 1 if who.arabic else 0
        country = COUNTRIES[who.country]
        category, topics = SUBJECTS[visit.subject]
        topic = topics[visit.topic]
        subject = topic[0] if script or rng.random() < 0.6 else topic[1]  # as the agent wrote it, in both files
        # The Excel sheet: mostly date cells; some typed as text by another agent.
        style = rng.random()
        received: object = (
            datetime.combine(visit.day, datetime.min.time())
            if style < 0.75
            else visit.day.strftime("%d/%m/%Y")
            if style < 0.9
            else visit.day.isoformat()
        )
        answered: object = datetime.combine(visit.answered, datetime.min.time()) if visit.answered else None
        country_ar = country[1] if rng.random() < 0.9 else country[0]
        arabic_rows.append(
            [
                number,
                received,
                who.last[script],
                who.first[script],
                "أنثى" if who.female else "ذكر",
                who.birth_year,
                GENERATIONS[who.generation][0],
                STATUS[who.status][0],
                country_ar,
                who.city,
                who.phone_written,
                who.whatsapp,
                who.email,
                KINDS[visit.kind][0],
                category[0],
                subject,
                CHANNELS[visit.channel][0],
                CASE_STATES[visit.state][0],
                answered,
                visit.note,
            ]
        )
        french_rows.append(
            [
                str(number),
                _date_text(rng, visit.day),
                who.last[script],
                who.first[script],
                "F" if who.female else "H",
                str(who.birth_year or ""),
                GENERATIONS[who.generation][1],
                STATUS[who.status][1],
                country[2] if rng.random() < 0.9 else country[0],
                who.city,
                who.phone_written,
                who.whatsapp,
                who.email,
                KINDS[visit.kind][1],
                category[1],
                subject,
                CHANNELS[visit.channel][1],
                CASE_STATES[visit.state][1],
                _date_text(rng, visit.answered) if visit.answered else "",
                visit.note,
            ]
        )
    return arabic_rows, french_rows


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "سجل المرتفقين"
    sheet.sheet_view.rightToLeft = True
    sheet.append(["جماعة أيت ملول — مكتب استقبال وتوجيه مغاربة العالم"])
    sheet.append(["سجل المرتفقين 2022-2025"])
    sheet.append([])
    sheet.append(HEADINGS_AR)
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=5, min_col=2, max_col=2):
        for cell in cells:
            cell.number_format = "DD/MM/YYYY"
    for cells in sheet.iter_rows(min_row=5, min_col=19, max_col=19):
        for cell in cells:
            cell.number_format = "DD/MM/YYYY"
    book.properties.created = book.properties.modified = datetime(*FIXED_TIME)
    out = io.BytesIO()
    book.save(out)
    # Same bytes every time: the archive's dates fixed.
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    fixed = io.BytesIO()
    with zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", content)
            target.writestr(entry, content)
    return fixed.getvalue()


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADINGS_FR)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def main() -> None:
    rng = random.Random(SEED)  # noqa: S311 - made-up data, the same every time
    visits, people = _visits(rng)
    arabic_rows, french_rows = _rows(visits, rng)
    (HERE / "register_aitmelloul.xlsx").write_bytes(_xlsx(arabic_rows))
    (HERE / "register_aitmelloul.csv").write_bytes(_csv(french_rows))
    expected = {"rows": len(visits), "people": people, "cases": len(visits)}
    (HERE / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")
    print(f"{len(visits)} rows, {people} people")


if __name__ == "__main__":
    main()
