from django.db import migrations, models

from motcua.core.text import fold

BATCH = 2000


def fold_names(apps, schema_editor):
    """The folded name of every dossier already there, a batch at a time (the demo's
    and a live ward's hundreds of thousands do not fit in memory at once)."""
    Dossier = apps.get_model("dossiers", "Dossier")
    last = 0
    while True:
        batch = list(
            Dossier.objects.filter(pk__gt=last).order_by("pk").only("pk", "applicant_name")[:BATCH]
        )
        if not batch:
            return
        for dossier in batch:
            dossier.applicant_search = fold(dossier.applicant_name)
        Dossier.objects.bulk_update(batch, ["applicant_search"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0008_number_sequences_in_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossier",
            name="applicant_search",
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
        migrations.RunPython(fold_names, migrations.RunPython.noop),
    ]
