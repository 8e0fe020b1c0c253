"""A random public address for each campaign's public pages; existing campaigns get their own token."""
import uuid

from django.db import migrations, models


def fill(apps, schema_editor):
    Campaign = apps.get_model("campaigns", "Campaign")
    for row in Campaign.objects.filter(public_token__isnull=True).only("pk"):
        Campaign.objects.filter(pk=row.pk).update(public_token=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [
        migrations.AddField("campaign", "public_token", models.UUIDField(null=True, editable=False)),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField("campaign", "public_token",
                              models.UUIDField(default=uuid.uuid4, unique=True, editable=False)),
    ]
