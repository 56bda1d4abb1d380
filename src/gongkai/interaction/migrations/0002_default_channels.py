"""The default channels (interaction.channels.DEFAULT_CHANNELS; decision 0013)."""

from django.db import migrations


def install(apps, schema_editor):
    from gongkai.interaction.channels import DEFAULT_CHANNELS

    Channel = apps.get_model("interaction", "Channel")
    for d in DEFAULT_CHANNELS:
        Channel.objects.get_or_create(
            slug=d.slug,
            defaults={
                "name": d.name,
                "kind": d.kind,
                "reply_working_days": d.reply_working_days,
                "order": d.order,
                "unit_label": d.unit_label,
                "intro": d.intro,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("interaction", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
