"""The office workspace, in each commune's schema: people, cases, referrals.

Data and invariants only; the workflows live in `cases.services`.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from jisr.wording import in_language

LANGUAGES = [
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("de", _("German")),
    ("zgh", _("Tamazight")),
]


# Record keys of the cell key method (analytics.disclosure): uniform on [0, RECORD_KEY_MODULUS), drawn by the
# database when a row is written, never shown, exported or sent anywhere. The facts carry their sums.
RECORD_KEY_MODULUS = 2**32


class RandomRecordKey(models.Func):
    """A record key drawn by PostgreSQL: a column default, so that every way a row is written (the ORM, a bulk
    insert, an import, a benchmark's INSERT ... SELECT) draws one, and nothing in Python ever handles it."""

    template = f"floor(random() * {RECORD_KEY_MODULUS})::bigint"
    output_field = models.BigIntegerField()
    allowed_default = True
    arity = 0


def record_key_field() -> models.BigIntegerField:
    return models.BigIntegerField(_("record key"), db_default=RandomRecordKey(), editable=False)


class NotifyBy(models.TextChoices):
    """How a person outside the office wants to be told: the outbox channel of their messages."""

    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("SMS")


AGE_BANDS = [(0, 17), (18, 29), (30, 44), (45, 59), (60, 74), (75, None)]
# Their codes, in order: '0-17', ..., '75+'.
AGE_BAND_CODES = [f"{low}+" if high is None else f"{low}-{high}" for low, high in AGE_BANDS]


def age_band(birth_year: int | None, today: date | None = None) -> str:
    """'30-44', '75+', or '' when the birth year is unknown."""
    if birth_year is None:
        return ""
    age = (today or timezone.localdate()).year - birth_year
    for (_low, high), code in zip(AGE_BANDS, AGE_BAND_CODES, strict=True):
        if high is None or age <= high:
            return code
    return ""


class Named(models.Model):
    """Something named in the office's three languages."""

    name_ar = models.CharField(_("name in Arabic"), max_length=200)
    name_fr = models.CharField(_("name in French"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "fr")[:2]
        return getattr(self, f"name_{language}", "") or self.name_fr


# --- People ----------------------------------------------------------------


class Person(models.Model):
    """Someone the office received: a Moroccan living abroad, a rights-holder, ..."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("woman")
        MALE = "male", _("man")

    class Generation(models.TextChoices):
        FIRST = "1", _("first generation")
        SECOND = "2", _("second generation")
        THIRD = "3", _("third generation or later")

    class Status(models.TextChoices):
        MRE = "mre", _("Moroccan living abroad")
        RIGHTS_HOLDER = "rights_holder", _("rights-holder")
        RETURNEE = "returnee", _("returnee")
        FOREIGN_NATIONAL = "foreign_national", _("foreign national")

    first_name_latin = models.CharField(_("first name (Latin script)"), max_length=100, blank=True)
    last_name_latin = models.CharField(_("last name (Latin script)"), max_length=100, blank=True)
    first_name_ar = models.CharField(_("first name (Arabic script)"), max_length=100, blank=True)
    last_name_ar = models.CharField(_("last name (Arabic script)"), max_length=100, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    generation = models.CharField(_("generation"), max_length=1, choices=Generation.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.MRE)
    residence_country = CountryField(_("country of residence"), blank=True)
    residence_city = models.CharField(_("city of residence"), max_length=100, blank=True)
    nationalities = CountryField(_("nationalities"), multiple=True, blank=True)
    # E.164, validated and normalised by the services (phonenumbers).
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=3, choices=LANGUAGES, default="fr")
    # Chosen on the portal; cases.portal sends this person's messages by it (jisr.outbox.services.notify).
    notify_by = models.CharField(_("told by"), max_length=10, choices=NotifyBy.choices, default=NotifyBy.EMAIL)

    # Kept by cases.services.people from the fields above, for search.
    search_names = models.TextField(editable=False, default="")
    search_keys = models.TextField(editable=False, default="")
    search_phones = models.CharField(editable=False, max_length=60, default="")

    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )
    # Set when the person's personal data was erased on request (cases.services.erasure): what counts in the
    # statistics (sex, year of birth, generation, country) stays, nothing that identifies the person.
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["-created_at"]
        indexes = [
            GinIndex(fields=["search_names"], name="person_names_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["search_keys"], name="person_keys_trgm", opclasses=["gin_trgm_ops"]),
            GinIndex(fields=["search_phones"], name="person_phones_trgm", opclasses=["gin_trgm_ops"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="person_has_a_name",
                condition=~Q(first_name_latin="", last_name_latin="", first_name_ar="", last_name_ar="")
                | Q(erased_at__isnull=False),
            ),
            models.CheckConstraint(
                name="person_birth_year_plausible",
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900, birth_year__lte=2100),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def latin_name(self) -> str:
        return f"{self.first_name_latin} {self.last_name_latin}".strip()

    @property
    def arabic_name(self) -> str:
        return f"{self.first_name_ar} {self.last_name_ar}".strip()

    @property
    def display_name(self) -> str:
        if self.erased_at is not None:
            return _("Erased person #%(number)s") % {"number": self.pk}
        if (get_language() or "fr").startswith("ar"):
            return self.arabic_name or self.latin_name
        return self.latin_name or self.arabic_name

    @property
    def age_band(self) -> str:
        return age_band(self.birth_year)


class IdentityDocument(models.Model):
    """An identity number, encrypted at rest (jisr.crypto), findable by its keyed hash."""

    class Kind(models.TextChoices):
        CIN = "cin", _("national identity card (CIN)")
        PASSPORT = "passport", _("passport")
        CONSULAR_CARD = "consular_card", _("consular card")
        RESIDENCE_PERMIT = "residence_permit", _("residence permit abroad")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number_encrypted = models.TextField(editable=False)
    number_index = models.CharField(max_length=64, editable=False, db_index=True)
    # The last characters, to tell documents apart without decrypting.
    number_hint = models.CharField(max_length=4, editable=False)
    key_id = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "number_index"], name="identity_document_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ••••{self.number_hint}"


class PersonLink(models.Model):
    """How two people the office knows are related, e.g. a widow and the pensioner she succeeds."""

    class Kind(models.TextChoices):
        RIGHTS_HOLDER_OF = "rights_holder_of", _("rights-holder of")
        WIDOW_OF = "widow_of", _("widow or widower of")
        CHILD_OF = "child_of", _("child of")
        HEIR_OF = "heir_of", _("heir of")
        PROXY_FOR = "proxy_for", _("proxy for")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("relation"), max_length=20, choices=Kind.choices)
    other = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="linked_from", verbose_name=_("of"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("link between people")
        verbose_name_plural = _("links between people")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind", "other"], name="person_link_once"),
            models.CheckConstraint(name="person_link_not_self", condition=~Q(person=F("other"))),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_kind_display()} — {self.other}"


class Consent(models.Model):
    """Consent under Law 09.08: for what, when, how it was given, who recorded it."""

    class Purpose(models.TextChoices):
        CASE_HANDLING = "case_handling", _("handling the person's requests")
        SHARE_WITH_SERVICES = "share_with_services", _("sharing data with the services the person is referred to")
        CONTACT = "contact", _("contacting the person by phone, SMS, WhatsApp or e-mail")

    class Channel(models.TextChoices):
        VISIT = "visit", _("in person, signed")
        PHONE = "phone", _("by phone")
        EMAIL = "email", _("by e-mail")
        WHATSAPP = "whatsapp", _("by WhatsApp")
        WEB = "web", _("on the web portal")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    channel = models.CharField(_("how it was given"), max_length=12, choices=Channel.choices)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on"]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_purpose_display()}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None


# --- Reference data of the office ------------------------------------------


class Category(Named):
    """Subject of a case; seeded from the sources, editable by each office."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    sla_business_days = models.PositiveSmallIntegerField(_("days to answer (business days)"), default=10)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_fr"]
        constraints = [models.CheckConstraint(name="category_sla_positive", condition=Q(sla_business_days__gte=1))]


class Holiday(models.Model):
    """A local closure: a day this office closes on its own (a local holiday, a moussem), for its deadlines only.

    The national holidays, fixed and lunar, come from python-holidays with the dates the platform's operator
    confirms for every commune (jisr.holidays); cases.calendar puts the two together.
    """

    day = models.DateField(_("date"), unique=True)
    name_ar = models.CharField(_("name in Arabic"), max_length=100)
    name_fr = models.CharField(_("name in French"), max_length=100)

    class Meta:
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.name_fr}"


class Campaign(models.Model):
    """A period of particular work, e.g. Opération Marhaba or a public inquiry on an urban plan."""

    class Kind(models.TextChoices):
        MARHABA = "marhaba", _("Opération Marhaba (summer)")
        PUBLIC_INQUIRY = "public_inquiry", _("public inquiry")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on"]
        constraints = [models.CheckConstraint(name="campaign_dates_in_order", condition=Q(ends_on__gte=F("starts_on")))]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """The office's activity log: meetings, trainings, radio programmes, open days."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting")
        TRAINING = "training", _("training")
        RADIO = "radio", _("radio programme")
        OPEN_DAY = "open_day", _("open day")
        OTHER = "other", _("other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    day = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-day"]

    def __str__(self) -> str:
        return self.subject


class LocalService(models.Model):
    """An external service in the commune's own directory (the network's are in network.ExternalService)."""

    name_ar = models.CharField(_("name in Arabic"), max_length=200, blank=True)
    name_fr = models.CharField(_("name in French"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=150, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("local service")
        verbose_name_plural = _("local services")
        ordering = ["name_fr"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "fr").startswith("ar") and self.name_ar:
            return self.name_ar
        return self.name_fr


# --- Cases -----------------------------------------------------------------


class Case(models.Model):
    """A complaint, grievance, request, ... followed from intake to answer."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("complaint")
        GRIEVANCE = "grievance", _("grievance")
        REQUEST = "request", _("request")
        INFORMATION = "information", _("information")
        ORIENTATION = "orientation", _("orientation")

    class Channel(models.TextChoices):
        VISIT = "visit", _("visit")
        PHONE = "phone", _("phone")
        EMAIL = "email", _("e-mail")
        WHATSAPP = "whatsapp", _("WhatsApp")
        WEB = "web", _("web portal")
        CONSULATE = "consulate", _("through a consulate")
        ASSOCIATION = "association", _("through an association")
        # Set only by a transfer between offices (cases.services.transfers), never chosen.
        TRANSFERRED = "transferred", _("transferred from another office")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        WAITING_EXTERNAL = "waiting_external", _("waiting for an external service")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")
        # Final, set only when another office accepts the case (cases.services.transfers): it changes no more.
        TRANSFERRED = "transferred", _("transferred to another office")

    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.WAITING_EXTERNAL)

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases", verbose_name=_("person"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="cases", verbose_name=_("category"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        verbose_name=_("assigned to"),
    )
    campaigns = models.ManyToManyField(Campaign, blank=True, related_name="cases", verbose_name=_("campaigns"))
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    due_on = models.DateField(_("answer due on"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # For a transferred case: when it left the office (retention and the office's report count from then).
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    record_key = record_key_field()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="case_status_due_idx"),
            models.Index(fields=["assigned_to", "status"], name="case_assignee_idx"),
            models.Index(fields=["opened_on"], name="case_opened_idx"),  # a period's cases
        ]
        constraints = [
            models.CheckConstraint(name="case_due_after_opening", condition=Q(due_on__gte=F("opened_on"))),
            models.CheckConstraint(
                name="case_answered_has_time",
                condition=~Q(status="answered") | Q(answered_at__isnull=False),
            ),
            models.CheckConstraint(
                name="case_closed_has_time", condition=~Q(status="closed") | Q(closed_at__isnull=False)
            ),
            models.CheckConstraint(
                name="case_transferred_has_time", condition=~Q(status="transferred") | Q(closed_at__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()


# The channels an office records a case as coming through: all but "transferred", which only a transfer sets.
CHOSEN_CHANNELS = [choice for choice in Case.Channel.choices if choice[0] != Case.Channel.TRANSFERRED]


class CaseEvent(models.Model):
    """One line of a case's timeline: who did what, when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("case opened")
        STATUS = "status", _("status changed")
        ASSIGNED = "assigned", _("assigned")
        NOTE = "note", _("note")
        ATTACHMENT = "attachment", _("document added")
        REFERRAL = "referral", _("referred to a service")
        REFERRAL_OUTCOME = "referral_outcome", _("service's answer recorded")
        REMINDER = "reminder", _("reminder")
        EDITED = "edited", _("details changed")
        TRANSFER = "transfer", _("transfer between offices")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(max_length=20, choices=Case.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Case.Status.choices, blank=True)
    body = models.TextField(_("text"), blank=True)
    # What the platform itself noted (an import, a reminder, a referral's outcome): a key of
    # cases.timeline.NOTES and its parameters, worded in each reader's language when shown (note_text);
    # `body` is only what a person wrote.
    note_key = models.CharField(max_length=40, blank=True)
    note_params = models.JSONField(default=dict, blank=True)
    # Notes marked shareable are shown to the person (tracking page); the others stay in the office.
    shareable = models.BooleanField(_("shareable with the person"), default=False)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"], name="case_event_timeline_idx")]

    def __str__(self) -> str:
        return f"{self.case.reference}: {self.get_kind_display()}"

    @property
    def note_text(self) -> str:
        """The platform's note on this line in the active language ("" for none)."""
        from cases.timeline import note_text

        return note_text(self)


class Attachment(models.Model):
    """A document of a case, stored in the commune's media folder, always served as a download."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="cases/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class Referral(models.Model):
    """A case sent to an external service, with a printed slip and a followed outcome."""

    class Outcome(models.TextChoices):
        SENT = "sent", _("sent")
        ACKNOWLEDGED = "acknowledged", _("acknowledged by the service")
        ANSWERED = "answered", _("answered by the service")
        REFUSED = "refused", _("refused by the service")
        NO_ANSWER = "no_answer", _("no answer")

    OPEN_OUTCOMES = (Outcome.SENT, Outcome.ACKNOWLEDGED)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    regional_service = models.ForeignKey(
        "network.ExternalService",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("service of the network's directory"),
    )
    local_service = models.ForeignKey(
        LocalService,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("service of the office's directory"),
    )
    purpose = models.TextField(_("what the service is asked"))
    verification_code = models.CharField(max_length=12, unique=True, editable=False)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.SENT)
    outcome_note = models.TextField(_("answer of the service"), blank=True)
    sent_on = models.DateField(_("sent on"), default=timezone.localdate)
    outcome_on = models.DateField(_("outcome on"), null=True, blank=True)
    remind_after_days = models.PositiveSmallIntegerField(_("remind after (business days)"), default=10)
    last_reminder_on = models.DateField(null=True, blank=True)
    # Data shared without the person's consent on record: only with the office head's reason.
    consent_override_reason = models.TextField(blank=True)
    consent_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Any change to the referral: the regional layer's extraction counts its month again (analytics.extraction).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    record_key = record_key_field()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-id"]
        indexes = [  # a period's referrals
            models.Index(fields=["sent_on"], name="referral_sent_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="referral_to_exactly_one_service",
                condition=(Q(regional_service__isnull=False) & Q(local_service__isnull=True))
                | (Q(regional_service__isnull=True) & Q(local_service__isnull=False)),
            ),
            models.CheckConstraint(
                name="referral_override_has_reason",
                condition=Q(consent_override_by__isnull=True) | ~Q(consent_override_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.service_name}"

    @property
    def service_name(self) -> str:
        service = self.regional_service or self.local_service
        return service.name if service is not None else ""


class ReferenceCounter(models.Model):
    """The last case number given in a year (cases are numbered AITM-2026-00042: cases.services.cases)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class AuditEntry(models.Model):
    """Who created, changed or viewed a person or a case. Kept in the commune's schema."""

    class Action(models.TextChoices):
        CREATE = "create", pgettext_lazy("audit log action", "created")
        UPDATE = "update", _("changed")
        VIEW = "view", _("viewed")
        REVEAL = "reveal", _("revealed an identity number")
        EXPORT = "export", _("exported")
        ERASE = "erase", _("erased the personal data")
        PRINT = "print", _("printed")
        TRANSFER = "transfer", _("transfer between offices")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("who")
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    target_type = models.CharField(_("what"), max_length=20)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_type} {self.target_id}"


class SavedView(models.Model):
    """A list filter a staff member keeps (e.g. 'my overdue complaints')."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views")
    name = models.CharField(_("name"), max_length=80)
    query = models.CharField(_("filters"), max_length=500)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_once")]

    def __str__(self) -> str:
        return self.name


# --- Transfers between offices ---------------------------------------------


def _person_name(latin: str, arabic: str) -> str:
    if (get_language() or "fr").startswith("ar"):
        return arabic or latin
    return latin or arabic


class OutgoingTransfer(models.Model):
    """A case this office hands to another commune's office, with the person's consent (Law 09.08: their data
    communicated to another controller). In the sending commune's schema; its counterpart in the receiving
    one is an IncomingTransfer. Written only by cases.services.transfers.

    While it is pending the case is frozen (cases.services.cases.refuse_frozen) and keeps its status;
    accepted, the case becomes "transferred"; declined or cancelled, it is this office's again as it was.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the other office's answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", pgettext_lazy("transfer between offices", "cancelled")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers_out", verbose_name=_("case"))
    # The receiving commune (tenants.Commune, public schema): its id, as the facts keep it, and its names when
    # the transfer was proposed ({"ar": ..., "fr": ..., "en": ...}), shown even after a rename.
    to_commune_id = models.PositiveIntegerField(_("receiving commune"))
    to_commune_name = models.JSONField(_("receiving office"), default=dict)
    reason = models.TextField(_("why the case goes to that office"))
    consent_given = models.BooleanField(_("the person consents to their data being sent to that office"))
    consent_recorded_at = models.DateTimeField(_("consent recorded"))
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )
    note = models.TextField(_("note for the receiving office"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decline_reason = models.TextField(_("why it was declined"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The case's reference in the receiving office, once it accepted it.
    received_reference = models.CharField(_("reference there"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("transfer to another office")
        verbose_name_plural = _("transfers to other offices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="transfer_out_one_pending_per_case"
            ),
            models.CheckConstraint(name="transfer_out_has_consent", condition=Q(consent_given=True)),
            models.CheckConstraint(
                name="transfer_out_decided_has_time", condition=Q(status="pending") | Q(decided_at__isnull=False)
            ),
            models.CheckConstraint(
                name="transfer_out_declined_has_reason", condition=~Q(status="declined") | ~Q(decline_reason="")
            ),
            models.CheckConstraint(
                name="transfer_out_accepted_has_reference",
                condition=~Q(status="accepted") | ~Q(received_reference=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.to_office}"

    @property
    def to_office(self) -> str:
        """The receiving commune's name in the reader's language."""
        return in_language(self.to_commune_name)

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING


class IncomingTransfer(models.Model):
    """A case another commune's office hands to this one, in the receiving commune's schema.

    Until it is accepted it holds a summary only (category, kind, subject, the reason and note, the person's
    name): what the office needs to decide, nothing more. Accepted, the case and its person are written here
    and `case` leads to it; declined or cancelled, the row is deleted, so nothing of the person stays in an
    office that never took the case (the audit log keeps who answered, without names).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")

    # The sending commune (tenants.Commune, public schema): its id and its names when the case was sent.
    from_commune_id = models.PositiveIntegerField(_("sending commune"))
    from_commune_name = models.JSONField(_("sending office"), default=dict)
    # The OutgoingTransfer's id in the sending commune's schema, and the case's reference there.
    outgoing_id = models.PositiveBigIntegerField()
    from_reference = models.CharField(_("reference there"), max_length=30)
    category_code = models.SlugField(_("category"), max_length=40)
    category_name = models.JSONField(default=dict)
    kind = models.CharField(_("kind"), max_length=20, choices=Case.Kind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    reason = models.TextField(_("why the case comes to this office"))
    note = models.TextField(_("note from the sending office"), blank=True)
    person_name_latin = models.CharField(max_length=201, blank=True)
    person_name_ar = models.CharField(max_length=201, blank=True)
    sent_at = models.DateTimeField(_("sent"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    case = models.OneToOneField(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="transfer_in", verbose_name=_("case")
    )

    class Meta:
        verbose_name = _("transfer from another office")
        verbose_name_plural = _("transfers from other offices")
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["from_commune_id", "outgoing_id"], name="transfer_in_once"),
            models.CheckConstraint(
                name="transfer_in_accepted_has_case",
                condition=~Q(status="accepted") | Q(case__isnull=False, decided_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_reference} ← {self.from_office}"

    @property
    def from_office(self) -> str:
        """The sending commune's name in the reader's language."""
        return in_language(self.from_commune_name)

    @property
    def category_label(self) -> str:
        return in_language(self.category_name) or self.category_code

    @property
    def person_name(self) -> str:
        return _person_name(self.person_name_latin, self.person_name_ar)
