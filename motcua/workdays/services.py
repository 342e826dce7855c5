"""Writes to the working calendar. Each one is a transaction, changes the calendar
revision (so every process rebuilds its cached calendar) and, once committed, sends
`calendar_changed` so open dossiers are re-projected."""

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.units.models import Agency
from motcua.workdays.calendar import format_periods, parse_periods
from motcua.workdays.models import CalendarOverride, CalendarRevision, OverrideKind, WorkingHours
from motcua.workdays.signals import calendar_changed


def _require(actor: User, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied(_("Bạn không có quyền sửa lịch làm việc."))


def calendar_revision_bump(*, first_day: date, last_day: date, agency: Agency | None) -> None:
    """Mark the calendar changed; call inside the writing transaction."""
    CalendarRevision.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4()})
    transaction.on_commit(
        lambda: calendar_changed.send(
            sender=CalendarRevision, first_day=first_day, last_day=last_day, agency=agency
        )
    )


@transaction.atomic
def calendar_override_set(
    *,
    actor: User,
    day: date,
    kind: str,
    reason: str,
    legal_reference: str = "",
    confirmed: bool,
    agency: Agency | None = None,
) -> CalendarOverride:
    """Create or replace the override of `day` (national when `agency` is None)."""
    _require(actor, "workdays.change_calendaroverride")
    if kind not in OverrideKind.values:
        raise ValidationError(_("Loại ngày không hợp lệ: %(kind)s") % {"kind": kind})
    if not reason.strip():
        raise ValidationError(_("Cần ghi lý do của ngày nghỉ hoặc ngày làm bù."))
    previous = CalendarOverride.objects.filter(day=day, agency=agency).first()
    override, _created = CalendarOverride.objects.update_or_create(
        day=day,
        agency=agency,
        defaults={
            "kind": kind,
            "reason": reason.strip(),
            "legal_reference": legal_reference.strip(),
            "confirmed": confirmed,
            "updated_by": actor,
        },
    )
    calendar_revision_bump(first_day=day, last_day=day, agency=agency)
    audit_record(
        actor=actor,
        action="calendar.override_set",
        target=override,
        agency=agency,
        from_state=previous.kind if previous else "",
        to_state=kind,
        reason=override.reason,
        payload={"day": day, "legal_reference": override.legal_reference, "confirmed": confirmed},
    )
    return override


@transaction.atomic
def calendar_override_delete(*, actor: User, override: CalendarOverride) -> None:
    _require(actor, "workdays.delete_calendaroverride")
    day, agency = override.day, override.agency
    # Recorded before the delete, while the row still has its id.
    audit_record(
        actor=actor,
        action="calendar.override_delete",
        target=override,
        agency=agency,
        from_state=override.kind,
        payload={"day": day},
    )
    override.delete()
    calendar_revision_bump(first_day=day, last_day=day, agency=agency)


@transaction.atomic
def working_hours_set(*, actor: User, agency: Agency, periods: str) -> WorkingHours:
    _require(actor, "workdays.change_workinghours")
    try:
        text = format_periods(parse_periods(periods))
    except ValueError as error:
        raise ValidationError(
            _("Giờ làm việc không hợp lệ: %(error)s") % {"error": error}
        ) from error
    previous = WorkingHours.objects.filter(agency=agency).first()
    hours, _created = WorkingHours.objects.update_or_create(
        agency=agency, defaults={"periods": text, "updated_by": actor}
    )
    calendar_revision_bump(first_day=date.min, last_day=date.max, agency=agency)
    audit_record(
        actor=actor,
        action="calendar.working_hours_set",
        target=hours,
        agency=agency,
        from_state=previous.periods if previous else "",
        to_state=text,
    )
    return hours


@transaction.atomic
def working_hours_delete(*, actor: User, agency: Agency) -> None:
    """Back to the national default hours."""
    _require(actor, "workdays.delete_workinghours")
    previous = WorkingHours.objects.filter(agency=agency).first()
    if previous is not None:
        previous.delete()
    calendar_revision_bump(first_day=date.min, last_day=date.max, agency=agency)
    audit_record(
        actor=actor,
        action="calendar.working_hours_delete",
        target=agency,
        agency=agency,
        from_state=previous.periods if previous else "",
    )
