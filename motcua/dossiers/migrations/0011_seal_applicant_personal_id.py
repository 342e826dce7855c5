import motcua.core.personal_data
from django.db import migrations, models

from motcua.core.personal_data_migration import seal_column


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0010_idempotency_digest"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="dossier",
            name="dossiers_applicant_pid",
        ),
        migrations.AddField(
            model_name="dossier",
            name="applicant_personal_id_hash",
            field=motcua.core.personal_data.LookupHashField(
                blank=True, default="", editable=False, max_length=64
            ),
        ),
        migrations.AlterField(
            model_name="dossier",
            name="applicant_personal_id",
            field=motcua.core.personal_data.SealedCharField(
                blank=True,
                verbose_name="số định danh cá nhân",
            ),
        ),
        migrations.RunPython(
            *seal_column(
                "dossiers_dossier", "applicant_personal_id", "applicant_personal_id_hash"
            )
        ),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(
                condition=models.Q(("applicant_personal_id_hash", ""), _negated=True),
                fields=["applicant_personal_id_hash"],
                name="dossiers_applicant_pid_hash",
            ),
        ),
    ]
