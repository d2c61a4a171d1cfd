"""What people come to a demo office for, and how the office writes it down: each kind of case in
French and in Arabic, where it is referred, and the answers.

An office writes its register in its working language (jisr.demo.WORKING_LANGUAGES), in its own
words: each kind of case has several variants, and the office's pen picks one for each case, so that
a register reads like the work of people, not one sentence copied sixty times. The placeholders are
filled per case (office._Office.words): {commune_fr} {commune_ar}, and after « de » or « ب »
{of_commune_fr} « d'Aït Melloul », « de Nador », {of_commune_ar} « بأيت ملول » (jisr.wording.of_place, never
« de {commune_fr} » by hand); {in_country_fr} « en France »,
{from_country_fr} « de France », {country_ar} « فرنسا », {fund_fr} {fund_ar} (the pension fund of
the country), and for the person the case is about: {person_fr} « l'intéressé(e) », {e} « » or « e »
(French agreement), {person_ar} « المعني(ة) بالأمر », {resident_ar} « مقيم(ة) », {hu} « ه » or « ها »
(Arabic possessive suffix), {ya} « ي » or « ت » (present-tense prefix).
"""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import (
    Case,
)

# --- What people come for ------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """How an office writes one kind of case in one language. Each field is a choice of phrasings; a case
    is told by one variant, the i-th phrasing of every field (the first ones when a field has fewer), so
    that its subject, description, referral and answers tell one story. Three variants each."""

    subjects: tuple[str, ...]
    descriptions: tuple[str, ...]
    purposes: tuple[str, ...]  # what the service is asked
    answered: tuple[str, ...]  # the service's answer
    refused: tuple[str, ...]  # the service's refusal
    replies: tuple[str, ...]  # what the office tells the person


@dataclass(frozen=True)
class Scenario:
    """A kind of case the offices see, in French and Arabic, and where it is referred."""

    category: str
    kind: str
    # Where to refer, in order of preference: "kind:<ExternalService kind>", "code:<code>",
    # "fund" (the pension fund of the country), "local:<key of LOCAL_SERVICES>".
    services: tuple[str, ...]
    fr: Wording
    ar: Wording
    who: tuple[str, ...] = ("mre",)
    info: bool = False  # usually answered on the spot

    def wording(self, language: str) -> Wording:
        return self.ar if language == "ar" else self.fr


SCENARIOS = [
    Scenario(
        category="urbanism",
        kind=Case.Kind.REQUEST,
        services=("kind:urban_agency", "local:urbanism"),
        fr=Wording(
            subjects=(
                "Demande d'autorisation de construire sur un terrain hérité à {commune_fr}",
                "Dossier de permis de construire à déposer sur Rokhas depuis l'étranger",
                "Permis de construire d'une maison familiale sur un lot en indivision",
            ),
            descriptions=(
                "Terrain hérité du père, en indivision avec trois frères résidant {in_country_fr}. Souhaite "
                "construire une maison R+1 ; vérifier les pièces du dossier (certificat de propriété, plans, "
                "procuration des co-héritiers).",
                "Lot acheté en 2015 dans un lotissement réceptionné ; {person_fr} vit {in_country_fr} et veut "
                "commencer les travaux cet été. L'architecte prépare les plans ; demande comment déposer sans "
                "venir.",
                "Le frère resté au pays suit le chantier. Avant de payer l'architecte, la famille veut savoir si "
                "le terrain est constructible et quelle procuration donner au frère.",
            ),
            purposes=(
                "Avis sur la constructibilité du terrain et liste des pièces à déposer sur Rokhas.",
                "Note de renseignements urbanistiques du lot et pièces du dossier de permis.",
            ),
            answered=(
                "Avis favorable sous réserve d'un certificat de propriété de moins de trois mois.",
                "Lot constructible en R+1 (zone d'habitat économique) ; note de renseignements délivrée.",
            ),
            refused=(
                "Terrain classé en zone non constructible au plan d'aménagement en vigueur.",
                "Lot non desservi par la voirie prévue au plan : pas d'autorisation avant l'équipement.",
            ),
            replies=(
                "Nous vous avons transmis l'avis de l'agence urbaine et la liste des pièces ; le dépôt se fait "
                "sur rokhas.ma.",
                "Votre lot est constructible : la note de renseignements est jointe, l'architecte peut déposer "
                "le dossier sur Rokhas.",
            ),
        ),
        ar=Wording(
            subjects=(
                "طلب رخصة البناء فوق بقعة موروثة {of_commune_ar}",
                "إعداد ملف رخصة البناء عبر منصة رخص من الخارج",
                "رخصة بناء منزل عائلي فوق بقعة في الشياع",
            ),
            descriptions=(
                "بقعة موروثة عن الأب في الشياع مع ثلاثة إخوة مقيمين ب{country_ar}. الرغبة في بناء منزل من "
                "طابقين؛ التحقق من وثائق الملف (شهادة الملكية، التصاميم، وكالة الورثة).",
                "بقعة مقتناة سنة 2015 بتجزئة تم تسلمها؛ {person_ar} {resident_ar} ب{country_ar} و{ya}رغب في بدء "
                "الأشغال خلال الصيف. المهندس المعماري يعد التصاميم؛ الاستفسار عن كيفية الإيداع دون الحضور.",
                "الأخ المقيم بالمغرب يتتبع الورش. قبل التعاقد مع المهندس المعماري، تريد الأسرة معرفة قابلية "
                "البقعة للبناء ونوع الوكالة الواجب منحها للأخ.",
            ),
            purposes=(
                "إبداء الرأي حول قابلية البقعة للبناء ولائحة الوثائق الواجب إيداعها عبر منصة رخص.",
                "مذكرة المعلومات التعميرية الخاصة بالبقعة ووثائق ملف الرخصة.",
            ),
            answered=(
                "رأي إيجابي شريطة الإدلاء بشهادة ملكية لا يتجاوز تاريخها ثلاثة أشهر.",
                "البقعة قابلة للبناء بطابقين (منطقة السكن الاقتصادي)؛ سُلمت مذكرة المعلومات التعميرية.",
            ),
            refused=(
                "البقعة مصنفة منطقة غير قابلة للبناء حسب تصميم التهيئة الجاري به العمل.",
                "البقعة غير مخدومة بالطريق المبرمجة في التصميم: لا رخصة قبل التجهيز.",
            ),
            replies=(
                "أرسلنا إليكم رأي الوكالة الحضرية ولائحة الوثائق؛ يتم الإيداع عبر منصة رخص.",
                "البقعة قابلة للبناء: مذكرة المعلومات التعميرية مرفقة، ويمكن للمهندس المعماري إيداع الملف عبر "
                "منصة رخص.",
            ),
        ),
    ),
    Scenario(
        category="urbanism",
        kind=Case.Kind.GRIEVANCE,
        services=("local:urbanism", "kind:urban_agency"),
        fr=Wording(
            subjects=(
                "Permis d'habiter en attente depuis la fin des travaux",
                "Réclamation : permis d'habiter non délivré cinq mois après la demande",
                "Visite de conformité pas encore programmée (permis d'habiter)",
            ),
            descriptions=(
                "Travaux achevés il y a plusieurs mois, la commission n'est pas passée ; {person_fr} repart "
                "{in_country_fr} à la fin du mois.",
                "Maison R+2 terminée, demande de permis d'habiter déposée sur Rokhas il y a cinq mois ; aucune "
                "date de visite malgré deux relances au guichet.",
                "Sans permis d'habiter, le branchement définitif à l'électricité est refusé ; la famille habite "
                "sur un compteur de chantier.",
            ),
            purposes=(
                "Programmer la visite de conformité et indiquer la date au bureau.",
                "Faire passer la commission au plus vite et indiquer au bureau les réserves éventuelles.",
            ),
            answered=(
                "Visite de conformité faite ; permis d'habiter signé, à retirer au guichet.",
                "Commission passée sans réserve ; permis d'habiter délivré sur Rokhas.",
            ),
            refused=(
                "Non-conformité constatée : balcon en saillie non autorisé.",
                "Surface construite supérieure aux plans autorisés : demande de régularisation à déposer.",
            ),
            replies=(
                "Votre permis d'habiter est prêt ; un proche muni d'une procuration peut le retirer.",
                "La commission est passée et le permis d'habiter est délivré ; vous pouvez demander le "
                "branchement définitif.",
            ),
        ),
        ar=Wording(
            subjects=(
                "تأخر تسليم رخصة السكن بعد انتهاء الأشغال",
                "عدم تسليم رخصة السكن بعد خمسة أشهر من إيداع الطلب",
                "تظلم بخصوص عدم برمجة معاينة المطابقة",
            ),
            descriptions=(
                "انتهت الأشغال منذ عدة أشهر ولم تقم اللجنة بالمعاينة؛ عودة {person_ar} إلى {country_ar} في "
                "نهاية الشهر.",
                "منزل من ثلاثة طوابق انتهت أشغاله، وطلب رخصة السكن مودع عبر منصة رخص منذ خمسة أشهر دون تحديد "
                "موعد للمعاينة رغم تذكيرين بالشباك.",
                "بدون رخصة السكن يتعذر الربط النهائي بالكهرباء؛ الأسرة تقطن المنزل بعداد الورش.",
            ),
            purposes=(
                "برمجة زيارة المطابقة وإخبار المكتب بتاريخها.",
                "برمجة مرور اللجنة في أقرب الآجال وإخبار المكتب بالتحفظات المحتملة.",
            ),
            answered=(
                "تمت معاينة المطابقة؛ رخصة السكن موقعة وجاهزة للسحب من الشباك.",
                "مرت اللجنة دون تسجيل أي تحفظ؛ سُلمت رخصة السكن عبر منصة رخص.",
            ),
            refused=(
                "عدم المطابقة: شرفة بارزة غير مرخصة.",
                "المساحة المبنية تفوق التصاميم المرخصة: يتعين إيداع طلب التسوية.",
            ),
            replies=(
                "رخصة السكن جاهزة؛ يمكن لأحد الأقارب سحبها بواسطة وكالة.",
                "مرت اللجنة وسُلمت رخصة السكن؛ يمكنكم الآن طلب الربط النهائي بالكهرباء.",
            ),
        ),
    ),
    Scenario(
        category="utilities",
        kind=Case.Kind.COMPLAINT,
        services=("kind:utility",),
        fr=Wording(
            subjects=(
                "Retard de raccordement de la maison au réseau d'eau potable",
                "Branchement d'eau payé mais compteur toujours pas posé",
                "Demande de raccordement à l'eau et à l'électricité sans suite",
            ),
            descriptions=(
                "Demande de branchement déposée l'été dernier, frais payés ; toujours pas de compteur posé.",
                "Reçu de paiement des frais de branchement présenté au bureau ; le distributeur dit que le "
                "dossier est « en étude » depuis huit mois.",
                "Maison neuve avec permis d'habiter ; {person_fr} veut y loger ses parents avant l'hiver.",
            ),
            purposes=(
                "Relance de la demande de branchement : état d'avancement et date de pose du compteur.",
                "Vérifier le dossier de branchement (reçu joint) et communiquer la date d'intervention.",
            ),
            answered=(
                "Branchement programmé ; le compteur sera posé dans les quinze jours.",
                "Compteur posé le lendemain de la relance ; le contrat d'abonnement est à signer en agence.",
            ),
            refused=(
                "Raccordement impossible : la rue n'est pas encore équipée du réseau.",
                "Dossier incomplet : permis d'habiter exigé avant tout branchement définitif.",
            ),
            replies=(
                "Le distributeur a programmé votre branchement ; vous serez appelé pour la pose du compteur.",
                "Votre compteur est posé ; il reste à signer le contrat d'abonnement en agence, un proche peut "
                "le faire avec une procuration.",
            ),
        ),
        ar=Wording(
            subjects=(
                "تأخر ربط المنزل بشبكة الماء الصالح للشرب",
                "أداء واجبات الربط بالماء دون تركيب العداد",
                "طلب الربط بشبكتي الماء والكهرباء دون جواب",
            ),
            descriptions=(
                "تم إيداع طلب الربط الصيف الماضي وأداء المصاريف، ولم يتم تركيب العداد بعد.",
                "تم الإدلاء بوصل أداء مصاريف الربط بالمكتب؛ الموزع يفيد بأن الملف في طور الدراسة منذ ثمانية أشهر.",
                "منزل جديد حاصل على رخصة السكن؛ رغبة {person_ar} في إسكان والدي{hu} قبل فصل الشتاء.",
            ),
            purposes=(
                "تذكير بطلب الربط: وضعية الملف وتاريخ تركيب العداد.",
                "التحقق من ملف الربط (الوصل مرفق) وإفادتنا بتاريخ التدخل.",
            ),
            answered=(
                "تمت برمجة الربط وسيتم تركيب العداد خلال خمسة عشر يوما.",
                "تم تركيب العداد غداة التذكير؛ يتعين توقيع عقد الاشتراك بالوكالة.",
            ),
            refused=(
                "تعذر الربط: الزنقة غير مجهزة بالشبكة بعد.",
                "الملف ناقص: يشترط الإدلاء برخصة السكن قبل أي ربط نهائي.",
            ),
            replies=(
                "برمج الموزع عملية الربط، وسيتم الاتصال بكم لتركيب العداد.",
                "تم تركيب العداد؛ يبقى توقيع عقد الاشتراك بالوكالة، ويمكن لأحد الأقارب القيام بذلك بوكالة.",
            ),
        ),
    ),
    Scenario(
        category="utilities",
        kind=Case.Kind.COMPLAINT,
        services=("kind:utility",),
        fr=Wording(
            subjects=(
                "Facture d'électricité anormale pendant l'absence (maison fermée)",
                "Coupure d'électricité pour impayés pendant le séjour {in_country_fr}",
                "Contestation de factures d'eau estimées sur une maison inoccupée",
            ),
            descriptions=(
                "Maison fermée dix mois par an ; facture estimée très élevée. Demande de relevé réel et de correction.",
                "Courant coupé en mars pour des factures non reçues ; la famille demande le rétablissement et "
                "un échelonnement.",
                "Les factures arrivent chez un voisin ; à son retour, {person_fr} découvre des montants estimés "
                "sans relevé du compteur depuis un an.",
            ),
            purposes=(
                "Vérifier le relevé du compteur et corriger la facture estimée.",
                "Relevé contradictoire du compteur et examen d'un échéancier pour les arriérés.",
            ),
            answered=(
                "Relevé erroné corrigé ; avoir sur la prochaine facture.",
                "Courant rétabli ; arriérés étalés sur six mois.",
            ),
            refused=(
                "Relevé confirmé : consommation réelle (fuite probable après compteur).",
                "Pas d'échéancier : le compte doit d'abord être mis au nom du propriétaire.",
            ),
            replies=(
                "Le distributeur a corrigé votre facture ; le trop-perçu sera déduit.",
                "Le courant est rétabli et les arriérés sont étalés ; pensez au paiement en ligne pendant l'absence.",
            ),
        ),
        ar=Wording(
            subjects=(
                "فاتورة كهرباء مرتفعة رغم إغلاق المنزل",
                "قطع الكهرباء بسبب فواتير غير مؤداة أثناء الإقامة بالخارج",
                "الاعتراض على فواتير ماء تقديرية لمنزل غير مأهول",
            ),
            descriptions=(
                "المنزل مغلق عشرة أشهر في السنة؛ فاتورة تقديرية مرتفعة جدا. طلب قراءة فعلية للعداد وتصحيح الفاتورة.",
                "قطع التيار الكهربائي في شهر مارس بسبب فواتير لم يتم التوصل بها؛ الأسرة تطلب إعادة الربط "
                "وجدولة الأداء.",
                "الفواتير تصل إلى أحد الجيران؛ عند العودة تبين وجود مبالغ تقديرية دون قراءة للعداد منذ سنة.",
            ),
            purposes=(
                "التحقق من قراءة العداد وتصحيح الفاتورة التقديرية.",
                "قراءة حضورية للعداد ودراسة إمكانية جدولة المتأخرات.",
            ),
            answered=(
                "تم تصحيح القراءة الخاطئة وخصم الفرق من الفاتورة المقبلة.",
                "أعيد الربط وجُدولت المتأخرات على ستة أشهر.",
            ),
            refused=(
                "تم تأكيد القراءة: الاستهلاك حقيقي (تسرب محتمل بعد العداد).",
                "لا جدولة: يجب أولا تحويل الاشتراك في اسم المالك.",
            ),
            replies=(
                "صحح الموزع فاتورتكم وسيتم خصم المبلغ الزائد.",
                "أعيد الربط وجُدولت المتأخرات؛ ننصحكم بالأداء عبر الإنترنت أثناء غيابكم.",
            ),
        ),
    ),
    Scenario(
        category="economic_licence",
        kind=Case.Kind.REQUEST,
        services=("local:economic",),
        fr=Wording(
            subjects=(
                "Autorisation d'ouverture d'un café au retour au pays",
                "Autorisation d'exploiter une épicerie dans le local familial",
                "Licence pour un atelier de réparation automobile",
            ),
            descriptions=(
                "Vingt ans de travail {in_country_fr}, puis retour au pays ; souhaite ouvrir un commerce dans un local "
                "familial.",
                "Local au rez-de-chaussée de la maison, acheté avec l'épargne de vingt ans de travail "
                "{in_country_fr} ; demande la liste des pièces et les délais.",
                "Projet porté avec un cousin ; le local est loué, le bail est signé. Veut savoir si l'activité "
                "est permise dans le quartier.",
            ),
            purposes=(
                "Liste des pièces et avis sur le local (hygiène, voisinage).",
                "Visite de la commission et avis sur la conformité du local à l'activité demandée.",
            ),
            answered=(
                "Dossier complet ; autorisation délivrée après la visite de la commission.",
                "Avis favorable de la commission ; autorisation signée par le président.",
            ),
            refused=(
                "Activité bruyante non autorisée dans ce quartier : proposer un local en zone d'activités.",
                "Local non conforme : pas d'accès séparé, activité refusée dans une zone résidentielle.",
            ),
            replies=(
                "Votre autorisation est signée ; elle vous attend au service des affaires économiques.",
                "L'autorisation est délivrée ; pensez à l'inscription à la taxe professionnelle dans le mois.",
            ),
        ),
        ar=Wording(
            subjects=(
                "رخصة فتح مقهى بعد العودة إلى أرض الوطن",
                "رخصة استغلال محل للبقالة بالمنزل العائلي",
                "طلب رخصة ورشة لإصلاح السيارات",
            ),
            descriptions=(
                "بعد عشرين سنة من العمل ب{country_ar} والعودة إلى أرض الوطن، الرغبة في فتح محل تجاري بمحل في ملكية "
                "العائلة.",
                "محل بالطابق الأرضي للمنزل اقتُني بمدخرات عشرين سنة من العمل ب{country_ar}؛ الاستفسار عن "
                "الوثائق والآجال.",
                "مشروع مشترك مع أحد الأقارب؛ المحل مكترى وعقد الكراء موقع. السؤال عن إمكانية مزاولة النشاط بالحي.",
            ),
            purposes=(
                "لائحة الوثائق ورأي حول المحل (الصحة، الجوار).",
                "زيارة اللجنة المختلطة ورأيها في مطابقة المحل للنشاط المطلوب.",
            ),
            answered=(
                "الملف كامل؛ سلمت الرخصة بعد زيارة اللجنة.",
                "رأي إيجابي للجنة؛ الرخصة موقعة من طرف السيد الرئيس.",
            ),
            refused=(
                "نشاط مزعج غير مسموح به بهذا الحي: يقترح محل بمنطقة الأنشطة.",
                "المحل غير مطابق: لا يتوفر على مدخل مستقل، والنشاط مرفوض بمنطقة سكنية.",
            ),
            replies=(
                "رخصتكم موقعة وتنتظركم بمصلحة الشؤون الاقتصادية.",
                "سُلمت الرخصة؛ لا تنسوا التسجيل في الرسم المهني داخل أجل شهر.",
            ),
        ),
        who=("mre", "returnee"),
    ),
    Scenario(
        category="civil_status",
        kind=Case.Kind.REQUEST,
        services=("local:civil_status",),
        fr=Wording(
            subjects=(
                "Inscription à l'état civil d'un enfant né {in_country_fr}",
                "Transcription d'une naissance survenue à l'étranger",
                "Ajout d'un nouveau-né sur le livret de famille",
            ),
            descriptions=(
                "Enfant né à l'étranger, acte de naissance étranger traduit ; la famille veut l'inscrire sur le "
                "livret.",
                "Naissance déclarée au consulat mais non transmise à la commune d'origine du père ; le livret "
                "n'a pas été mis à jour.",
                "Les parents ont besoin de l'extrait marocain pour la carte nationale de l'enfant ; acte "
                "étranger et traduction assermentée fournis.",
            ),
            purposes=(
                "Vérifier la recevabilité de l'acte étranger et la procédure de transcription.",
                "Transcription de l'acte de naissance reçu du consulat et mise à jour du livret de famille.",
            ),
            answered=(
                "Transcription faite ; extrait d'acte de naissance disponible.",
                "Acte transcrit et mention portée sur le livret de famille.",
            ),
            refused=(
                "Déclaration hors délai : jugement déclaratif nécessaire.",
                "Acte transmis par le consulat incomplet : copie intégrale à redemander au consulat.",
            ),
            replies=(
                "L'enfant est inscrit ; vous pouvez demander l'extrait en ligne sur watiqa.ma.",
                "La naissance est transcrite ; l'extrait et le livret mis à jour sont au bureau de l'état civil.",
            ),
        ),
        ar=Wording(
            subjects=(
                "تسجيل مولود ازداد ب{country_ar} في سجلات الحالة المدنية",
                "نقل رسم ولادة بالخارج إلى سجلات الحالة المدنية",
                "إضافة مولود جديد إلى الدفتر العائلي",
            ),
            descriptions=(
                "مولود ازداد بالخارج، عقد الازدياد الأجنبي مترجم؛ تريد الأسرة تسجيله بالدفتر العائلي.",
                "تم التصريح بالولادة لدى القنصلية دون إرسالها إلى جماعة الأصل للأب؛ الدفتر العائلي غير محين.",
                "حاجة الأبوين إلى نسخة موجزة مغربية لإنجاز البطاقة الوطنية للطفل؛ تم الإدلاء بالعقد الأجنبي "
                "وترجمته المحلفة.",
            ),
            purposes=(
                "التحقق من قبول العقد الأجنبي ومسطرة النقل إلى السجلات.",
                "نقل رسم الولادة الوارد من القنصلية وتحيين الدفتر العائلي.",
            ),
            answered=(
                "تم النقل إلى السجلات؛ نسخة موجزة من عقد الازدياد متوفرة.",
                "تم نقل الرسم وتضمينه بالدفتر العائلي.",
            ),
            refused=(
                "تصريح خارج الأجل: يلزم حكم تصريحي.",
                "الرسم الوارد من القنصلية ناقص: يجب طلب نسخة كاملة منه لدى القنصلية.",
            ),
            replies=(
                "تم تسجيل المولود؛ يمكنكم طلب النسخة عبر بوابة وثيقة.",
                "تم نقل رسم الولادة؛ النسخة الموجزة والدفتر المحين متوفران بمكتب الحالة المدنية.",
            ),
        ),
    ),
    Scenario(
        category="civil_status",
        kind=Case.Kind.REQUEST,
        services=("kind:court", "local:civil_status"),
        fr=Wording(
            subjects=(
                "Rectification du nom sur l'acte de naissance",
                "Erreur de date de naissance sur l'acte d'état civil",
                "Nom de famille orthographié différemment sur l'acte et le passeport",
            ),
            descriptions=(
                "Le nom de famille est écrit différemment sur l'acte de naissance et sur le passeport ; cela "
                "bloque un dossier de regroupement familial.",
                "La date de naissance de l'acte ne correspond pas au titre de séjour {in_country_fr} ; la "
                "caisse de retraite étrangère refuse le dossier.",
                "Une lettre manque au nom dans la copie intégrale ; {person_fr} a besoin d'un acte rectifié "
                "pour renouveler ses papiers.",
            ),
            purposes=(
                "Procédure de rectification judiciaire et pièces à produire.",
                "Requête en rectification d'acte d'état civil : pièces et délai d'audience.",
            ),
            answered=(
                "Jugement de rectification rendu ; mention portée en marge de l'acte.",
                "Rectification ordonnée ; l'officier d'état civil a porté la mention.",
            ),
            refused=(
                "Requête irrecevable en l'état : copie intégrale de l'acte manquante.",
                "Requête rejetée : aucune pièce ancienne ne justifie la rectification demandée.",
            ),
            replies=(
                "Le tribunal a rectifié votre acte ; demandez une nouvelle copie intégrale.",
                "La mention de rectification est portée ; la copie intégrale corrigée peut être envoyée à votre "
                "proche.",
            ),
        ),
        ar=Wording(
            subjects=(
                "تصحيح خطأ في الاسم العائلي بعقد الازدياد",
                "خطأ في تاريخ الازدياد برسم الحالة المدنية",
                "اختلاف كتابة الاسم العائلي بين رسم الولادة وجواز السفر",
            ),
            descriptions=(
                "الاسم العائلي مكتوب بشكل مختلف في عقد الازدياد وجواز السفر؛ مما يعرقل ملف التجمع العائلي.",
                "تاريخ الازدياد في الرسم لا يطابق بطاقة الإقامة ب{country_ar}؛ صندوق التقاعد الأجنبي يرفض الملف.",
                "حرف ناقص في الاسم بالنسخة الكاملة؛ حاجة {person_ar} إلى رسم مصحح لتجديد وثائق{hu}.",
            ),
            purposes=(
                "مسطرة التصحيح القضائي والوثائق المطلوبة.",
                "مقال تصحيح رسم الحالة المدنية: الوثائق وأجل الجلسة.",
            ),
            answered=(
                "صدر حكم التصحيح وتمت الإشارة إليه بهامش العقد.",
                "صدر الأمر بالتصحيح وضمّن ضابط الحالة المدنية البيان الهامشي.",
            ),
            refused=(
                "الطلب غير مقبول في حالته: تنقص النسخة الكاملة للعقد.",
                "رُفض الطلب: لا توجد وثيقة قديمة تثبت التصحيح المطلوب.",
            ),
            replies=(
                "صححت المحكمة عقدكم؛ اطلبوا نسخة كاملة جديدة.",
                "تم تضمين بيان التصحيح؛ يمكن إرسال النسخة الكاملة المصححة إلى أحد أقاربكم.",
            ),
        ),
    ),
    Scenario(
        category="foreign_pension",
        kind=Case.Kind.COMPLAINT,
        services=("fund", "code:pension-cnss"),
        fr=Wording(
            subjects=(
                "Pension de réversion {fund_fr} bloquée",
                "Versements de la pension de réversion suspendus ({fund_fr})",
                "Dossier de réversion d'une veuve auprès de la caisse {fund_fr}",
            ),
            descriptions=(
                "Veuve d'un ancien travailleur {in_country_fr} ; la pension de réversion n'est plus versée "
                "depuis plusieurs mois alors que le certificat de vie a été envoyé.",
                "Versements arrêtés depuis le changement de banque ; le RIB marocain a été envoyé deux fois par "
                "courrier recommandé.",
                "Le mari, ouvrier {in_country_fr} pendant trente ans, est décédé l'an dernier ; la caisse "
                "réclame des pièces que la veuve ne comprend pas (courrier en langue étrangère).",
            ),
            purposes=(
                "Vérifier l'état du dossier de réversion et la réception du certificat de vie ; indiquer les "
                "pièces manquantes.",
                "Mise à jour des coordonnées bancaires et reprise des versements de la pension de réversion.",
            ),
            answered=(
                "Certificat de vie reçu ; versements repris avec le rappel des mois impayés.",
                "Coordonnées bancaires enregistrées ; rappel versé le mois suivant.",
            ),
            refused=(
                "Acte de mariage non transcrit : à fournir avant tout nouveau versement.",
                "Remariage déclaré par erreur dans le dossier : attestation de non-remariage exigée.",
            ),
            replies=(
                "La caisse a repris les versements ; gardez une copie de chaque certificat de vie envoyé.",
                "Les versements reprennent avec le rappel ; nous avons gardé une copie de votre dossier.",
            ),
        ),
        ar=Wording(
            subjects=(
                "توقف صرف معاش الأرملة من {fund_ar}",
                "توقيف أداء معاش الزوج المتوفى ({fund_ar})",
                "ملف معاش أرملة لدى {fund_ar}",
            ),
            descriptions=(
                "أرملة عامل سابق ب{country_ar}؛ توقف صرف معاش الزوج المتوفى منذ عدة أشهر رغم إرسال شهادة الحياة.",
                "توقف الأداء منذ تغيير البنك؛ أرسلت شهادة التعريف البنكي المغربية مرتين بالبريد المضمون.",
                "الزوج اشتغل ثلاثين سنة ب{country_ar} وتوفي السنة الماضية؛ الصندوق يطالب بوثائق لم تفهمها "
                "الأرملة (مراسلة بلغة أجنبية).",
            ),
            purposes=(
                "التحقق من وضعية ملف معاش الأرملة ومن توصل الصندوق بشهادة الحياة، وتحديد الوثائق الناقصة.",
                "تحيين المعطيات البنكية واستئناف أداء معاش الأرملة.",
            ),
            answered=(
                "توصل الصندوق بشهادة الحياة واستُؤنف الأداء مع صرف المتأخرات.",
                "تم تسجيل المعطيات البنكية الجديدة وصُرفت المتأخرات في الشهر الموالي.",
            ),
            refused=(
                "عقد الزواج غير مسجل: يجب الإدلاء به قبل أي أداء جديد.",
                "تصريح خاطئ بزواج جديد في الملف: تُطلب شهادة عدم الزواج.",
            ),
            replies=(
                "استأنف الصندوق الأداء؛ احتفظي بنسخة من كل شهادة حياة مرسلة.",
                "استؤنف صرف المعاش مع المتأخرات؛ احتفظنا بنسخة من ملفك بالمكتب.",
            ),
        ),
        who=("widow",),
    ),
    Scenario(
        category="foreign_pension",
        kind=Case.Kind.REQUEST,
        services=("fund", "code:pension-cnss"),
        fr=Wording(
            subjects=(
                "Certificat de vie annuel pour la pension {fund_fr}",
                "Certificat de vie reçu en retard : risque de suspension de la pension",
                "Formulaire de certificat d'existence de la caisse {fund_fr} à faire viser",
            ),
            descriptions=(
                "Pension versée par une caisse étrangère ; {person_fr} ne sait pas où faire viser le "
                "formulaire de certificat de vie.",
                "La caisse a écrit que le certificat de l'an dernier n'a pas été reçu ; demande comment l'envoyer "
                "sans risque de perte.",
                "Le formulaire est arrivé en français et en langue étrangère ; la date limite de renvoi est dans "
                "trois semaines.",
            ),
            purposes=(
                "Confirmer la procédure de certificat de vie pour un pensionné résidant au Maroc.",
                "Confirmer la réception du certificat de vie et la date du prochain versement.",
            ),
            answered=(
                "Formulaire à faire viser par l'autorité locale puis à renvoyer en ligne.",
                "Certificat reçu par la caisse ; aucune suspension prévue.",
            ),
            refused=(
                "Demande incomplète : numéro de pensionné manquant.",
                "Formulaire périmé : la caisse en envoie un nouveau par courrier.",
            ),
            replies=(
                "Le formulaire se fait viser à la commune ; nous l'avons rempli avec vous.",
                "La caisse a bien reçu votre certificat de vie ; votre pension continue.",
            ),
        ),
        ar=Wording(
            subjects=(
                "شهادة الحياة السنوية لمعاش {fund_ar}",
                "تأخر التوصل باستمارة شهادة الحياة: خطر توقيف المعاش",
                "المصادقة على استمارة شهادة الحياة الخاصة ب{fund_ar}",
            ),
            descriptions=(
                "معاش يصرفه صندوق أجنبي؛ {person_ar} لا {ya}عرف أين تتم المصادقة على استمارة شهادة الحياة.",
                "أفاد الصندوق بعدم التوصل بشهادة السنة الماضية؛ الاستفسار عن طريقة إرسالها دون خطر الضياع.",
                "وصلت الاستمارة بالفرنسية ولغة أجنبية أخرى؛ آخر أجل لإرجاعها بعد ثلاثة أسابيع.",
            ),
            purposes=(
                "تأكيد مسطرة شهادة الحياة بالنسبة لمتقاعد مقيم بالمغرب.",
                "تأكيد توصل الصندوق بشهادة الحياة وتاريخ الأداء المقبل.",
            ),
            answered=(
                "يُصادق على الاستمارة لدى السلطة المحلية ثم تُرسل عبر الإنترنت.",
                "توصل الصندوق بالشهادة؛ لا توقيف للمعاش.",
            ),
            refused=(
                "الطلب ناقص: رقم المعاش غير مذكور.",
                "الاستمارة منتهية الصلاحية: سيرسل الصندوق استمارة جديدة بالبريد.",
            ),
            replies=(
                "تتم المصادقة على الاستمارة بالجماعة، وقد ملأناها معكم.",
                "توصل الصندوق بشهادة الحياة ويستمر صرف معاشكم.",
            ),
        ),
        who=("returnee",),
        info=True,
    ),
    Scenario(
        category="foreign_pension",
        kind=Case.Kind.REQUEST,
        services=("code:pension-cnss", "fund"),
        fr=Wording(
            subjects=(
                "Demande de pension de retraite {fund_fr} après le retour au Maroc",
                "Liquidation d'une retraite {fund_fr} depuis le Maroc",
                "Totalisation des périodes de travail au Maroc et à l'étranger pour la retraite",
            ),
            descriptions=(
                "A travaillé vingt ans {in_country_fr} ; veut savoir comment déposer sa demande depuis le Maroc "
                "(convention de sécurité sociale).",
                "Carrière partagée entre une usine {in_country_fr} et la CNSS au Maroc ; {person_fr} atteint "
                "l'âge légal cette année.",
                "Relevé de carrière reçu avec des trous (années d'intérim) ; besoin d'aide pour réunir les "
                "bulletins de salaire.",
            ),
            purposes=(
                "Transmettre la demande à la caisse étrangère au titre de la convention bilatérale.",
                "Ouverture du dossier de retraite au titre de la convention et relevé de carrière complet.",
            ),
            answered=(
                "Demande transmise à la caisse étrangère ; relevé de carrière reçu.",
                "Dossier enregistré ; première pension attendue dans trois mois.",
            ),
            refused=(
                "Périodes de travail non justifiées : bulletins de salaire à fournir.",
                "Âge légal pas encore atteint selon la législation du pays d'emploi.",
            ),
            replies=(
                "Votre demande est transmise ; la caisse vous écrira directement.",
                "Votre dossier de retraite est ouvert ; gardez les courriers de la caisse et apportez-les au bureau.",
            ),
        ),
        ar=Wording(
            subjects=(
                "طلب معاش التقاعد من {fund_ar} بعد العودة إلى المغرب",
                "تصفية معاش تقاعد من {fund_ar} انطلاقا من المغرب",
                "جمع فترات العمل بالمغرب والخارج من أجل التقاعد",
            ),
            descriptions=(
                "عشرون سنة من العمل ب{country_ar}؛ الاستفسار عن كيفية إيداع الطلب من المغرب في إطار اتفاقية "
                "الضمان الاجتماعي.",
                "مسار مهني موزع بين مصنع ب{country_ar} والصندوق الوطني للضمان الاجتماعي بالمغرب؛ بلوغ {person_ar} "
                "السن القانوني هذه السنة.",
                "بيان المسار المهني يتضمن فترات غير مصرح بها (سنوات العمل المؤقت)؛ حاجة إلى المساعدة لجمع أوراق "
                "الأداء.",
            ),
            purposes=(
                "إحالة الطلب على الصندوق الأجنبي في إطار الاتفاقية الثنائية.",
                "فتح ملف التقاعد في إطار الاتفاقية والحصول على بيان كامل للمسار المهني.",
            ),
            answered=(
                "أحيل الطلب على الصندوق الأجنبي وتم التوصل ببيان المسار المهني.",
                "سُجل الملف؛ أول أداء للمعاش منتظر بعد ثلاثة أشهر.",
            ),
            refused=(
                "فترات عمل غير مثبتة: يجب الإدلاء بأوراق الأداء.",
                "السن القانوني غير مستوفى بعد حسب تشريع بلد العمل.",
            ),
            replies=(
                "تمت إحالة طلبكم، وسيراسلكم الصندوق مباشرة.",
                "فُتح ملف تقاعدكم؛ احتفظوا بمراسلات الصندوق وأحضروها إلى المكتب.",
            ),
        ),
        who=("returnee", "mre"),
    ),
    Scenario(
        category="land_property",
        kind=Case.Kind.COMPLAINT,
        services=("kind:land_registry",),
        fr=Wording(
            subjects=(
                "Opposition à une réquisition d'immatriculation sur le terrain familial",
                "Terrain hérité compris dans la réquisition d'un voisin",
                "Bornage contesté d'une parcelle familiale",
            ),
            descriptions=(
                "Un voisin a demandé l'immatriculation d'une parcelle qui inclut une partie du terrain hérité ; "
                "délai d'opposition en cours.",
                "L'avis de bornage a été affiché pendant l'absence de la famille ; la limite posée empiète de "
                "quatre mètres sur le terrain hérité.",
                "Les héritiers vivent {in_country_fr} et au Maroc ; ils veulent faire opposition avant la "
                "clôture du bornage.",
            ),
            purposes=(
                "Enregistrer l'opposition dans le délai et indiquer les pièces à produire.",
                "Consultation du dossier de réquisition et enregistrement de l'opposition des héritiers.",
            ),
            answered=(
                "Opposition enregistrée ; le dossier sera transmis au tribunal si aucun accord.",
                "Opposition reçue avec l'acte d'hérédité ; convocation des parties pour conciliation.",
            ),
            refused=(
                "Opposition hors délai : seule une action en justice reste possible.",
                "Opposition non reçue : droits de plaidoirie non payés.",
            ),
            replies=(
                "Votre opposition est enregistrée ; conservez le récépissé.",
                "La conservation foncière convoque les parties ; un héritier présent peut représenter les autres "
                "avec une procuration.",
            ),
        ),
        ar=Wording(
            subjects=(
                "تعرض على مطلب التحفيظ يخص أرض العائلة",
                "إدراج أرض موروثة ضمن مطلب تحفيظ أحد الجيران",
                "نزاع حول تحديد قطعة أرضية للعائلة",
            ),
            descriptions=(
                "تقدم أحد الجيران بمطلب تحفيظ قطعة تشمل جزءا من الأرض الموروثة؛ أجل التعرض جار.",
                "تم تعليق إعلان التحديد أثناء غياب العائلة؛ الحد الموضوع يتجاوز بأربعة أمتار على الأرض الموروثة.",
                "الورثة مقيمون ب{country_ar} وبالمغرب؛ رغبتهم في التعرض قبل اختتام عملية التحديد.",
            ),
            purposes=(
                "تسجيل التعرض داخل الأجل وتحديد الوثائق الواجب الإدلاء بها.",
                "الاطلاع على ملف مطلب التحفيظ وتسجيل تعرض الورثة.",
            ),
            answered=(
                "تم تسجيل التعرض؛ سيحال الملف على المحكمة في غياب اتفاق.",
                "تم قبول التعرض مع رسم الإراثة؛ استدعاء الأطراف للصلح.",
            ),
            refused=(
                "تعرض خارج الأجل: تبقى الدعوى القضائية ممكنة فقط.",
                "التعرض غير مقبول: الوجيبة القضائية غير مؤداة.",
            ),
            replies=(
                "تم تسجيل تعرضكم؛ احتفظوا بالوصل.",
                "استدعت المحافظة العقارية الأطراف؛ يمكن لأحد الورثة الحاضرين تمثيل الآخرين بوكالة.",
            ),
        ),
        who=("mre", "heir"),
    ),
    Scenario(
        category="land_property",
        kind=Case.Kind.REQUEST,
        services=("kind:land_registry",),
        fr=Wording(
            subjects=(
                "Certificat de propriété pour la vente d'un appartement",
                "Certificat de propriété récent demandé par le notaire",
                "Situation juridique d'un titre foncier avant une donation",
            ),
            descriptions=(
                "Vente prévue pendant les vacances d'été chez le notaire ; besoin d'un certificat récent.",
                "Le notaire demande un certificat de moins d'un mois ; {person_fr} ne sait pas où le commander.",
                "Donation d'une maison aux enfants ; vérifier qu'aucune hypothèque n'est inscrite sur le titre.",
            ),
            purposes=(
                "Délivrance d'un certificat de propriété (titre foncier indiqué par l'intéressé).",
                "Certificat de propriété et état des inscriptions du titre.",
            ),
            answered=(
                "Certificat délivré.",
                "Certificat délivré : aucune inscription sur le titre.",
            ),
            refused=(
                "Titre grevé d'une saisie conservatoire : certificat délivré avec mention.",
                "Numéro de titre erroné : à vérifier sur l'acte d'achat.",
            ),
            replies=(
                "Votre certificat de propriété est disponible ; il peut aussi être demandé en ligne.",
                "Le certificat est prêt ; nous l'avons envoyé à votre notaire avec votre accord.",
            ),
        ),
        ar=Wording(
            subjects=(
                "شهادة الملكية من أجل بيع شقة",
                "شهادة ملكية حديثة يطلبها الموثق",
                "الوضعية القانونية لرسم عقاري قبل الهبة",
            ),
            descriptions=(
                "بيع مبرمج خلال العطلة الصيفية لدى الموثق؛ الحاجة إلى شهادة ملكية حديثة.",
                "يطلب الموثق شهادة لا يتجاوز تاريخها شهرا؛ {person_ar} لا {ya}عرف مكان طلبها.",
                "هبة منزل للأبناء؛ التحقق من عدم تقييد أي رهن بالرسم العقاري.",
            ),
            purposes=(
                "تسليم شهادة الملكية (الرسم العقاري المشار إليه من طرف المعني).",
                "شهادة الملكية وبيان التقييدات الواردة على الرسم.",
            ),
            answered=(
                "سُلمت الشهادة.",
                "سُلمت الشهادة: لا يوجد أي تقييد على الرسم.",
            ),
            refused=(
                "الرسم مثقل بحجز تحفظي: سُلمت الشهادة مع الإشارة إليه.",
                "رقم الرسم العقاري خاطئ: يجب التحقق منه في عقد الشراء.",
            ),
            replies=(
                "شهادة الملكية متوفرة، ويمكن طلبها أيضا عبر الإنترنت.",
                "الشهادة جاهزة؛ أرسلناها إلى الموثق بعد موافقتكم.",
            ),
        ),
        info=True,
    ),
    Scenario(
        category="land_property",
        kind=Case.Kind.COMPLAINT,
        services=("kind:court",),
        fr=Wording(
            subjects=(
                "Maison occupée sans droit pendant l'absence du propriétaire",
                "Construction d'un voisin sur le terrain d'un propriétaire résidant à l'étranger",
                "Locataire qui ne paie plus et refuse de quitter la maison",
            ),
            descriptions=(
                "Un parent occupe la maison depuis deux ans et refuse de partir ; le propriétaire vit {in_country_fr}.",
                "À son retour l'été dernier, {person_fr} a trouvé un mur construit sur sa parcelle ; le voisin "
                "refuse de le démolir.",
                "Bail verbal conclu avant le départ ; plus aucun loyer depuis un an, le locataire a changé les "
                "serrures.",
            ),
            purposes=(
                "Orientation vers la procédure d'expulsion et l'assistance judiciaire.",
                "Constat par huissier et requête devant le tribunal de première instance.",
            ),
            answered=(
                "Requête en expulsion enregistrée ; audience fixée.",
                "Constat dressé ; affaire inscrite au rôle.",
            ),
            refused=(
                "Requête rejetée : le titre de propriété ne correspond pas à l'adresse.",
                "Requête irrecevable : procuration non légalisée.",
            ),
            replies=(
                "Votre requête est enregistrée au tribunal ; un avocat peut vous représenter.",
                "L'affaire est inscrite au rôle ; la date d'audience vous a été envoyée par WhatsApp.",
            ),
        ),
        ar=Wording(
            subjects=(
                "ترامي على منزل في غياب مالكه المقيم بالخارج",
                "بناء أحد الجيران فوق أرض مالك مقيم بالخارج",
                "مكتر يمتنع عن أداء الكراء وعن إفراغ المنزل",
            ),
            descriptions=(
                "يحتل أحد الأقارب المنزل منذ سنتين ويرفض مغادرته؛ المالك مقيم ب{country_ar}.",
                "عند العودة الصيف الماضي تبين أن الجار بنى حائطا فوق القطعة الأرضية، وهو يرفض هدمه.",
                "كراء شفوي قبل السفر؛ لا أداء لواجب الكراء منذ سنة، وغيّر المكتري الأقفال.",
            ),
            purposes=(
                "التوجيه نحو مسطرة الإفراغ والمساعدة القضائية.",
                "معاينة بواسطة مفوض قضائي ومقال أمام المحكمة الابتدائية.",
            ),
            answered=(
                "سُجل طلب الإفراغ وحُدد تاريخ الجلسة.",
                "أنجزت المعاينة وأدرجت القضية بالجلسة.",
            ),
            refused=(
                "رُفض الطلب: سند الملكية لا يطابق العنوان.",
                "الطلب غير مقبول: الوكالة غير مصادق عليها.",
            ),
            replies=(
                "تم تسجيل طلبكم بالمحكمة، ويمكن لمحام أن ينوب عنكم.",
                "أدرجت القضية بالجلسة، وأرسلنا إليكم تاريخها عبر الواتساب.",
            ),
        ),
    ),
    Scenario(
        category="investment",
        kind=Case.Kind.REQUEST,
        services=("kind:investment",),
        fr=Wording(
            subjects=(
                "Projet d'unité de conditionnement agricole : accompagnement",
                "Création d'une maison d'hôtes : démarches et aides",
                "Investissement dans une unité de froid pour les primeurs",
            ),
            descriptions=(
                "Chef d'entreprise installé{e} {in_country_fr}, veut investir dans la commune ; cherche foncier "
                "et aides.",
                "Projet de gîte rural dans la maison familiale rénovée ; {person_fr} demande quelles "
                "autorisations et quels programmes d'aide existent.",
                "Associé à deux frères {in_country_fr} ; cherche un terrain en zone industrielle et un "
                "financement bancaire pour la diaspora.",
            ),
            purposes=(
                "Accompagnement du porteur de projet : guichet unique, foncier, incitations.",
                "Étude de l'éligibilité du projet aux aides à l'investissement de la diaspora.",
            ),
            answered=(
                "Rendez-vous tenu au CRI ; dossier déposé sur la plateforme.",
                "Projet éligible ; convention d'accompagnement proposée au porteur.",
            ),
            refused=(
                "Pas de foncier disponible dans la zone demandée pour le moment.",
                "Projet non éligible aux aides en l'état (activité déjà saturée dans la zone).",
            ),
            replies=(
                "Le centre régional d'investissement vous accompagne ; votre dossier est déposé.",
                "Votre projet est éligible ; le CRI vous propose un rendez-vous pendant votre séjour.",
            ),
        ),
        ar=Wording(
            subjects=(
                "مواكبة مشروع استثماري لوحدة تلفيف المنتوجات الفلاحية",
                "إحداث دار للضيافة: المساطر وبرامج الدعم",
                "الاستثمار في وحدة للتبريد خاصة بالبواكر",
            ),
            descriptions=(
                "مقاول من مغاربة العالم مقيم ب{country_ar}، رغبة في الاستثمار بالجماعة؛ البحث عن العقار وبرامج الدعم.",
                "مشروع دار للضيافة بالمنزل العائلي بعد ترميمه؛ الاستفسار عن الرخص وبرامج الدعم المتاحة.",
                "شراكة مع أخوين مقيمين ب{country_ar}؛ البحث عن بقعة بالمنطقة الصناعية وتمويل بنكي خاص بمغاربة العالم.",
            ),
            purposes=(
                "مواكبة حامل المشروع: الشباك الوحيد، العقار، التحفيزات.",
                "دراسة أهلية المشروع لبرامج دعم استثمار مغاربة العالم.",
            ),
            answered=(
                "عقد لقاء بالمركز الجهوي للاستثمار وتم إيداع الملف بالمنصة.",
                "المشروع مؤهل؛ اقتُرحت على حامله اتفاقية للمواكبة.",
            ),
            refused=(
                "لا يتوفر عقار بالمنطقة المطلوبة حاليا.",
                "المشروع غير مؤهل للدعم في وضعه الحالي.",
            ),
            replies=(
                "يواكبكم المركز الجهوي للاستثمار، وتم إيداع ملفكم.",
                "مشروعكم مؤهل؛ يقترح عليكم المركز الجهوي للاستثمار موعدا خلال مقامكم.",
            ),
        ),
    ),
    Scenario(
        category="taxes",
        kind=Case.Kind.GRIEVANCE,
        services=("kind:tax",),
        fr=Wording(
            subjects=(
                "Taxe d'habitation réclamée sur un logement occupé l'été seulement",
                "Taxe sur les terrains non bâtis réclamée après la vente du lot",
                "Majorations de retard sur la taxe de services communaux",
            ),
            descriptions=(
                "Avis d'imposition reçu avec majorations ; la personne conteste le calcul.",
                "Lot vendu en 2021 devant notaire ; l'avis continue d'arriver au nom de l'ancien propriétaire.",
                "Avis envoyés à l'adresse de la maison fermée ; {person_fr} les découvre avec trois ans de "
                "majorations.",
            ),
            purposes=(
                "Examen de la réclamation et des majorations de retard.",
                "Vérification du redevable et annulation des avis émis après la vente.",
            ),
            answered=(
                "Majorations annulées ; échéancier accordé.",
                "Avis annulés à compter de la date de la vente.",
            ),
            refused=(
                "Réclamation rejetée : imposition conforme.",
                "Vente non enregistrée au service : présenter l'acte enregistré.",
            ),
            replies=(
                "L'administration fiscale a revu votre dossier ; le détail vous a été envoyé.",
                "Les avis établis après la vente sont annulés ; gardez la décision avec l'acte de vente.",
            ),
        ),
        ar=Wording(
            subjects=(
                "المطالبة بضريبة السكن عن منزل لا يُسكن إلا صيفا",
                "المطالبة بالرسم على الأراضي غير المبنية بعد بيع البقعة",
                "زيادات التأخير على رسم الخدمات الجماعية",
            ),
            descriptions=(
                "التوصل بإشعار الضريبة مع الزيادات؛ الاعتراض على طريقة الاحتساب.",
                "البقعة بيعت سنة 2021 لدى الموثق؛ الإشعار ما زال يصدر في اسم المالك السابق.",
                "أُرسلت الإشعارات إلى عنوان المنزل المغلق؛ لم يتم الاطلاع عليها إلا مع زيادات ثلاث سنوات.",
            ),
            purposes=(
                "دراسة الشكاية وزيادات التأخير.",
                "التحقق من الملزم وإلغاء الإشعارات الصادرة بعد البيع.",
            ),
            answered=(
                "أُلغيت الزيادات ومُنح جدول للأداء.",
                "أُلغيت الإشعارات ابتداء من تاريخ البيع.",
            ),
            refused=(
                "رُفضت الشكاية: الضريبة مطابقة.",
                "البيع غير مسجل لدى المصلحة: يجب الإدلاء بالعقد المسجل.",
            ),
            replies=(
                "راجعت إدارة الضرائب ملفكم وأُرسل إليكم التفصيل.",
                "أُلغيت الإشعارات الصادرة بعد البيع؛ احتفظوا بالقرار مع عقد البيع.",
            ),
        ),
    ),
    Scenario(
        category="taxes",
        kind=Case.Kind.INFORMATION,
        services=("kind:tax",),
        fr=Wording(
            subjects=(
                "Impôt sur le profit immobilier lors de la vente d'un terrain",
                "Exonération de l'impôt sur la plus-value d'une maison familiale",
                "Déclaration de la vente d'un bien hérité : délais et pièces",
            ),
            descriptions=(
                "Vente d'un terrain hérité ; demande comment est calculé l'impôt et s'il y a exonération.",
                "Maison occupée par la famille depuis plus de dix ans ; {person_fr} veut savoir si la vente est "
                "exonérée.",
                "Vente entre héritiers, dont deux vivent {in_country_fr} ; questions sur la déclaration et le "
                "paiement.",
            ),
            purposes=(
                "Confirmer le mode de calcul et les pièces pour la déclaration.",
                "Confirmer les conditions d'exonération et les pièces justificatives.",
            ),
            answered=(
                "Simulation faite ; déclaration à déposer dans les 30 jours suivant la vente.",
                "Exonération possible sur justification de l'occupation (quittances, certificat de résidence).",
            ),
            refused=(
                "Pas de réponse écrite : renvoi vers le service en ligne.",
                "Pas d'exonération : le bien n'était pas l'habitation principale.",
            ),
            replies=(
                "Nous vous avons expliqué le calcul et les délais de déclaration.",
                "Les conditions d'exonération et la liste des pièces vous ont été remises.",
            ),
        ),
        ar=Wording(
            subjects=(
                "الضريبة على الأرباح العقارية عند بيع أرض",
                "الإعفاء من الضريبة على الربح العقاري لمنزل الأسرة",
                "التصريح ببيع عقار موروث: الآجال والوثائق",
            ),
            descriptions=(
                "بيع أرض موروثة؛ السؤال عن طريقة احتساب الضريبة وإمكانية الإعفاء.",
                "منزل تسكنه الأسرة منذ أكثر من عشر سنوات؛ الاستفسار عن إعفاء البيع من الضريبة.",
                "بيع بين الورثة، اثنان منهم مقيمان ب{country_ar}؛ أسئلة حول التصريح والأداء.",
            ),
            purposes=(
                "تأكيد طريقة الاحتساب ووثائق التصريح.",
                "تأكيد شروط الإعفاء والوثائق المثبتة.",
            ),
            answered=(
                "أُنجزت المحاكاة؛ يجب إيداع التصريح داخل 30 يوما من البيع.",
                "الإعفاء ممكن عند إثبات السكن (وصولات الأداء، شهادة السكنى).",
            ),
            refused=(
                "لا جواب كتابي: الإحالة على الخدمة الإلكترونية.",
                "لا إعفاء: العقار لم يكن سكنا رئيسيا.",
            ),
            replies=(
                "شرحنا لكم طريقة الاحتساب وآجال التصريح.",
                "سلمناكم شروط الإعفاء ولائحة الوثائق.",
            ),
        ),
        info=True,
    ),
    Scenario(
        category="customs_vehicles",
        kind=Case.Kind.COMPLAINT,
        services=("kind:customs", "code:customs-adii"),
        fr=Wording(
            subjects=(
                "Véhicule en admission temporaire resté au Maroc au-delà du délai",
                "Voiture immatriculée à l'étranger immobilisée après un accident",
                "Pénalités douanières pour un véhicule non réexporté",
            ),
            descriptions=(
                "Voiture immatriculée {in_country_fr} immobilisée après une panne ; la personne est repartie "
                "sans elle.",
                "Accident pendant les vacances, voiture au garage depuis septembre ; la déclaration d'admission "
                "temporaire a expiré.",
                "Au passage du port, {person_fr} a appris que la voiture de l'an dernier est toujours inscrite "
                "comme non sortie.",
            ),
            purposes=(
                "Régularisation de la situation du véhicule et montant des pénalités.",
                "Apurement du titre d'admission temporaire (véhicule immobilisé, constat joint).",
            ),
            answered=(
                "Situation régularisée ; mainlevée accordée.",
                "Titre apuré au vu du constat ; pas de pénalité.",
            ),
            refused=(
                "Pénalités dues : pas de remise possible.",
                "Constat insuffisant : expertise du véhicule exigée.",
            ),
            replies=(
                "La douane a régularisé votre véhicule ; gardez la mainlevée avec les papiers.",
                "Le titre d'admission temporaire est apuré ; vous pouvez repasser la frontière sans blocage.",
            ),
        ),
        ar=Wording(
            subjects=(
                "سيارة في وضعية القبول المؤقت تجاوزت المدة القانونية",
                "سيارة بترقيم أجنبي متوقفة بعد حادثة سير",
                "غرامات جمركية عن سيارة لم يُعد تصديرها",
            ),
            descriptions=(
                "سيارة مرقمة ب{country_ar} تعطلت وبقيت بالمغرب بعد مغادرة صاحبها.",
                "حادثة سير خلال العطلة والسيارة بالمرآب منذ شتنبر؛ انتهت صلاحية تصريح القبول المؤقت.",
                "عند المرور بالميناء تبين أن سيارة السنة الماضية ما زالت مسجلة كسيارة لم تغادر التراب الوطني.",
            ),
            purposes=(
                "تسوية وضعية السيارة ومبلغ الغرامات.",
                "تصفية سند القبول المؤقت (سيارة متوقفة، المحضر مرفق).",
            ),
            answered=(
                "تمت تسوية الوضعية ورفع اليد.",
                "صُفي السند بناء على المحضر دون غرامة.",
            ),
            refused=(
                "الغرامات مستحقة: لا إمكانية للإعفاء.",
                "المحضر غير كاف: تُطلب خبرة على السيارة.",
            ),
            replies=(
                "سوت الجمارك وضعية سيارتكم؛ احتفظوا برفع اليد مع الوثائق.",
                "صُفي سند القبول المؤقت؛ يمكنكم عبور الحدود دون عرقلة.",
            ),
        ),
    ),
    Scenario(
        category="customs_vehicles",
        kind=Case.Kind.REQUEST,
        services=("kind:customs", "code:customs-adii"),
        fr=Wording(
            subjects=(
                "Dédouanement d'un véhicule pour retour définitif",
                "Franchise douanière du mobilier et de la voiture au retour",
                "Abattement des droits de douane sur la voiture du retour définitif",
            ),
            descriptions=(
                "Retour définitif après trente ans {in_country_fr} ; demande les conditions d'abattement sur le "
                "véhicule.",
                "Déménagement prévu en juillet avec le mobilier ; quelles pièces pour la franchise (certificat "
                "de changement de résidence) ?",
                "Voiture achetée il y a quatre ans {in_country_fr} ; {person_fr} veut la garder au Maroc et "
                "connaître le montant des droits.",
            ),
            purposes=(
                "Conditions du régime de retour définitif et liste des pièces.",
                "Calcul des droits avec abattement et pièces pour la franchise du mobilier.",
            ),
            answered=(
                "Droits calculés avec l'abattement ; dédouanement fait.",
                "Franchise accordée pour le mobilier ; droits réduits sur le véhicule.",
            ),
            refused=(
                "Pièces de propriété du véhicule incomplètes : abattement refusé en l'état.",
                "Certificat de changement de résidence manquant : franchise refusée en l'état.",
            ),
            replies=(
                "Votre véhicule est dédouané ; l'immatriculation marocaine peut suivre.",
                "La franchise est accordée ; la carte grise marocaine se demande auprès de la NARSA.",
            ),
        ),
        ar=Wording(
            subjects=(
                "تعشير سيارة في إطار العودة النهائية",
                "الإعفاء الجمركي للأثاث والسيارة عند العودة",
                "التخفيض من الرسوم الجمركية على سيارة العودة النهائية",
            ),
            descriptions=(
                "عودة نهائية بعد ثلاثين سنة ب{country_ar}؛ السؤال عن شروط التخفيض في رسوم السيارة.",
                "انتقال مبرمج في يوليوز مع الأثاث؛ ما هي وثائق الإعفاء (شهادة تغيير الإقامة)؟",
                "سيارة مقتناة منذ أربع سنوات ب{country_ar}؛ رغبة {person_ar} في الاحتفاظ بها بالمغرب ومعرفة "
                "مبلغ الرسوم.",
            ),
            purposes=(
                "شروط نظام العودة النهائية ولائحة الوثائق.",
                "احتساب الرسوم مع التخفيض ووثائق إعفاء الأثاث.",
            ),
            answered=(
                "احتُسبت الرسوم مع التخفيض وتم التعشير.",
                "مُنح الإعفاء للأثاث وخُفضت الرسوم على السيارة.",
            ),
            refused=(
                "وثائق ملكية السيارة ناقصة: رُفض التخفيض في الحالة الراهنة.",
                "شهادة تغيير الإقامة ناقصة: رُفض الإعفاء في الحالة الراهنة.",
            ),
            replies=(
                "تم تعشير سيارتكم ويمكن الآن ترقيمها بالمغرب.",
                "مُنح الإعفاء؛ تُطلب البطاقة الرمادية المغربية لدى الوكالة الوطنية للسلامة الطرقية.",
            ),
        ),
        who=("returnee",),
    ),
    Scenario(
        category="education",
        kind=Case.Kind.REQUEST,
        services=("code:education-equivalence", "kind:education"),
        fr=Wording(
            subjects=(
                "Équivalence du baccalauréat obtenu {in_country_fr}",
                "Reconnaissance d'un diplôme professionnel étranger",
                "Équivalence de diplôme pour une inscription à l'université",
            ),
            descriptions=(
                "Retour au Maroc avec les parents après le lycée ; inscription à l'université prévue à la rentrée.",
                "Diplôme d'aide-soignant obtenu {in_country_fr} ; {person_fr} veut travailler dans une clinique "
                "au Maroc.",
                "Inscription en licence conditionnée à l'équivalence ; la date limite de l'université approche.",
            ),
            purposes=(
                "Instruction de la demande d'équivalence.",
                "Examen du dossier d'équivalence (diplôme, relevés de notes traduits).",
            ),
            answered=(
                "Équivalence accordée.",
                "Attestation d'équivalence délivrée.",
            ),
            refused=(
                "Dossier incomplet : relevés de notes traduits manquants.",
                "Diplôme sans équivalent marocain : attestation de niveau délivrée à la place.",
            ),
            replies=(
                "Votre équivalence est accordée ; l'attestation est téléchargeable.",
                "L'attestation d'équivalence est prête ; nous vous l'avons envoyée par e-mail.",
            ),
        ),
        ar=Wording(
            subjects=(
                "معادلة شهادة البكالوريا المحصل عليها ب{country_ar}",
                "معادلة دبلوم مهني أجنبي",
                "معادلة الشهادة من أجل التسجيل بالجامعة",
            ),
            descriptions=(
                "العودة إلى المغرب مع الوالدين بعد الثانوية؛ الرغبة في التسجيل بالجامعة في الدخول المقبل.",
                "دبلوم مساعد تمريض محصل عليه ب{country_ar}؛ رغبة {person_ar} في العمل بمصحة بالمغرب.",
                "التسجيل في سلك الإجازة مشروط بالمعادلة؛ آخر أجل حددته الجامعة يقترب.",
            ),
            purposes=(
                "دراسة طلب المعادلة.",
                "دراسة ملف المعادلة (الشهادة، كشوف النقط المترجمة).",
            ),
            answered=(
                "مُنحت المعادلة.",
                "سُلمت شهادة المعادلة.",
            ),
            refused=(
                "الملف ناقص: كشوف النقط المترجمة غير موجودة.",
                "الدبلوم لا يقابله دبلوم مغربي: سُلمت شهادة المستوى بدلا منه.",
            ),
            replies=(
                "مُنحت المعادلة ويمكن تحميل الشهادة.",
                "شهادة المعادلة جاهزة، وأرسلناها إليكم عبر البريد الإلكتروني.",
            ),
        ),
    ),
    Scenario(
        category="education",
        kind=Case.Kind.REQUEST,
        services=("kind:education",),
        fr=Wording(
            subjects=(
                "Inscription d'enfants de retour {from_country_fr} dans une école publique",
                "Scolarisation d'enfants qui ne lisent pas l'arabe",
                "Transfert de dossier scolaire depuis une école étrangère",
            ),
            descriptions=(
                "Deux enfants scolarisés {in_country_fr} jusqu'en juin ; la famille s'installe à {commune_fr}.",
                "Les enfants parlent amazigh et la langue du pays de résidence mais ne lisent pas l'arabe ; la "
                "famille craint un redoublement.",
                "Bulletins et certificat de scolarité de l'école étrangère traduits ; le collège demande une "
                "décision d'affectation.",
            ),
            purposes=(
                "Décision d'affectation au niveau correspondant et test de positionnement.",
                "Affectation des enfants et classes de soutien en arabe.",
            ),
            answered=(
                "Affectation faite après test de niveau ; cours de soutien le mercredi après-midi.",
                "Enfants affectés à l'école du quartier avec soutien linguistique.",
            ),
            refused=(
                "Certificat de radiation de l'école étrangère exigé avant l'affectation.",
                "Plus de place dans l'école demandée : affectation dans une école voisine.",
            ),
            replies=(
                "L'affectation est faite ; le directeur vous attend avec les bulletins originaux.",
                "Vos enfants sont inscrits ; la rentrée se fait avec une classe de soutien.",
            ),
        ),
        ar=Wording(
            subjects=(
                "تسجيل أطفال عائدين من {country_ar} بمدرسة عمومية",
                "تمدرس أطفال لا يتقنون القراءة بالعربية",
                "نقل الملف المدرسي من مؤسسة تعليمية بالخارج",
            ),
            descriptions=(
                "طفلان تابعا دراستهما ب{country_ar} إلى غاية يونيو؛ الأسرة تستقر {of_commune_ar}.",
                "الأطفال يتحدثون الأمازيغية ولغة بلد الإقامة ولا يقرؤون العربية؛ تخوف الأسرة من التكرار.",
                "كشوف النقط وشهادة التمدرس بالمدرسة الأجنبية مترجمة؛ الإعدادية تطلب مقرر التعيين.",
            ),
            purposes=(
                "مقرر التعيين بالمستوى المناسب واختبار تحديد المستوى.",
                "تعيين الطفلين وأقسام الدعم في اللغة العربية.",
            ),
            answered=(
                "تم التعيين بعد اختبار المستوى؛ حصص الدعم يوم الأربعاء بعد الزوال.",
                "تم تعيين الطفلين بمدرسة الحي مع دعم لغوي.",
            ),
            refused=(
                "تُشترط شهادة المغادرة من المدرسة الأجنبية قبل التعيين.",
                "لا أماكن بالمدرسة المطلوبة: التعيين بمدرسة مجاورة.",
            ),
            replies=(
                "تم التعيين؛ ينتظركم المدير مع أصول كشوف النقط.",
                "تم تسجيل أطفالكم مع قسم للدعم.",
            ),
        ),
        who=("returnee", "mre"),
    ),
    Scenario(
        category="social_health",
        kind=Case.Kind.REQUEST,
        services=("code:pension-cnss", "kind:health_social"),
        fr=Wording(
            subjects=(
                "Couverture AMO après le retour au Maroc",
                "Remboursement de soins refusé faute d'immatriculation",
                "Affiliation à l'AMO au titre d'une pension étrangère",
            ),
            descriptions=(
                "Pension d'une caisse étrangère, retour au Maroc ; {person_fr} ne sait pas si ses soins sont "
                "couverts par l'AMO.",
                "Feuilles de soins refusées : la personne n'est pas immatriculée malgré la demande déposée.",
                "Pension d'une caisse étrangère ; la clinique a demandé une carte AMO avant une opération.",
            ),
            purposes=(
                "Vérifier les droits AMO et les démarches d'immatriculation.",
                "Immatriculation à l'AMO au titre de la pension étrangère et régularisation des soins.",
            ),
            answered=(
                "Immatriculation faite ; carte en cours d'envoi.",
                "Droits ouverts ; les feuilles de soins peuvent être redéposées.",
            ),
            refused=(
                "Pas de droits ouverts : cotisations à régulariser.",
                "Attestation de pension étrangère manquante.",
            ),
            replies=(
                "Votre immatriculation à l'AMO est faite ; la carte arrive par la poste.",
                "Vos droits sont ouverts ; redéposez les feuilles de soins à l'agence.",
            ),
        ),
        ar=Wording(
            subjects=(
                "الاستفادة من التأمين الإجباري عن المرض بعد العودة إلى المغرب",
                "رفض استرجاع مصاريف العلاج بسبب عدم التسجيل",
                "التسجيل في التأمين الإجباري عن المرض برسم معاش أجنبي",
            ),
            descriptions=(
                "معاش من صندوق أجنبي والعودة إلى المغرب؛ {person_ar} لا {ya}عرف هل {ya}ستفيد من التأمين "
                "الإجباري عن المرض.",
                "رُفضت أوراق العلاج: عدم التسجيل رغم إيداع الطلب.",
                "معاش من صندوق أجنبي؛ طلبت المصحة بطاقة التأمين قبل إجراء عملية جراحية.",
            ),
            purposes=(
                "التحقق من الحق في التأمين ومسطرة التسجيل.",
                "التسجيل في التأمين الإجباري برسم المعاش الأجنبي وتسوية مصاريف العلاج.",
            ),
            answered=(
                "تم التسجيل والبطاقة في طور الإرسال.",
                "فُتحت الحقوق؛ يمكن إعادة إيداع أوراق العلاج.",
            ),
            refused=(
                "لا حقوق مفتوحة: يجب تسوية الاشتراكات.",
                "شهادة المعاش الأجنبي ناقصة.",
            ),
            replies=(
                "تم تسجيلكم في التأمين الإجباري وستصلكم البطاقة.",
                "فُتحت حقوقكم؛ أعيدوا إيداع أوراق العلاج بالوكالة.",
            ),
        ),
        who=("returnee", "widow"),
    ),
    Scenario(
        category="justice",
        kind=Case.Kind.REQUEST,
        services=("kind:court",),
        fr=Wording(
            subjects=(
                "Exequatur d'un jugement de divorce prononcé {in_country_fr}",
                "Reconnaissance au Maroc d'un divorce prononcé à l'étranger",
                "Mention d'un divorce étranger sur l'acte de mariage",
            ),
            descriptions=(
                "Divorce prononcé {in_country_fr} ; doit être reconnu au Maroc pour l'état civil.",
                "Remariage prévu ; l'adoul demande le jugement de divorce revêtu de l'exequatur.",
                "Le divorce figure sur les papiers étrangers mais pas sur le livret de famille marocain.",
            ),
            purposes=(
                "Procédure d'exequatur et pièces (jugement, certificat de non-recours, traductions).",
                "Requête en exequatur devant le tribunal de première instance.",
            ),
            answered=(
                "Exequatur accordé.",
                "Jugement revêtu de la formule exécutoire ; transmis à l'état civil.",
            ),
            refused=(
                "Requête rejetée : traduction non certifiée.",
                "Certificat de non-recours manquant.",
            ),
            replies=(
                "Le tribunal a accordé l'exequatur ; la mention sera portée à l'état civil.",
                "L'exequatur est accordé ; le livret de famille peut être mis à jour.",
            ),
        ),
        ar=Wording(
            subjects=(
                "تذييل حكم طلاق أجنبي بالصيغة التنفيذية",
                "الاعتراف بالمغرب بطلاق صادر بالخارج",
                "تضمين طلاق أجنبي بهامش عقد الزواج",
            ),
            descriptions=(
                "طلاق صادر ب{country_ar}؛ يجب الاعتراف به بالمغرب لتضمينه بالحالة المدنية.",
                "زواج جديد مرتقب؛ يطلب العدلان حكم الطلاق مذيلا بالصيغة التنفيذية.",
                "الطلاق مضمن في الوثائق الأجنبية وغير مضمن بالدفتر العائلي المغربي.",
            ),
            purposes=(
                "مسطرة التذييل بالصيغة التنفيذية والوثائق (الحكم، شهادة عدم الطعن، الترجمة).",
                "مقال التذييل بالصيغة التنفيذية أمام المحكمة الابتدائية.",
            ),
            answered=(
                "تم التذييل بالصيغة التنفيذية.",
                "ذُيل الحكم بالصيغة التنفيذية وأحيل على الحالة المدنية.",
            ),
            refused=(
                "رُفض الطلب: الترجمة غير معتمدة.",
                "شهادة عدم الطعن ناقصة.",
            ),
            replies=(
                "قبلت المحكمة التذييل وستتم الإشارة إليه بالحالة المدنية.",
                "تم التذييل؛ يمكن تحيين الدفتر العائلي.",
            ),
        ),
    ),
    Scenario(
        category="justice",
        kind=Case.Kind.REQUEST,
        services=("kind:court",),
        fr=Wording(
            subjects=(
                "Acte d'hérédité pour des héritiers résidant à l'étranger",
                "Succession du père : acte d'hérédité et partage",
                "Procurations des héritiers absents pour la succession",
            ),
            descriptions=(
                "Décès du père ; les héritiers vivent {in_country_fr} et au Maroc. Besoin de l'acte d'hérédité "
                "pour la succession et la pension.",
                "Partage de la maison familiale bloqué : un héritier ne répond plus depuis deux ans.",
                "Les adouls demandent les copies des cartes d'identité de tous les héritiers ; deux sœurs vivent "
                "{in_country_fr}.",
            ),
            purposes=(
                "Établissement de l'acte d'hérédité et procurations des héritiers absents.",
                "Homologation de l'acte d'hérédité par le juge du notariat.",
            ),
            answered=(
                "Acte d'hérédité homologué.",
                "Acte établi et homologué ; copies remises aux héritiers présents.",
            ),
            refused=(
                "Procurations non légalisées : à refaire au consulat.",
                "Témoins insuffisants : deux témoins supplémentaires requis.",
            ),
            replies=(
                "L'acte d'hérédité est prêt ; nous vous en avons remis une copie.",
                "L'acte d'hérédité est homologué ; il sert aussi au dossier de pension.",
            ),
        ),
        ar=Wording(
            subjects=(
                "إراثة لورثة مقيمين بالخارج",
                "تركة الأب: رسم الإراثة والقسمة",
                "وكالات الورثة الغائبين من أجل تصفية التركة",
            ),
            descriptions=(
                "وفاة الأب؛ الورثة مقيمون ب{country_ar} وبالمغرب. الحاجة إلى رسم الإراثة لتصفية التركة والمعاش.",
                "قسمة المنزل العائلي متوقفة: أحد الورثة لا يجيب منذ سنتين.",
                "يطلب العدول نسخ بطائق التعريف لجميع الورثة؛ أختان مقيمتان ب{country_ar}.",
            ),
            purposes=(
                "إنجاز رسم الإراثة ووكالات الورثة الغائبين.",
                "خطاب قاضي التوثيق على رسم الإراثة.",
            ),
            answered=(
                "تمت المصادقة على رسم الإراثة.",
                "أُنجز الرسم وخوطب عليه؛ سُلمت نسخ للورثة الحاضرين.",
            ),
            refused=(
                "الوكالات غير مصادق عليها: يجب إعادتها بالقنصلية.",
                "عدد الشهود غير كاف: يلزم شاهدان إضافيان.",
            ),
            replies=(
                "رسم الإراثة جاهز وسلمناكم نسخة منه.",
                "تم الخطاب على رسم الإراثة، ويصلح أيضا لملف المعاش.",
            ),
        ),
        who=("heir", "rights_holder"),
    ),
    Scenario(
        category="urban_plan_objection",
        kind=Case.Kind.GRIEVANCE,
        services=("local:urbanism", "kind:urban_agency"),
        fr=Wording(
            subjects=(
                "Opposition au projet de plan d'aménagement : terrain classé en espace vert",
                "Observation à l'enquête publique : lot traversé par une voie projetée",
                "Opposition au classement d'une parcelle en équipement public (école)",
            ),
            descriptions=(
                "Propriétaire résidant {in_country_fr} ; son lot est classé espace vert dans le projet soumis à "
                "l'enquête publique. Impossible de venir consigner l'observation.",
                "Une voie de 20 mètres projetée coupe la parcelle familiale en deux ; observation envoyée par "
                "e-mail avec le plan de situation.",
                "Parcelle réservée à une école dans le projet ; la famille demande un déplacement de la réserve "
                "sur un terrain public voisin.",
            ),
            purposes=(
                "Consigner l'observation au registre de l'enquête publique (reçue par e-mail, avec copie du titre).",
                "Transmettre l'opposition à la commission de l'enquête publique, avec le plan et le titre.",
            ),
            answered=(
                "Observation consignée au registre ; examen par la commission.",
                "Opposition reçue et numérotée au registre de l'enquête.",
            ),
            refused=(
                "Observation reçue après la clôture de l'enquête.",
                "Observation sans pièce de propriété : non retenue par la commission.",
            ),
            replies=(
                "Votre observation est au registre de l'enquête publique ; la commission l'examinera.",
                "Votre opposition est enregistrée ; le résultat de l'enquête sera publié par la commune.",
            ),
        ),
        ar=Wording(
            subjects=(
                "تعرض على مشروع تصميم التهيئة: تصنيف البقعة منطقة خضراء",
                "ملاحظة في إطار البحث العلني: طريق مبرمجة تخترق البقعة",
                "تعرض على تخصيص قطعة أرضية لمرفق عمومي (مدرسة)",
            ),
            descriptions=(
                "{person_ar} {resident_ar} ب{country_ar}؛ البقعة مصنفة منطقة خضراء في المشروع المعروض على البحث "
                "العلني، وتعذر الحضور لتسجيل الملاحظة.",
                "طريق بعرض 20 مترا مبرمجة تقسم القطعة العائلية إلى نصفين؛ أرسلت الملاحظة عبر البريد الإلكتروني "
                "مع تصميم الموقع.",
                "القطعة مخصصة لمدرسة في المشروع؛ تطلب الأسرة نقل التخصيص إلى أرض عمومية مجاورة.",
            ),
            purposes=(
                "تسجيل الملاحظة بسجل البحث العلني (توصلنا بها عبر البريد الإلكتروني مع نسخة من الرسم).",
                "إحالة التعرض على لجنة البحث العلني مع التصميم والرسم العقاري.",
            ),
            answered=(
                "سُجلت الملاحظة بالسجل وستدرسها اللجنة.",
                "توصلت اللجنة بالتعرض وتم ترقيمه بسجل البحث.",
            ),
            refused=(
                "توصلنا بالملاحظة بعد اختتام البحث العلني.",
                "ملاحظة دون وثيقة ملكية: لم تأخذ بها اللجنة.",
            ),
            replies=(
                "سُجلت ملاحظتكم بسجل البحث العلني وستدرسها اللجنة.",
                "سُجل تعرضكم؛ ستنشر الجماعة نتائج البحث العلني.",
            ),
        ),
    ),
    Scenario(
        category="other",
        kind=Case.Kind.INFORMATION,
        services=("code:mre-foundation-hassan-ii",),
        fr=Wording(
            subjects=(
                "Pièces pour renouveler la carte nationale (CNIE) pendant les vacances",
                "Première carte nationale pour un jeune né à l'étranger",
                "Délai de la CNIE demandée à la DGSN pendant l'été",
            ),
            descriptions=(
                "Demande la liste des pièces et les délais ; départ dans trois semaines.",
                "Le jeune a seize ans et n'a jamais eu de carte marocaine ; la famille repart fin août.",
                "Dossier déposé au commissariat ; inquiétude de repartir avant que la carte soit prête.",
            ),
            purposes=(
                "Confirmer la possibilité de retrait au consulat si la carte n'est pas prête.",
                "Vérifier le délai de fabrication et le lieu de retrait de la carte.",
            ),
            answered=(
                "Retrait possible au consulat sur rendez-vous.",
                "Carte prête sous dix jours ; retrait au commissariat.",
            ),
            refused=(
                "Retrait uniquement au Maroc.",
                "Extrait d'acte de naissance de moins de trois mois exigé.",
            ),
            replies=(
                "Liste des pièces remise ; prenez rendez-vous en ligne pour la CNIE.",
                "Nous vous avons indiqué le délai et le lieu de retrait ; le rendez-vous se prend en ligne.",
            ),
        ),
        ar=Wording(
            subjects=(
                "الوثائق اللازمة لتجديد البطاقة الوطنية خلال العطلة",
                "أول بطاقة وطنية لشاب مزداد بالخارج",
                "أجل إنجاز البطاقة الوطنية المطلوبة خلال فصل الصيف",
            ),
            descriptions=(
                "طلب لائحة الوثائق والآجال؛ موعد السفر بعد ثلاثة أسابيع.",
                "الشاب يبلغ ست عشرة سنة ولم يحصل قط على بطاقة مغربية؛ الأسرة تعود في نهاية غشت.",
                "الملف مودع بالدائرة الأمنية؛ تخوف من السفر قبل جاهزية البطاقة.",
            ),
            purposes=(
                "تأكيد إمكانية السحب بالقنصلية إذا لم تكن البطاقة جاهزة.",
                "التحقق من أجل الإنجاز ومكان سحب البطاقة.",
            ),
            answered=(
                "السحب ممكن بالقنصلية بموعد مسبق.",
                "البطاقة جاهزة خلال عشرة أيام؛ السحب بالدائرة الأمنية.",
            ),
            refused=(
                "السحب بالمغرب فقط.",
                "يشترط عقد ازدياد لا يتجاوز تاريخه ثلاثة أشهر.",
            ),
            replies=(
                "سُلمت لائحة الوثائق؛ احجزوا موعدا عبر الإنترنت.",
                "أخبرناكم بالأجل ومكان السحب؛ يتم حجز الموعد عبر الإنترنت.",
            ),
        ),
        info=True,
    ),
    Scenario(
        category="other",
        kind=Case.Kind.ORIENTATION,
        services=("code:mre-foundation-hassan-ii", "local:civil_status"),
        fr=Wording(
            subjects=(
                "Procuration pour gérer un bien pendant l'absence",
                "Légalisation d'une procuration signée à l'étranger",
                "Procuration pour encaisser des loyers au Maroc",
            ),
            descriptions=(
                "Vit {in_country_fr} et veut donner procuration à un frère resté au Maroc ; demande où la faire "
                "légaliser.",
                "Procuration rédigée chez un notaire étranger ; la banque marocaine la refuse sans légalisation.",
                "Le frère gère deux appartements loués ; la banque exige une procuration à son nom.",
            ),
            purposes=(
                "Orientation : légalisation de la procuration au consulat du lieu de résidence.",
                "Vérifier la forme de procuration acceptée et les légalisations nécessaires.",
            ),
            answered=(
                "Procédure confirmée ; modèle de procuration fourni.",
                "Procuration consulaire suffisante ; pas d'apostille nécessaire.",
            ),
            refused=(
                "Demande hors compétence : s'adresser au consulat du lieu de résidence.",
                "Procuration sous seing privé non acceptée : acte adoulaire ou consulaire requis.",
            ),
            replies=(
                "La procuration se légalise au consulat de votre lieu de résidence ; modèle joint.",
                "Faites établir la procuration au consulat ; la banque l'acceptera.",
            ),
        ),
        ar=Wording(
            subjects=(
                "وكالة لتسيير عقار أثناء الغياب",
                "المصادقة على وكالة موقعة بالخارج",
                "وكالة لقبض واجبات الكراء بالمغرب",
            ),
            descriptions=(
                "الرغبة في منح وكالة للأخ المقيم بالمغرب؛ السؤال عن مكان المصادقة عليها من {country_ar}.",
                "وكالة محررة لدى موثق أجنبي؛ البنك المغربي يرفضها دون مصادقة.",
                "الأخ يسير شقتين مكتراتين؛ البنك يشترط وكالة في اسمه.",
            ),
            purposes=(
                "توجيه: المصادقة على الوكالة بقنصلية بلد الإقامة.",
                "التحقق من شكل الوكالة المقبولة والمصادقات اللازمة.",
            ),
            answered=(
                "تم تأكيد المسطرة وتسليم نموذج الوكالة.",
                "الوكالة القنصلية كافية ولا حاجة إلى الأبوستيل.",
            ),
            refused=(
                "الطلب خارج الاختصاص: يجب التوجه إلى قنصلية مكان الإقامة.",
                "الوكالة العرفية غير مقبولة: يلزم عقد عدلي أو قنصلي.",
            ),
            replies=(
                "تتم المصادقة على الوكالة بقنصلية مكان إقامتكم؛ النموذج مرفق.",
                "أنجزوا الوكالة بالقنصلية، وسيقبلها البنك.",
            ),
        ),
        who=("mre", "proxy"),
    ),
    Scenario(
        category="other",
        kind=Case.Kind.REQUEST,
        services=("consulate", "code:mre-foundation-hassan-ii"),
        fr=Wording(
            subjects=(
                "Passeport de l'enfant binational à renouveler avant le retour {in_country_fr}",
                "Passeport étranger perdu pendant les vacances au Maroc",
                "Laissez-passer consulaire pour un enfant avant la rentrée",
            ),
            descriptions=(
                "Famille en vacances ; le passeport étranger de l'enfant expire avant la date du retour.",
                "Passeport perdu au souk ; déclaration de perte faite à la police, billet de retour dans dix jours.",
                "L'enfant n'a que la nationalité du pays de résidence ; son titre de voyage a été abîmé.",
            ),
            purposes=(
                "Rendez-vous consulaire pour un passeport ou un document de voyage provisoire.",
                "Délivrance d'un laissez-passer avant la date du vol (déclaration de perte jointe).",
            ),
            answered=(
                "Rendez-vous fixé ; document de voyage provisoire possible.",
                "Laissez-passer délivré en 48 heures.",
            ),
            refused=(
                "Pas de service de passeports dans ce poste : s'adresser à l'ambassade.",
                "Identité à établir : copie du passeport perdu ou acte de naissance exigé.",
            ),
            replies=(
                "Le consulat vous reçoit sur rendez-vous ; apportez l'acte de naissance et deux photos.",
                "Le laissez-passer est prêt au consulat ; présentez la déclaration de perte.",
            ),
        ),
        ar=Wording(
            subjects=(
                "تجديد جواز السفر الأجنبي لطفل مزدوج الجنسية قبل العودة إلى {country_ar}",
                "ضياع جواز سفر أجنبي خلال العطلة بالمغرب",
                "وثيقة مرور قنصلية لطفل قبل الدخول المدرسي",
            ),
            descriptions=(
                "أسرة في عطلة؛ تنتهي صلاحية جواز السفر الأجنبي للطفل قبل تاريخ العودة.",
                "ضاع الجواز بالسوق الأسبوعي؛ تم التصريح بالضياع لدى الشرطة، وتذكرة العودة بعد عشرة أيام.",
                "الطفل يحمل جنسية بلد الإقامة فقط؛ وثيقة سفره أتلفت.",
            ),
            purposes=(
                "موعد قنصلي من أجل جواز سفر أو وثيقة سفر مؤقتة.",
                "تسليم وثيقة مرور قبل تاريخ الرحلة (التصريح بالضياع مرفق).",
            ),
            answered=(
                "تم تحديد الموعد، ويمكن تسليم وثيقة سفر مؤقتة.",
                "سُلمت وثيقة المرور خلال 48 ساعة.",
            ),
            refused=(
                "لا تتوفر هذه التمثيلية على مصلحة الجوازات.",
                "يجب إثبات الهوية: تُطلب نسخة من الجواز الضائع أو عقد الازدياد.",
            ),
            replies=(
                "تستقبلكم القنصلية بموعد؛ أحضروا عقد الازدياد وصورتين.",
                "وثيقة المرور جاهزة بالقنصلية؛ قدموا التصريح بالضياع.",
            ),
        ),
    ),
    Scenario(
        category="education",
        kind=Case.Kind.REQUEST,
        services=("kind:education", "code:education-equivalence"),
        fr=Wording(
            subjects=(
                "Scolarisation des enfants d'une famille étrangère installée à {commune_fr}",
                "Cours d'arabe pour des enfants étrangers scolarisés à {commune_fr}",
                "Inscription à l'école d'enfants étrangers sans certificat de scolarité",
            ),
            descriptions=(
                "Famille étrangère en situation régulière ; les enfants n'ont pas de certificat de scolarité "
                "antérieur.",
                "Arrivée en cours d'année ; les enfants parlent français mais pas arabe.",
                "Le père travaille dans une exploitation agricole de la commune ; deux enfants de 7 et 10 ans.",
            ),
            purposes=(
                "Affectation des enfants et test de niveau.",
                "Inscription des enfants et cours de langue arabe (programme d'intégration).",
            ),
            answered=(
                "Enfants affectés après un test de niveau.",
                "Inscription faite ; cours d'arabe deux fois par semaine.",
            ),
            refused=(
                "Titre de séjour requis pour l'inscription.",
                "Classes complètes : inscription reportée au trimestre suivant.",
            ),
            replies=(
                "Vos enfants sont inscrits ; la direction de l'école vous attend.",
                "Les enfants sont inscrits et suivront des cours d'arabe ; apportez leurs photos d'identité.",
            ),
        ),
        ar=Wording(
            subjects=(
                "تمدرس أطفال أسرة أجنبية مقيمة {of_commune_ar}",
                "دروس اللغة العربية لأطفال أجانب متمدرسين {of_commune_ar}",
                "تسجيل أطفال أجانب بالمدرسة دون شهادة مدرسية",
            ),
            descriptions=(
                "أسرة أجنبية في وضعية قانونية؛ لا يتوفر الأطفال على شهادة مدرسية سابقة.",
                "وصول الأسرة خلال السنة الدراسية؛ الأطفال يتحدثون الفرنسية ولا يتحدثون العربية.",
                "الأب يشتغل بضيعة فلاحية بالجماعة؛ طفلان في سن 7 و10 سنوات.",
            ),
            purposes=(
                "تعيين الأطفال واختبار تحديد المستوى.",
                "تسجيل الأطفال ودروس اللغة العربية (برنامج الإدماج).",
            ),
            answered=(
                "تم تعيين الأطفال بعد اختبار المستوى.",
                "تم التسجيل؛ دروس العربية مرتين في الأسبوع.",
            ),
            refused=(
                "تشترط بطاقة الإقامة للتسجيل.",
                "الأقسام ممتلئة: أُرجئ التسجيل إلى الدورة المقبلة.",
            ),
            replies=(
                "تم تسجيل أطفالكم وتنتظركم إدارة المؤسسة.",
                "تم تسجيل الأطفال وسيتابعون دروس العربية؛ أحضروا صورهم الشمسية.",
            ),
        ),
        who=("foreign",),
    ),
    Scenario(
        category="other",
        kind=Case.Kind.GRIEVANCE,
        services=("code:ombudsman-mediateur", "kind:court"),
        fr=Wording(
            subjects=(
                "Réclamation sur la durée de traitement d'un dossier administratif",
                "Dossier sans réponse d'une administration depuis huit mois",
                "Plainte déposée sur chikaya.ma restée sans suite",
            ),
            descriptions=(
                "Dossier déposé il y a huit mois dans une administration, sans réponse malgré plusieurs relances.",
                "Trois voyages de {person_fr} pour le même dossier ; chaque guichet renvoie vers un autre.",
                "Réclamation enregistrée sur le portail national des réclamations ; statut « en cours » depuis "
                "six mois.",
            ),
            purposes=(
                "Examen de la réclamation contre l'administration concernée.",
                "Saisine du Médiateur avec la chronologie des démarches et les récépissés.",
            ),
            answered=(
                "Réclamation recevable ; l'administration a été saisie.",
                "Le Médiateur a obtenu une réponse de l'administration dans le mois.",
            ),
            refused=(
                "Réclamation irrecevable : recours interne non épuisé.",
                "Affaire pendante devant la justice : hors compétence du Médiateur.",
            ),
            replies=(
                "Votre réclamation a été transmise au Médiateur du Royaume ; il vous répondra directement.",
                "L'administration a répondu au Médiateur ; nous vous avons envoyé sa réponse.",
            ),
        ),
        ar=Wording(
            subjects=(
                "تظلم بسبب طول مدة معالجة ملف إداري",
                "ملف دون جواب من إحدى الإدارات منذ ثمانية أشهر",
                "شكاية مودعة ببوابة شكاية دون تتبع",
            ),
            descriptions=(
                "ملف مودع منذ ثمانية أشهر بإحدى الإدارات دون جواب رغم عدة تذكيرات.",
                "ثلاث رحلات من أجل الملف نفسه؛ كل شباك يحيل على شباك آخر.",
                "شكاية مسجلة بالبوابة الوطنية للشكايات؛ وضعيتها «في طور المعالجة» منذ ستة أشهر.",
            ),
            purposes=(
                "دراسة التظلم ضد الإدارة المعنية.",
                "إحالة التظلم على مؤسسة الوسيط مع تسلسل الإجراءات والوصولات.",
            ),
            answered=(
                "التظلم مقبول وتمت مراسلة الإدارة.",
                "حصلت مؤسسة الوسيط على جواب الإدارة داخل أجل شهر.",
            ),
            refused=(
                "التظلم غير مقبول: لم تُستنفد طرق الطعن الإدارية.",
                "القضية معروضة على القضاء: خارج اختصاص مؤسسة الوسيط.",
            ),
            replies=(
                "أحيل تظلمكم على مؤسسة وسيط المملكة، وستجيبكم مباشرة.",
                "أجابت الإدارة مؤسسة الوسيط، وأرسلنا إليكم الجواب.",
            ),
        ),
    ),
]

LOCAL_SERVICES = {
    "urbanism": ("Division de l'urbanisme de la commune", "قسم التعمير بالجماعة", "other"),
    "civil_status": ("Bureau de l'état civil", "مكتب الحالة المدنية", "civil_status"),
    "economic": ("Service des affaires économiques et des autorisations", "مصلحة الشؤون الاقتصادية والرخص", "other"),
}
