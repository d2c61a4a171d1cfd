"""The isolation sweep: every route of a commune's site and of the platform's, tried by everyone who must not
see commune A's data.

Routes come from the URL resolvers (jisr.urls_tenant, jisr.urls_public), so a route added tomorrow is probed
the day it lands: the API's routes are among them (the OpenAPI schema is built from the same patterns, and a
test checks that each of its paths is swept). Each route's parameters are filled with the ids of A's objects
(the ones its parameter names, then every id A holds), its tokens with A's. A has a transfer waiting each way
with a third commune (a case it sent there, and one sent to it whose summary carries A's markers), so the
transfer routes are tried with their ids too.

Who tries, on which host:
- on B's host, with A's ids in the URL: B's office head, B's agent (sessions), B's API token, and A's office
  head's session cookie carried over (a cookie of one subdomain means nothing on another);
- on A's host: nobody signed in, B's office head's session cookie and B's API token, the coordinator's and
  the funder's session cookies (platform accounts have no account in a commune);
- on the platform's host: A's and B's office heads' session cookies, nobody signed in.
Each route is tried with GET and POST (and PUT, PATCH, DELETE under /api/).

What must hold, always: no answer is a server error; no answer carries any of A's planted personal data
(names in both scripts, phone, e-mail, identity number, case subject and note, file name, case reference);
and A's schema is unchanged at the end, row for row. A control run shows that A's own office head does
see those markers, so the check would catch a leak. The number of probes is printed (issue 8: ≥ 10,000).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from rest_framework.authtoken.models import Token

from cases.imports import services as imports
from cases.models import Consent, LocalService
from cases.reports import services as reports
from cases.reports.models import Report
from cases.services import cases as case_services
from cases.services import people as people_services
from cases.services import referrals as referral_services
from cases.services import transfers
from jisr.accounts.models import Role, User
from tenants import services as tenant_services
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import consenting, person
from tests.cases.test_api import PDF
from tests.cases.test_workflow import new_case
from tests.conftest import PASSWORD, host_of, make_staff

pytestmark = pytest.mark.django_db

# A's planted personal data: none of it may ever appear in an answer to anyone but A's staff.
FIRST, LAST = "Zoulikha", "Qarmazi"
FIRST_AR, LAST_AR = "زليخة", "القرمزي"
PHONE, PHONE_NATIONAL = "+33 6 12 98 76 54", "612987654"
EMAIL = "zoulikha.qarmazi@example.org"
IDENTITY = "QZ938271"
SUBJECT = "Marqueur-A sujet 93"
NOTE = "Marqueur-A note 93"
FILE_NAME = "acte-qarmazi.pdf"
MARKERS = [FIRST, LAST, FIRST_AR, LAST_AR, PHONE_NATIONAL, EMAIL, IDENTITY, SUBJECT, NOTE, FILE_NAME]
# A's case references: with its code (AITM-2026-00001, tenants.codes), or of the old form (AIT-2025-00001).
REFERENCE = re.compile(r"\bAITM?-\d{4}-\d{5}")

# Routes that end the session (the next probes would all be anonymous): tried with GET only.
ENDS_SESSION = {"accounts/logout/"}
API_METHODS = ("get", "post", "put", "patch", "delete")
PAGE_METHODS = ("get", "post")


# --- The routes ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    template: str  # as Django writes it: people/<int:pk>/export.json, or a regex for a few third-party ones
    regex: bool

    @property
    def parameters(self) -> list[tuple[str, str]]:
        """(converter, name) of each parameter, in order."""
        if self.regex:
            return [("str", name) for name in re.findall(r"\(\?P<(\w+)>", self.template)]
        return re.findall(r"<(?:(\w+):)?(\w+)>", self.template)


def routes(urlconf: str) -> list[Route]:
    """Every route of the URL configuration, the included ones too."""

    def walk(patterns: list[Any], prefix: str, regex: bool) -> Iterator[Route]:
        for pattern in patterns:
            text = str(pattern.pattern)
            is_regex = regex or text.startswith("^")
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + text, is_regex)
            elif isinstance(pattern, URLPattern):
                yield Route(prefix + text, is_regex)

    return list(walk(get_resolver(urlconf).url_patterns, "", False))


def fill(route: Route, values: dict[str, Any]) -> str:
    """The route's path with each parameter given its value (by name, else by converter)."""
    path = route.template
    for converter, name in route.parameters:
        value = values.get(name, values.get(f"<{converter}>", "1"))
        if route.regex:
            path = re.sub(rf"\(\?P<{name}>[^)]*\)", str(value), path, count=1)
        else:
            path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path, count=1)
    if route.regex:
        path = path.replace("^", "").replace("$", "")
    return "/" + path


# --- Commune A, with its markers --------------------------------------------------------------------------


@dataclass
class Planted:
    ids: dict[str, int]  # parameter name → the id of A's object it names
    files: list[str] = field(default_factory=list)

    @property
    def body(self) -> dict[str, Any]:
        """What a form or an API call would send naming A's objects: people, a case, a service, a referral."""
        return {
            "person": self.ids["pk"], "other": self.ids["pk"], "case": self.ids["case"],
            "local_service": self.ids["service_id"], "referral": self.ids["referral_id"],
            "assigned_to": self.ids["head"], "subject": "x", "purpose": "x", "reason": "x", "body": "x",
            "to_status": "cancelled", "outcome": "refused", "kind": "heir_of",
            "to_commune": self.ids["third_commune"], "consent": True, "category": "other",
        }  # fmt: skip

    @property
    def pool(self) -> list[int]:
        """Ids tried in every slot of every route, besides each parameter's own object: A's person, case and
        attachment, and one A does not hold. A fixed few, so that the sweep's size does not depend on the
        values the sequences reached (every id A holds made it 3.6 times longer once earlier tests had run)."""
        return [*sorted({self.ids["pk"], self.ids["case"], self.ids["attachment_id"], self.ids["incoming"]}), 999_999]


def plant(commune: Commune, media: Path) -> tuple[User, Planted]:
    with schema_context(commune.schema_name):
        head = make_staff(commune, email="head.sweep@aitmelloul.test")
        zoulikha = consenting(
            head,
            person(
                head, first_name_latin=FIRST, last_name_latin=LAST, first_name_ar=FIRST_AR, last_name_ar=LAST_AR,
                phone=PHONE, email=EMAIL, residence_country="FR",
            ),
        )  # fmt: skip
        relative = person(head, first_name_latin="Brahim", last_name_latin=LAST)
        document = people_services.add_identity_document(actor=head, person=zoulikha, kind="cin", number=IDENTITY)
        link = people_services.link_people(actor=head, person=zoulikha, kind="widow_of", other=relative)
        case = new_case(head, person=zoulikha, subject=SUBJECT)
        case_services.add_note(actor=head, case=case, body=NOTE)
        attachment = case_services.add_attachment(
            actor=head, case=case, upload=SimpleUploadedFile(FILE_NAME, PDF, content_type="application/pdf")
        )
        service = LocalService.objects.create(name_fr="Régie de l'eau d'Aït Melloul", kind="utility")
        referral = referral_services.refer_case(actor=head, case=case, local_service=service, purpose=NOTE)
        consent = Consent.objects.filter(person=zoulikha).first()
        first, last = reports.last_month(timezone.localdate())
        report = reports.generate(Report.objects.create(first=first, last=last, requested_by=head))
        register = imports.upload_register(
            actor=head,
            upload=SimpleUploadedFile("registre.csv", f"Nom;Prénom;Téléphone\n{LAST};{FIRST};{PHONE}\n".encode()),
        )
    assert consent is not None
    third, outgoing, incoming = plant_transfers(commune, head, zoulikha)
    with schema_context(commune.schema_name):
        stored = [attachment.file.name, register.file.name, *(item.file.name for item in report.files.all())]
    ids = {
        "pk": zoulikha.pk, "document_id": document.pk, "consent_id": consent.pk, "attachment_id": attachment.pk,
        "referral_id": referral.pk, "report_id": report.pk, "service_id": service.pk, "case": case.pk,
        "link": link.pk, "import": register.pk, "head": head.pk, "incoming": incoming.pk, "outgoing": outgoing.pk,
        "third_commune": third.pk,
    }  # fmt: skip
    # Where the files lie in storage, as a URL would name them: never served by a bare path.
    files = [f"/media/{prefix}{name}" for name in stored for prefix in ("", f"{commune.schema_name}/")]
    return head, Planted(ids=ids, files=files)


def plant_transfers(commune: Commune, head: User, zoulikha: Any) -> tuple[Commune, Any, Any]:
    """A's transfers, both ways, with a third commune (Tiznit): a case of Zoulikha's that A sends there, waiting;
    and a case Tiznit sends to A, waiting in A's queue, whose summary (held in A's schema) carries A's markers
    too: the person's names and the subject. B's staff must reach neither, by any id."""
    third = tenant_services.provision_commune(slug="tiznit", name_fr="Tiznit", name_ar="تزنيت")
    with schema_context(commune.schema_name):
        sent = new_case(head, person=zoulikha, subject=SUBJECT)
        outgoing = transfers.propose_transfer(
            case=sent, to_commune=third, reason=NOTE, consent=True, note=NOTE, by=head
        )
    head_c = make_staff(third, email="head.sweep@tiznit.test")
    with schema_context(third.schema_name):
        namesake = person(
            head_c, first_name_latin=FIRST, last_name_latin=LAST, first_name_ar=FIRST_AR, last_name_ar=LAST_AR
        )
        coming = new_case(head_c, person=namesake, subject=SUBJECT)
        transfers.propose_transfer(case=coming, to_commune=commune, reason=NOTE, consent=True, note=NOTE, by=head_c)
    with schema_context(commune.schema_name):
        incoming = transfers.incoming_pending().get()
    return third, outgoing, incoming


def a_values(route: Route, planted: Planted, pick: int | None) -> dict[str, Any]:
    """A's ids for the route's parameters: the object its first parameter names (a case under cases/, a run
    under imports/...), or the same id `pick` everywhere."""
    values: dict[str, Any] = {"<str>": "Zz9", "<slug>": "prim-souss-massa", "<path>": "1", "token": "Zz9-token"}
    values |= {"language": "fr", "format": "pdf", "file_format": "csv", "day": "2026-12-01", "start": "09:00"}
    if pick is not None:
        values |= {name: pick for _converter, name in route.parameters if _converter in ("int", "")}
        values["<int>"] = pick
        return values
    ids = dict(planted.ids)
    if route.template.startswith(("cases/", "api/cases/")):
        ids["pk"] = planted.ids["case"]
    elif route.template.startswith("imports/"):
        ids["pk"] = planted.ids["import"]
    elif route.template.startswith("api/referrals/"):
        ids["pk"] = planted.ids["referral_id"]
    elif route.template.startswith(("transfers/", "api/transfers/")):
        ids["pk"] = planted.ids["incoming"]
    values |= ids
    values["<int>"] = planted.ids["pk"]
    return values


# --- Probing -------------------------------------------------------------------------------------------------


def body_of(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", errors="replace")
    if "json" in response.get("Content-Type", ""):
        # Arabic escaped as \\u0632... in JSON: read it back.
        with contextlib.suppress(ValueError):
            text += json.dumps(json.loads(content), ensure_ascii=False)
    return text


def leaks(text: str) -> list[str]:
    found = [marker for marker in MARKERS if marker in text]
    if REFERENCE.search(text):
        found.append("a case reference of A")
    return found


@dataclass
class Sweep:
    probes: int = 0
    failures: list[str] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    def probe(self, who: str, client: Client, method: str, path: str, body: dict[str, Any] | None) -> None:
        self.probes += 1
        call = getattr(client, method)
        if body is None:
            response = call(path)
        elif path.startswith("/api/"):
            response = call(path, json.dumps(body), content_type="application/json")
        else:
            response = call(path, body)  # a form
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        if response.status_code >= 500:
            self.failures.append(f"{who} {method.upper()} {path}: {response.status_code}")
            return
        if found := leaks(body_of(response)):
            self.failures.append(f"{who} {method.upper()} {path}: {response.status_code} shows {found}")


def on(host: str, cookies: Any = None, token: str = "") -> Client:
    client = Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="fr", REMOTE_ADDR="198.51.100.7")
    if cookies is not None:
        for key, morsel in cookies.items():
            client.cookies[key] = morsel.value
    if token:
        client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client


def signed_in(host: str, user: User, commune: Commune | None = None) -> Client:
    """A browser of `user`'s on `host`, its session kept where that host reads it (the commune's schema)."""
    client = on(host)
    if commune is None:
        client.force_login(user)
    else:
        with schema_context(commune.schema_name):
            client.force_login(user)
    return client


def fingerprint(commune: Commune) -> dict[str, str]:
    """Every row of every table of the commune's schema, as a hash per table."""
    found = {}
    with schema_context(commune.schema_name), connection.cursor() as cursor:
        for model in apps.get_models():
            if not model._meta.managed or model._meta.app_label not in TENANT_LABELS or model is Session:
                continue
            table = model._meta.db_table
            cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
            found[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return found


def sessions(commune: Commune) -> dict[str, tuple[str, Any]]:
    """The commune's sessions: key → (data, expiry)."""
    with schema_context(commune.schema_name):
        return {row.session_key: (row.session_data, row.expire_date) for row in Session.objects.all()}


def signed_in_sessions(commune: Commune, keys: set[str]) -> list[str]:
    """Which of these sessions of the commune carry a signed-in user."""
    with schema_context(commune.schema_name):
        return [row.session_key for row in Session.objects.filter(pk__in=keys) if "_auth_user_id" in row.get_decoded()]


TENANT_LABELS = {apps.get_app_config(name.rsplit(".", 1)[-1]).label for name in settings.TENANT_APPS}


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def test_no_route_shows_or_changes_a_communes_data_for_anyone_else(
    commune_a: Commune, commune_b: Commune, media: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head_a, planted = plant(commune_a, media)
    head_b = make_staff(commune_b, email="head.sweep@nador.test")
    agent_b = make_staff(commune_b, email="agent.sweep@nador.test", role=Role.AGENT)
    viewer_b = make_staff(commune_b, email="viewer.sweep@nador.test", role=Role.VIEWER)
    auditor_b = make_staff(commune_b, email="auditor.sweep@nador.test", role=Role.AUDITOR)
    with schema_context(commune_b.schema_name):
        token_b = Token.objects.create(user=head_b).key
    with schema_context(commune_a.schema_name):
        token_a = Token.objects.create(user=head_a).key
    coordinator = User.objects.create_user("coordinator.sweep@jisr.test", PASSWORD, role=Role.COORDINATOR)
    funder = User.objects.create_user("funder.sweep@jisr.test", PASSWORD, role=Role.FUNDER)
    host_a, host_b, platform = host_of(commune_a), host_of(commune_b), settings.PLATFORM_DOMAIN

    session_a = signed_in(host_a, head_a, commune_a).cookies
    session_b = signed_in(host_b, head_b, commune_b).cookies
    coordinator_cookies = signed_in(platform, coordinator).cookies
    funder_cookies = signed_in(platform, funder).cookies
    # The control: A's own office head sees the markers where they are, so the check can see a leak.
    own = on(host_a, cookies=session_a)
    shown = body_of(own.get(f"/people/{planted.ids['pk']}/")) + body_of(own.get(f"/cases/{planted.ids['case']}/"))
    shown += body_of(own.get(f"/api/people/{planted.ids['pk']}/"))
    assert set(leaks(shown)) >= {FIRST, LAST, FIRST_AR, SUBJECT, NOTE, EMAIL, FILE_NAME, "a case reference of A"}
    waiting = body_of(own.get(f"/transfers/incoming/{planted.ids['incoming']}/"))
    assert set(leaks(waiting)) >= {FIRST, LAST, SUBJECT, NOTE}  # the summary Tiznit sent, held in A's schema
    before, sessions_before = fingerprint(commune_a), sessions(commune_a)

    commune_actors = {
        # On B's host, with A's ids.
        "B's office head": lambda: on(host_b, cookies=session_b),
        "B's agent": lambda: signed_in(host_b, agent_b, commune_b),
        "B's read-only account": lambda: signed_in(host_b, viewer_b, commune_b),
        "B's auditor": lambda: signed_in(host_b, auditor_b, commune_b),
        "B's API token": lambda: on(host_b, token=token_b),
        "A's session cookie on B's host": lambda: on(host_b, cookies=session_a),
        "A's API token on B's host": lambda: on(host_b, token=token_a),
        # On A's host.
        "nobody on A's host": lambda: on(host_a),
        "B's session cookie on A's host": lambda: on(host_a, cookies=session_b),
        "B's API token on A's host": lambda: on(host_a, token=token_b),
        "the coordinator's cookie on A's host": lambda: on(host_a, cookies=coordinator_cookies),
        "the funder's cookie on A's host": lambda: on(host_a, cookies=funder_cookies),
    }
    platform_actors = {
        "A's session cookie on the platform": lambda: on(platform, cookies=session_a),
        "B's session cookie on the platform": lambda: on(platform, cookies=session_b),
        "A's API token on the platform": lambda: on(platform, token=token_a),
        "nobody on the platform": lambda: on(platform),
    }
    sweep = Sweep()
    for (who, make), path in itertools.product(commune_actors.items(), planted.files):
        sweep.probe(who, make(), "get", path, None)
    for urlconf, actors in (("jisr.urls_tenant", commune_actors), ("jisr.urls_public", platform_actors)):
        clients = {who: make() for who, make in actors.items()}
        for route in routes(urlconf):
            picks: list[int | None] = [None, *planted.pool] if route.parameters else [None]
            paths = sorted({fill(route, a_values(route, planted, pick)) for pick in picks})
            api = route.template.startswith("api/")
            methods = [
                method
                for method in (API_METHODS if api else PAGE_METHODS)
                if not (route.template in ENDS_SESSION and method != "get")
            ]
            for (who, client), path, method in itertools.product(clients.items(), paths, methods):
                # Nothing to read, or something to write: an empty one, and one naming A's objects by id.
                bodies = [None] if method in ("get", "delete") else [{}, planted.body]
                for body in bodies:
                    sweep.probe(who, client, method, path, body)

    with capsys.disabled():
        statuses = ", ".join(f"{code}: {n:,}" for code, n in sorted(sweep.statuses.items()))
        print(f"\nisolation sweep: {sweep.probes:,} probes ({statuses})")
    assert not sweep.failures, "\n".join(sweep.failures[:40])
    assert fingerprint(commune_a) == before, "a probe changed commune A's data"
    # Sessions: those A had are untouched; visitors of A's public pages may have opened new ones, never signed in.
    after = sessions(commune_a)
    assert {key: after.get(key) for key in sessions_before} == sessions_before
    assert signed_in_sessions(commune_a, set(after) - set(sessions_before)) == []
    assert sweep.probes >= 10_000


def test_every_path_of_the_apis_openapi_schemas_is_among_the_swept_routes() -> None:
    from drf_spectacular.generators import SchemaGenerator

    for urlconf, prefix in (("jisr.urls_tenant", "/api/"), ("jisr.urls_public", "/api/regional/")):
        # Parameters by position only: the schema calls `pk` `id`.
        swept = {re.sub(r"<(?:\w+:)?\w+>", "{}", "/" + route.template) for route in routes(urlconf)}
        schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
        paths = {re.sub(r"\{\w+\}", "{}", path) for path in schema["paths"]}
        assert paths, urlconf
        assert all(path.startswith(prefix) for path in paths)
        assert paths <= swept, paths - swept
