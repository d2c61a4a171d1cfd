"""PostgreSQL extensions, created once in the public schema where every commune's schema sees them.

A tenant app must not create them: in a commune's schema (first on the
search path) the extension would land there, out of the others' reach.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    operations = [TrigramExtension(), UnaccentExtension()]
