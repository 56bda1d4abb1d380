"""Ship the default 主题分类 taxonomy (two levels, after the gov.cn catalogue)."""

from django.db import migrations


def load(apps, schema_editor):
    from gongkai.documents.vocab import DEFAULT_TOPICS

    Topic = apps.get_model("documents", "Topic")
    for i, (code, name, children) in enumerate(DEFAULT_TOPICS):
        top, _ = Topic.objects.get_or_create(code=code, defaults={"name": name, "sort_order": i})
        for j, (ccode, cname) in enumerate(children):
            Topic.objects.get_or_create(
                code=ccode, defaults={"name": cname, "parent": top, "sort_order": j}
            )


def unload(apps, schema_editor):
    from gongkai.documents.vocab import DEFAULT_TOPICS

    Topic = apps.get_model("documents", "Topic")
    codes = [c for _, _, ch in DEFAULT_TOPICS for c, _ in ch]
    Topic.objects.filter(code__in=codes).delete()
    Topic.objects.filter(code__in=[c for c, _, _ in DEFAULT_TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
