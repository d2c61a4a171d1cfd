"""Morocco's territory is whole: a person recorded as living in or holding the nationality of "Western Sahara"
(EH, offered by django-countries until settings.COUNTRIES_OVERRIDE removed it) is recorded in Morocco. The
facts follow through the commune's triggers."""

from django.db import migrations

TO_MOROCCO = [
    "UPDATE cases_person SET residence_country = 'MA' WHERE residence_country = 'EH'",
    "UPDATE cases_person SET nationalities = array_to_string(ARRAY("
    "SELECT DISTINCT code FROM unnest(string_to_array(nationalities, ',')) AS c(raw),"
    " LATERAL (SELECT CASE WHEN raw = 'EH' THEN 'MA' ELSE raw END) AS m(code) ORDER BY 1), ',')"
    " WHERE ',' || nationalities || ',' LIKE '%,EH,%'",
]


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_record_keys")]

    operations = [migrations.RunSQL(TO_MOROCCO, migrations.RunSQL.noop)]
