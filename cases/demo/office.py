"""A demo office's story: staff, set-up, and cases told through the services."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone, translation

from cases import selectors
from cases.demo.calendar import HISTORY_DAYS, Clock, Days, Outcome, S, has_sample_data
from cases.demo.people import CONSULATES, COUNTRY_NAMES, PENSION_FUNDS, SURNAMES, People, Visitor
from cases.demo.portal import seed_portal
from cases.demo.scenarios import LOCAL_SERVICES, SCENARIOS, Scenario
from cases.demo.wording import (
    ACTIVITIES,
    CANCEL_NOTES,
    FOLLOW_UP_CELL,
    INTERNAL_NOTES,
    MARHABA,
    OVERRIDE_REASON,
    PUBLIC_INQUIRY,
    REOPEN_NOTE,
    SHAREABLE_NOTES,
    STAFF_MEN,
    STAFF_SURNAMES,
    STAFF_WOMEN,
    TOWN_HALL,
)
from cases.models import (
    Campaign,
    Case,
    Category,
    Consent,
    IdentityDocument,
    LocalService,
    Person,
    PersonLink,
    Referral,
)
from cases.services import cases as case_services
from cases.services import office, people, referrals
from jisr.accounts.models import Role, User
from jisr.accounts.services import create_account
from jisr.demo import DEMO_PASSWORD, agent_email, office_head_email, viewer_email, working_language
from jisr.wording import of_place
from network.models import ExternalService
from tenants.models import Commune

# --- The stories ---------------------------------------------------------------

# A story is a case's life: each step comes some business days after the one before,
# and the story stops at today. Steps: progress, note, share, refer, ack, answered,
# refused, no_answer, reply, close, cancel, reopen.
FLOWS: dict[str, list[tuple[str, int, int]]] = {
    "new": [],
    "in_progress": [("progress", 0, 2), ("note", 1, 4)],
    "waiting": [("progress", 0, 1), ("refer", 0, 3), ("share", 0, 1), ("ack", 3, 10)],
    "silent": [("progress", 0, 2), ("refer", 1, 4), ("note", 8, 15)],
    "answered": [("progress", 0, 1), ("refer", 0, 3), ("ack", 2, 6), ("answered", 4, 15), ("reply", 0, 3)],
    "closed": [
        ("progress", 0, 1),
        ("refer", 0, 3),
        ("share", 0, 1),
        ("ack", 2, 8),
        ("answered", 3, 20),
        ("reply", 0, 3),
        ("close", 2, 8),
    ],
    "refused": [("progress", 0, 1), ("refer", 1, 3), ("refused", 5, 20), ("reply", 0, 2), ("close", 1, 6)],
    "no_answer": [
        ("progress", 0, 1),
        ("refer", 0, 2),
        ("no_answer", 20, 25),
        ("refer", 0, 1),
        ("answered", 4, 12),
        ("reply", 0, 2),
        ("close", 2, 6),
    ],
    "info": [("reply", 0, 0), ("close", 0, 3)],
    "cancelled": [("progress", 0, 2), ("note", 0, 3), ("cancel", 2, 10)],
    "reopened": [
        ("progress", 0, 1),
        ("refer", 0, 2),
        ("answered", 4, 12),
        ("reply", 0, 2),
        ("close", 1, 4),
        ("reopen", 3, 10),
        ("note", 0, 2),
        ("reply", 5, 15),
        ("close", 2, 6),
    ],
}
RANDOM_FLOWS = {
    "closed": 34,
    "refused": 6,
    "no_answer": 5,
    "answered": 8,
    "waiting": 10,
    "silent": 8,
    "in_progress": 9,
    "new": 5,
    "cancelled": 5,
    "reopened": 2,
}
# Stories that every office has, whatever the draw: (flow, days ago). Every status shows.
SURE_FLOWS = [
    ("new", 0),
    ("new", 2),
    ("in_progress", 6),
    ("waiting", 25),
    ("silent", 70),
    ("answered", 75),
    ("closed", 120),
    ("refused", 100),
    ("no_answer", 160),
    ("cancelled", 40),
    ("info", 30),
    ("reopened", 130),
    ("in_progress", 60),
]


@dataclass
class _Story:
    visitor: Visitor
    scenario: Scenario
    flow: str
    opened: datetime
    channel: str
    assignee: User | None
    case: Case | None = None
    answered_at: datetime | None = None
    closed_at: datetime | None = None
    referral: Referral | None = None
    words: dict[str, str] = field(default_factory=dict)  # what fills the scenario's {placeholders}
    variant: int = 0  # which of the scenario's phrasings tell this case (Wording)


class _Office:
    """One office's demo: its staff, directory, calendar and the stories it lives through.

    Two draws: `rng` tells the story (who comes, for what, when, how far the case goes: the office's
    figures), `pen` picks the words the office writes it down with, in its working language. The pen
    never moves the story: an office tells the same story whatever language it writes in.
    """

    def __init__(self, commune: Commune, rng: random.Random, today: date, *, language: str, pen: random.Random) -> None:
        self.commune, self.rng, self.today = commune, rng, today
        self.language, self.pen = language, pen
        self.zone = ZoneInfo(commune.timezone or "Africa/Casablanca")
        self.start = today - timedelta(days=HISTORY_DAYS)
        end_of_today = datetime.combine(today, time(17, 0), tzinfo=self.zone)
        self.limit = min(end_of_today, timezone.now() - timedelta(minutes=1))
        self.region = commune.region.code if commune.region is not None else ""
        self.staff_surnames = STAFF_SURNAMES.get(self.region, STAFF_SURNAMES[""])
        self.head, self.agent = self._staff()
        self.clock = Clock()
        self.local: dict[str, LocalService] = {}
        self._categories: dict[str, Category] = {}
        province = commune.province.code if commune.province is not None else ""
        self.place_words = {commune.slug or ""} | {word for word in province.split("-") if len(word) > 3}

    # Staff, settings, directory ----------------------------------------------

    def _staff(self) -> tuple[User, User]:
        """The office head and the agent, named in the office's script; the head works in the office's
        language, the agent in Arabic (the README's Arabic interface), the follow-up cell reads in the office's."""
        slug = self.commune.slug or ""
        agent = self.name(self.rng.choice(STAFF_WOMEN), self.rng.choice(SURNAMES.get(self.region, SURNAMES[""])))
        head = self.name(self.pen.choice(STAFF_MEN + STAFF_WOMEN), self.pen.choice(self.staff_surnames))
        wanted = [
            (office_head_email(slug), Role.OFFICE_HEAD, head, self.language),
            (agent_email(slug), Role.AGENT, agent, "ar"),
            (viewer_email(slug), Role.VIEWER, FOLLOW_UP_CELL[self.language], self.language),
        ]
        staff = []
        for email, role, name, language in wanted:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = create_account(email=email, password=DEMO_PASSWORD, role=role, full_name=name, language=language)
            staff.append(user)
        return staff[0], staff[1]

    def settle(self) -> None:
        """Campaigns, the office's own directory: what exists before the first visitor. The public holidays,
        the lunar ones included, are national (jisr.demo.confirm_lunar_holidays): the office adds none."""
        self.days = Days(self.start - timedelta(days=10), self.today + timedelta(days=400))
        marhaba_year = self.today.year if self.today >= date(self.today.year, 6, 5) else self.today.year - 1
        name, description = MARHABA[self.language]
        self.marhaba = office.save_campaign(
            actor=self.head,
            campaign=None,
            name=name.format(year=marhaba_year),
            kind=Campaign.Kind.MARHABA,
            starts_on=date(marhaba_year, 6, 5),
            ends_on=date(marhaba_year, 9, 15),
            description=description,
        )
        # In spring, like Aït Melloul's (24 March - 27 April 2023).
        inquiry_start = self.days.on_or_before(self.today - timedelta(days=self.rng.randint(200, 235)))
        name, description = PUBLIC_INQUIRY[self.language]
        self.inquiry = office.save_campaign(
            actor=self.head,
            campaign=None,
            name=self.fill(name),
            kind=Campaign.Kind.PUBLIC_INQUIRY,
            starts_on=inquiry_start,
            ends_on=inquiry_start + timedelta(days=34),
            description=description,
        )
        for key, (name_fr, name_ar, kind) in LOCAL_SERVICES.items():
            contact = self.name(self.pen.choice(STAFF_MEN + STAFF_WOMEN), self.pen.choice(self.staff_surnames))
            self.local[key] = office.save_local_service(
                actor=self.head,
                service=None,
                name_fr=name_fr,
                name_ar=name_ar,
                kind=kind,
                address=self.fill(TOWN_HALL[self.language]),
                contact_person=contact,
            )
        self.directory = list(selectors.regional_services())

    def service_for(
        self, scenario: Scenario, visitor: Visitor, *, avoid: object = None
    ) -> tuple[ExternalService | None, LocalService | None]:
        """The first of the scenario's choices that this office's directories have."""
        for choice in scenario.services:
            how, _, what = choice.partition(":")
            if how == "local":
                if self.local[what] != avoid:
                    return None, self.local[what]
                continue
            country = visitor.pension_country or visitor.data.residence_country
            if country == "MA":
                country = next((code for code in visitor.data.nationalities if code != "MA"), "")
            codes = {
                "fund": [PENSION_FUNDS[country][0]] if country in PENSION_FUNDS else [],
                "consulate": CONSULATES.get(country, []),
                "code": [what],
            }.get(how)
            found = [
                s for s in self.directory if s != avoid and (s.code in codes if codes is not None else s.kind == what)
            ]
            if found:
                # The nearest: the province's, one named after the place, the region's, then the country's.
                def distance(s: ExternalService) -> tuple[bool, bool, bool]:
                    named_here = any(word in s.code for word in self.place_words)
                    return s.province_id != self.commune.province_id, not named_here, s.region_id is None

                nearest = min(map(distance, found))
                return self.rng.choice([s for s in found if distance(s) == nearest]), None
        return None, self.local["urbanism"]

    # The register -------------------------------------------------------------

    def moment(self, day: date, after: datetime | None = None) -> datetime:
        if after is not None and after.date() == day:
            return after + timedelta(minutes=self.rng.randint(5, 90))
        return datetime.combine(day, time(8, 40), tzinfo=self.zone) + timedelta(minutes=self.rng.randint(0, 440))

    def register(self, visitor: Visitor, at: datetime, channel: str) -> Person:
        if visitor.person is not None:
            return visitor.person
        actor = self.agent
        person = people.register_person(actor=actor, data=visitor.data)
        visitor.person = person
        if visitor.consents:
            consent_channel = channel if channel in Consent.Channel.values else Consent.Channel.VISIT
            purposes = [Consent.Purpose.CASE_HANDLING, Consent.Purpose.SHARE_WITH_SERVICES]
            if visitor.data.phone and self.rng.random() < 0.7:
                purposes.append(Consent.Purpose.CONTACT)
            for purpose in purposes:
                people.record_consent(
                    actor=actor, person=person, purpose=purpose, channel=consent_channel, given_on=at.date()
                )
            Consent.objects.filter(person=person).update(recorded_at=at)
        if visitor.document is not None:
            kind, number = visitor.document
            people.add_identity_document(actor=actor, person=person, kind=kind, number=number)
            IdentityDocument.objects.filter(person=person).update(created_at=at)
        for kind, other in visitor.links:
            # The relative comes into the register with the person who speaks of them.
            people.link_people(actor=actor, person=person, kind=kind, other=self.register(other, at, channel))
        if visitor.links:
            PersonLink.objects.filter(person=person).update(created_at=at)
        Person.objects.filter(pk=person.pk).update(created_at=at, updated_at=at)
        self.clock.stamp(at)
        return person

    # The cases ------------------------------------------------------------------

    def live(self, story: _Story) -> None:
        """Open the case, then take each step of its flow that has happened by today."""
        scenario, visitor = story.scenario, story.visitor
        person = self.register(visitor, story.opened, story.channel)
        if visitor.data.preferred_language not in ("ar", "zgh"):
            # The story's draw for a case of someone who speaks neither Arabic nor Tamazight: it chose the
            # language of the case when each case had its own; kept, so that a seed tells the same story.
            self.rng.random()
        story.words = self.words(visitor)
        wording = scenario.wording(self.language)
        story.variant = self.pen.randrange(len(wording.subjects))
        actor = story.assignee or self.agent
        story.case = case_services.open_case(
            actor=actor,
            person=person,
            kind=scenario.kind,
            category=self.category(scenario.category),
            channel=story.channel,
            subject=self.tell(story, wording.subjects),
            description=self.tell(story, wording.descriptions),
            assigned_to=story.assignee,
            opened_on=story.opened.date(),
        )
        self.clock.stamp(story.opened)
        at = story.opened
        answered_on_the_spot = scenario.info and story.flow not in ("new", "in_progress", "cancelled")
        steps = FLOWS["info"] if answered_on_the_spot else FLOWS[story.flow]
        for step, low, high in steps:
            day = self.days.after(at.date(), self.rng.randint(low, high)) if high else at.date()
            when = self.moment(day, after=at)
            if when > self.limit:
                break
            self.take(story, step, actor, when)
            self.clock.stamp(when)
            at = when
        Case.objects.filter(pk=story.case.pk).update(
            created_at=story.opened, updated_at=at, answered_at=story.answered_at, closed_at=story.closed_at
        )

    def take(self, story: _Story, step: str, actor: User, when: datetime) -> None:
        case, wording, language = story.case, story.scenario.wording(self.language), self.language
        assert case is not None
        move = case_services.transition_case
        if step == "progress":
            story.case = move(actor=actor, case=case, to_status=S.IN_PROGRESS)
        elif step == "note":
            phrasings = self.rng.choice(INTERNAL_NOTES)[language]
            case_services.add_note(actor=actor, case=case, body=self.write(phrasings))
        elif step == "share":
            phrasings = self.rng.choice(SHAREABLE_NOTES)[language]
            case_services.add_note(actor=actor, case=case, body=self.write(phrasings), shareable=True)
        elif step == "refer":
            consented = story.visitor.consents
            previous = story.referral
            avoid = (previous.regional_service or previous.local_service) if previous else None
            regional, local = self.service_for(story.scenario, story.visitor, avoid=avoid)
            story.referral = referrals.refer_case(
                actor=actor if consented else self.head,
                case=case,
                purpose=self.tell(story, wording.purposes),
                regional_service=regional,
                local_service=local,
                consent_override_reason="" if consented else self.write(OVERRIDE_REASON[language]),
            )
            Referral.objects.filter(pk=story.referral.pk).update(sent_on=when.date(), created_at=when)
            case.refresh_from_db()  # the referral moved it to "waiting for an external service"
        elif step in ("ack", "answered", "refused", "no_answer"):
            outcome = {
                "ack": Outcome.ACKNOWLEDGED,
                "answered": Outcome.ANSWERED,
                "refused": Outcome.REFUSED,
                "no_answer": Outcome.NO_ANSWER,
            }[step]
            answers = {"answered": wording.answered, "refused": wording.refused}
            note = self.tell(story, answers[step]) if step in answers else ""
            if story.referral is not None and story.referral.outcome in Referral.OPEN_OUTCOMES:
                story.referral = referrals.record_outcome(
                    actor=actor, referral=story.referral, outcome=outcome, note=note, on=when.date()
                )
                case.refresh_from_db()  # a final answer brings it back to work
        elif step == "reply":
            case_services.add_note(actor=actor, case=case, body=self.tell(story, wording.replies), shareable=True)
            story.case = move(actor=actor, case=case, to_status=S.ANSWERED)
            story.answered_at = when
        elif step == "close":
            story.case = move(actor=actor, case=case, to_status=S.CLOSED)
            story.closed_at = when
        elif step == "cancel":
            phrasings = self.rng.choice(CANCEL_NOTES)[language]
            story.case = move(actor=actor, case=case, to_status=S.CANCELLED, note=self.write(phrasings))
        elif step == "reopen":
            story.case = move(actor=actor, case=case, to_status=S.IN_PROGRESS, note=self.write(REOPEN_NOTE[language]))
            story.answered_at = story.closed_at = None

    def words(self, visitor: Visitor) -> dict[str, str]:
        """What fills the placeholders of a case's texts (scenarios)."""
        country = visitor.pension_country or visitor.data.residence_country
        if country == "MA":
            country = self.rng.choice(["FR", "ES", "BE", "NL", "IT"])
        fund = PENSION_FUNDS.get(country, ("pension-cnss", "CNSS", "الصندوق الوطني للضمان الاجتماعي"))
        _name_fr, country_ar, in_country_fr, from_country_fr = COUNTRY_NAMES.get(country, COUNTRY_NAMES["FR"])
        woman = visitor.data.sex == Person.Sex.FEMALE
        return {
            **self.commune_words(),
            "in_country_fr": in_country_fr,
            "from_country_fr": from_country_fr,
            "country_ar": country_ar,
            "fund_fr": fund[1],
            "fund_ar": fund[2],
            "person_fr": "l'intéressée" if woman else "l'intéressé",
            "e": "e" if woman else "",
            "person_ar": "المعنية بالأمر" if woman else "المعني بالأمر",
            "resident_ar": "مقيمة" if woman else "مقيم",
            "hu": "ها" if woman else "ه",
            "ya": "ت" if woman else "ي",
        }

    def name(self, *parts: tuple[str, str]) -> str:
        """A name in the office's script, from its parts in (Latin, Arabic)."""
        return " ".join(part[1] if self.language == "ar" else part[0] for part in parts)

    def commune_words(self) -> dict[str, str]:
        """The commune's name, alone and as a complement (jisr.wording.of_place: « d'Aït Melloul »,
        « de Nador », « بأيت ملول »), never « de » glued to it by hand."""
        name_fr, name_ar = self.commune.name_fr, self.commune.name_ar or self.commune.name_fr
        return {
            "commune_fr": name_fr,
            "commune_ar": name_ar,
            "of_commune_fr": of_place(name_fr, "fr"),
            "of_commune_ar": of_place(name_ar, "ar"),
        }

    def fill(self, text: str) -> str:
        """A text with the commune's name put in."""
        return text.format(**self.commune_words())

    def write(self, phrasings: tuple[str, ...]) -> str:
        """One of the phrasings, as the office's pen picks it."""
        return self.pen.choice(phrasings)

    @staticmethod
    def tell(story: _Story, phrasings: tuple[str, ...]) -> str:
        """The phrasing of the story's variant, with its words put in."""
        return phrasings[story.variant % len(phrasings)].format(**story.words)

    def category(self, code: str) -> Category:
        if code not in self._categories:
            self._categories[code] = Category.objects.get(code=code)
        return self._categories[code]

    # Planning -------------------------------------------------------------------

    def open_day(self, days_ago: int | None = None, within: Campaign | None = None) -> date:
        rng = self.rng
        if within is not None:
            span = (min(within.ends_on, self.today) - within.starts_on).days
            day = within.starts_on + timedelta(days=rng.randint(0, max(span, 0)))
        elif days_ago is not None:
            day = self.today - timedelta(days=days_ago)
        else:
            # The summer return brings more visitors; the last weeks' are still being worked on.
            offsets = list(range(HISTORY_DAYS))
            weights = [3 if self.in_marhaba(self.today - timedelta(days=o)) else 2 if o < 35 else 1 for o in offsets]
            day = self.today - timedelta(days=rng.choices(offsets, weights=weights)[0])
        if self.in_marhaba(day) and day.weekday() == 5 and rng.random() < 0.5:
            return day  # the Saturday duty of Opération Marhaba
        return self.days.on_or_before(day)

    def in_marhaba(self, day: date) -> bool:
        return self.marhaba.starts_on <= day <= self.marhaba.ends_on

    def channel(self, visitor: Visitor, day: date) -> str:
        abroad = visitor.data.residence_country != "MA"
        if not abroad or self.in_marhaba(day):
            return self.rng.choices(["visit", "phone", "whatsapp"], weights=[70, 15, 15])[0]
        return self.rng.choices(
            ["phone", "email", "whatsapp", "web", "consulate", "association", "visit"],
            weights=[22, 22, 24, 10, 8, 6, 8],
        )[0]

    def story(self, visitor: Visitor, scenario: Scenario, flow: str, day: date) -> _Story:
        assignee = self.rng.choices([self.agent, self.head, None], weights=[60, 30, 10])[0]
        if flow != "new" and assignee is None:
            assignee = self.agent
        opened = min(self.moment(day), self.limit - timedelta(minutes=self.rng.randint(1, 60)))
        return _Story(visitor, scenario, flow, opened, self.channel(visitor, day), assignee)


def _scenarios_for(role: str) -> list[Scenario]:
    return [scenario for scenario in SCENARIOS if role in scenario.who]


def _plan(office_: _Office, persons: People) -> list[_Story]:
    """Who comes, for what, when, and how far each case went."""
    rng = office_.rng
    stories: list[_Story] = []

    def add(visitor: Visitor, scenario: Scenario, flow: str | None = None, days_ago: int | None = None) -> None:
        within = office_.inquiry if scenario.category == "urban_plan_objection" else None
        day = office_.open_day(days_ago, within)
        if flow is None:
            flow = rng.choices(list(RANDOM_FLOWS), weights=list(RANDOM_FLOWS.values()))[0]
            # Most old cases are done with; a few stay stuck, overdue.
            if flow in ("waiting", "in_progress", "silent") and (office_.today - day).days > 45 and rng.random() < 0.8:
                flow = rng.choice(["closed", "no_answer"])
        if flow == "new" and (office_.today - day).days > 20:
            flow = "in_progress"
        stories.append(office_.story(visitor, scenario, flow, day))

    # Families: a pensioner who died abroad, his widow and an heir; a brother who acts for an emigrant.
    for _family in range(3):
        country = rng.choice(list(PENSION_FUNDS))
        surname = rng.choice(persons.surnames)
        pensioner = persons.make(
            sex=Person.Sex.MALE, generation="1", country=country, born=(1936, 1952), surname=surname
        )
        widow = persons.make(status=Person.Status.RIGHTS_HOLDER, sex=Person.Sex.FEMALE, born=(1944, 1962))
        widow.consents, widow.pension_country = True, country
        widow.links = [(PersonLink.Kind.WIDOW_OF, pensioner)]
        heir = persons.make(generation="2", country=country, surname=surname)
        heir.links = [(PersonLink.Kind.HEIR_OF, pensioner)]
        heir.pension_country = country
        days_ago = rng.randint(15, HISTORY_DAYS - 30)
        stories.append(office_.story(pensioner, SCENARIOS[0], "new", office_.open_day(days_ago + 5)))
        stories[-1].flow = "registered_only"
        add(widow, _scenarios_for("widow")[0], rng.choice(["closed", "silent", "refused", "waiting"]), days_ago)
        add(heir, rng.choice(_scenarios_for("heir")), None, max(days_ago - rng.randint(1, 12), 0))
    for _proxy in range(2):
        emigrant = persons.make()
        brother = persons.make(
            status=Person.Status.RIGHTS_HOLDER,
            sex=Person.Sex.MALE,
            surname=(emigrant.data.last_name_latin, emigrant.data.last_name_ar),
        )
        brother.links = [(PersonLink.Kind.PROXY_FOR, emigrant)]
        add(emigrant, rng.choice(_scenarios_for("mre")))
        add(brother, rng.choice(_scenarios_for("proxy")))
    parent = persons.make(generation="1")
    child = persons.make(
        generation="2",
        country=parent.data.residence_country,
        surname=(parent.data.last_name_latin, parent.data.last_name_ar),
    )
    child.links = [(PersonLink.Kind.CHILD_OF, parent)]
    add(parent, rng.choice(_scenarios_for("mre")))
    add(child, rng.choice(_scenarios_for("mre")))
    add(persons.foreign_resident(), _scenarios_for("foreign")[0])
    returnee = persons.make(status=Person.Status.RETURNEE, generation="1")
    add(returnee, next(s for s in SCENARIOS if s.category == "customs_vehicles" and "returnee" in s.who))

    # The public inquiry on the urban plan: owners abroad send their objections through the office.
    objection = next(s for s in SCENARIOS if s.category == "urban_plan_objection")
    for _owner in range(rng.randint(3, 5)):
        add(persons.make(), objection, rng.choice(["closed", "closed", "answered", "silent"]))

    mre = _scenarios_for("mre")
    questions = [s for s in mre if s.kind == Case.Kind.INFORMATION]
    for flow, days_ago in SURE_FLOWS:
        scenario = rng.choice(questions if flow == "info" else [s for s in mre if not s.info])
        if scenario.category == "urban_plan_objection":
            scenario = SCENARIOS[0]
        visitor = persons.make()
        if flow == "refused":
            visitor.consents = False  # reached by phone: the office head refers, giving the reason
        add(visitor, scenario, flow, days_ago)
    for _visitor in range(rng.randint(22, 32)):
        status = rng.choices(
            [Person.Status.MRE, Person.Status.RETURNEE, Person.Status.RIGHTS_HOLDER], weights=[78, 14, 8]
        )[0]
        role = {"returnee": "returnee", "rights_holder": "rights_holder"}.get(status, "mre")
        visitor = persons.make(status=status, generation="1" if status == Person.Status.RETURNEE else "")
        choices = _scenarios_for(role) or mre
        add(visitor, rng.choice(choices))
        if rng.random() < 0.22:
            add(visitor, rng.choice(choices))  # came back for something else
    return stories


def _log_activities(office_: _Office) -> None:
    anchors: dict[str, date] = {
        "marhaba": office_.marhaba.starts_on,
        "inquiry": office_.inquiry.starts_on,
        "today": office_.today,
        "august10": date(office_.marhaba.starts_on.year, 8, 10),
    }
    for kind, texts, anchor, offset in ACTIVITIES:
        day = anchors[anchor] + timedelta(days=offset)
        subject, place = texts[office_.language]
        if office_.start <= day <= office_.today:
            office.log_activity(actor=office_.head, kind=kind, subject=subject, place=place, day=day)


def seed_office(commune: Commune, *, rng_seed: int, today: date, language: str | None = None) -> None:
    """Fill the office of `commune` (whose schema the connection is in) with sample data, written in
    `language` ("ar" or "fr"; by default the demo commune's working language, jisr.demo). Idempotent:
    an office that already has cases is left as it is (its demo staff are created if missing)."""
    language = language or working_language(commune.slug or "")
    rng = random.Random(rng_seed)  # noqa: S311 - sample data, not secrets
    pen = random.Random(f"{rng_seed}:{language}")  # noqa: S311 - the words, drawn apart from the story
    # The timeline lines the services write in words are in the office's working language.
    with translation.override(language), transaction.atomic():
        office_ = _Office(commune, rng, today, language=language, pen=pen)
        if has_sample_data():
            seed_portal(head=office_.head, agent=office_.agent, rng=rng, pen=pen, language=language, today=today)
            return
        office_.settle()
        persons = People(rng, office_.region, commune, language=language)
        stories = sorted(_plan(office_, persons), key=lambda story: story.opened)
        for story in stories:
            if story.flow == "registered_only":
                office_.register(story.visitor, story.opened, story.channel)
            else:
                office_.live(story)
        _log_activities(office_)
        seed_portal(head=office_.head, agent=office_.agent, rng=rng, pen=pen, language=language, today=today)
