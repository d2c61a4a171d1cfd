"""Transfers between offices in the office's pages: an agent of Aït Melloul (A) sends a case from its page, Nador's
(B) office head answers from its queue; a third commune's staff and read-only accounts reach nothing of it.

Driven through Django's test client on each commune's own host, signed in as real staff, in French unless a test
says otherwise (the wording of the pages is checked in French and Arabic).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from cases.models import Case, Category, IncomingTransfer, OutgoingTransfer
from cases.services import cases as case_services
from cases.services import transfers
from jisr.accounts.models import Role, User
from jisr.dates import long_date
from network.models import Membership, Network
from tenants import services as tenant_services
from tenants.models import Commune
from tests.cases.test_transfers import (  # noqa: F401  (fixtures)
    Offices,
    a_case,
    accept,
    counts,
    in_,
    incoming_of,
    media,
    propose,
    two,
)
from tests.conftest import make_staff, signed_in_client

pytestmark = pytest.mark.django_db

# What Nador may not see before it accepts: the case's description, its notes, the person's phone and identity
# number, the documents' names (tests.cases.test_transfers.a_case plants them in A).
NOT_IN_THE_SUMMARY = ["Terrain hérité", "Internal: the family", "Your file goes to Nador", "612345678", "BE123456"]
NOT_IN_THE_SUMMARY += ["acte.pdf", "photo.png"]


def browser(commune: Commune, user: User, language: str = "fr") -> Client:
    client = signed_in_client(commune, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    with in_(commune):
        User.objects.filter(pk=user.pk).update(preferred_language=language)
    return client


def text(response: object) -> str:
    """The page's text, tags and repeated spaces taken out: what a reader sees."""
    html = response.content.decode()  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'").replace("&quot;", '"')


def sending_form(case: Case, commune: Commune, **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "to_commune": str(commune.pk),
        "reason": "Le terrain est à Nador",
        "note": "Famille installée ici",
        "consent": "on",
    }
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def day(moment: date) -> str:
    """A day as the French pages write it: « 7 décembre 2026 »."""
    return long_date(moment, "fr")


@pytest.fixture
def tiznit(two: Offices) -> Commune:  # noqa: F811
    return tenant_services.provision_commune(slug="tiznit", name_fr="Tiznit", name_ar="تزنيت")


# --- Sending, in A ------------------------------------------------------------------------------------------


def test_agent_transfers_a_case_from_its_page_and_it_waits_there(two: Offices, tiznit: Commune) -> None:  # noqa: F811
    network = Network.objects.create(code="souss-test", kind="partnership", name_fr="Souss", name_ar="سوس")
    for commune in (two.a, tiznit):
        Membership.objects.create(network=network, commune=commune, joined_on=date(2024, 1, 1))
    case = a_case(two)
    agent = browser(two.a, two.agent_a)

    page = agent.get(f"/cases/{case.pk}/")
    assert f'href="/cases/{case.pk}/transfer/"' in page.content.decode()

    form = agent.get(f"/cases/{case.pk}/transfer/").content.decode()
    offered = re.findall(r'<option value="(\d+)"', form)
    # The network's office first (Tiznit, though after Nador by name), then the rest; never this office itself.
    assert offered[:2] == [str(tiznit.pk), str(two.b.pk)]
    assert str(two.a.pk) not in offered
    assert "Loi 09.08" in form

    response = agent.post(f"/cases/{case.pk}/transfer/", sending_form(case, two.b))
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    with in_(two.a):
        outgoing = OutgoingTransfer.objects.get(case=case)
    assert (outgoing.status, outgoing.to_commune_id, outgoing.reason) == ("pending", two.b.pk, "Le terrain est à Nador")

    page = agent.get(f"/cases/{case.pk}/")
    shown = text(page)
    waiting = "En attente de l'acceptation de ce dossier par le bureau d'accueil de Nador, envoyé le"
    assert f"{waiting} {day(timezone.localdate())}." in shown
    html = page.content.decode()
    assert f'action="/cases/{case.pk}/transfer/cancel/"' in html
    for edit in ("edit/", "referrals/new/", "transfer/"):
        assert f'href="/cases/{case.pk}/{edit}"' not in html, edit
    for form in ("notes/", "transition/", "attachments/", "assign/"):
        assert f'action="/cases/{case.pk}/{form}"' not in html, form
    # The edit pages send back to the case, saying why; a note posted all the same is refused.
    response = agent.get(f"/cases/{case.pk}/edit/", follow=True)
    assert "annulez le transfert pour le modifier" in text(response)
    response = agent.post(f"/cases/{case.pk}/notes/", {"body": "Encore une chose"})
    assert response.status_code == 400
    with in_(two.a):
        assert not case.events.filter(body="Encore une chose").exists()


def test_a_failed_transfer_form_keeps_what_was_typed_and_says_why(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    agent = browser(two.a, two.agent_a)
    before = counts(two.a), counts(two.b)

    response = agent.post(f"/cases/{case.pk}/transfer/", sending_form(case, two.b, consent=None))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Le terrain est à Nador" in page
    assert "Famille installée ici" in page
    assert f'<option value="{two.b.pk}" selected>' in page
    assert "Enregistrez le consentement de la personne" in text(response)

    # A forged choice: this office itself, a commune that is not on the platform's list.
    for forged in (two.a.pk, 987654):
        response = agent.post(f"/cases/{case.pk}/transfer/", sending_form(case, two.b, to_commune=str(forged)))
        assert response.status_code == 400
        assert "Choisissez une commune dont le bureau travaille sur la plateforme." in text(response)
    response = agent.post(f"/cases/{case.pk}/transfer/", sending_form(case, two.b, reason=""))
    assert response.status_code == 400
    assert (counts(two.a), counts(two.b)) == before


def test_a_suspended_commune_is_not_offered_and_a_closed_case_is_refused(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    agent = browser(two.a, two.agent_a)
    Commune.objects.filter(pk=two.b.pk).update(status=Commune.Status.SUSPENDED)
    form = agent.get(f"/cases/{case.pk}/transfer/").content.decode()
    assert f'<option value="{two.b.pk}"' not in form
    Commune.objects.filter(pk=two.b.pk).update(status=Commune.Status.ACTIVE)

    with in_(two.a):
        case_services.answer_and_close(actor=two.agent_a, case=case)
    assert f'href="/cases/{case.pk}/transfer/"' not in agent.get(f"/cases/{case.pk}/").content.decode()
    response = agent.post(f"/cases/{case.pk}/transfer/", sending_form(case, two.b))
    assert response.status_code == 409
    assert "Seul un dossier ouvert peut être transféré" in text(response)
    with in_(two.a):
        assert not OutgoingTransfer.objects.exists()


def test_the_sender_cancels_a_waiting_transfer_from_the_case_page(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    propose(two, case)
    agent = browser(two.a, two.agent_a)
    response = agent.post(f"/cases/{case.pk}/transfer/cancel/", follow=True)
    assert "Le transfert est annulé" in text(response)
    assert f"/cases/{case.pk}/edit/" in response.content.decode()  # editable again
    with in_(two.a):
        assert OutgoingTransfer.objects.get().status == "cancelled"
    with in_(two.b):
        assert not IncomingTransfer.objects.exists()
    response = agent.post(f"/cases/{case.pk}/transfer/cancel/", follow=True)  # twice: said, nothing else
    assert "n'attend plus de réponse" in text(response)


# --- Answering, in B ----------------------------------------------------------------------------------------


def test_the_office_head_sees_the_summary_only_accepts_and_the_sender_sees_it_transferred(
    two: Offices,  # noqa: F811
) -> None:
    case = a_case(two)
    propose(two, case)
    pending = incoming_of(two)
    head = browser(two.b, two.head_b)

    dashboard = head.get("/")
    assert re.search(r'href="/transfers/incoming/"><span class="stat__value">1</span>', dashboard.content.decode())
    assert 'href="/transfers/incoming/"' in dashboard.content.decode().split("</nav>")[0]  # the menu too
    assert transfers.INCOMING_PATH == "/transfers/incoming/"

    queue = text(head.get("/transfers/incoming/"))
    assert "Titre foncier à Nador" in queue
    assert "Fatima Ouali" in queue
    detail = head.get(f"/transfers/incoming/{pending.pk}/")
    shown = text(detail)
    for seen in (
        "Un dossier du bureau d'accueil d'Aït Melloul",
        f"Bureau d'origine Aït Melloul Référence dans l'autre bureau {case.reference}",
        "Personne Fatima Ouali",
        "Catégorie Conservation foncière / propriété",
        "Objet Titre foncier à Nador",
        "The land is in Nador",
        "Family lives here; land registry in Nador",
    ):
        assert seen in shown, seen
    for hidden in NOT_IN_THE_SUMMARY:
        assert hidden not in detail.content.decode(), hidden
    assert 'name="category"' not in detail.content.decode()  # Nador has the same category

    response = head.post(f"/transfers/incoming/{pending.pk}/accept/")
    with in_(two.b):
        received = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{received.pk}/"
    page = text(head.get(f"/cases/{received.pk}/"))
    assert f"Bureau d'accueil d'Aït Melloul, référence {case.reference}" in page
    assert "Terrain hérité du père" in page  # accepted: the case is Nador's now
    assert head.get(f"/transfers/incoming/{pending.pk}/")["Location"] == f"/cases/{received.pk}/"

    sender = browser(two.a, two.agent_a)
    page = text(sender.get(f"/cases/{case.pk}/"))
    today = day(timezone.localdate())
    assert f"Transféré au bureau d'accueil de Nador le {today}, référence {received.reference}." in page
    assert "Au bureau d'accueil de Nador, le dossier est maintenant « nouveau »." in page
    assert "Transférer à un autre bureau" not in page
    with in_(two.b):
        case_services.answer_and_close(actor=two.head_b, case=received)
    page = text(sender.get(f"/cases/{case.pk}/"))
    assert f"Le bureau d'accueil de Nador a clos le dossier le {today}." in page


def test_the_pages_say_it_in_arabic(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    propose(two, case)
    pending = incoming_of(two)
    head = browser(two.b, two.head_b, "ar")
    detail = text(head.get(f"/transfers/incoming/{pending.pk}/"))
    assert "ملف من مكتب الاستقبال بأيت ملول" in detail
    assert "قبول الملف" in detail
    sender = browser(two.a, two.agent_a, "ar")
    assert "في انتظار قبول مكتب الاستقبال بالناظور لهذا الملف" in text(sender.get(f"/cases/{case.pk}/"))
    head.post(f"/transfers/incoming/{pending.pk}/accept/")
    page = text(sender.get(f"/cases/{case.pk}/"))
    assert "حُوّل إلى مكتب الاستقبال بالناظور" in page


def test_declining_needs_a_reason_and_the_sender_reads_it(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    propose(two, case)
    pending = incoming_of(two)
    agent_b = browser(two.b, two.agent_b)

    response = agent_b.post(f"/transfers/incoming/{pending.pk}/decline/", {"reason": "  "})
    assert response.status_code == 400
    assert "Indiquez pourquoi, pour le bureau qui a envoyé le dossier." in text(response)
    with in_(two.b):
        assert incoming_of(two).status == "pending"

    response = agent_b.post(f"/transfers/incoming/{pending.pk}/decline/", {"reason": "Le terrain est à Ahfir"})
    assert response.status_code == 302
    assert response["Location"] == "/transfers/incoming/"
    with in_(two.b):
        assert not IncomingTransfer.objects.exists()
    assert agent_b.get(f"/transfers/incoming/{pending.pk}/").status_code == 404

    sender = browser(two.a, two.agent_a)
    response = sender.get(f"/cases/{case.pk}/")
    page = text(response)
    assert f"Le bureau d'accueil de Nador a refusé le transfert le {day(timezone.localdate())}." in page
    assert "Le terrain est à Ahfir" in page
    assert f"/cases/{case.pk}/edit/" in response.content.decode()  # the sender's again
    assert f'href="/cases/{case.pk}/transfer/"' in response.content.decode()  # and it may go again


def test_accepting_asks_for_a_category_when_the_office_has_none_of_that_code(two: Offices) -> None:  # noqa: F811
    propose(two, a_case(two))
    pending = incoming_of(two)
    with in_(two.b):
        Category.objects.filter(code="land_property").update(active=False)
        other = Category.objects.get(code="other")
    head = browser(two.b, two.head_b)
    assert 'name="category"' in head.get(f"/transfers/incoming/{pending.pk}/").content.decode()
    response = head.post(f"/transfers/incoming/{pending.pk}/accept/", {"category": ""})
    assert response.status_code == 400
    assert "Ce bureau n'a pas de catégorie en usage de ce code : choisissez-en une." in text(response)
    response = head.post(f"/transfers/incoming/{pending.pk}/accept/", {"category": str(other.pk)})
    assert response.status_code == 302
    with in_(two.b):
        assert Case.objects.get().category == other


# --- Who may not ----------------------------------------------------------------------------------------------


def test_a_third_communes_staff_reach_nothing_of_a_transfer_not_theirs(two: Offices, tiznit: Commune) -> None:  # noqa: F811
    case = a_case(two)
    propose(two, case)
    pending = incoming_of(two)
    head_c = make_staff(tiznit, email="head@tiznit.test", role=Role.OFFICE_HEAD)
    at_tiznit = browser(tiznit, head_c)
    before = counts(two.a), counts(two.b), counts(tiznit)

    assert "Titre foncier" not in at_tiznit.get("/transfers/incoming/").content.decode()
    assert at_tiznit.get(f"/transfers/incoming/{pending.pk}/").status_code == 404
    for answer in ("accept", "decline"):
        response = at_tiznit.post(f"/transfers/incoming/{pending.pk}/{answer}/", {"reason": "Pas chez nous"})
        assert response.status_code == 302  # "no longer waits": nothing of Nador's said
        assert "Titre foncier" not in text(at_tiznit.get(response["Location"]))
    # A forged POST naming A's case on Tiznit's host, and Tiznit's session carried to Nador's host.
    assert at_tiznit.post(f"/cases/{case.pk}/transfer/", sending_form(case, two.b)).status_code == 404
    assert at_tiznit.post(f"/cases/{case.pk}/transfer/cancel/").status_code == 404
    carried = Client(HTTP_HOST=f"nador.{at_tiznit.defaults['HTTP_HOST'].split('.', 1)[1]}")
    carried.cookies = at_tiznit.cookies
    response = carried.get(f"/transfers/incoming/{pending.pk}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert (counts(two.a), counts(two.b), counts(tiznit)) == before
    with in_(two.b):
        assert incoming_of(two).status == "pending"


def test_a_forged_post_naming_another_communes_case_changes_nothing(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    agent_b = browser(two.b, two.agent_b)
    before = counts(two.a), counts(two.b)
    with in_(two.b):
        assert not Case.objects.filter(pk=case.pk).exists()
    assert agent_b.post(f"/cases/{case.pk}/transfer/", sending_form(case, two.a)).status_code == 404
    assert agent_b.get(f"/cases/{case.pk}/transfer/").status_code == 404
    assert (counts(two.a), counts(two.b)) == before


def test_read_only_accounts_neither_transfer_nor_answer(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    viewer_a = browser(two.a, make_staff(two.a, role=Role.VIEWER))
    assert f"/cases/{case.pk}/transfer/" not in viewer_a.get(f"/cases/{case.pk}/").content.decode()
    assert viewer_a.get(f"/cases/{case.pk}/transfer/").status_code == 403
    assert viewer_a.post(f"/cases/{case.pk}/transfer/", sending_form(case, two.b)).status_code == 403
    propose(two, case)
    assert viewer_a.post(f"/cases/{case.pk}/transfer/cancel/").status_code == 403
    assert "/transfer/cancel/" not in viewer_a.get(f"/cases/{case.pk}/").content.decode()

    pending = incoming_of(two)
    for role in (Role.VIEWER, Role.AUDITOR):
        reader = browser(two.b, make_staff(two.b, email=f"{role}@nador.test", role=role))
        home = reader.get("/").content.decode()
        assert "/transfers/incoming/" not in home
        assert reader.get("/transfers/incoming/").status_code == 403
        assert reader.get(f"/transfers/incoming/{pending.pk}/").status_code == 403
        assert reader.post(f"/transfers/incoming/{pending.pk}/accept/").status_code == 403
        assert reader.post(f"/transfers/incoming/{pending.pk}/decline/", {"reason": "Non"}).status_code == 403
    with in_(two.a):
        assert OutgoingTransfer.objects.get().status == "pending"
    with in_(two.b):
        assert incoming_of(two).status == "pending"
        assert not Case.objects.exists()
