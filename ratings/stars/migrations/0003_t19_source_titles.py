"""Built-in rule sets and scoring templates name their source documents in words: "（种子004）" and
"seed 000 §…" become the document's Chinese title and clause (core.sources.source_text). The short
``source`` fields keep their seed numbers (tests and docs/rules.md cite them); pages show them through
the ``source_text`` filter."""
from django.db import migrations


def rename_sources(apps, schema_editor):
    from core.sources import source_text

    changes = {
        ("campaigns", "RuleSet"): ("name", "description", "classification_standards"),
        ("stars", "ScoringTemplate"): ("notes",),
    }
    for (app, model_name), fields in changes.items():
        model = apps.get_model(app, model_name)
        for obj in model.objects.all():
            new = {f: source_text(getattr(obj, f)) for f in fields if hasattr(obj, f)}
            new = {f: v for f, v in new.items() if v != getattr(obj, f)}
            if new:
                field_max = {f: model._meta.get_field(f).max_length for f in new}
                new = {f: (v[:field_max[f]] if field_max[f] else v) for f, v in new.items()}
                model.objects.filter(pk=obj.pk).update(**new)


class Migration(migrations.Migration):

    dependencies = [
        ("stars", "0002_builtin"),
        ("campaigns", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename_sources, migrations.RunPython.noop)]
