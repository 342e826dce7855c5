"""The per-agency `Counter` rows become `core.NumberSequence` rows, one key each, and the
Counter table goes: dossier codes, slip numbers and hall tickets now share one service
(`core.sequences`). Today's numbers go on from where they were."""

from django.db import migrations


def _key(agency_id: int, scope: str) -> str:
    if scope.startswith("ticket:"):  # "ticket:<hall>:<yyyymmdd>"
        _kind, hall, day = scope.split(":", 2)
        return f"hall:{hall}:ticket:{day}"
    return f"agency:{agency_id}:{scope}"


def forwards(apps, schema_editor):
    Counter = apps.get_model("dossiers", "Counter")
    NumberSequence = apps.get_model("core", "NumberSequence")
    NumberSequence.objects.bulk_create(
        [
            NumberSequence(key=_key(row.agency_id, row.scope), last=row.last)
            for row in Counter.objects.iterator()
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_number_sequence"),
        ("dossiers", "0007_fewer_indexes"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(name="Counter"),
    ]
