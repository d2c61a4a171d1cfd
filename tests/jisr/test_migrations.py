"""Every change to a model ships with its migration.

A model change without one is applied nowhere: django-tenants builds each commune's
schema from the migrations, so the running code and the tables would disagree.
(A country removed from django-countries' list changes the length of a multiple
country field: that, too, is a migration.)
"""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_is_missing_its_migration() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        raise AssertionError(f"models changed without a migration:\n{out.getvalue()}") from exit_
