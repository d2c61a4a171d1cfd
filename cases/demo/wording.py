"""What a demo office writes besides its cases, in French and in Arabic: the notes on a case's
timeline, its campaigns and activity log, and the names of its staff.

Each entry is one thing that happens in the story (the story's draw picks it); its phrasings are
the office's, and the office's pen picks one (office._Office.write), so that the same event reads
differently from one case to the next.
"""

from __future__ import annotations

# A phrasing per language, several of each: {"fr": (...), "ar": (...)}.
Phrasings = dict[str, tuple[str, ...]]

# --- Notes on a case's timeline ------------------------------------------------

# Internal notes: the office talking to itself about the file.
INTERNAL_NOTES: list[Phrasings] = [
    {
        "fr": (
            "Appel au service concerné : dossier en cours d'instruction.",
            "Joint le service par téléphone : le dossier est chez le chef de service pour signature.",
            "Passage au guichet du service : dossier complet, en attente de la commission.",
            "Le service confirme avoir reçu le dossier ; réponse promise sous quinze jours.",
        ),
        "ar": (
            "اتصال بالمصلحة المعنية: الملف في طور الدراسة.",
            "اتصال هاتفي بالمصلحة: الملف لدى رئيس المصلحة من أجل التوقيع.",
            "زيارة شباك المصلحة: الملف كامل وفي انتظار اجتماع اللجنة.",
            "أكدت المصلحة توصلها بالملف ووعدت بالجواب داخل أجل خمسة عشر يوما.",
        ),
    },
    {
        "fr": (
            "Pièce manquante demandée par e-mail : copie de la CNIE.",
            "Demandé par WhatsApp : copie lisible du passeport et du titre de séjour.",
            "Il manque l'acte de décès traduit ; la fille doit l'envoyer cette semaine.",
            "Certificat de propriété de plus de trois mois : un nouveau a été demandé à la famille.",
        ),
        "ar": (
            "طُلبت وثيقة ناقصة عبر البريد الإلكتروني: نسخة من البطاقة الوطنية.",
            "طُلبت عبر الواتساب نسخة واضحة من جواز السفر وبطاقة الإقامة.",
            "تنقص ترجمة رسم الوفاة؛ ستبعثها البنت خلال هذا الأسبوع.",
            "شهادة الملكية تجاوزت ثلاثة أشهر: طُلبت من الأسرة شهادة جديدة.",
        ),
    },
    {
        "fr": (
            "La personne rappellera à son retour en août.",
            "Rendez-vous pris pour la permanence du samedi pendant l'Opération Marhaba.",
            "Injoignable depuis une semaine ; message laissé sur WhatsApp.",
            "La personne passera au bureau dès son arrivée, début juillet.",
        ),
        "ar": (
            "سيعاود المعني بالأمر الاتصال عند عودته في شهر غشت.",
            "حُدد موعد خلال مداومة يوم السبت في إطار عملية مرحبا.",
            "تعذر الاتصال منذ أسبوع؛ تُركت رسالة عبر الواتساب.",
            "الحضور إلى المكتب مرتقب عند الوصول في بداية شهر يوليوز.",
        ),
    },
    {
        "fr": (
            "Dossier vu avec le chef de division ; relance prévue la semaine prochaine.",
            "Point fait avec le chef de la division de l'urbanisme : avis attendu après la commission de jeudi.",
            "Dossier présenté à la réunion hebdomadaire du directeur des services.",
            "Le chef de service demande une note écrite ; rédigée et déposée au bureau d'ordre.",
        ),
        "ar": (
            "تمت دراسة الملف مع رئيس القسم؛ تذكير مبرمج الأسبوع المقبل.",
            "تنسيق مع رئيس قسم التعمير: الرأي منتظر بعد اجتماع اللجنة يوم الخميس.",
            "عُرض الملف خلال الاجتماع الأسبوعي للسيد المدير العام للمصالح.",
            "طلب رئيس المصلحة مذكرة كتابية؛ حُررت وأودعت بمكتب الضبط.",
        ),
    },
    {
        "fr": (
            "Le fils a appelé de l'étranger pour suivre le dossier.",
            "La fille a écrit par e-mail pour savoir où en est le dossier.",
            "Un neveu est passé au bureau avec une procuration pour suivre l'affaire.",
            "L'association des Marocains de la ville de résidence a demandé des nouvelles du dossier.",
        ),
        "ar": (
            "اتصل الابن من الخارج لتتبع الملف.",
            "راسلت البنت المكتب عبر البريد الإلكتروني للاستفسار عن مآل الملف.",
            "حضر ابن الأخ إلى المكتب بوكالة لتتبع الملف.",
            "استفسرت جمعية مغاربة بلد الإقامة عن مآل الملف.",
        ),
    },
]
# Notes the person can read (tracking page, messages).
SHAREABLE_NOTES: list[Phrasings] = [
    {
        "fr": (
            "Votre dossier a été transmis au service compétent ; nous vous informerons de sa réponse.",
            "Nous avons remis votre dossier en main propre au service concerné et suivons sa réponse.",
            "Dossier transmis avec une fiche d'orientation ; le numéro de référence vous a été envoyé.",
        ),
        "ar": (
            "تمت إحالة ملفكم على المصلحة المختصة، وسنخبركم بجوابها.",
            "سلمنا ملفكم يدا بيد إلى المصلحة المعنية ونتابع جوابها.",
            "أحيل الملف مع ورقة التوجيه؛ أرسلنا إليكم رقم المرجع.",
        ),
    },
    {
        "fr": (
            "Merci de nous envoyer une copie de votre passeport par e-mail.",
            "Merci de nous envoyer par WhatsApp une photo lisible de votre carte nationale.",
            "Pouvez-vous nous envoyer la procuration signée au consulat ? Une copie suffit pour commencer.",
        ),
        "ar": (
            "المرجو موافاتنا بنسخة من جواز السفر عبر البريد الإلكتروني.",
            "المرجو إرسال صورة واضحة للبطاقة الوطنية عبر الواتساب.",
            "المرجو موافاتنا بالوكالة الموقعة بالقنصلية؛ تكفي نسخة منها للبدء.",
        ),
    },
    {
        "fr": (
            "Nous avons relancé le service ; la réponse est attendue dans les prochains jours.",
            "Le service nous a promis une réponse avant la fin du mois ; nous vous tiendrons informé.",
            "Nouvelle relance faite par écrit ; nous vous appelons dès que nous avons du nouveau.",
        ),
        "ar": (
            "قمنا بتذكير المصلحة، والجواب منتظر خلال الأيام المقبلة.",
            "وعدتنا المصلحة بالجواب قبل نهاية الشهر، وسنخبركم بذلك.",
            "وجهنا تذكيرا كتابيا جديدا، وسنتصل بكم فور توصلنا بالجديد.",
        ),
    },
]
CANCEL_NOTES: list[Phrasings] = [
    {
        "fr": (
            "La personne a retiré sa demande : affaire réglée directement.",
            "Demande retirée : la famille a trouvé un accord à l'amiable.",
            "Démarche faite directement par la personne pendant son séjour ; plus rien à suivre.",
        ),
        "ar": (
            "سحب الطلب بعد تسوية الأمر مباشرة.",
            "سُحب الطلب: توصلت الأسرة إلى حل ودي.",
            "أُنجز الإجراء مباشرة خلال المقام بالمغرب؛ لا شيء يستدعي التتبع.",
        ),
    },
    {
        "fr": (
            "Doublon d'un dossier déjà ouvert.",
            "Même demande enregistrée deux fois (visite et e-mail) ; suivie dans l'autre dossier.",
            "Dossier ouvert par erreur au nom du frère ; la demande est suivie dans son propre dossier.",
        ),
        "ar": (
            "ملف مكرر لملف مفتوح سابقا.",
            "الطلب نفسه سُجل مرتين (زيارة وبريد إلكتروني)؛ يُتابع في الملف الآخر.",
            "فُتح الملف خطأ في اسم الأخ؛ يُتابع الطلب في ملفه الخاص.",
        ),
    },
]
REOPEN_NOTE: Phrasings = {
    "fr": (
        "La personne conteste la réponse du service ; dossier rouvert.",
        "Nouvelle pièce reçue après la clôture ; le dossier est repris.",
        "Le service est revenu sur sa réponse ; dossier rouvert pour suivre la nouvelle décision.",
    ),
    "ar": (
        "اعتراض المعني بالأمر على جواب المصلحة؛ إعادة فتح الملف.",
        "التوصل بوثيقة جديدة بعد إغلاق الملف؛ استئناف المعالجة.",
        "تراجعت المصلحة عن جوابها؛ أعيد فتح الملف لتتبع القرار الجديد.",
    ),
}
# Why the office head refers a case without the person's written consent.
OVERRIDE_REASON: Phrasings = {
    "fr": (
        "Personne à l'étranger, accord donné par téléphone ; consentement écrit attendu par e-mail.",
        "Accord donné par WhatsApp (message vocal) ; formulaire de consentement envoyé pour signature.",
        "Le fils, mandataire, a donné l'accord par téléphone ; procuration à joindre.",
    ),
    "ar": (
        "المعني بالأمر بالخارج والموافقة هاتفية؛ الموافقة الكتابية منتظرة عبر البريد الإلكتروني.",
        "الموافقة عبر الواتساب (رسالة صوتية)؛ أرسلت استمارة الموافقة من أجل التوقيع.",
        "وافق الابن الوكيل هاتفيا؛ تُرفق الوكالة لاحقا.",
    ),
}

# --- Campaigns and the activity log --------------------------------------------

# Opération Marhaba: name (with the year), description.
MARHABA = {
    "fr": (
        "Opération Marhaba {year}",
        "Accueil renforcé pendant le retour estival ; permanences le week-end et les jours fériés "
        "(08:30-12:30, 12:30-16:30).",
    ),
    "ar": (
        "عملية مرحبا {year}",
        "تعزيز استقبال مغاربة العالم خلال العودة الصيفية؛ مداومة نهاية الأسبوع وأيام العطل (08:30-12:30 و12:30-16:30).",
    ),
}
# The public inquiry on the commune's urban plan, as Aït Melloul's (24 March - 27 April 2023).
PUBLIC_INQUIRY = {
    "fr": (
        "Enquête publique du projet de plan d'aménagement {of_commune_fr}",
        "Le bureau reçoit par e-mail et par téléphone les observations des MRE qui ne peuvent pas venir au "
        "centre culturel.",
    ),
    "ar": (
        "البحث العلني المتعلق بمشروع تصميم تهيئة مدينة {commune_ar}",
        "يتلقى المكتب عبر البريد الإلكتروني والهاتف ملاحظات وتعرضات مغاربة العالم الذين يتعذر عليهم الحضور "
        "إلى المركب الثقافي.",
    ),
}
# (kind, subject and place in each language, anchor, days from the anchor)
ACTIVITIES: list[tuple[str, dict[str, tuple[str, str]], str, int]] = [
    (
        "meeting",
        {
            "fr": (
                "Réunion de la commission provinciale de préparation de l'Opération Marhaba",
                "Siège de la province",
            ),
            "ar": (
                "اجتماع اللجنة الإقليمية المكلفة بمغاربة العالم حول ترتيبات استقبالهم خلال عملية مرحبا",
                "مقر العمالة",
            ),
        },
        "marhaba",
        -12,
    ),
    (
        "radio",
        {
            "fr": ("Émission sur la radio régionale : les services du bureau pendant l'été", "Radio régionale"),
            "ar": ("لقاء مباشر عبر أثير الإذاعة الجهوية حول عملية مرحبا وخدمات المكتب", "الإذاعة الجهوية"),
        },
        "marhaba",
        6,
    ),
    (
        "open_day",
        {
            "fr": ("Journée nationale des Marocains du monde : portes ouvertes du bureau", "Hôtel de ville"),
            "ar": ("تخليد اليوم الوطني للمهاجر: أبواب مفتوحة بالمكتب", "مقر الجماعة"),
        },
        "august10",
        0,
    ),
    (
        "meeting",
        {
            "fr": ("Séance d'information sur l'enquête publique du plan d'aménagement", "Centre culturel"),
            "ar": ("لقاء تواصلي حول البحث العلني المتعلق بمشروع تصميم التهيئة", "المركب الثقافي"),
        },
        "inquiry",
        3,
    ),
    (
        "training",
        {
            "fr": (
                "Formation : accueil des usagers et protection des données personnelles (loi 09-08)",
                "Salle de réunion de la commune",
            ),
            "ar": (
                "دورة تكوينية حول استقبال المرتفقين وحماية المعطيات ذات الطابع الشخصي (القانون 09.08)",
                "قاعة الاجتماعات بمقر الجماعة",
            ),
        },
        "today",
        -55,
    ),
    (
        "meeting",
        {
            "fr": ("Réunion de la cellule locale de suivi et d'évaluation du bureau", "Salle de réunion de la commune"),
            "ar": ("اجتماع الخلية المحلية لتتبع وتقييم عمل المكتب", "قاعة الاجتماعات بمقر الجماعة"),
        },
        "today",
        -20,
    ),
]
TOWN_HALL = {"fr": "Hôtel de ville, {commune_fr}", "ar": "مقر الجماعة، {commune_ar}"}

# --- Staff -----------------------------------------------------------------------

# Municipal employees' first names (Latin, Arabic): the agents, and the heads with the men's.
STAFF_WOMEN = [
    ("Fatima Zahra", "فاطمة الزهراء"), ("Khadija", "خديجة"), ("Hanane", "حنان"), ("Naima", "نعيمة"),
    ("Salma", "سلمى"), ("Sanae", "سناء"), ("Loubna", "لبنى"), ("Meryem", "مريم"), ("Zineb", "زينب"),
    ("Asmae", "أسماء"), ("Siham", "سهام"), ("Nadia", "نادية"), ("Hind", "هند"), ("Ilham", "إلهام"),
    ("Bouchra", "بشرى"),
]  # fmt: skip
STAFF_MEN = [
    ("Brahim", "إبراهيم"), ("Rachid", "رشيد"), ("Mohamed Amine", "محمد أمين"), ("Abdellatif", "عبد اللطيف"),
    ("Lahoucine", "الحسين"), ("Youssef", "يوسف"), ("Hassan", "حسن"), ("Mustapha", "مصطفى"), ("Khalid", "خالد"),
    ("Abdelhakim", "عبد الحكيم"),
]  # fmt: skip
# Surnames of the heads of office, by region (the agents take the visitors' surnames of theirs).
STAFF_SURNAMES = {
    "souss-massa": [
        ("Oubella", "أوبلا"), ("Id Hammou", "إد حمو"), ("Ait Baha", "آيت باها"), ("Boufous", "بوفوس"),
        ("Akhiat", "أخيات"), ("Ouzzine", "أوزين"),
    ],
    "oriental": [
        ("Bouchikhi", "البوشيخي"), ("El Maaroufi", "المعروفي"), ("Kaddouri", "القدوري"), ("Mokhtari", "المختاري"),
        ("Ziani", "الزياني"), ("Haddouchi", "الحدوشي"),
    ],
    "": [
        ("El Gharbaoui", "الغرباوي"), ("Zaari", "الزعري"), ("Bouhadi", "البوهادي"), ("Fatihi", "الفاتحي"),
        ("Laghrissi", "الغريسي"), ("Nejjari", "النجاري"),
    ],
}  # fmt: skip
# The read-only login is the local follow-up and evaluation cell's.
FOLLOW_UP_CELL = {"fr": "Cellule locale de suivi (lecture seule)", "ar": "الخلية المحلية للتتبع والتقييم (اطلاع فقط)"}
