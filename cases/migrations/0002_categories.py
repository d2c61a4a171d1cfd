"""The subjects the offices record, from the sources (Ait Melloul 2022-2023, Béni Mellal).

Each office can rename them, change their time to answer, add its own or
stop using one. Runs in every commune's schema, new ones included.
"""

from django.db import migrations

CATEGORIES = [
    # code, French, Arabic, English, business days to answer
    ("urbanism", "Urbanisme / permis de construire", "التعمير / رخصة البناء", "Urban planning / building permit", 15),
    (
        "utilities",
        "Raccordement eau et électricité",
        "الربط بشبكتي الماء والكهرباء",
        "Water and electricity connection",
        10,
    ),
    ("economic_licence", "Autorisation d'activité économique", "رخصة النشاط الاقتصادي", "Business licence", 10),
    ("civil_status", "État civil et archives", "الحالة المدنية والأرشيف", "Civil status and archives", 5),
    ("foreign_pension", "Pension d'une caisse étrangère", "معاش من صندوق أجنبي", "Pension from a foreign fund", 20),
    (
        "land_property",
        "Conservation foncière / propriété",
        "المحافظة العقارية / الملكية",
        "Land registry / property",
        20,
    ),
    ("investment", "Investissement", "الاستثمار", "Investment", 15),
    ("taxes", "Impôts et taxes", "الضرائب والرسوم", "Taxes", 10),
    ("customs_vehicles", "Douane / véhicules", "الجمارك / السيارات", "Customs / vehicles", 10),
    (
        "education",
        "Éducation / équivalence de diplômes",
        "التعليم / معادلة الشهادات",
        "Education / equivalence of diplomas",
        15,
    ),
    ("social_health", "Social et santé", "الشؤون الاجتماعية والصحة", "Social affairs and health", 10),
    ("justice", "Justice", "العدل", "Justice", 20),
    (
        "urban_plan_objection",
        "Opposition au plan d'aménagement",
        "التعرض على تصميم التهيئة",
        "Objection to the urban plan",
        10,
    ),
    ("other", "Autre", "أخرى", "Other", 10),
]


def seed(apps, schema_editor):
    Category = apps.get_model("cases", "Category")
    for position, (code, name_fr, name_ar, name_en, days) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name_fr": name_fr,
                "name_ar": name_ar,
                "name_en": name_en,
                "sla_business_days": days,
                "position": position * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
