"""Each commune's code, unique in the country: it begins its case references, so that a reference names one case
wherever it travels (tenants.codes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from jisr.demo import DEMO_COMMUNES
from tenants import codes, services
from tenants.models import Commune

pytestmark = pytest.mark.django_db


def communes() -> set[str]:
    return set(Commune.objects.values_list("schema_name", flat=True))


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Aït Melloul", "AITM"),
        ("Béni Mellal", "BENIM"),
        ("Tiznit", "TIZNIT"),
        ("Taroudant", "TAROUD"),
        ("Ksar El Kebir", "KSAREK"),
        ("El Jadida", "ELJA"),  # fewer than 4 letters from the words: the last word goes on
        ("L'Oudaya", "OUDAYA"),  # an elided article is no word
        ("Fès", "FES1"),  # a name of 3 letters takes a number
    ],
)
def test_a_code_reads_as_the_french_name(name: str, code: str) -> None:
    assert codes.derive_code(name, "slug", set()) == code
    assert codes.is_code(code)


def test_the_demo_communes_get_distinct_codes_from_their_names() -> None:
    taken: set[str] = set()
    for demo in DEMO_COMMUNES:
        code = codes.derive_code(demo.name_fr, demo.slug, taken)
        assert codes.is_code(code), (demo.name_fr, code)
        assert code not in taken, (demo.name_fr, code)
        taken.add(code)
    assert {"AITM", "TIZNIT", "NADOR", "BENIM"} <= taken


def test_communes_whose_names_begin_alike_get_distinct_codes(db: None) -> None:
    created = {
        slug: services.provision_commune(slug=slug, name_fr=name).code
        for slug, name in [
            ("aitbaha", "Aït Baha"),
            ("aitiaaza", "Aït Iaaza"),
            ("aitbouguemez", "Aït Bouguemez"),
            ("aitmelloulsud", "Aït Melloul"),  # the same name as the test commune aitmelloul's
        ]
    }
    assert created == {"aitbaha": "AITB", "aitiaaza": "AITI", "aitbouguemez": "AITB2", "aitmelloulsud": "AITM2"}
    every = list(Commune.objects.exclude(status=Commune.Status.POOLED).values_list("code", flat=True))
    assert len(every) == len(set(every))
    assert all(codes.is_code(code) for code in every)
    assert not Commune.objects.filter(status=Commune.Status.POOLED).exclude(code=None).exists()


def test_the_operators_official_code_is_kept(db: None) -> None:
    commune = services.provision_commune(slug="aitamira", name_fr="Aït Amira", code=" ait21 ")
    assert Commune.objects.get(pk=commune.pk).code == "AIT21"


def test_a_code_already_taken_is_refused_and_nothing_is_created(db: None, commune_a: Commune) -> None:
    before = communes()
    with translation.override("en"), pytest.raises(services.ProvisioningError) as caught:
        services.provision_commune(slug="aitbaha", name_fr="Aït Baha", code=commune_a.code.lower())
    assert caught.value.message_dict == {"code": ["The code “AITM” is already taken by Aït Melloul."]}
    assert communes() == before


@pytest.mark.parametrize("code", ["AIT", "AITMELL", "1AIT", "AIT-M", "AÏTM", "AIT M"])
def test_a_malformed_code_is_refused_and_nothing_is_created(db: None, code: str) -> None:
    before = communes()
    with translation.override("en"), pytest.raises(services.ProvisioningError) as caught:
        services.provision_commune(slug="aitbaha", name_fr="Aït Baha", code=code)
    assert "4 to 6 capital letters or digits" in caught.value.message_dict["code"][0]
    assert communes() == before


def test_the_create_command_takes_a_code_and_says_why_it_refuses_one(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("commune", "create", "aitbaha", "--name-fr", "Aït Baha", "--code", "AB12")
    assert Commune.objects.get(slug="aitbaha").code == "AB12"
    with translation.override("en"), pytest.raises(CommandError, match="already taken by Aït Baha"):
        call_command("commune", "create", "aitiaaza", "--name-fr", "Aït Iaaza", "--code", "AB12")
    call_command("commune", "list")
    assert "AB12" in capsys.readouterr().out


@pytest.mark.parametrize(
    "code",
    [
        "NADOR",  # nador's: unique
        None,  # an active commune without a code
        "ait",  # not the form of a code
    ],
)
def test_the_database_itself_refuses_a_code_taken_missing_or_malformed(
    db: None, commune_a: Commune, code: str | None
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Commune.objects.filter(pk=commune_a.pk).update(code=code)


def test_the_migration_gives_existing_communes_distinct_codes_in_the_order_they_were_created(db: None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("tenants", "0004_office_texts_in_each_language")])
    before = executor.loader.project_state(("tenants", "0004_office_texts_in_each_language")).apps
    Old = before.get_model("tenants", "Commune")
    start = timezone.now()
    for n, (slug, name) in enumerate([("aitbaha", "Aït Baha"), ("aitbouguemez", "Aït Bouguemez"), ("fes", "Fès")]):
        Old.objects.create(schema_name=f"commune_{slug}", slug=slug, name_fr=name, status="active")
        Old.objects.filter(slug=slug).update(created_at=start + timedelta(seconds=n))
    Old.objects.create(schema_name="pool_codes", status="pooled")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # PostgreSQL alters no table with checks still pending

    executor = MigrationExecutor(connection)
    executor.migrate([("tenants", "0005_commune_code")])

    given = dict(Commune.objects.values_list("schema_name", "code"))
    assert given["commune_aitmelloul"] == "AITM"
    assert given["commune_nador"] == "NADOR"
    assert (given["commune_aitbaha"], given["commune_aitbouguemez"], given["commune_fes"]) == ("AITB", "AITB2", "FES1")
    assert given["pool_codes"] is None
