"""`motcua refdata load` for the calendar: the national days off and make-up working days
of data/workdays/overrides.csv (see the README there for sources).

Idempotent. A row an administrator has edited is kept as they left it; a row still as
loaded is refreshed from the file, so a corrected data file reaches existing installs.
"""

from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from motcua.core.input import csv_rows
from motcua.workdays.models import CalendarOverride
from motcua.workdays.services import calendar_revision_bump

DATA_FILE = Path(settings.BASE_DIR) / "data" / "workdays" / "overrides.csv"
FIELDS = ("kind", "confirmed", "reason", "legal_reference")


def read_rows(path: Path = DATA_FILE) -> dict[date, dict[str, object]]:
    return {
        date.fromisoformat(row["day"]): {
            "kind": row["kind"],
            "confirmed": row["confirmed"] == "yes",
            "reason": row["reason"],
            "legal_reference": row["legal_reference"],
        }
        for row in csv_rows(path)
    }


@transaction.atomic
def load() -> str:
    rows = read_rows()
    existing = {o.day: o for o in CalendarOverride.objects.filter(agency__isnull=True)}
    changed: list[date] = []
    kept = 0
    for day, values in rows.items():
        override = existing.get(day) or CalendarOverride(day=day)
        if override.updated_by_id is not None:
            kept += 1
            continue
        if override.pk and all(getattr(override, name) == values[name] for name in FIELDS):
            continue
        for name in FIELDS:
            setattr(override, name, values[name])
        override.full_clean()
        override.save()
        changed.append(day)
    if changed:
        calendar_revision_bump(first_day=min(changed), last_day=max(changed), agency=None)
    return (
        f"{len(rows)} calendar days in the file: {len(changed)} added or refreshed, "
        f"{kept} kept as edited by an administrator"
    )
