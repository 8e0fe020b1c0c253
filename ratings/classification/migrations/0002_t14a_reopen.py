"""The "reopened" row of a classification's reviews (docs/rules.md §13)."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("classification", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="classificationreview",
            name="kind",
            field=models.CharField(choices=[("confirm", "Confirmed"), ("return", "Returned"), ("decide", "Decided by the township"),
                                            ("comment", "Comment"), ("reopen", "Reopened")], max_length=10, verbose_name="kind"),
        ),
    ]
