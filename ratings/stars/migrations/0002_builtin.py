"""The built-in scoring templates and the built-in star rule sets (seed 001, seed 004)."""
from django.db import migrations


def load_builtin_templates(apps, schema_editor):
    from ratings.stars.builtin import ensure_builtin_templates

    ensure_builtin_templates((apps.get_model("stars", "ScoringTemplate"), apps.get_model("stars", "ScoringSection"),
                              apps.get_model("stars", "ScoringRule")))




def load_builtin_star_rulesets(apps, schema_editor):
    """Rule sets pk 2 (seed 001) and 3 (seed 004): the same rows as fixtures/builtin_star_rules.json."""
    import json
    from pathlib import Path

    RuleSet = apps.get_model("campaigns", "RuleSet")
    rows = json.loads((Path(__file__).resolve().parent.parent / "fixtures" / "builtin_star_rules.json").read_text("utf-8"))
    for row in rows:
        fields = {k: v for k, v in row["fields"].items() if k not in ("created", "updated", "copied_from", "owner")}
        if not RuleSet.objects.filter(pk=row["pk"]).exists() and not RuleSet.objects.filter(name=fields["name"]).exists():
            RuleSet.objects.create(pk=row["pk"], **fields)
    from django.core.management.color import no_style

    # explicit primary keys do not move PostgreSQL's sequence: reset it so later copies get fresh ids
    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [RuleSet]):
            cursor.execute(sql)




class Migration(migrations.Migration):

    dependencies = [("stars", "0001_initial"), ("campaigns", "0001_initial")]

    operations = [
        migrations.RunPython(load_builtin_templates, migrations.RunPython.noop),
        migrations.RunPython(load_builtin_star_rulesets, migrations.RunPython.noop),
    ]
