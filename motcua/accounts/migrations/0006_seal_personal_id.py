import motcua.accounts.fields
import motcua.core.personal_data
from django.db import migrations, models

from motcua.core.personal_data_migration import seal_column


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_sessions_epoch_and_api_tokens"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="user",
            name="user_personal_id_unique",
        ),
        migrations.AddField(
            model_name="user",
            name="personal_id_hash",
            field=motcua.core.personal_data.LookupHashField(
                blank=True, default="", editable=False, max_length=64
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="personal_id",
            field=motcua.core.personal_data.SealedCharField(
                blank=True,
                validators=[motcua.accounts.fields.validate_personal_id],
                verbose_name="số định danh cá nhân",
            ),
        ),
        migrations.RunPython(*seal_column("accounts_user", "personal_id", "personal_id_hash")),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                condition=models.Q(("personal_id_hash", ""), _negated=True),
                fields=("personal_id_hash",),
                name="user_personal_id_hash_unique",
            ),
        ),
    ]
