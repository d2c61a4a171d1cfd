"""A case handed from one commune's office to another's: with consent, all or nothing, nothing lost.

Aït Melloul (A) sends, Nador (B) receives; a third commune (Tiznit) tries what is not its own. Each
office's schema is read and written as it would be in a request: the sending side's functions run in A's
schema, the receiving side's in B's.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Max
from django.utils import timezone, translation

from analytics import extraction
from analytics.models import CaseFact
from cases import timeline
from cases.errors import CaseError, Conflict
from cases.models import (
    Attachment,
    AuditEntry,
    Case,
    CaseEvent,
    IdentityDocument,
    IncomingTransfer,
    OutgoingTransfer,
    Person,
    ReferenceCounter,
)
from cases.permissions import NotAllowed
from cases.services import access, erasure, people, retention, transfers
from cases.services import cases as case_services
from jisr import crypto
from jisr.accounts.models import Role, User
from jisr.outbox.models import Message
from tenants import services as tenant_services
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.analytics.test_facts import snapshot
from tests.cases.conftest import category, person
from tests.conftest import make_staff

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CIN = "BE123456"
PHONE = "+33612345678"


@dataclass
class Offices:
    a: Commune  # sends
    b: Commune  # receives
    agent_a: User
    head_a: User
    head_b: User
    agent_b: User


def offices(a: Commune, b: Commune, tag: str = "") -> Offices:
    return Offices(
        a=a,
        b=b,
        agent_a=make_staff(a, email=f"agent{tag}@{a.slug}.test", role=Role.AGENT),
        head_a=make_staff(a, email=f"head{tag}@{a.slug}.test", role=Role.OFFICE_HEAD),
        head_b=make_staff(b, email=f"head{tag}@{b.slug}.test", role=Role.OFFICE_HEAD),
        agent_b=make_staff(b, email=f"agent{tag}@{b.slug}.test", role=Role.AGENT),
    )


def in_(commune: Commune) -> schema_context:
    return schema_context(commune.schema_name)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def two(db: None, commune_a: Commune, commune_b: Commune, media: Path) -> Offices:
    return offices(commune_a, commune_b)


def a_case(o: Offices, *, last_name: str = "Ouali", documents: bool = True, **person_data: Any) -> Case:
    """In A: a person with a CIN and a phone, a case with an internal and a shareable note and two documents."""
    with in_(o.a):
        values = {"last_name_latin": last_name, "first_name_ar": "فاطمة", "phone": PHONE, "sex": "female"}
        someone = person(o.agent_a, **{**values, **person_data})
        people.add_identity_document(actor=o.agent_a, person=someone, kind="cin", number=CIN)
        case = case_services.open_case(
            actor=o.agent_a,
            person=someone,
            kind="request",
            category=category("land_property"),
            channel="visit",
            subject="Titre foncier à Nador",
            description="Terrain hérité du père, titre à mettre à jour.",
            opened_on=timezone.localdate() - timedelta(days=20),
        )
        case_services.transition_case(actor=o.agent_a, case=case, to_status=Case.Status.IN_PROGRESS)
        case_services.add_note(actor=o.agent_a, case=case, body="Internal: the family is in conflict")
        case_services.add_note(actor=o.agent_a, case=case, body="Your file goes to Nador", shareable=True)
        if documents:
            for name, content in (("acte.pdf", PDF), ("photo.png", PNG)):
                upload = SimpleUploadedFile(name, content)
                case_services.add_attachment(actor=o.agent_a, case=case, upload=upload)
        return Case.objects.get(pk=case.pk)


def propose(o: Offices, case: Case, **extra: Any) -> OutgoingTransfer:
    values: dict[str, Any] = {
        "case": case,
        "to_commune": o.b,
        "reason": "The land is in Nador",
        "consent": True,
        "note": "Family lives here; land registry in Nador",
        "by": o.agent_a,
    }
    with in_(o.a):
        return transfers.propose_transfer(**{**values, **extra})


def incoming_of(o: Offices) -> IncomingTransfer:
    with in_(o.b):
        return IncomingTransfer.objects.get(status=IncomingTransfer.Status.PENDING)


def accept(o: Offices, **extra: Any) -> Case:
    with in_(o.b):
        return transfers.accept_transfer(incoming=incoming_of(o), by=o.head_b, **extra)


def file_hashes(commune: Commune, case_id: int) -> list[str]:
    with in_(commune):
        storage = Attachment._meta.get_field("file").storage
        hashes = []
        for attachment in Attachment.objects.filter(case_id=case_id):
            with storage.open(attachment.file.name, "rb") as stored:
                hashes.append(hashlib.sha256(stored.read()).hexdigest())
        return sorted(hashes)


def files_under(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def counts(commune: Commune) -> dict[str, int]:
    with in_(commune):
        return {
            "people": Person.objects.count(),
            "cases": Case.objects.count(),
            "events": CaseEvent.objects.count(),
            "attachments": Attachment.objects.count(),
            "incoming": IncomingTransfer.objects.count(),
            "outgoing": OutgoingTransfer.objects.count(),
            "documents": IdentityDocument.objects.count(),
        }


# --- Proposing ------------------------------------------------------------------------------------------------


def test_agent_proposes_a_transfer_and_the_receiving_office_sees_a_summary_only(two: Offices) -> None:
    case = a_case(two)
    before_b = counts(two.b)
    outgoing = propose(two, case)

    assert outgoing.status == OutgoingTransfer.Status.PENDING
    assert (outgoing.to_commune_id, outgoing.to_commune_name["fr"]) == (two.b.pk, "Nador")
    assert outgoing.consent_given
    assert outgoing.consent_recorded_by == two.agent_a
    with in_(two.a):
        assert list(transfers.outgoing_for(case)) == [outgoing]
        line = case.events.get(kind=CaseEvent.Kind.TRANSFER)
        assert (line.note_key, line.note_params, line.body) == (
            timeline.TRANSFER_PROPOSED,
            {"office": {"ar": "الناظور", "fr": "Nador"}},
            "The land is in Nador",
        )
        with translation.override("fr"):
            assert (
                line.note_text
                == "Transfert vers le bureau d'accueil de Nador proposé, avec le consentement de la personne."
            )
        with translation.override("ar"):
            assert "مكتب الاستقبال بالناظور" in line.note_text
        assert AuditEntry.objects.filter(action="transfer", target_type="case", target_id=case.pk).exists()
        assert Case.objects.get(pk=case.pk).status == Case.Status.IN_PROGRESS  # unchanged while it waits
    with in_(two.b):
        [incoming] = transfers.incoming_pending()
        assert (incoming.from_commune_id, incoming.from_reference, incoming.outgoing_id) == (
            two.a.pk,
            case.reference,
            outgoing.pk,
        )
        assert (incoming.category_code, incoming.kind, incoming.subject) == (
            "land_property",
            "request",
            "Titre foncier à Nador",
        )
        assert (incoming.reason, incoming.note) == ("The land is in Nador", "Family lives here; land registry in Nador")
        assert (incoming.person_name_latin, incoming.person_name_ar) == ("Fatima Ouali", "فاطمة")
        assert AuditEntry.objects.filter(action="transfer", target_type="incomingtransfer").count() == 1
        message = Message.objects.get(kind="transfer_incoming")
        assert message.recipient == two.head_b.email
        assert "/transfers/incoming/" in message.body
        assert "Ouali" not in message.body + message.subject  # no personal data by e-mail
    after_b = counts(two.b)
    assert after_b == {**before_b, "incoming": before_b["incoming"] + 1}  # nothing of the person yet


def test_a_case_waiting_for_the_other_office_accepts_no_edits(two: Offices) -> None:
    case = a_case(two)
    outgoing = propose(two, case)
    with in_(two.a):
        for edit in (
            lambda: case_services.add_note(actor=two.agent_a, case=case, body="More"),
            lambda: case_services.transition_case(actor=two.agent_a, case=case, to_status=Case.Status.ANSWERED),
            lambda: case_services.assign_case(actor=two.agent_a, case=case, assignee=two.agent_a),
            lambda: case_services.add_attachment(
                actor=two.agent_a, case=case, upload=SimpleUploadedFile("more.pdf", PDF)
            ),
        ):
            with pytest.raises(Conflict):
                edit()
        transfers.cancel_transfer(outgoing=outgoing, by=two.agent_a)
        case_services.add_note(actor=two.agent_a, case=case, body="Editable again")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"consent": False}, "consent"),
        ({"reason": "  "}, "reason"),
        ({"to_commune": "same"}, "to_commune"),
        ({"to_commune": "unknown"}, "to_commune"),
        ({"to_commune": "suspended"}, "to_commune"),
    ],
)
def test_a_transfer_is_refused_with_a_field_message_and_nothing_changes(
    two: Offices, change: dict[str, Any], field: str
) -> None:
    case = a_case(two)
    target = change.get("to_commune")
    if target == "same":
        change = {"to_commune": two.a}
    elif target == "unknown":
        change = {"to_commune": Commune(pk=987654, schema_name="commune_nowhere")}
    elif target == "suspended":
        Commune.objects.filter(pk=two.b.pk).update(status=Commune.Status.SUSPENDED)
        change = {"to_commune": two.b}
    before = counts(two.a), counts(two.b)
    with pytest.raises(CaseError) as refused:
        propose(two, case, **change)
    assert field in refused.value.message_dict
    assert (counts(two.a), counts(two.b)) == before


@pytest.mark.parametrize("state", ["closed", "cancelled", "transferred", "erased", "pending"])
def test_a_case_that_cannot_go_is_refused_and_nothing_changes(two: Offices, state: str) -> None:
    case = a_case(two)
    with in_(two.a):
        if state == "closed":
            case_services.answer_and_close(actor=two.agent_a, case=case)
        elif state == "cancelled":
            case_services.transition_case(actor=two.agent_a, case=case, to_status=Case.Status.CANCELLED)
        elif state == "transferred":
            Case.objects.filter(pk=case.pk).update(status=Case.Status.TRANSFERRED, closed_at=timezone.now())
        elif state == "erased":
            erasure.erase_person(actor=two.head_a, person=case.person, reason="Written request of 3 May")
    if state == "pending":
        propose(two, case)
    before = counts(two.a), counts(two.b)
    with pytest.raises(Conflict):
        propose(two, case)
    assert (counts(two.a), counts(two.b)) == before


def test_only_staff_who_may_transfer_propose(two: Offices) -> None:
    case = a_case(two)
    viewer = make_staff(two.a, role=Role.VIEWER)
    with pytest.raises(NotAllowed):
        propose(two, case, by=viewer)
    with pytest.raises(NotAllowed):  # an account of another commune's schema
        propose(two, case, by=two.agent_b)


# --- Accepting ------------------------------------------------------------------------------------------------


def test_accepting_writes_the_person_the_case_and_its_documents_into_the_receiving_office(
    two: Offices, media: Path
) -> None:
    case = a_case(two)
    originals = file_hashes(two.a, case.pk)
    outgoing = propose(two, case)
    received = accept(two)

    today = timezone.localdate()
    with in_(two.b):
        received = Case.objects.select_related("person", "category").get(pk=received.pk)
        assert received.reference != case.reference
        assert ReferenceCounter.objects.get(year=today.year).last >= 1  # numbered by Nador
        assert (received.channel, received.status, received.opened_on) == (Case.Channel.TRANSFERRED, "new", today)
        assert (received.category.code, received.kind, received.subject, received.description) == (
            "land_property",
            "request",
            case.subject,
            case.description,
        )
        someone = received.person
        assert (someone.latin_name, someone.arabic_name, someone.phone, someone.sex) == (
            "Fatima Ouali",
            "فاطمة",
            PHONE,
            "female",
        )
        [document] = someone.documents.all()
        assert crypto.decrypt(document.number_encrypted) == CIN
        notes = list(received.events.filter(kind=CaseEvent.Kind.NOTE).values_list("body", "shareable"))
        assert notes == [("Your file goes to Nador", True)]  # the internal note stays in Aït Melloul
        summary = received.events.get(kind=CaseEvent.Kind.TRANSFER)
        assert summary.note_key == timeline.TRANSFER_RECEIVED
        assert summary.note_params["reference"] == case.reference
        with translation.override("en"):
            assert f"case {case.reference}" in summary.note_text
            assert "“in progress”" in summary.note_text
        incoming = IncomingTransfer.objects.get()
        assert (incoming.status, incoming.case_id, incoming.decided_by) == ("accepted", received.pk, two.head_b)
        assert transfers.received_from(received) == incoming
        assert not transfers.incoming_pending().exists()
        assert AuditEntry.objects.filter(action="transfer", target_type="case", target_id=received.pk).exists()
        names = sorted(Attachment.objects.filter(case=received).values_list("original_name", flat=True))
        assert names == ["acte.pdf", "photo.png"]
    assert file_hashes(two.b, received.pk) == originals  # the same bytes
    assert len(files_under(media / two.b.schema_name)) == 2  # in Nador's own folder

    with in_(two.a):
        sent = Case.objects.get(pk=case.pk)
        assert sent.status == Case.Status.TRANSFERRED
        assert sent.closed_at is not None
        outgoing.refresh_from_db()
        assert (outgoing.status, outgoing.received_reference) == ("accepted", received.reference)
        move = sent.events.get(to_status=Case.Status.TRANSFERRED)
        assert move.note_params == {"office": {"ar": "الناظور", "fr": "Nador"}, "reference": received.reference}
        assert AuditEntry.objects.filter(action="export", target_type="person", target_id=sent.person_id).exists()
        with pytest.raises(Conflict):
            case_services.add_note(actor=two.agent_a, case=sent, body="After")
        with pytest.raises(Conflict):
            case_services.transition_case(actor=two.agent_a, case=sent, to_status=Case.Status.IN_PROGRESS)
        with pytest.raises(Conflict):
            case_services.update_case(
                actor=two.agent_a,
                case=sent,
                kind="request",
                category=category("land_property"),
                channel="visit",
                subject="Changed",
                description="",
                campaigns=[],
            )
        with pytest.raises(Conflict):
            propose(two, sent)
        assert transfers.outcome_of(outgoing).status == Case.Status.NEW  # type: ignore[union-attr]

    with in_(two.b):  # the receiving office closes it: the sending office sees the outcome
        case_services.answer_and_close(actor=two.head_b, case=received)
    with in_(two.a):
        outcome = transfers.outcome_of(outgoing)
        assert outcome is not None
        assert outcome.is_closed
        assert (outcome.reference, outcome.closed_on) == (received.reference, today)


def test_the_person_is_matched_by_identity_number_in_the_receiving_office(two: Offices) -> None:
    with in_(two.b):
        known = person(two.head_b, first_name_latin="Fatma", last_name_latin="Ouali", phone="+212612345678")
        people.add_identity_document(actor=two.head_b, person=known, kind="passport", number=CIN)
        before = Person.objects.count()
    propose(two, a_case(two))
    received = accept(two)
    with in_(two.b):
        assert received.person_id == known.pk
        assert Person.objects.count() == before
        assert Person.objects.get(pk=known.pk).first_name_latin == "Fatma"  # this office's record, untouched


def test_the_person_is_matched_by_phone_when_one_person_has_it(two: Offices) -> None:
    with in_(two.b):
        known = person(two.head_b, last_name_latin="Ouali", phone=PHONE)
    propose(two, a_case(two))
    with in_(two.b):
        assert accept(two).person_id == known.pk


@pytest.mark.parametrize("others", ["two_with_the_phone", "erased"])
def test_a_new_person_when_the_phone_is_shared_or_the_match_was_erased(two: Offices, others: str) -> None:
    with in_(two.b):
        first = person(two.head_b, last_name_latin="Ouali", phone=PHONE)
        if others == "two_with_the_phone":
            person(two.head_b, last_name_latin="Ouali", first_name_latin="Brother", phone=PHONE)
        else:
            people.add_identity_document(actor=two.head_b, person=first, kind="cin", number=CIN)
            erasure.erase_person(actor=two.head_b, person=first, reason="Request")
        before = Person.objects.count()
    propose(two, a_case(two))
    received = accept(two)
    with in_(two.b):
        assert Person.objects.count() == before + 1
        assert received.person.latin_name == "Fatima Ouali"


def test_the_receiving_office_chooses_a_category_when_it_has_none_of_that_code(two: Offices) -> None:
    propose(two, a_case(two))
    with in_(two.b):
        from cases.models import Category

        Category.objects.filter(code="land_property").update(active=False)
        with pytest.raises(CaseError) as refused:
            accept(two)
        assert "category" in refused.value.message_dict
        received = accept(two, category=category("other"))
        assert received.category.code == "other"


def test_a_failure_in_the_middle_of_accepting_leaves_nothing_behind(
    two: Offices, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = a_case(two)
    outgoing = propose(two, case)
    before_a, before_b = counts(two.a), counts(two.b)
    files_before = files_under(media / two.b.schema_name)

    def crash(*args: Any, **kwargs: Any) -> None:  # after the person, case, notes and files are written
        raise RuntimeError("the machine stops here")

    monkeypatch.setattr(transfers, "_mark_transferred", crash)
    with pytest.raises(RuntimeError):
        accept(two)
    assert (counts(two.a), counts(two.b)) == (before_a, before_b)
    assert files_under(media / two.b.schema_name) == files_before == []  # no orphan file
    with in_(two.a):
        outgoing.refresh_from_db()
        assert outgoing.status == "pending"
        assert Case.objects.get(pk=case.pk).status == Case.Status.IN_PROGRESS
    with in_(two.b):
        assert incoming_of(two).status == "pending"
    monkeypatch.undo()
    accept(two)  # and it can still be accepted


# --- Declining and cancelling -----------------------------------------------------------------------------------


def test_declining_sends_the_reason_back_and_the_case_is_the_senders_again(two: Offices) -> None:
    case = a_case(two)
    outgoing = propose(two, case)
    before_b = counts(two.b)
    pending = incoming_of(two)
    reason = "Not our commune: the land is in Ahfir"
    with in_(two.b):
        with pytest.raises(CaseError):
            transfers.decline_transfer(incoming=pending, reason=" ", by=two.agent_b)
        transfers.decline_transfer(incoming=pending, reason=reason, by=two.agent_b)
        assert not IncomingTransfer.objects.exists()  # the summary is gone
        assert AuditEntry.objects.filter(action="transfer", target_type="incomingtransfer", actor=two.agent_b).exists()
    assert counts(two.b) == {**before_b, "incoming": before_b["incoming"] - 1}
    with in_(two.a):
        outgoing.refresh_from_db()
        assert (outgoing.status, outgoing.decline_reason) == ("declined", reason)
        line = case.events.filter(kind=CaseEvent.Kind.TRANSFER).last()
        assert (line.note_key, line.body) == (timeline.TRANSFER_DECLINED, reason)
        assert Case.objects.get(pk=case.pk).status == Case.Status.IN_PROGRESS
        case_services.add_note(actor=two.agent_a, case=case, body="Back with us")  # editable again
    with pytest.raises(Conflict), in_(two.b):
        transfers.accept_transfer(incoming=pending, by=two.head_b)
    assert propose(two, case).status == "pending"  # it may be proposed again


def test_the_sender_cancels_a_waiting_transfer(two: Offices) -> None:
    case = a_case(two)
    outgoing = propose(two, case)
    pending = incoming_of(two)
    with in_(two.a):
        cancelled = transfers.cancel_transfer(outgoing=outgoing, by=two.agent_a)
        assert (cancelled.status, cancelled.cancelled_by) == ("cancelled", two.agent_a)
        assert case.events.filter(note_key=timeline.TRANSFER_CANCELLED).exists()
        with pytest.raises(Conflict):
            transfers.cancel_transfer(outgoing=outgoing, by=two.agent_a)
    with in_(two.b):
        assert not IncomingTransfer.objects.exists()
        with pytest.raises(Conflict):
            transfers.accept_transfer(incoming=pending, by=two.head_b)
        with pytest.raises(Conflict):
            transfers.decline_transfer(incoming=pending, reason="Late", by=two.head_b)


def test_a_third_communes_staff_cannot_answer_a_transfer_that_is_not_theirs(two: Offices) -> None:
    third = tenant_services.provision_commune(slug="tiznit", name_fr="Tiznit", name_ar="تزنيت")
    head_c = make_staff(third, email="head@tiznit.test", role=Role.OFFICE_HEAD)
    propose(two, a_case(two))
    pending = incoming_of(two)
    before = counts(two.a), counts(two.b), counts(third)
    with in_(third):  # signed in at Tiznit, naming Nador's transfer
        assert not transfers.incoming_pending().exists()
        with pytest.raises(Conflict):
            transfers.accept_transfer(incoming=pending, by=head_c)
        with pytest.raises(Conflict):
            transfers.decline_transfer(incoming=pending, reason="Not ours", by=head_c)
    with in_(two.b):  # Tiznit's account in Nador's schema
        with pytest.raises(NotAllowed):
            transfers.accept_transfer(incoming=pending, by=head_c)
        with pytest.raises(NotAllowed):
            transfers.decline_transfer(incoming=pending, reason="Not ours", by=head_c)
        viewer = make_staff(two.b, role=Role.VIEWER)
        with pytest.raises(NotAllowed):
            transfers.accept_transfer(incoming=pending, by=viewer)
    assert (counts(two.a), counts(two.b), counts(third)) == before


# --- Erasure, retention, access -----------------------------------------------------------------------------


def test_a_person_with_a_waiting_transfer_is_not_erased_until_it_is_cancelled(two: Offices) -> None:
    case = a_case(two)
    outgoing = propose(two, case)
    with in_(two.a):
        with pytest.raises(Conflict):
            erasure.erase_person(actor=two.head_a, person=case.person, reason="Written request")
        assert Person.objects.get(pk=case.person_id).erased_at is None
        transfers.cancel_transfer(outgoing=outgoing, by=two.head_a)
        erasure.erase_person(actor=two.head_a, person=case.person, reason="Written request")
        outgoing.refresh_from_db()
        assert (outgoing.reason, outgoing.note) == (erasure.ERASED, "")


def test_erasure_and_access_on_both_sides_after_a_transfer(two: Offices) -> None:
    case = a_case(two)
    propose(two, case)
    received = accept(two)
    with in_(two.a):
        document = access.person_export(actor=two.head_a, person=case.person)
        [sent] = document["cases"]
        [transfer] = sent["transfers"]
        assert (transfer["to_office"]["fr"], transfer["status"], transfer["reference_there"]) == (
            "Nador",
            "accepted",
            received.reference,
        )
        assert transfer["consent_recorded_at"] is not None
        erasure.erase_person(actor=two.head_a, person=case.person, reason="Written request")
        assert OutgoingTransfer.objects.get().reason == erasure.ERASED
    with in_(two.b):
        document = access.person_export(actor=two.head_b, person=received.person)
        [there] = document["cases"]
        assert there["channel"] == "transferred"
        assert (there["received_from"]["from_office"]["fr"], there["received_from"]["reference_there"]) == (
            "Aït Melloul",
            case.reference,
        )
        assert Person.objects.get(pk=received.person_id).erased_at is None  # Nador's own record stays
        erasure.erase_person(actor=two.head_b, person=received.person, reason="Written request")
        incoming = IncomingTransfer.objects.get()
        assert (incoming.subject, incoming.person_name_latin, incoming.person_name_ar) == (erasure.ERASED, "", "")
        assert not Attachment.objects.filter(case=received).exists()


def test_retention_anonymises_a_case_transferred_long_ago(two: Offices) -> None:
    case = a_case(two, documents=False)
    propose(two, case)
    accept(two)
    long_ago = timezone.now() - timedelta(days=365 * 11)
    with in_(two.a):
        Case.objects.filter(pk=case.pk).update(closed_at=long_ago)
        done = retention.apply_retention(dry_run=False)
        assert done.cases == 1
        assert Case.objects.get(pk=case.pk).subject == erasure.ERASED
        assert OutgoingTransfer.objects.get().reason == erasure.ERASED


# --- Statistics ---------------------------------------------------------------------------------------------------


def test_the_facts_count_transfers_and_a_recount_equals_the_incremental_facts(two: Offices) -> None:
    both = [two.a, two.b]
    extraction.extract_all(both, full=True)
    today = timezone.localdate()
    accepted = a_case(two, last_name="Accepted", documents=False)
    propose(two, accepted)
    received = accept(two)
    declined = a_case(two, last_name="Declined", documents=False)
    propose(two, declined)
    with in_(two.b):
        transfers.decline_transfer(incoming=incoming_of(two), reason="Not here", by=two.head_b)
    cancelled = a_case(two, last_name="Cancelled", documents=False)
    outgoing = propose(two, cancelled)
    with in_(two.a):
        transfers.cancel_transfer(outgoing=outgoing, by=two.head_a)
    propose(two, declined)  # proposed again, then accepted and closed there
    again = accept(two)
    with in_(two.b):
        case_services.answer_and_close(actor=two.head_b, case=again)

    extraction.extract_all(both)
    incremental = {commune.slug: snapshot(commune) for commune in both}
    for commune in both:
        for theme in extraction.THEMES:
            theme.model.objects.filter(commune=commune).delete()
    extraction.extract_all(both, full=True)
    assert {commune.slug: snapshot(commune) for commune in both} == incremental

    month = today.replace(day=1)
    received_facts = CaseFact.objects.filter(commune=two.b, month=month, channel=Case.Channel.TRANSFERRED)
    assert sorted(received_facts.values_list("status", "count")) == [("closed", 1), ("new", 1)]
    assert received.opened_on == today
    sent = CaseFact.objects.filter(commune=two.a, status=Case.Status.TRANSFERRED)
    assert sum(sent.values_list("count", flat=True)) == 2
    assert not CaseFact.objects.filter(commune=two.a, channel=Case.Channel.TRANSFERRED).exists()


# --- At the same moment, against PostgreSQL ------------------------------------------------------------------------


@pytest.fixture
def live(live_db: None, settings: Any, tmp_path: Path) -> Iterator[Offices]:
    """A and B with committed data that separate connections see; what the test wrote is removed after, the
    reference counters and the facts' changes left as they were."""
    settings.MEDIA_ROOT = str(tmp_path)
    a, b = Commune.objects.get(slug="aitmelloul"), Commune.objects.get(slug="nador")
    year, started = timezone.localdate().year, timezone.now()
    counters = {}
    for commune in (a, b):
        with in_(commune):
            counters[commune.slug] = ReferenceCounter.objects.filter(year=year).values_list("last", flat=True).first()
    changes = {
        theme.changes: theme.changes.objects.aggregate(last=Max("pk"))["last"] or 0 for theme in extraction.THEMES
    }
    o = offices(a, b, tag="-live")
    try:
        yield o
    finally:
        for commune in (a, b):
            with in_(commune):
                IncomingTransfer.objects.all().delete()
                OutgoingTransfer.objects.all().delete()
                Case.objects.filter(person__created_by__email__contains="-live@").delete()
                Person.objects.filter(created_by__email__contains="-live@").delete()
                Message.objects.filter(created_at__gte=started).delete()
                AuditEntry.objects.filter(at__gte=started).delete()
                User.objects.filter(email__contains="-live@").delete()
                ReferenceCounter.objects.filter(year=year).delete()
                if counters[commune.slug] is not None:
                    ReferenceCounter.objects.create(year=year, last=counters[commune.slug])
        for model, last in changes.items():
            model.objects.filter(pk__gt=last).delete()


def at_once(*steps: Callable[[], object]) -> list[object]:
    """Each step in a thread of its own, with its own connection, released together: what each returned or
    raised."""
    start = threading.Barrier(len(steps))
    results: list[object] = [None] * len(steps)

    def run(index: int, step: Callable[[], object]) -> None:
        try:
            start.wait(timeout=30)
            results[index] = step()
        except Exception as error:  # noqa: BLE001 - the test reads what each raised
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, step)) for index, step in enumerate(steps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def slowed(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, seconds: float = 0.3) -> None:
    """`module.name` holds its transaction's locks a little longer, so that the other thread arrives meanwhile."""
    original = getattr(module, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        result = original(*args, **kwargs)
        time.sleep(seconds)
        return result

    monkeypatch.setattr(module, name, slow)


def in_thread(commune: Commune, step: Callable[[], object], *, after: float = 0.0) -> Callable[[], object]:
    """`step` in the commune's schema, `after` seconds once released (the other thread's locks taken)."""

    def run() -> object:
        time.sleep(after)
        with in_(commune):
            return step()

    return run


def test_two_accepts_at_once_make_one_case(live: Offices, monkeypatch: pytest.MonkeyPatch) -> None:
    propose(live, a_case(live, last_name="LiveTwice"))
    pending = incoming_of(live)
    slowed(monkeypatch, transfers, "_lock_sending_case")
    results = at_once(
        in_thread(live.b, lambda: transfers.accept_transfer(incoming=pending, by=live.head_b)),
        in_thread(live.b, lambda: transfers.accept_transfer(incoming=pending, by=live.agent_b)),
    )
    assert sorted(type(result).__name__ for result in results) == ["Case", "Conflict"]
    with in_(live.b):
        assert Case.objects.filter(channel=Case.Channel.TRANSFERRED).count() == 1
        assert Person.objects.filter(last_name_latin="LiveTwice").count() == 1


def test_accept_against_decline_one_wins_and_both_offices_agree(live: Offices, monkeypatch: pytest.MonkeyPatch) -> None:
    case = propose(live, a_case(live, last_name="LiveRace", documents=False)).case
    pending = incoming_of(live)
    slowed(monkeypatch, transfers, "_lock_sending_case")
    accepted, declined = at_once(
        in_thread(live.b, lambda: transfers.accept_transfer(incoming=pending, by=live.head_b)),
        in_thread(live.b, lambda: transfers.decline_transfer(incoming=pending, reason="No", by=live.agent_b)),
    )
    assert isinstance(accepted, Conflict) != isinstance(declined, Conflict)
    with in_(live.a):
        outgoing = OutgoingTransfer.objects.get(case=case)
        status = Case.objects.get(pk=case.pk).status
    with in_(live.b):
        received = Case.objects.filter(channel=Case.Channel.TRANSFERRED).count()
        incoming = list(IncomingTransfer.objects.values_list("status", flat=True))
    if isinstance(declined, Conflict):
        assert (outgoing.status, status, received, incoming) == ("accepted", "transferred", 1, ["accepted"])
    else:
        assert (outgoing.status, status, received, incoming) == ("declined", "in_progress", 0, [])


@pytest.mark.parametrize("first", ["transfer", "erasure"])
def test_transfer_against_erasure_one_wins(live: Offices, monkeypatch: pytest.MonkeyPatch, first: str) -> None:
    case = a_case(live, last_name="LiveErased", documents=False)
    if first == "transfer":
        slowed(monkeypatch, transfers, "_lock_sending_case")
    else:
        slowed(monkeypatch, erasure, "_erase_bookings")  # the person locked, the erasure not done yet
    with in_(live.a):
        who = Person.objects.get(pk=case.person_id)
    propose_now = in_thread(live.a, lambda: propose(live, case), after=0.0 if first == "transfer" else 0.1)
    erase = lambda: erasure.erase_person(actor=live.head_a, person=who, reason="Request")  # noqa: E731
    erase_now = in_thread(live.a, erase, after=0.1 if first == "transfer" else 0.0)
    proposed, erased = at_once(propose_now, erase_now)
    with in_(live.a):
        pending = OutgoingTransfer.objects.filter(status="pending").count()
        gone = Person.objects.get(pk=who.pk).erased_at is not None
    with in_(live.b):
        summaries = IncomingTransfer.objects.count()
    if first == "transfer":
        assert isinstance(proposed, OutgoingTransfer)
        assert isinstance(erased, Conflict)
        assert (pending, gone, summaries) == (1, False, 1)
    else:
        assert isinstance(proposed, Conflict)
        assert not isinstance(erased, Exception)
        assert (pending, gone, summaries) == (0, True, 0)
