"""The working calendar's data: dated overrides, per-agency working hours, a revision."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.workdays.calendar import parse_periods


class OverrideKind(models.TextChoices):
    DAY_OFF = "off", _("Ngày nghỉ")
    WORKING_DAY = "work", _("Ngày làm việc (làm bù)")


class CalendarOverride(models.Model):
    """A dated exception to the weekly rule and the statutory holidays: a day off
    (compensatory, swapped, Tết) or a working day (a make-up Saturday)."""

    day = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=4, choices=OverrideKind.choices)
    reason = models.CharField(_("lý do"), max_length=255)
    legal_reference = models.CharField(_("căn cứ pháp lý"), max_length=255, blank=True)
    confirmed = models.BooleanField(
        _("đã xác nhận"),
        default=False,
        help_text=_("Đã đối chiếu với văn bản chính thức."),
    )
    agency = models.ForeignKey(
        "units.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_overrides",
        verbose_name=_("cơ quan"),
        help_text=_("Để trống: áp dụng toàn quốc."),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    # None: loaded from the shipped data file and never edited by a person, so a newer
    # data file may refresh it.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                fields=["day"],
                condition=Q(agency__isnull=True),
                name="calendar_override_national_day_unique",
                violation_error_message=_("Ngày này đã có trong lịch toàn quốc."),
            ),
            models.UniqueConstraint(
                fields=["day", "agency"],
                condition=Q(agency__isnull=False),
                name="calendar_override_agency_day_unique",
                violation_error_message=_("Ngày này đã có trong lịch của cơ quan."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.get_kind_display()}: {self.reason}"

    @property
    def applied(self) -> bool:
        """Whether the calendar uses this override.

        A day counts as a working day only when that is certain: an unconfirmed day off
        is applied, an unconfirmed make-up working day is not. So an appointment never
        falls on a day the office may be closed; at worst a deadline is one day generous
        until an administrator confirms, which re-projects open dossiers.
        """
        return self.confirmed or self.kind == OverrideKind.DAY_OFF


class WorkingHours(models.Model):
    """An agency's daily working periods; without a row the national default applies."""

    agency = models.OneToOneField(
        "units.Agency",
        on_delete=models.CASCADE,
        related_name="working_hours",
        verbose_name=_("cơ quan"),
    )
    periods = models.CharField(
        _("các buổi làm việc"),
        max_length=100,
        help_text=_("Giờ Việt Nam, ví dụ: 07:30-11:30, 13:30-17:00"),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("người cập nhật"),
    )

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")

    def __str__(self) -> str:
        return f"{self.agency}: {self.periods}"

    def clean(self) -> None:
        try:
            parse_periods(self.periods)
        except ValueError as error:
            raise ValidationError(
                {"periods": _("Giờ làm việc không hợp lệ: %(error)s") % {"error": error}}
            ) from error


class CalendarRevision(models.Model):
    """One row whose token changes with every calendar change, so each process knows when
    its cached calendars are stale. A random token rather than a counter: a rolled-back
    transaction or a restored backup could bring an old counter value back with other data.
    """

    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("phiên bản lịch")

    def __str__(self) -> str:
        return str(self.token)
