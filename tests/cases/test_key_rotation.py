"""Rotating the key of identity numbers: every commune's rows encrypted again, resumably, none lost."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from cases.models import IdentityDocument
from cases.services import people
from jisr import crypto
from jisr.accounts.models import Role
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import person
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

NUMBERS = {"aitmelloul": ["J123456", "JB98765", "AB1234567"], "nador": ["S445566", "SA77881"]}


@pytest.fixture
def documents(commune_a: Commune, commune_b: Commune) -> dict[str, dict[int, str]]:
    """Identity numbers in both communes, encrypted with today's key: {slug: {document id: number}}."""
    held: dict[str, dict[int, str]] = {}
    for commune in (commune_a, commune_b):
        with schema_context(commune.schema_name):
            head = make_staff(commune, email=f"keys@{commune.slug}.test", role=Role.OFFICE_HEAD)
            someone = person(head)
            held[str(commune.slug)] = {
                people.add_identity_document(actor=head, person=someone, kind=kind, number=number).pk: number
                for kind, number in zip(("cin", "passport", "consular_card"), NUMBERS[str(commune.slug)], strict=False)
            }
    return held


@pytest.fixture
def new_key(settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A new key put in front of the old one, as an operator starts a rotation."""
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode(), *settings.FIELD_ENCRYPTION_KEYS]
    crypto.clear_cache()
    yield crypto.primary_key_id()
    crypto.clear_cache()


def stored(commune: Commune) -> dict[int, tuple[str, str, str]]:
    with schema_context(commune.schema_name):
        return {
            row.pk: (row.key_id, row.number_encrypted, row.number_index)
            for row in IdentityDocument.objects.order_by("pk")
        }


def run(*args: str) -> str:
    out = StringIO()
    call_command("rotate_identity_keys", *args, stdout=out)
    return out.getvalue()


def retire_old_keys(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FIELD_ENCRYPTION_KEYS = settings.FIELD_ENCRYPTION_KEYS[:1]
    crypto.clear_cache()


def test_every_commune_is_encrypted_again_and_opens_with_the_new_key_alone(
    documents: dict[str, dict[int, str]], new_key: str, commune_a: Commune, commune_b: Commune, settings
) -> None:  # type: ignore[no-untyped-def]
    before = {commune.slug: stored(commune) for commune in (commune_a, commune_b)}
    assert {key for rows in before.values() for key, _token, _index in rows.values()} == {
        crypto.key_id(settings.FIELD_ENCRYPTION_KEYS[1])
    }

    output = run()

    assert "Every identity number is encrypted with key" in output
    retire_old_keys(settings)
    for commune in (commune_a, commune_b):
        after = stored(commune)
        assert after.keys() == before[commune.slug].keys()
        for pk, (key_id, token, index) in after.items():
            assert key_id == new_key
            assert token != before[commune.slug][pk][1]
            assert index == before[commune.slug][pk][2]  # still found by the same keyed hash
            assert crypto.decrypt(token) == documents[str(commune.slug)][pk]


def test_a_run_stopped_by_its_limit_goes_on_where_it_was(
    documents: dict[str, dict[int, str]], new_key: str, commune_a: Commune, commune_b: Commune
) -> None:
    first = run("--limit", "2", "--batch", "1")
    assert "3 rows are still on an older key" in first
    done_first = {pk: row for pk, row in stored(commune_a).items() if row[0] == new_key}
    assert len(done_first) == 2
    assert all(key_id != new_key for key_id, _token, _index in stored(commune_b).values())

    second = run()

    assert "1 encrypted again, 0 left" in second  # aitmelloul: only the row the first run did not reach
    assert "2 encrypted again, 0 left" in second  # nador
    after = stored(commune_a)
    assert all(after[pk] == row for pk, row in done_first.items())  # not encrypted twice
    assert {key_id for key_id, _token, _index in after.values()} == {new_key}


def test_rows_no_key_opens_are_named_and_the_others_still_rotated(
    documents: dict[str, dict[int, str]], new_key: str, commune_a: Commune, commune_b: Commune
) -> None:
    lost = next(iter(documents["aitmelloul"]))
    with schema_context(commune_a.schema_name):
        # Encrypted with a key that has since been removed from the settings.
        IdentityDocument.objects.filter(pk=lost).update(
            number_encrypted=Fernet(Fernet.generate_key()).encrypt(b"X000000").decode(), key_id="gone"
        )

    with pytest.raises(CommandError, match=rf"aitmelloul: documents {lost}\b.*put it back"):
        run()

    after_a, after_b = stored(commune_a), stored(commune_b)
    assert after_a[lost][0] == "gone"
    assert {key_id for pk, (key_id, _t, _i) in after_a.items() if pk != lost} == {new_key}
    assert {key_id for key_id, _token, _index in after_b.values()} == {new_key}


def test_one_commune_rotated_leaves_the_others_rows_alone(
    documents: dict[str, dict[int, str]], new_key: str, commune_a: Commune, commune_b: Commune
) -> None:
    before_b = stored(commune_b)

    run(str(commune_a.slug))

    assert {key_id for key_id, _token, _index in stored(commune_a).values()} == {new_key}
    assert stored(commune_b) == before_b


def test_check_counts_rows_per_key_and_writes_nothing(
    documents: dict[str, dict[int, str]], new_key: str, commune_a: Commune, commune_b: Commune
) -> None:
    before = (stored(commune_a), stored(commune_b))

    output = run("--check")

    assert "aitmelloul: 3 on an older key" in output
    assert "nador: 2 on an older key" in output
    assert "5 identity numbers to encrypt again." in output
    assert (stored(commune_a), stored(commune_b)) == before


@pytest.mark.parametrize("args", [["--batch", "0"], ["--limit", "-1"], ["nowhere"]])
def test_bad_arguments_are_refused_before_anything_is_written(
    documents: dict[str, dict[int, str]], new_key: str, commune_a: Commune, args: list[str]
) -> None:
    before = stored(commune_a)
    with pytest.raises(CommandError):
        run(*args)
    assert stored(commune_a) == before
