"""What people come to a demo office for: cases in French and Arabic, where they are referred, the answers."""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import (
    Case,
)

# --- What people come for ------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """A kind of case the offices see, in French and Arabic, and where it is referred."""

    category: str
    kind: str
    subject: tuple[str, str]
    description: tuple[str, str]
    # Where to refer, in order of preference: "kind:<ExternalService kind>", "code:<code>",
    # "fund" (the pension fund of the country), "local:<key of LOCAL_SERVICES>".
    services: tuple[str, ...]
    purpose: tuple[str, str]
    answered: tuple[str, str]
    refused: tuple[str, str]
    reply: tuple[str, str]
    who: tuple[str, ...] = ("mre",)
    info: bool = False  # usually answered on the spot


SCENARIOS = [
    Scenario(
        category="urbanism",
        kind=Case.Kind.REQUEST,
        subject=(
            "Demande d'autorisation de construire sur un terrain hérité à {commune_fr}",
            "طلب رخصة البناء فوق بقعة موروثة ب{commune_ar}",
        ),
        description=(
            "Terrain hérité du père, en indivision avec trois frères résidant {in_country_fr}. Souhaite "
            "construire une maison R+1 ; vérifier les pièces du dossier (certificat de propriété, plans, "
            "procuration des co-héritiers).",
            "بقعة موروثة عن الأب في الشياع مع ثلاثة إخوة مقيمين ب{country_ar}. يرغب في بناء منزل من طابقين؛ "
            "التحقق من وثائق الملف (شهادة الملكية، التصاميم، وكالة الورثة).",
        ),
        services=("kind:urban_agency", "local:urbanism"),
        purpose=(
            "Avis sur la constructibilité du terrain et liste des pièces à déposer sur Rokhas.",
            "إبداء الرأي حول قابلية البقعة للبناء ولائحة الوثائق الواجب إيداعها عبر منصة رخص.",
        ),
        answered=(
            "Avis favorable sous réserve d'un certificat de propriété de moins de trois mois.",
            "رأي إيجابي شريطة الإدلاء بشهادة ملكية لا يتجاوز تاريخها ثلاثة أشهر.",
        ),
        refused=(
            "Terrain classé en zone non constructible au plan d'aménagement en vigueur.",
            "البقعة مصنفة منطقة غير قابلة للبناء حسب تصميم التهيئة الجاري به العمل.",
        ),
        reply=(
            "Nous vous avons transmis l'avis de l'agence urbaine et la liste des pièces ; le dépôt se fait sur "
            "rokhas.ma.",
            "أرسلنا إليكم رأي الوكالة الحضرية ولائحة الوثائق؛ يتم الإيداع عبر منصة rokhas.ma.",
        ),
    ),
    Scenario(
        category="urbanism",
        kind=Case.Kind.GRIEVANCE,
        subject=("Permis d'habiter en attente depuis la fin des travaux", "تأخر تسليم رخصة السكن بعد انتهاء الأشغال"),
        description=(
            "Travaux achevés il y a plusieurs mois, la commission n'est pas passée ; la personne repart "
            "{in_country_fr} à la fin du mois.",
            "انتهت الأشغال منذ عدة أشهر ولم تقم اللجنة بالمعاينة؛ سيعود المعني إلى {country_ar} في نهاية الشهر.",
        ),
        services=("local:urbanism", "kind:urban_agency"),
        purpose=(
            "Programmer la visite de conformité et indiquer la date au bureau.",
            "برمجة زيارة المطابقة وإخبار المكتب بتاريخها.",
        ),
        answered=(
            "Visite de conformité faite ; permis d'habiter signé, à retirer au guichet.",
            "تمت معاينة المطابقة؛ رخصة السكن موقعة وجاهزة للسحب من الشباك.",
        ),
        refused=("Non-conformité constatée : balcon en saillie non autorisé.", "عدم المطابقة: شرفة بارزة غير مرخصة."),
        reply=(
            "Votre permis d'habiter est prêt ; un proche muni d'une procuration peut le retirer.",
            "رخصة السكن جاهزة؛ يمكن لأحد الأقارب سحبها بواسطة وكالة.",
        ),
    ),
    Scenario(
        category="utilities",
        kind=Case.Kind.COMPLAINT,
        subject=(
            "Retard de raccordement de la maison au réseau d'eau potable",
            "تأخر ربط المنزل بشبكة الماء الصالح للشرب",
        ),
        description=(
            "Demande de branchement déposée l'été dernier, frais payés ; toujours pas de compteur posé.",
            "تم إيداع طلب الربط الصيف الماضي وأداء المصاريف، ولم يتم تركيب العداد بعد.",
        ),
        services=("kind:utility",),
        purpose=(
            "Relance de la demande de branchement : état d'avancement et date de pose du compteur.",
            "تذكير بطلب الربط: وضعية الملف وتاريخ تركيب العداد.",
        ),
        answered=(
            "Branchement programmé ; le compteur sera posé dans les quinze jours.",
            "تمت برمجة الربط وسيتم تركيب العداد خلال خمسة عشر يوما.",
        ),
        refused=(
            "Raccordement impossible : la rue n'est pas encore équipée du réseau.",
            "تعذر الربط: الزنقة غير مجهزة بالشبكة بعد.",
        ),
        reply=(
            "Le distributeur a programmé votre branchement ; vous serez appelé pour la pose du compteur.",
            "برمج الموزع عملية الربط، وسيتم الاتصال بكم لتركيب العداد.",
        ),
    ),
    Scenario(
        category="utilities",
        kind=Case.Kind.COMPLAINT,
        subject=(
            "Facture d'électricité anormale pendant l'absence (maison fermée)",
            "فاتورة كهرباء مرتفعة رغم إغلاق المنزل",
        ),
        description=(
            "Maison fermée dix mois par an ; facture estimée très élevée. Demande de relevé réel et de correction.",
            "المنزل مغلق عشرة أشهر في السنة؛ فاتورة تقديرية مرتفعة جدا. طلب قراءة فعلية للعداد وتصحيح الفاتورة.",
        ),
        services=("kind:utility",),
        purpose=(
            "Vérifier le relevé du compteur et corriger la facture estimée.",
            "التحقق من قراءة العداد وتصحيح الفاتورة التقديرية.",
        ),
        answered=(
            "Relevé erroné corrigé ; avoir sur la prochaine facture.",
            "تم تصحيح القراءة الخاطئة وخصم الفرق من الفاتورة المقبلة.",
        ),
        refused=(
            "Relevé confirmé : consommation réelle (fuite probable après compteur).",
            "تم تأكيد القراءة: الاستهلاك حقيقي (تسرب محتمل بعد العداد).",
        ),
        reply=(
            "Le distributeur a corrigé votre facture ; le trop-perçu sera déduit.",
            "صحح الموزع فاتورتكم وسيتم خصم المبلغ الزائد.",
        ),
    ),
    Scenario(
        category="economic_licence",
        kind=Case.Kind.REQUEST,
        subject=("Autorisation d'ouverture d'un café au retour au pays", "رخصة فتح مقهى بعد العودة إلى أرض الوطن"),
        description=(
            "Ancien salarié {in_country_fr}, rentré définitivement, souhaite ouvrir un café dans un local familial.",
            "عامل سابق ب{country_ar} عاد بصفة نهائية، يرغب في فتح مقهى بمحل في ملكية العائلة.",
        ),
        services=("local:economic",),
        purpose=(
            "Liste des pièces et avis sur le local (hygiène, voisinage).",
            "لائحة الوثائق ورأي حول المحل (الصحة، الجوار).",
        ),
        answered=(
            "Dossier complet ; autorisation délivrée après la visite de la commission.",
            "الملف كامل؛ سلمت الرخصة بعد زيارة اللجنة.",
        ),
        refused=(
            "Local non conforme : pas d'accès séparé, activité refusée dans une zone résidentielle.",
            "المحل غير مطابق: لا يتوفر على مدخل مستقل، والنشاط مرفوض بمنطقة سكنية.",
        ),
        reply=(
            "Votre autorisation est signée ; elle vous attend au service des affaires économiques.",
            "رخصتكم موقعة وتنتظركم بمصلحة الشؤون الاقتصادية.",
        ),
        who=("mre", "returnee"),
    ),
    Scenario(
        category="civil_status",
        kind=Case.Kind.REQUEST,
        subject=(
            "Inscription à l'état civil d'un enfant né {in_country_fr}",
            "تسجيل مولود ازداد ب{country_ar} في سجلات الحالة المدنية",
        ),
        description=(
            "Enfant né à l'étranger, acte de naissance étranger traduit ; la famille veut l'inscrire sur le livret.",
            "مولود ازداد بالخارج، عقد الازدياد الأجنبي مترجم؛ تريد الأسرة تسجيله بالدفتر العائلي.",
        ),
        services=("local:civil_status",),
        purpose=(
            "Vérifier la recevabilité de l'acte étranger et la procédure de transcription.",
            "التحقق من قبول العقد الأجنبي ومسطرة النقل إلى السجلات.",
        ),
        answered=(
            "Transcription faite ; extrait d'acte de naissance disponible.",
            "تم النقل إلى السجلات؛ نسخة موجزة من عقد الازدياد متوفرة.",
        ),
        refused=("Déclaration hors délai : jugement déclaratif nécessaire.", "تصريح خارج الأجل: يلزم حكم تصريحي."),
        reply=(
            "L'enfant est inscrit ; vous pouvez demander l'extrait en ligne sur watiqa.ma.",
            "تم تسجيل المولود؛ يمكنكم طلب النسخة عبر watiqa.ma.",
        ),
    ),
    Scenario(
        category="civil_status",
        kind=Case.Kind.REQUEST,
        subject=("Rectification du nom sur l'acte de naissance", "تصحيح خطأ في الاسم العائلي بعقد الازدياد"),
        description=(
            "Le nom de famille est écrit différemment sur l'acte de naissance et sur le passeport ; bloque un "
            "dossier de regroupement familial.",
            "الاسم العائلي مكتوب بشكل مختلف في عقد الازدياد وجواز السفر؛ مما يعرقل ملف التجمع العائلي.",
        ),
        services=("kind:court", "local:civil_status"),
        purpose=(
            "Procédure de rectification judiciaire et pièces à produire.",
            "مسطرة التصحيح القضائي والوثائق المطلوبة.",
        ),
        answered=(
            "Jugement de rectification rendu ; mention portée en marge de l'acte.",
            "صدر حكم التصحيح وتمت الإشارة إليه بهامش العقد.",
        ),
        refused=(
            "Requête irrecevable en l'état : copie intégrale de l'acte manquante.",
            "الطلب غير مقبول في حالته: تنقص النسخة الكاملة للعقد.",
        ),
        reply=(
            "Le tribunal a rectifié votre acte ; demandez une nouvelle copie intégrale.",
            "صححت المحكمة عقدكم؛ اطلبوا نسخة كاملة جديدة.",
        ),
    ),
    Scenario(
        category="foreign_pension",
        kind=Case.Kind.COMPLAINT,
        subject=("Pension de réversion {fund_fr} bloquée", "توقف صرف معاش الأرملة من {fund_ar}"),
        description=(
            "Veuve d'un ancien travailleur {in_country_fr} ; la pension de réversion n'est plus versée depuis "
            "plusieurs mois alors que le certificat de vie a été envoyé.",
            "أرملة عامل سابق ب{country_ar}؛ توقف صرف معاش الزوج المتوفى منذ عدة أشهر رغم إرسال شهادة الحياة.",
        ),
        services=("fund", "code:pension-cnss"),
        purpose=(
            "Vérifier l'état du dossier de réversion et la réception du certificat de vie ; indiquer les pièces "
            "manquantes.",
            "التحقق من وضعية ملف معاش الأرملة ومن توصل الصندوق بشهادة الحياة، وتحديد الوثائق الناقصة.",
        ),
        answered=(
            "Certificat de vie reçu ; versements repris avec le rappel des mois impayés.",
            "توصل الصندوق بشهادة الحياة واستُؤنف الأداء مع صرف المتأخرات.",
        ),
        refused=(
            "Acte de mariage non transcrit : à fournir avant tout nouveau versement.",
            "عقد الزواج غير مسجل: يجب الإدلاء به قبل أي أداء جديد.",
        ),
        reply=(
            "La caisse a repris les versements ; gardez une copie de chaque certificat de vie envoyé.",
            "استأنف الصندوق الأداء؛ احتفظي بنسخة من كل شهادة حياة مرسلة.",
        ),
        who=("widow",),
    ),
    Scenario(
        category="foreign_pension",
        kind=Case.Kind.REQUEST,
        subject=("Certificat de vie annuel pour la pension {fund_fr}", "شهادة الحياة السنوية لمعاش {fund_ar}"),
        description=(
            "Retraité rentré au Maroc ; ne sait pas où faire viser le formulaire de certificat de vie.",
            "متقاعد عاد إلى المغرب؛ لا يعرف أين يصادق على استمارة شهادة الحياة.",
        ),
        services=("fund", "code:pension-cnss"),
        purpose=(
            "Confirmer la procédure de certificat de vie pour un pensionné résidant au Maroc.",
            "تأكيد مسطرة شهادة الحياة بالنسبة لمتقاعد مقيم بالمغرب.",
        ),
        answered=(
            "Formulaire à faire viser par l'autorité locale puis à renvoyer en ligne.",
            "يُصادق على الاستمارة لدى السلطة المحلية ثم تُرسل عبر الإنترنت.",
        ),
        refused=("Demande incomplète : numéro de pensionné manquant.", "الطلب ناقص: رقم المعاش غير مذكور."),
        reply=(
            "Le formulaire se fait viser à la commune ; nous l'avons rempli avec vous.",
            "تتم المصادقة على الاستمارة بالجماعة، وقد ملأناها معكم.",
        ),
        who=("returnee",),
        info=True,
    ),
    Scenario(
        category="foreign_pension",
        kind=Case.Kind.REQUEST,
        subject=(
            "Demande de pension de retraite {fund_fr} après le retour au Maroc",
            "طلب معاش التقاعد من {fund_ar} بعد العودة إلى المغرب",
        ),
        description=(
            "A travaillé vingt ans {in_country_fr} ; veut savoir comment déposer sa demande depuis le Maroc "
            "(convention de sécurité sociale).",
            "اشتغل عشرين سنة ب{country_ar}؛ يريد معرفة كيفية إيداع طلبه من المغرب في إطار اتفاقية الضمان الاجتماعي.",
        ),
        services=("code:pension-cnss", "fund"),
        purpose=(
            "Transmettre la demande à la caisse étrangère au titre de la convention bilatérale.",
            "إحالة الطلب على الصندوق الأجنبي في إطار الاتفاقية الثنائية.",
        ),
        answered=(
            "Demande transmise à la caisse étrangère ; relevé de carrière reçu.",
            "أحيل الطلب على الصندوق الأجنبي وتم التوصل ببيان المسار المهني.",
        ),
        refused=(
            "Périodes de travail non justifiées : bulletins de salaire à fournir.",
            "فترات عمل غير مثبتة: يجب الإدلاء بأوراق الأداء.",
        ),
        reply=(
            "Votre demande est transmise ; la caisse vous écrira directement.",
            "تمت إحالة طلبكم، وسيراسلكم الصندوق مباشرة.",
        ),
        who=("returnee", "mre"),
    ),
    Scenario(
        category="land_property",
        kind=Case.Kind.COMPLAINT,
        subject=(
            "Opposition à une réquisition d'immatriculation sur le terrain familial",
            "تعرض على مطلب التحفيظ يخص أرض العائلة",
        ),
        description=(
            "Un voisin a demandé l'immatriculation d'une parcelle qui inclut une partie du terrain hérité ; délai "
            "d'opposition en cours.",
            "تقدم أحد الجيران بمطلب تحفيظ قطعة تشمل جزءا من الأرض الموروثة؛ أجل التعرض جار.",
        ),
        services=("kind:land_registry",),
        purpose=(
            "Enregistrer l'opposition dans le délai et indiquer les pièces à produire.",
            "تسجيل التعرض داخل الأجل وتحديد الوثائق الواجب الإدلاء بها.",
        ),
        answered=(
            "Opposition enregistrée ; le dossier sera transmis au tribunal si aucun accord.",
            "تم تسجيل التعرض؛ سيحال الملف على المحكمة في غياب اتفاق.",
        ),
        refused=(
            "Opposition hors délai : seule une action en justice reste possible.",
            "تعرض خارج الأجل: تبقى الدعوى القضائية ممكنة فقط.",
        ),
        reply=("Votre opposition est enregistrée ; conservez le récépissé.", "تم تسجيل تعرضكم؛ احتفظوا بالوصل."),
        who=("mre", "heir"),
    ),
    Scenario(
        category="land_property",
        kind=Case.Kind.REQUEST,
        subject=("Certificat de propriété pour la vente d'un appartement", "شهادة الملكية من أجل بيع شقة"),
        description=(
            "Vente prévue pendant les vacances d'été chez le notaire ; besoin d'un certificat récent.",
            "بيع مبرمج خلال العطلة الصيفية لدى الموثق؛ يحتاج إلى شهادة ملكية حديثة.",
        ),
        services=("kind:land_registry",),
        purpose=(
            "Délivrance d'un certificat de propriété (titre foncier indiqué par l'intéressé).",
            "تسليم شهادة الملكية (الرسم العقاري المشار إليه من طرف المعني).",
        ),
        answered=("Certificat délivré.", "سُلمت الشهادة."),
        refused=(
            "Titre grevé d'une saisie conservatoire : certificat délivré avec mention.",
            "الرسم مثقل بحجز تحفظي: سُلمت الشهادة مع الإشارة إليه.",
        ),
        reply=(
            "Votre certificat de propriété est disponible ; il peut aussi être demandé en ligne.",
            "شهادة الملكية متوفرة، ويمكن طلبها أيضا عبر الإنترنت.",
        ),
        info=True,
    ),
    Scenario(
        category="land_property",
        kind=Case.Kind.COMPLAINT,
        subject=(
            "Maison occupée sans droit pendant l'absence du propriétaire",
            "ترامي على منزل في غياب مالكه المقيم بالخارج",
        ),
        description=(
            "Un parent occupe la maison depuis deux ans et refuse de partir ; le propriétaire vit {in_country_fr}.",
            "يحتل أحد الأقارب المنزل منذ سنتين ويرفض مغادرته؛ المالك مقيم ب{country_ar}.",
        ),
        services=("kind:court",),
        purpose=(
            "Orientation vers la procédure d'expulsion et l'assistance judiciaire.",
            "التوجيه نحو مسطرة الإفراغ والمساعدة القضائية.",
        ),
        answered=("Requête en expulsion enregistrée ; audience fixée.", "سُجل طلب الإفراغ وحُدد تاريخ الجلسة."),
        refused=(
            "Requête rejetée : le titre de propriété ne correspond pas à l'adresse.",
            "رُفض الطلب: سند الملكية لا يطابق العنوان.",
        ),
        reply=(
            "Votre requête est enregistrée au tribunal ; un avocat peut vous représenter.",
            "تم تسجيل طلبكم بالمحكمة، ويمكن لمحام أن ينوب عنكم.",
        ),
    ),
    Scenario(
        category="investment",
        kind=Case.Kind.REQUEST,
        subject=(
            "Projet d'unité de conditionnement agricole : accompagnement",
            "مواكبة مشروع استثماري لوحدة تلفيف المنتوجات الفلاحية",
        ),
        description=(
            "Entrepreneur installé {in_country_fr}, veut investir dans la commune ; cherche foncier et aides.",
            "مقاول مقيم ب{country_ar} يرغب في الاستثمار بالجماعة؛ يبحث عن العقار وبرامج الدعم.",
        ),
        services=("kind:investment",),
        purpose=(
            "Accompagnement du porteur de projet : guichet unique, foncier, incitations.",
            "مواكبة حامل المشروع: الشباك الوحيد، العقار، التحفيزات.",
        ),
        answered=(
            "Rendez-vous tenu au CRI ; dossier déposé sur la plateforme.",
            "عقد لقاء بالمركز الجهوي للاستثمار وتم إيداع الملف بالمنصة.",
        ),
        refused=(
            "Projet non éligible aux aides en l'état (activité déjà saturée dans la zone).",
            "المشروع غير مؤهل للدعم في وضعه الحالي.",
        ),
        reply=(
            "Le centre régional d'investissement vous accompagne ; votre dossier est déposé.",
            "يواكبكم المركز الجهوي للاستثمار، وتم إيداع ملفكم.",
        ),
    ),
    Scenario(
        category="taxes",
        kind=Case.Kind.GRIEVANCE,
        subject=(
            "Taxe d'habitation réclamée sur un logement occupé l'été seulement",
            "المطالبة بضريبة السكن عن منزل لا يُسكن إلا صيفا",
        ),
        description=(
            "Avis d'imposition reçu avec majorations ; la personne conteste le calcul.",
            "توصل بإشعار الضريبة مع الزيادات؛ يعترض المعني على طريقة الاحتساب.",
        ),
        services=("kind:tax",),
        purpose=("Examen de la réclamation et des majorations de retard.", "دراسة الشكاية وزيادات التأخير."),
        answered=("Majorations annulées ; échéancier accordé.", "أُلغيت الزيادات ومُنح جدول للأداء."),
        refused=("Réclamation rejetée : imposition conforme.", "رُفضت الشكاية: الضريبة مطابقة."),
        reply=(
            "L'administration fiscale a revu votre dossier ; le détail vous a été envoyé.",
            "راجعت إدارة الضرائب ملفكم وأُرسل إليكم التفصيل.",
        ),
    ),
    Scenario(
        category="taxes",
        kind=Case.Kind.INFORMATION,
        subject=(
            "Impôt sur le profit immobilier lors de la vente d'un terrain",
            "الضريبة على الأرباح العقارية عند بيع أرض",
        ),
        description=(
            "Vente d'un terrain hérité ; demande comment est calculé l'impôt et s'il y a exonération.",
            "بيع أرض موروثة؛ يسأل عن طريقة احتساب الضريبة وإمكانية الإعفاء.",
        ),
        services=("kind:tax",),
        purpose=(
            "Confirmer le mode de calcul et les pièces pour la déclaration.",
            "تأكيد طريقة الاحتساب ووثائق التصريح.",
        ),
        answered=(
            "Simulation faite ; déclaration à déposer dans les 30 jours suivant la vente.",
            "أُنجزت المحاكاة؛ يجب إيداع التصريح داخل 30 يوما من البيع.",
        ),
        refused=(
            "Pas de réponse écrite : renvoi vers le service en ligne.",
            "لا جواب كتابي: الإحالة على الخدمة الإلكترونية.",
        ),
        reply=(
            "Nous vous avons expliqué le calcul et les délais de déclaration.",
            "شرحنا لكم طريقة الاحتساب وآجال التصريح.",
        ),
        info=True,
    ),
    Scenario(
        category="customs_vehicles",
        kind=Case.Kind.COMPLAINT,
        subject=(
            "Véhicule en admission temporaire resté au Maroc au-delà du délai",
            "سيارة في وضعية القبول المؤقت تجاوزت المدة القانونية",
        ),
        description=(
            "Voiture immatriculée {in_country_fr} immobilisée après une panne ; la personne est repartie sans elle.",
            "سيارة مرقمة ب{country_ar} تعطلت وبقيت بالمغرب بعد مغادرة صاحبها.",
        ),
        services=("kind:customs", "code:customs-adii"),
        purpose=(
            "Régularisation de la situation du véhicule et montant des pénalités.",
            "تسوية وضعية السيارة ومبلغ الغرامات.",
        ),
        answered=("Situation régularisée ; mainlevée accordée.", "تمت تسوية الوضعية ورفع اليد."),
        refused=("Pénalités dues : pas de remise possible.", "الغرامات مستحقة: لا إمكانية للإعفاء."),
        reply=(
            "La douane a régularisé votre véhicule ; gardez la mainlevée avec les papiers.",
            "سوت الجمارك وضعية سيارتكم؛ احتفظوا برفع اليد مع الوثائق.",
        ),
    ),
    Scenario(
        category="customs_vehicles",
        kind=Case.Kind.REQUEST,
        subject=("Dédouanement d'un véhicule pour retour définitif", "تعشير سيارة في إطار العودة النهائية"),
        description=(
            "Retour définitif après trente ans {in_country_fr} ; demande les conditions d'abattement sur le véhicule.",
            "عودة نهائية بعد ثلاثين سنة ب{country_ar}؛ يسأل عن شروط التخفيض في رسوم السيارة.",
        ),
        services=("kind:customs", "code:customs-adii"),
        purpose=(
            "Conditions du régime de retour définitif et liste des pièces.",
            "شروط نظام العودة النهائية ولائحة الوثائق.",
        ),
        answered=("Droits calculés avec l'abattement ; dédouanement fait.", "احتُسبت الرسوم مع التخفيض وتم التعشير."),
        refused=("Véhicule de plus de cinq ans : pas d'abattement.", "السيارة يفوق عمرها خمس سنوات: لا تخفيض."),
        reply=(
            "Votre véhicule est dédouané ; l'immatriculation marocaine peut suivre.",
            "تم تعشير سيارتكم ويمكن الآن ترقيمها بالمغرب.",
        ),
        who=("returnee",),
    ),
    Scenario(
        category="education",
        kind=Case.Kind.REQUEST,
        subject=(
            "Équivalence du baccalauréat obtenu {in_country_fr}",
            "معادلة شهادة البكالوريا المحصل عليها ب{country_ar}",
        ),
        description=(
            "Jeune rentré avec ses parents ; veut s'inscrire à l'université d'Agadir ou d'Oujda à la rentrée.",
            "شاب عاد مع والديه؛ يرغب في التسجيل بالجامعة في الدخول المقبل.",
        ),
        services=("code:education-equivalence", "kind:education"),
        purpose=("Instruction de la demande d'équivalence.", "دراسة طلب المعادلة."),
        answered=("Équivalence accordée.", "مُنحت المعادلة."),
        refused=(
            "Dossier incomplet : relevés de notes traduits manquants.",
            "الملف ناقص: كشوف النقط المترجمة غير موجودة.",
        ),
        reply=(
            "Votre équivalence est accordée ; l'attestation est téléchargeable.",
            "مُنحت المعادلة ويمكن تحميل الشهادة.",
        ),
    ),
    Scenario(
        category="education",
        kind=Case.Kind.REQUEST,
        subject=(
            "Inscription d'enfants de retour {from_country_fr} dans une école publique",
            "تسجيل أطفال عائدين من {country_ar} بمدرسة عمومية",
        ),
        description=(
            "Deux enfants scolarisés {in_country_fr} jusqu'en juin ; la famille s'installe à {commune_fr}.",
            "طفلان تابعا دراستهما ب{country_ar} إلى غاية يونيو؛ الأسرة تستقر ب{commune_ar}.",
        ),
        services=("kind:education",),
        purpose=(
            "Affectation des enfants et classes de soutien en arabe.",
            "تعيين الطفلين وأقسام الدعم في اللغة العربية.",
        ),
        answered=(
            "Enfants affectés à l'école du quartier avec soutien linguistique.",
            "تم تعيين الطفلين بمدرسة الحي مع دعم لغوي.",
        ),
        refused=(
            "Plus de place dans l'école demandée : affectation dans une école voisine.",
            "لا أماكن بالمدرسة المطلوبة: التعيين بمدرسة مجاورة.",
        ),
        reply=(
            "Vos enfants sont inscrits ; la rentrée se fait avec une classe de soutien.",
            "تم تسجيل أطفالكم مع قسم للدعم.",
        ),
        who=("returnee", "mre"),
    ),
    Scenario(
        category="social_health",
        kind=Case.Kind.REQUEST,
        subject=(
            "Assurance maladie pour un retraité revenu au Maroc",
            "الاستفادة من التأمين الإجباري عن المرض لمتقاعد عائد",
        ),
        description=(
            "Retraité d'une caisse étrangère, rentré au Maroc ; ne sait pas s'il est couvert par l'AMO.",
            "متقاعد من صندوق أجنبي عاد إلى المغرب؛ لا يعرف هل يستفيد من التأمين الإجباري عن المرض.",
        ),
        services=("code:pension-cnss", "kind:health_social"),
        purpose=(
            "Vérifier les droits AMO et les démarches d'immatriculation.",
            "التحقق من الحق في التأمين ومسطرة التسجيل.",
        ),
        answered=("Immatriculation faite ; carte en cours d'envoi.", "تم التسجيل والبطاقة في طور الإرسال."),
        refused=("Pas de droits ouverts : cotisations à régulariser.", "لا حقوق مفتوحة: يجب تسوية الاشتراكات."),
        reply=(
            "Vous êtes immatriculé à l'AMO ; votre carte arrive par la poste.",
            "تم تسجيلكم في التأمين الإجباري وستصلكم البطاقة.",
        ),
        who=("returnee", "widow"),
    ),
    Scenario(
        category="justice",
        kind=Case.Kind.REQUEST,
        subject=(
            "Exequatur d'un jugement de divorce prononcé {in_country_fr}",
            "تذييل حكم طلاق أجنبي بالصيغة التنفيذية",
        ),
        description=(
            "Divorce prononcé {in_country_fr} ; doit être reconnu au Maroc pour l'état civil.",
            "طلاق صادر ب{country_ar}؛ يجب الاعتراف به بالمغرب لتضمينه بالحالة المدنية.",
        ),
        services=("kind:court",),
        purpose=(
            "Procédure d'exequatur et pièces (jugement, certificat de non-recours, traductions).",
            "مسطرة التذييل بالصيغة التنفيذية والوثائق (الحكم، شهادة عدم الطعن، الترجمة).",
        ),
        answered=("Exequatur accordé.", "تم التذييل بالصيغة التنفيذية."),
        refused=("Requête rejetée : traduction non certifiée.", "رُفض الطلب: الترجمة غير معتمدة."),
        reply=(
            "Le tribunal a accordé l'exequatur ; la mention sera portée à l'état civil.",
            "قبلت المحكمة التذييل وستتم الإشارة إليه بالحالة المدنية.",
        ),
    ),
    Scenario(
        category="justice",
        kind=Case.Kind.REQUEST,
        subject=("Acte d'hérédité pour des héritiers résidant à l'étranger", "إراثة لورثة مقيمين بالخارج"),
        description=(
            "Décès du père ; les héritiers vivent {in_country_fr} et au Maroc. Besoin de l'acte d'hérédité pour "
            "la succession et la pension.",
            "وفاة الأب؛ الورثة مقيمون ب{country_ar} وبالمغرب. يحتاجون إلى رسم الإراثة لتصفية التركة والمعاش.",
        ),
        services=("kind:court",),
        purpose=(
            "Établissement de l'acte d'hérédité et procurations des héritiers absents.",
            "إنجاز رسم الإراثة ووكالات الورثة الغائبين.",
        ),
        answered=("Acte d'hérédité homologué.", "تمت المصادقة على رسم الإراثة."),
        refused=(
            "Procurations non légalisées : à refaire au consulat.",
            "الوكالات غير مصادق عليها: يجب إعادتها بالقنصلية.",
        ),
        reply=(
            "L'acte d'hérédité est prêt ; nous vous en avons remis une copie.",
            "رسم الإراثة جاهز وسلمناكم نسخة منه.",
        ),
        who=("heir", "rights_holder"),
    ),
    Scenario(
        category="urban_plan_objection",
        kind=Case.Kind.GRIEVANCE,
        subject=(
            "Opposition au projet de plan d'aménagement : terrain classé en espace vert",
            "تعرض على مشروع تصميم التهيئة: تصنيف البقعة منطقة خضراء",
        ),
        description=(
            "Propriétaire résidant {in_country_fr} ; son lot est classé espace vert dans le projet soumis à "
            "l'enquête publique. Ne peut pas venir consigner son observation.",
            "مالك مقيم ب{country_ar}؛ بقعته مصنفة منطقة خضراء في المشروع المعروض على البحث العلني ولا يستطيع "
            "الحضور لتسجيل ملاحظته.",
        ),
        services=("local:urbanism", "kind:urban_agency"),
        purpose=(
            "Consigner l'observation au registre de l'enquête publique (reçue par e-mail, avec copie du titre).",
            "تسجيل الملاحظة بسجل البحث العلني (توصلنا بها عبر البريد الإلكتروني مع نسخة من الرسم).",
        ),
        answered=(
            "Observation consignée au registre ; examen par la commission.",
            "سُجلت الملاحظة بالسجل وستدرسها اللجنة.",
        ),
        refused=("Observation reçue après la clôture de l'enquête.", "توصلنا بالملاحظة بعد اختتام البحث العلني."),
        reply=(
            "Votre observation est au registre de l'enquête publique ; la commission l'examinera.",
            "سُجلت ملاحظتكم بسجل البحث العلني وستدرسها اللجنة.",
        ),
    ),
    Scenario(
        category="other",
        kind=Case.Kind.INFORMATION,
        subject=(
            "Pièces pour renouveler la carte nationale (CNIE) pendant les vacances",
            "الوثائق اللازمة لتجديد البطاقة الوطنية خلال العطلة",
        ),
        description=(
            "Demande la liste des pièces et les délais ; part dans trois semaines.",
            "يطلب لائحة الوثائق والآجال؛ سيغادر بعد ثلاثة أسابيع.",
        ),
        services=("code:mre-foundation-hassan-ii",),
        purpose=(
            "Confirmer la possibilité de retrait au consulat si la carte n'est pas prête.",
            "تأكيد إمكانية السحب بالقنصلية إذا لم تكن البطاقة جاهزة.",
        ),
        answered=("Retrait possible au consulat sur rendez-vous.", "السحب ممكن بالقنصلية بموعد مسبق."),
        refused=("Retrait uniquement au Maroc.", "السحب بالمغرب فقط."),
        reply=(
            "Liste des pièces remise ; prenez rendez-vous en ligne pour la CNIE.",
            "سُلمت لائحة الوثائق؛ احجزوا موعدا عبر الإنترنت.",
        ),
        info=True,
    ),
    Scenario(
        category="other",
        kind=Case.Kind.ORIENTATION,
        subject=("Procuration pour gérer un bien pendant l'absence", "وكالة لتسيير عقار أثناء الغياب"),
        description=(
            "Vit {in_country_fr} et veut donner procuration à un frère resté au Maroc ; demande où la faire légaliser.",
            "يرغب في منح وكالة لأخيه المقيم بالمغرب؛ يسأل عن مكان المصادقة عليها من {country_ar}.",
        ),
        services=("code:mre-foundation-hassan-ii", "local:civil_status"),
        purpose=(
            "Orientation : légalisation de la procuration au consulat du lieu de résidence.",
            "توجيه: المصادقة على الوكالة بقنصلية بلد الإقامة.",
        ),
        answered=("Procédure confirmée ; modèle de procuration fourni.", "تم تأكيد المسطرة وتسليم نموذج الوكالة."),
        refused=(
            "Demande hors compétence : s'adresser au consulat du lieu de résidence.",
            "الطلب خارج الاختصاص: يجب التوجه إلى قنصلية مكان الإقامة.",
        ),
        reply=(
            "La procuration se légalise au consulat de votre lieu de résidence ; modèle joint.",
            "تتم المصادقة على الوكالة بقنصلية مكان إقامتكم؛ النموذج مرفق.",
        ),
        who=("mre", "proxy"),
    ),
    Scenario(
        category="other",
        kind=Case.Kind.REQUEST,
        subject=(
            "Passeport de l'enfant binational à renouveler avant le retour {in_country_fr}",
            "تجديد جواز السفر الأجنبي لطفل مزدوج الجنسية قبل العودة إلى {country_ar}",
        ),
        description=(
            "Famille en vacances ; le passeport étranger de l'enfant expire avant la date du retour.",
            "أسرة في عطلة؛ تنتهي صلاحية جواز السفر الأجنبي للطفل قبل تاريخ العودة.",
        ),
        services=("consulate", "code:mre-foundation-hassan-ii"),
        purpose=(
            "Rendez-vous consulaire pour un passeport ou un document de voyage provisoire.",
            "موعد قنصلي من أجل جواز سفر أو وثيقة سفر مؤقتة.",
        ),
        answered=(
            "Rendez-vous fixé ; document de voyage provisoire possible.",
            "تم تحديد الموعد، ويمكن تسليم وثيقة سفر مؤقتة.",
        ),
        refused=(
            "Pas de service de passeports dans ce poste : s'adresser à l'ambassade.",
            "لا تتوفر هذه التمثيلية على مصلحة الجوازات.",
        ),
        reply=(
            "Le consulat vous reçoit sur rendez-vous ; apportez l'acte de naissance et deux photos.",
            "تستقبلكم القنصلية بموعد؛ أحضروا عقد الازدياد وصورتين.",
        ),
    ),
    Scenario(
        category="education",
        kind=Case.Kind.REQUEST,
        subject=(
            "Scolarisation des enfants d'une famille étrangère installée à {commune_fr}",
            "تمدرس أطفال أسرة أجنبية مقيمة ب{commune_ar}",
        ),
        description=(
            "Famille étrangère en situation régulière ; les enfants n'ont pas de certificat de scolarité antérieur.",
            "أسرة أجنبية في وضعية قانونية؛ لا يتوفر الأطفال على شهادة مدرسية سابقة.",
        ),
        services=("kind:education", "code:education-equivalence"),
        purpose=("Affectation des enfants et test de niveau.", "تعيين الأطفال واختبار تحديد المستوى."),
        answered=("Enfants affectés après un test de niveau.", "تم تعيين الأطفال بعد اختبار المستوى."),
        refused=("Titre de séjour requis pour l'inscription.", "تشترط بطاقة الإقامة للتسجيل."),
        reply=(
            "Vos enfants sont inscrits ; la direction de l'école vous attend.",
            "تم تسجيل أطفالكم وتنتظركم إدارة المؤسسة.",
        ),
        who=("foreign",),
    ),
    Scenario(
        category="other",
        kind=Case.Kind.GRIEVANCE,
        subject=(
            "Réclamation sur la durée de traitement d'un dossier administratif",
            "تظلم بسبب طول مدة معالجة ملف إداري",
        ),
        description=(
            "Dossier déposé il y a huit mois dans une administration, sans réponse malgré plusieurs relances.",
            "ملف مودع منذ ثمانية أشهر بإحدى الإدارات دون جواب رغم عدة تذكيرات.",
        ),
        services=("code:ombudsman-mediateur", "kind:court"),
        purpose=("Examen de la réclamation contre l'administration concernée.", "دراسة التظلم ضد الإدارة المعنية."),
        answered=("Réclamation recevable ; l'administration a été saisie.", "التظلم مقبول وتمت مراسلة الإدارة."),
        refused=(
            "Réclamation irrecevable : recours interne non épuisé.",
            "التظلم غير مقبول: لم تُستنفد طرق الطعن الإدارية.",
        ),
        reply=(
            "Votre réclamation a été transmise au Médiateur du Royaume ; il vous répondra directement.",
            "أحيل تظلمكم على مؤسسة وسيط المملكة، وستجيبكم مباشرة.",
        ),
    ),
]

LOCAL_SERVICES = {
    "urbanism": ("Division de l'urbanisme de la commune", "قسم التعمير بالجماعة", "other"),
    "civil_status": ("Bureau de l'état civil", "مكتب الحالة المدنية", "civil_status"),
    "economic": ("Service des affaires économiques et des autorisations", "مصلحة الشؤون الاقتصادية والرخص", "other"),
}

INTERNAL_NOTES = [
    ("Appel au service concerné : dossier en cours d'instruction.", "اتصال بالمصلحة المعنية: الملف في طور الدراسة."),
    (
        "Pièce manquante demandée par e-mail : copie de la CNIE.",
        "طُلبت وثيقة ناقصة عبر البريد الإلكتروني: نسخة من البطاقة الوطنية.",
    ),
    ("La personne rappellera à son retour en août.", "سيعاود المعني الاتصال عند عودته في غشت."),
    (
        "Dossier vu avec le chef de division ; relance prévue la semaine prochaine.",
        "تمت دراسة الملف مع رئيس القسم؛ تذكير مبرمج الأسبوع المقبل.",
    ),
    ("Le fils a appelé de l'étranger pour suivre le dossier.", "اتصل الابن من الخارج لتتبع الملف."),
]
SHAREABLE_NOTES = [
    (
        "Votre dossier a été transmis au service compétent ; nous vous informerons de sa réponse.",
        "تمت إحالة ملفكم على المصلحة المختصة، وسنخبركم بجوابها.",
    ),
    (
        "Merci de nous envoyer une copie de votre passeport par e-mail.",
        "المرجو موافاتنا بنسخة من جواز السفر عبر البريد الإلكتروني.",
    ),
    (
        "Nous avons relancé le service ; la réponse est attendue dans les prochains jours.",
        "قمنا بتذكير المصلحة، والجواب منتظر خلال الأيام المقبلة.",
    ),
]
CANCEL_NOTES = [
    ("La personne a retiré sa demande : affaire réglée directement.", "تراجع المعني عن طلبه بعد تسوية الأمر مباشرة."),
    ("Doublon d'un dossier déjà ouvert.", "ملف مكرر لملف مفتوح سابقا."),
]
REOPEN_NOTE = (
    "La personne conteste la réponse du service ; dossier rouvert.",
    "اعتراض المعني على جواب المصلحة؛ إعادة فتح الملف.",
)
OVERRIDE_REASON = "Personne à l'étranger, accord donné par téléphone ; consentement écrit attendu par e-mail."
