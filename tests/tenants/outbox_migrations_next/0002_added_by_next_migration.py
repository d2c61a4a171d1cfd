from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("outbox", "0001_initial")]
    operations = [
        migrations.AddField(
            model_name="message",
            name="added_by_next_migration",
            field=models.CharField(max_length=10, null=True),
        ),
    ]
