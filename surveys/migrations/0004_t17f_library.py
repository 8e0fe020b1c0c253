import django.db.models.deletion
from django.db import migrations, models


def _sha256(field) -> str:
    import hashlib

    try:
        field.open("rb")
        try:
            digest = hashlib.sha256()
            for chunk in field.chunks():
                digest.update(chunk)
            return digest.hexdigest()
        finally:
            field.close()
    except Exception:  # a row whose file is gone keeps its place in the library, without a fingerprint
        return ""


def to_library(apps, schema_editor):
    """Every existing survey record attachment becomes (or joins, by its bytes) a file of its organisation's
    library for the year, and is listed as one of that file's uses; the stored file is not copied."""
    SurveyAttachment = apps.get_model("surveys", "SurveyAttachment")
    LibraryFile = apps.get_model("campaigns", "LibraryFile")
    LibraryUse = apps.get_model("campaigns", "LibraryUse")
    for row in SurveyAttachment.objects.select_related("record__organization").iterator():
        record = row.record
        campaign_id, organization_id = record.campaign_id, record.organization_id
        sha = _sha256(row.file) if row.file else ""
        lib = LibraryFile.objects.filter(campaign_id=campaign_id, organization_id=organization_id,
                                         sha256=sha).first() if sha else None
        if lib is None:
            lib = LibraryFile.objects.create(campaign_id=campaign_id, organization_id=organization_id, file=row.file.name,
                                             name=row.name, size=row.size, content_type=row.content_type, sha256=sha,
                                             uploaded_by_id=row.uploaded_by_id)
        row.library_file = lib
        row.save(update_fields=["library_file"])
        # the label is data written once; the services write it in the interface language (zh-hans)
        LibraryUse.objects.get_or_create(file=lib, kind="surveys.attachment", object_id=row.pk, defaults={
            "label": f"调查记录 · {record.title} · {record.organization.name}"[:300]})


class Migration(migrations.Migration):

    dependencies = [
        ("campaigns", "0002_t17_library"),
        ("surveys", "0003_t16t_survey_teams"),
    ]

    operations = [
        migrations.AddField(
            model_name="surveyattachment",
            name="library_file",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="campaigns.libraryfile"),
        ),
        migrations.RunPython(to_library, migrations.RunPython.noop),
    ]
