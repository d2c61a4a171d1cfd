"""A demo office's public side: its appointment timetable, its procedures guide, its duty rota,
a few requests that came through the portal, and the surveys people answered.

Like the rest of the demo it goes through the services (the portal's own requests
included, so they have their tracking codes and acknowledgements). Survey answers
are the one exception: the person answers through a link whose token only the
e-mail holds, so the demo writes their score and comment directly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from cases.appointments import selectors as appointment_selectors
from cases.appointments import services as appointments
from cases.appointments.models import WeeklySlot
from cases.calendar import WEEKEND, holidays_between
from cases.demo.calendar import Clock
from cases.demo.people import ascii_letters
from cases.guide import selectors as guide_selectors
from cases.guide import services as guide
from cases.guide.models import DutyShift, Procedure
from cases.models import Campaign, Case, Category, NotifyBy
from cases.portal import services as portal
from cases.portal.models import Survey
from cases.services import cases as case_services
from jisr.accounts.models import User

# Appointments in the morning, Monday to Thursday; Friday morning is for the files of the week.
MORNINGS = (0, 1, 2, 3)
SLOT_STARTS = (time(9, 0), time(9, 30), time(10, 0), time(10, 30), time(11, 0), time(11, 30))
# Templates an office leaves as drafts to adapt before publishing.
DRAFT_TEMPLATES = 2
# What people answer: a score, and the comments that go with it in French and in Arabic (none: no comment).
ANSWERS_GIVEN: tuple[tuple[int, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        5,
        ("Très bon accueil, réponse rapide. Merci.", "Accueil chaleureux et dossier réglé en une semaine, bravo."),
        ("استقبال جيد وجواب سريع، شكرا.", "استقبال في المستوى وتمت تسوية الملف في أسبوع، شكرا جزيلا."),
    ),
    (
        5,
        (
            "Je n'ai pas pu venir : tout s'est fait par WhatsApp. Parfait.",
            "Depuis Bruxelles, sans prendre de congé : merci au bureau.",
        ),
        ("لم أستطع الحضور وتم كل شيء عبر الواتساب.", "من الخارج ودون الحاجة إلى السفر، شكرا لأطر المكتب."),
    ),
    (5, ("",), ("",)),
    (
        4,
        ("On m'a expliqué chaque étape au téléphone.", "Bonne écoute ; un peu d'attente au guichet en août."),
        ("شرحوا لي كل خطوة عبر الهاتف.", "إنصات جيد، مع بعض الانتظار بالشباك في شهر غشت."),
    ),
    (4, ("",), ("",)),
    (
        3,
        (
            "Long à obtenir la réponse de l'administration, mais le bureau a relancé.",
            "Le bureau a fait son travail, c'est l'autre service qui traîne.",
        ),
        ("تأخر جواب الإدارة لكن المكتب تابع الملف.", "قام المكتب بدوره، والتأخر من المصلحة الأخرى."),
    ),
    (
        2,
        (
            "Trois mois pour une réponse : c'est trop pour un simple document.",
            "J'ai dû rappeler plusieurs fois pour avoir des nouvelles.",
        ),
        ("ثلاثة أشهر من أجل وثيقة بسيطة، مدة طويلة.", "اضطررت للاتصال عدة مرات لمعرفة مآل الملف."),
    ),
)
# People booked for the coming days, as they wrote their names (an office's visitors write theirs mostly in
# its script): name, mailbox (none: told by phone only), phone, language, told by.
BOOKERS = {
    "fr": (
        ("Khadija El Amrani", "khadija", "+33 6 12 34 56 78", "fr", NotifyBy.EMAIL),
        ("Rachid Oukacha", "rachid", "+32 470 12 34 56", "fr", NotifyBy.EMAIL),
        ("حسن بوزيان", "", "+34 612 34 56 78", "ar", NotifyBy.WHATSAPP),
        ("Samira Haddou", "samira", "+31 6 12345678", "fr", NotifyBy.SMS),
        ("يوسف الإدريسي", "", "+39 312 345 6789", "ar", NotifyBy.WHATSAPP),
        ("Nadia Berrada", "nadia", "+49 1512 3456789", "fr", NotifyBy.EMAIL),
    ),
    "ar": (
        ("خديجة العمراني", "khadija", "+33 6 12 34 56 78", "ar", NotifyBy.EMAIL),
        ("Rachid Oukacha", "rachid", "+32 470 12 34 56", "fr", NotifyBy.EMAIL),
        ("حسن بوزيان", "", "+34 612 34 56 78", "ar", NotifyBy.WHATSAPP),
        ("سميرة حدو", "", "+31 6 12345678", "ar", NotifyBy.SMS),
        ("يوسف الإدريسي", "", "+39 312 345 6789", "ar", NotifyBy.WHATSAPP),
        ("Nadia Berrada", "nadia", "+49 1512 3456789", "fr", NotifyBy.EMAIL),
    ),
}
CLOSED_FOR_TRAINING = {"fr": "Formation du personnel", "ar": "تكوين لفائدة موظفي المكتب"}
# The office's own procedure: fees, delay, who handles it.
OWN_PROCEDURE = {
    "fr": (
        "Gratuit",
        "Le jour même pendant les permanences",
        "Bureau d'accueil et d'orientation des Marocains du monde",
    ),
    "ar": ("مجانا", "في اليوم نفسه خلال فترات المداومة", "مكتب استقبال وتوجيه مغاربة العالم"),
}
SATURDAY_DUTY = {
    "fr": ("", "Permanence téléphonique et WhatsApp", "Accueil au guichet"),
    "ar": ("", "مداومة هاتفية وعبر الواتساب", "الاستقبال بالشباك"),
}


@dataclass(frozen=True)
class PortalRequest:
    """A request sent from abroad: what was written in each language, and by whom (first, last name)."""

    category: str
    fr: tuple[str, str, str]
    ar: tuple[str, str, str]
    country: str
    days_ago: int
    flow: str  # how far it got
    # The language it is written in, to an office that writes Arabic and to one that writes French.
    written_in: tuple[str, str] = ("ar", "fr")


PORTAL_REQUESTS = (
    PortalRequest(
        "civil_status",
        (
            "Je vis à Lyon : comment obtenir une copie intégrale d'acte de naissance pour mon fils né ici ?",
            "Mouna",
            "Taoufik",
        ),
        ("أقيم بمدينة ليون: كيف أحصل على نسخة كاملة من رسم ولادة ابني المزداد هنا؟", "منى", "توفيق"),
        "FR",
        12,
        "in_progress",
        written_in=("fr", "fr"),
    ),
    PortalRequest(
        "urbanism",
        (
            "Je voudrais savoir où en est la demande de permis de construire que mon frère a déposée en mon nom "
            "en mars.",
            "Abdellah",
            "Ziani",
        ),
        ("أرغب في معرفة مآل طلب رخصة البناء الذي أودعه أخي باسمي في شهر مارس.", "عبد الله", "الزياني"),
        "ES",
        7,
        "new",
        written_in=("ar", "ar"),
    ),
    PortalRequest(
        "land_property",
        (
            "Ma procuration pour la vente du terrain familial a été signée au consulat de Bruxelles. "
            "Faut-il la légaliser encore au Maroc ?",
            "Hamid",
            "Rahmouni",
        ),
        (
            "وقعت وكالة بيع الأرض العائلية بقنصلية بروكسيل. هل يجب المصادقة عليها مرة أخرى بالمغرب؟",
            "حميد",
            "الرحموني",
        ),
        "BE",
        2,
        "new",
    ),
    PortalRequest(
        "foreign_pension",
        (
            "Mon père est décédé en février ; ma mère veut la pension de réversion de la caisse néerlandaise (SVB).",
            "Ilham",
            "Bakkali",
        ),
        (
            "توفي والدي في شهر فبراير، ووالدتي تطلب معاش الأرملة من الصندوق الهولندي. ما هي الوثائق المطلوبة؟",
            "إلهام",
            "البقالي",
        ),
        "NL",
        150,
        "closed",
    ),
    PortalRequest(
        "customs_vehicles",
        (
            "Je rentre cet été en voiture par Tanger Med : quels papiers pour l'admission temporaire ?",
            "Karim",
            "Azzouzi",
        ),
        ("سأعود هذا الصيف بالسيارة عبر ميناء طنجة المتوسط: ما هي وثائق القبول المؤقت؟", "كريم", "عزوزي"),
        "IT",
        130,
        "closed",
    ),
    PortalRequest(
        "education",
        (
            "Je voudrais l'équivalence du baccalauréat espagnol de ma fille pour l'inscrire à l'université.",
            "Zineb",
            "Amziane",
        ),
        ("أريد معادلة شهادة البكالوريا الإسبانية لابنتي من أجل التسجيل في الجامعة.", "زينب", "أمزيان"),
        "ES",
        95,
        "closed",
        written_in=("ar", "ar"),
    ),
    PortalRequest(
        "civil_status",
        ("Besoin d'un extrait d'acte de mariage de mes parents pour la mairie de Liège.", "Sofia", "El Ouardi"),
        ("أحتاج نسخة من عقد زواج والدي لتقديمها لبلدية لييج.", "صوفيا", "الوردي"),
        "BE",
        60,
        "closed",
        written_in=("fr", "fr"),
    ),
    PortalRequest(
        "taxes",
        (
            "J'ai reçu un avis de taxe sur un terrain non bâti que j'ai vendu en 2021. Que faire ?",
            "Yassine",
            "Chafik",
        ),
        ("توصلت بإشعار الرسم على الأراضي غير المبنية عن بقعة بعتها سنة 2021. ماذا أفعل؟", "ياسين", "شفيق"),
        "DE",
        40,
        "closed",
    ),
    PortalRequest(
        "utilities",
        (
            "J'ai demandé le branchement électrique de la maison de ma mère il y a trois mois, sans réponse.",
            "Mohamed",
            "Hasnaoui",
        ),
        ("طلبت ربط منزل والدتي بالكهرباء منذ ثلاثة أشهر ولم أتلق أي جواب.", "محمد", "الحسناوي"),
        "FR",
        25,
        "answered",
    ),
)
# Example mobile numbers of the numbering plans (the phonenumbers library's), for those who chose WhatsApp.
WHATSAPP_NUMBERS = {
    "ES": "+34 612 34 56 78",
    "FR": "+33 6 12 34 56 78",
    "BE": "+32 470 12 34 56",
    "NL": "+31 6 12345678",
    "IT": "+39 312 345 6789",
    "DE": "+49 1512 3456789",
}
# What the office writes back, in the language the request was written in.
FORWARDED = {
    "fr": "Demande transmise au service concerné ; nous vous écrivons dès que nous avons sa réponse.",
    "ar": "أحيل طلبكم على المصلحة المعنية، وسنراسلكم فور توصلنا بجوابها.",
}
ANSWERS = {
    "fr": "Votre dossier a reçu sa réponse : le document est prêt au guichet, ou envoyé à la personne que vous "
    "avez désignée par procuration.",
    "ar": "تلقى ملفكم الجواب: الوثيقة جاهزة بالشباك، أو تسلم لمن وكلتموه.",
}


def seed_portal(*, head: User, agent: User, rng: random.Random, pen: random.Random, language: str, today: date) -> None:
    """Give the office what its portal shows, its own texts in its `language` (the story drawn by `rng`,
    the words by `pen`, as for its cases). Idempotent: an office with a timetable is left as it is."""
    if WeeklySlot.objects.exists():
        return
    _timetable(head, rng, today, language)
    _procedures(head, language)
    _rota(head, agent, rng, today, language)
    _portal_requests(agent, rng, today, language)
    _surveys(rng, pen)


def _timetable(head: User, rng: random.Random, today: date, language: str) -> None:
    for weekday in MORNINGS:
        for start in SLOT_STARTS:
            appointments.add_weekly_slot(actor=head, weekday=weekday, start=start, duration_minutes=30, capacity=2)
    # A training day in three weeks: the office is closed; one afternoon session on the Thursday after.
    closed = today + timedelta(days=21)
    while closed.weekday() not in MORNINGS:
        closed += timedelta(days=1)
    appointments.add_closure(actor=head, starts_on=closed, ends_on=closed, reason=CLOSED_FOR_TRAINING[language])
    thursday = closed + timedelta(days=(3 - closed.weekday()) % 7 or 7)
    appointments.set_exception(actor=head, day=thursday, start=time(14, 30), duration_minutes=45, capacity=4)
    # People abroad who booked for the coming days.
    open_slots = [
        slot
        for slots in appointment_selectors.bookable_slots().values()
        for slot in slots
        if slot.day <= today + timedelta(days=10)
    ]
    bookers = BOOKERS[language]
    chosen = rng.sample(open_slots, min(len(bookers), len(open_slots)))
    for (name, mailbox, phone, their_language, told_by), slot in zip(bookers, chosen, strict=False):
        appointments.book(
            data=appointments.BookingInput(
                day=slot.day,
                start=slot.start,
                name=name,
                phone=phone,
                email=f"{mailbox}.rdv@example.org" if mailbox else "",
                notify_by=told_by,
                preferred_language=their_language,
                category=rng.choice(list(Category.objects.filter(active=True))),
                consent=True,
            )
        )


def _procedures(head: User, language: str) -> None:
    templates = list(guide_selectors.templates_for_office())
    for index, template in enumerate(templates):
        procedure = guide.copy_template(actor=head, template=template)
        if index < len(templates) - DRAFT_TEMPLATES:
            guide.set_published(actor=head, procedure=procedure, published=True)
    # One of the office's own, beside the network's templates.
    fees, delay, handled_by = OWN_PROCEDURE[language]
    own = guide.save_procedure(
        actor=head,
        procedure=None,
        data=guide.ProcedureInput(
            title_fr="Rendez-vous avec le bureau pendant l'Opération Marhaba",
            title_ar="موعد مع المكتب خلال عملية مرحبا",
            title_en="An appointment with the office during Opération Marhaba",
            documents_fr="Carte nationale d'identité ou passeport\nTout document du dossier à suivre",
            documents_ar="البطاقة الوطنية أو جواز السفر\nكل وثيقة تخص الملف المراد تتبعه",
            fees=fees,
            delay=delay,
            handled_by=handled_by,
            links="https://www.idarati.ma/",
            position=1,
        ),
    )
    guide.set_published(actor=head, procedure=own, published=True)
    assert Procedure.objects.filter(published=True).exists()


def _rota(head: User, agent: User, rng: random.Random, today: date, language: str) -> None:
    """Saturday mornings for eight weeks back and four ahead, public holidays, and the summer's Marhaba days."""
    staff = [head, agent]
    first, last = today - timedelta(weeks=8), today + timedelta(weeks=4)
    holidays = holidays_between(first, last)
    summers = Campaign.objects.filter(kind=Campaign.Kind.MARHABA, ends_on__gte=first, starts_on__lte=last)
    marhaba = [(campaign.starts_on, campaign.ends_on) for campaign in summers]
    halves = ((time(8, 30), time(12, 30)), (time(12, 30), time(16, 30)))
    day = first
    while day <= last:
        on_duty = staff[day.toordinal() // 7 % 2]
        if day in holidays:
            guide.plan_shift(
                actor=head, staff=on_duty, day=day, starts_at=time(9), ends_at=time(12), kind=DutyShift.Kind.HOLIDAY
            )
        elif day.weekday() in WEEKEND and any(start <= day <= end for start, end in marhaba):
            for who, (start, end) in zip(staff, halves, strict=True):
                guide.plan_shift(
                    actor=head, staff=who, day=day, starts_at=start, ends_at=end, kind=DutyShift.Kind.MARHABA
                )
        elif day.weekday() == 5:
            guide.plan_shift(
                actor=head,
                staff=on_duty,
                day=day,
                starts_at=time(9),
                ends_at=time(12),
                kind=DutyShift.Kind.WEEKEND,
                note=rng.choice(SATURDAY_DUTY[language]),
            )
        day += timedelta(days=1)


def _portal_requests(agent: User, rng: random.Random, today: date, office_language: str) -> None:
    """Requests sent from abroad, some months ago (answered, closed, and surveyed) and lately: most in the
    office's language, a few in the other."""
    clock = Clock()
    for request in PORTAL_REQUESTS:
        language = request.written_in[0 if office_language == "ar" else 1]
        text, first, last = request.ar if language == "ar" else request.fr
        flow, country = request.flow, request.country
        # Arabic speakers here chose WhatsApp, with a mobile number of their country; the others e-mail.
        whatsapp = language == "ar"
        mailbox = f"{ascii_letters(request.fr[1])}.{ascii_letters(request.fr[2])}"
        submitted = portal.submit_request(
            data=portal.RequestInput(
                category=Category.objects.get(code=request.category),
                description=text,
                first_name=first,
                last_name=last,
                email="" if whatsapp else f"{mailbox}@example.org",
                phone=WHATSAPP_NUMBERS[country] if whatsapp else "",
                notify_by=NotifyBy.WHATSAPP if whatsapp else NotifyBy.EMAIL,
                residence_country=country,
                preferred_language=language,
                consent=True,
            )
        )
        # In the evening, Moroccan time: after work abroad.
        at = timezone.make_aware(
            datetime.combine(today - timedelta(days=request.days_ago), time(21, rng.randint(0, 59)))
        )
        clock.stamp(at)
        case = submitted.case
        Case.objects.filter(pk=case.pk).update(created_at=at, updated_at=at, opened_on=at.date())
        steps = {"new": 0, "in_progress": 1, "answered": 2, "closed": 3}[flow]
        answered_at = closed_at = None
        if steps >= 1:
            at += timedelta(days=1, hours=13)
            case = case_services.transition_case(actor=agent, case=case, to_status=Case.Status.IN_PROGRESS)
            case_services.add_note(
                actor=agent,
                case=case,
                body=FORWARDED[language],
                shareable=True,
            )
            clock.stamp(at)
        if steps >= 2:
            at += timedelta(days=rng.randint(4, 12))
            case = case_services.transition_case(
                actor=agent, case=case, to_status=Case.Status.ANSWERED, note=ANSWERS[language]
            )
            answered_at = at
            clock.stamp(at)
        if steps >= 3:
            at += timedelta(days=rng.randint(1, 5))
            case_services.transition_case(actor=agent, case=case, to_status=Case.Status.CLOSED)
            closed_at = at
            clock.stamp(at)
        Case.objects.filter(pk=case.pk).update(updated_at=at, answered_at=answered_at, closed_at=closed_at)


def _surveys(rng: random.Random, pen: random.Random) -> None:
    """Most people invited after their case was closed answered."""
    for index, survey in enumerate(Survey.objects.select_related("case", "case__person").order_by("pk")):
        if index % 4 == 3:  # one in four never answers
            continue
        score, comments_fr, comments_ar = rng.choice(ANSWERS_GIVEN)
        # In the person's own words: Arabic for those who read it, French for the others.
        arabic = survey.case.person.preferred_language == "ar"
        closed = survey.case.closed_at or survey.invited_at
        Survey.objects.filter(pk=survey.pk).update(
            score=score,
            comment=pen.choice(comments_ar if arabic else comments_fr),
            invited_at=closed,
            answered_at=min(closed + timedelta(hours=rng.randint(2, 72)), timezone.now()),
        )
