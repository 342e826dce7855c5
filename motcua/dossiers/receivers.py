"""The dossiers app listens to the working calendar: a change re-projects due moments."""

from datetime import date
from typing import Any

from django.dispatch import receiver

from motcua.dossiers.actions.rules import dossiers_reproject
from motcua.units.models import Agency
from motcua.workdays.signals import calendar_changed


@receiver(calendar_changed, dispatch_uid="dossiers_reproject")
def reproject_on_calendar_change(
    sender: Any, *, first_day: date, last_day: date, agency: Agency | None, **kwargs: Any
) -> None:
    # Sent after the calendar change commits: this runs in its own transaction. A national
    # change (agency None) reaches every agency, since each inherits the national calendar.
    dossiers_reproject(agency=agency, first_day=None if first_day == date.min else first_day)
