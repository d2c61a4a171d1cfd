"""What the public schema holds: no column of it can carry a visitor's personal data.

Facts have an allowlist of columns: a new one fails here until it is added on purpose. Every other table
of the public schema is checked against a denylist of what identifies a person; the few tables that hold
contact details of the platform's own bodies (offices, services, staff accounts) are named, with why.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection

pytestmark = pytest.mark.django_db

FACT_COLUMNS = {
    "id",
    "commune_id",
    "month",
    "count",
    # cases
    "kind",
    "category",
    "channel",
    "status",
    "answered",
    "answered_in_time",
    "days_to_answer",
    # sums of record keys modulo 2^32 (the cell key method): uniform, no record's own key once two are summed,
    # and never shown (tests/analytics/test_cellkey.py scans every answer and file for them)
    "key_sum",
    "answered_key_sum",
    "in_time_key_sum",
    # people: coarse bands, never a year of birth or a country
    "sex",
    "age_band",
    "generation",
    "country_group",
    # answer times
    "days",
    # referrals
    "target_type",
    "outcome",
    "with_outcome",
    "days_to_outcome",
    # satisfaction
    "score",
    # the extraction's own bookkeeping
    "changes_until",
    "ran_at",
    "months_rebuilt",
    # a programme's yearly targets (analytics.Target): the programme's own figures, set by operators;
    # `note` says where a target comes from (an agreement, a logframe), never who was received
    "programme_id",
    "indicator",
    "year",
    "value",
    "note",
}
IDENTIFYING = {
    "first_name_latin",
    "last_name_latin",
    "first_name_ar",
    "last_name_ar",
    "birth_year",
    "birth_date",
    "date_of_birth",
    "residence_country",
    "nationalities",
    "number_encrypted",
    "number_hash",
    "identity_number",
    "passport",
    "cin",
    "whatsapp",
    "person_id",
    "case_id",
    "reference",
    "subject",
    "comment",
    "purpose",
    "body",
    "verification_code",
    "token_hash",
    "code_hash",
}
# Contact details of bodies, not of the people an office receives.
CONTACTS_OF_BODIES = {
    "tenants_commune": "the office's own address, phone, WhatsApp and e-mail, shown on its portal",
    "network_externalservice": "the external services' public contacts, in the regional directory",
    # The outbox of the public schema sends the platform's own mail (staff invitations, password resets);
    # a visitor's messages are written in their commune's schema (tests/cases/portal, isolation).
    "outbox_message": "messages to platform accounts",
}


def public_columns() -> dict[str, set[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'")
        tables: dict[str, set[str]] = {}
        for table, column in cursor.fetchall():
            tables.setdefault(table, set()).add(column)
    return tables


def test_facts_have_only_the_allowed_columns() -> None:
    tables = public_columns()
    fact_tables = {model._meta.db_table for model in apps.get_app_config("analytics").get_models()}
    assert {"analytics_casefact", "analytics_peoplefact", "analytics_referralfact"} <= fact_tables
    for table in fact_tables:
        assert tables[table] <= FACT_COLUMNS, (table, tables[table] - FACT_COLUMNS)
    # Every analytics table is a known one: nothing in the app escapes the allowlist.
    assert {table for table in tables if table.startswith("analytics_")} == fact_tables


def test_no_table_of_the_public_schema_has_a_column_that_identifies_a_person() -> None:
    tables = public_columns()
    assert len(tables) > 20
    found = {
        table: sorted(columns & IDENTIFYING)
        for table, columns in tables.items()
        if columns & IDENTIFYING and table not in CONTACTS_OF_BODIES
    }
    assert found == {}
    # The bodies' tables name no one the offices receive either.
    for table in CONTACTS_OF_BODIES:
        assert not tables[table] & {"first_name_latin", "birth_year", "person_id", "case_id"}


def test_nothing_in_the_public_schema_points_into_a_communes_schema() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT source.relname, target_ns.nspname, target.relname
            FROM pg_constraint c
            JOIN pg_class source ON source.oid = c.conrelid
            JOIN pg_namespace source_ns ON source_ns.oid = source.relnamespace
            JOIN pg_class target ON target.oid = c.confrelid
            JOIN pg_namespace target_ns ON target_ns.oid = target.relnamespace
            WHERE c.contype = 'f' AND source_ns.nspname = 'public' AND target_ns.nspname <> 'public'
            """
        )
        assert cursor.fetchall() == []
