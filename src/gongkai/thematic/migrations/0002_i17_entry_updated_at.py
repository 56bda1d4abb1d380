from django.db import migrations, models
from django.db.models import F


def backfill(apps, schema_editor):
    Entry = apps.get_model("thematic", "Entry")
    Entry.objects.filter(updated_at=None).exclude(published_at=None).update(
        updated_at=F("published_at")
    )


class Migration(migrations.Migration):
    dependencies = [("thematic", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="updated_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="更新时间"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
