"""The network's procedure templates, and a first national set that offices copy into their guides.

Matched by `code`: running the seed again updates the entries instead of
adding copies. Fees and delays that depend on the commune say so rather
than give a figure.
"""

import django.db.models.deletion
from django.db import migrations, models

BY_COMMUNE = "Selon la commune / حسب الجماعة"

# code, category code, title fr, title ar, title en, documents fr, documents ar, fees, delay, handled by, links
TEMPLATES = [
    (
        "building-permit",
        "urbanism",
        "Permis de construire",
        "رخصة البناء",
        "Building permit",
        "Demande signée par le propriétaire ou son mandataire\nCertificat de propriété (conservation foncière) ou titre de propriété\n"
        "Plans architecturaux signés par un architecte\nPlan topographique\nNote de renseignements urbanistiques",
        "طلب موقع من طرف المالك أو وكيله\nشهادة الملكية (المحافظة العقارية) أو سند الملكية\n"
        "التصاميم المعمارية موقعة من طرف مهندس معماري\nتصميم طبوغرافي\nمذكرة المعلومات التعميرية",
        BY_COMMUNE,
        "Délai fixé par la réglementation de l'urbanisme, selon le projet / حسب المشروع وفق ضوابط التعمير",
        "Guichet unique de l'urbanisme de la commune / الشباك الوحيد للتعمير بالجماعة",
        "https://www.rokhas.ma",
    ),
    (
        "civil-status-extract",
        "civil_status",
        "Extrait d'acte de naissance",
        "نسخة موجزة من رسم الولادة",
        "Birth certificate extract",
        "Références de l'acte (numéro, année, bureau d'état civil)\nCarte nationale d'identité du demandeur",
        "مراجع الرسم (الرقم، السنة، مكتب الحالة المدنية)\nالبطاقة الوطنية للتعريف لصاحب الطلب",
        BY_COMMUNE,
        "Le jour même au bureau, ou livraison après demande en ligne / في نفس اليوم بالمكتب أو بالتوصيل بعد الطلب عبر الإنترنت",
        "Bureau d'état civil de la commune / مكتب الحالة المدنية بالجماعة",
        "https://www.watiqa.ma",
    ),
    (
        "signature-legalisation",
        "civil_status",
        "Légalisation de signature",
        "تصحيح الإمضاء",
        "Legalisation of a signature",
        "Le document à légaliser, non signé (signature devant l'agent)\nCarte nationale d'identité ou passeport",
        "الوثيقة المراد تصحيح الإمضاء عليها غير موقعة (التوقيع أمام الموظف)\nالبطاقة الوطنية للتعريف أو جواز السفر",
        BY_COMMUNE,
        "Le jour même / في نفس اليوم",
        "Bureau de légalisation de la commune ou de l'arrondissement / مكتب تصحيح الإمضاءات بالجماعة أو المقاطعة",
        "https://www.idarati.ma",
    ),
    (
        "residence-certificate",
        "civil_status",
        "Certificat administratif de résidence",
        "شهادة السكنى",
        "Administrative certificate of residence",
        "Demande\nCarte nationale d'identité\nJustificatif de domicile (facture d'eau ou d'électricité, contrat de bail)",
        "طلب\nالبطاقة الوطنية للتعريف\nما يثبت السكنى (فاتورة الماء أو الكهرباء، عقد الكراء)",
        BY_COMMUNE,
        "Après enquête de l'autorité locale / بعد بحث السلطة المحلية",
        "Autorité locale (caïdat, annexe administrative) / السلطة المحلية (القيادة، الملحقة الإدارية)",
        "https://www.idarati.ma",
    ),
    (
        "complaint-administration",
        "other",
        "Réclamation auprès de l'administration",
        "شكاية لدى الإدارة",
        "Complaint to the administration",
        "Description des faits et de la demande\nCopies des pièces utiles (décisions, courriers, reçus)\nCoordonnées pour la réponse",
        "وصف الوقائع والطلب\nنسخ من الوثائق المفيدة (قرارات، مراسلات، وصولات)\nمعلومات الاتصال للجواب",
        "Gratuit / مجاناً",
        "L'administration répond dans les délais fixés par la réglementation des réclamations / تجيب الإدارة داخل الآجال المحددة",
        "L'administration concernée, via le portail national des réclamations / الإدارة المعنية عبر البوابة الوطنية للشكايات",
        "https://www.chikaya.ma",
    ),
    (
        "access-to-information",
        "other",
        "Demande d'accès à l'information",
        "طلب الحصول على المعلومات",
        "Request for access to information",
        "Demande précisant l'information recherchée (loi 31-13)\nNom et adresse du demandeur\nForme souhaitée de la réponse",
        "طلب يحدد المعلومة المطلوبة (القانون 31.13)\nاسم وعنوان صاحب الطلب\nالشكل المرغوب للجواب",
        "Gratuit, sauf frais de reproduction / مجاناً باستثناء مصاريف النسخ",
        "Délais de la loi 31-13 / آجال القانون 31.13",
        "Personne chargée de l'information de l'administration / الشخص المكلف بالمعلومات لدى الإدارة",
        "https://www.chafafya.ma",
    ),
    (
        "business-licence",
        "economic_licence",
        "Autorisation d'exercer une activité économique",
        "رخصة مزاولة نشاط اقتصادي",
        "Business licence",
        "Demande\nCarte nationale d'identité\nTitre d'occupation du local (propriété ou bail)\nPièces propres à l'activité",
        "طلب\nالبطاقة الوطنية للتعريف\nسند استغلال المحل (ملكية أو كراء)\nالوثائق الخاصة بالنشاط",
        BY_COMMUNE,
        BY_COMMUNE,
        "Service des affaires économiques de la commune / مصلحة الشؤون الاقتصادية بالجماعة",
        "https://www.rokhas.ma",
    ),
    (
        "procedures-portal",
        "other",
        "Trouver une procédure administrative",
        "البحث عن مسطرة إدارية",
        "Find an administrative procedure",
        "Selon la procédure: le portail national liste les pièces de chaque démarche",
        "حسب المسطرة: تعرض البوابة الوطنية وثائق كل مسطرة",
        "Selon la procédure / حسب المسطرة",
        "Selon la procédure / حسب المسطرة",
        "Portail national des procédures administratives / البوابة الوطنية للمساطر الإدارية",
        "https://www.idarati.ma",
    ),
]


def load(apps, schema_editor):
    # Runs in public only: django-tenants' router skips shared apps elsewhere.
    ProcedureTemplate = apps.get_model("network", "ProcedureTemplate")
    for code, category, title_fr, title_ar, title_en, docs_fr, docs_ar, fees, delay, handled_by, links in TEMPLATES:
        ProcedureTemplate.objects.update_or_create(
            code=code,
            defaults={
                "category_code": category,
                "title_fr": title_fr,
                "title_ar": title_ar,
                "title_en": title_en,
                "documents_fr": docs_fr,
                "documents_ar": docs_ar,
                "fees": fees,
                "delay": delay,
                "handled_by": handled_by,
                "links": links,
                "region": None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0004_externalservice_code_directory"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProcedureTemplate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=60, unique=True, verbose_name="code")),
                ("title_ar", models.CharField(max_length=200, verbose_name="title in Arabic")),
                ("title_fr", models.CharField(max_length=200, verbose_name="title in French")),
                ("title_en", models.CharField(blank=True, max_length=200, verbose_name="title in English")),
                ("category_code", models.SlugField(blank=True, max_length=40, verbose_name="category code")),
                ("documents_ar", models.TextField(blank=True, verbose_name="documents required, in Arabic")),
                ("documents_fr", models.TextField(blank=True, verbose_name="documents required, in French")),
                ("fees", models.CharField(blank=True, max_length=300, verbose_name="fees")),
                ("delay", models.CharField(blank=True, max_length=300, verbose_name="delay")),
                ("handled_by", models.CharField(blank=True, max_length=300, verbose_name="handled by")),
                (
                    "links",
                    models.TextField(
                        blank=True, help_text="One https link a line.", verbose_name="links to the national portals"
                    ),
                ),
                (
                    "region",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="procedure_templates",
                        to="network.region",
                        verbose_name="region",
                    ),
                ),
            ],
            options={
                "verbose_name": "procedure template",
                "verbose_name_plural": "procedure templates",
                "ordering": ["title_fr"],
            },
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
