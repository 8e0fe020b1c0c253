"""Quorum rows for the built-in seed 001 and seed 004 rule sets (pk 2 and 3).

Seeds 001 and 004 set no attendance numbers of their own, so without rows a campaign on them could run no
survey, classification or year-end. They take seed 000's table (the only seed that sets one, docs/rules.md §4),
the same rows as fixtures/builtin_star_quorum.json, with the same (high, out of the way of copies) primary keys so that loading the fixture
later changes nothing.
"""
import json
from pathlib import Path

from django.db import migrations


def add_quorum_rows(apps, schema_editor):
    RuleSet = apps.get_model("campaigns", "RuleSet")
    QuorumRule = apps.get_model("campaigns", "QuorumRule")
    rows = json.loads((Path(__file__).resolve().parent.parent / "fixtures" / "builtin_star_quorum.json").read_text("utf-8"))
    for row in rows:
        if row["model"] != "campaigns.quorumrule":
            continue
        fields = dict(row["fields"])
        ruleset_id = fields.pop("ruleset")
        if not RuleSet.objects.filter(pk=ruleset_id, is_builtin=True).exists():
            continue
        if QuorumRule.objects.filter(ruleset_id=ruleset_id, activity=fields["activity"], group=fields["group"]).exists():
            continue
        QuorumRule.objects.create(pk=row["pk"], ruleset_id=ruleset_id, **fields)
    from django.core.management.color import no_style

    with schema_editor.connection.cursor() as cursor:
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [QuorumRule]):
            cursor.execute(sql)


class Migration(migrations.Migration):

    dependencies = [("stars", "0003_t15_cutoffs"), ("campaigns", "0001_initial")]

    operations = [migrations.RunPython(add_quorum_rows, migrations.RunPython.noop)]
