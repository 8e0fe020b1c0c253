"""A random public address for each star application's objection form (existing rows get their own token);
the "reopened" step of the approval chain."""
import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    StarApplication = apps.get_model("stars", "StarApplication")
    for row in StarApplication.objects.filter(public_token__isnull=True).only("pk"):
        StarApplication.objects.filter(pk=row.pk).update(public_token=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("stars", "0002_builtin")]

    operations = [
        migrations.AddField("starapplication", "public_token", models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField("starapplication", "public_token",
                              models.UUIDField(default=uuid.uuid4, unique=True, editable=False)),
        migrations.AlterField(
            model_name="starapproval",
            name="decision",
            field=models.CharField(choices=[("submit", "Applied"), ("assess", "Assessed"), ("inspect", "Inspection passed"),
                                            ("notice", "Public notice opened"), ("approve", "Approved"), ("return", "Returned"),
                                            ("spot_check", "Spot check"), ("reopen", "Reopened")],
                                   max_length=12, verbose_name="decision"),
        ),
    ]
