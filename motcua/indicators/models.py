"""Indicators, the targets assigned on them, and their figures per unit and period.

- `Indicator`: what is measured (code, name, unit of measure, kind, better direction,
  display precision, and its components: the "trong đó" rows, `parent`).
- `TargetSet`: the targets one body (the city, the people's council, the people's
  committee) assigned to a unit for a year, by a document; `Target`: one of them.
- `Value`: one figure, for an indicator, a unit as it was (a unit *version*: the 2022
  figures are Quận Nam Từ Liêm's, not today's wards'), a year and a period, of one kind
  (plan, estimate, actual, same period). Never updated: a later figure is a new row, the
  latest of a key is the current one (`selectors.current_values`).
- `ValidationWarning`: a finding of `checks` on a unit's figures, open until the figures
  change or an author accepts it with a reason.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.indicators.figures import Rule
from motcua.indicators.periods import CHOICES as PERIOD_CHOICES
from motcua.indicators.wording import FigureKind, Style

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FIGURE_DIGITS = 24
FIGURE_PLACES = 6


def figure_field(label: "StrOrPromise") -> models.DecimalField:
    return models.DecimalField(
        label, max_digits=FIGURE_DIGITS, decimal_places=FIGURE_PLACES, null=True, blank=True
    )


class IndicatorKind(models.TextChoices):
    FLOW = "flow", _("Phát sinh trong kỳ (cộng dồn)")
    STOCK = "stock", _("Số có đến cuối kỳ")
    RATE = "rate", _("Tỷ lệ")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Càng cao càng tốt")
    LOWER = "lower", _("Càng thấp càng tốt")


class Indicator(models.Model):
    code = models.CharField(_("mã"), max_length=255, unique=True)
    name = models.CharField(_("tên chỉ tiêu"), max_length=300)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    kind = models.CharField(
        _("loại"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.FLOW
    )
    better = models.CharField(
        _("chiều tốt"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    decimals = models.PositiveSmallIntegerField(
        _("số chữ số thập phân"), null=True, blank=True, help_text=_("Để trống: như số nhập.")
    )
    style = models.CharField(
        _("cách so với cùng kỳ"),
        max_length=10,
        choices=[(Style.GROWTH, _("tăng/giảm X%")), (Style.RATIO, _("bằng X% so với cùng kỳ"))],
        default=Style.GROWTH,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="components",
        verbose_name=_("thuộc chỉ tiêu (trong đó)"),
    )
    section = models.CharField(_("phần"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Assigner(models.TextChoices):
    CITY = "city", _("Thành phố giao")
    COUNCIL = "council", _("Hội đồng nhân dân giao")
    COMMITTEE = "committee", _("Ủy ban nhân dân giao")


class TargetSet(models.Model):
    assigner = models.CharField(_("cấp giao"), max_length=10, choices=Assigner.choices)
    unit = models.ForeignKey("units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    document_number = models.CharField(_("số văn bản"), max_length=100, blank=True)
    document_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    plan_name = models.CharField(_("tên kế hoạch"), max_length=50, default="kế hoạch")

    class Meta:
        verbose_name = _("bộ chỉ tiêu được giao")
        verbose_name_plural = _("bộ chỉ tiêu được giao")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "assigner"], name="target_set_one_per_assigner"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_assigner_display()} {self.year}"


class Target(models.Model):
    target_set = models.ForeignKey(TargetSet, on_delete=models.CASCADE, related_name="targets")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    plan_value = figure_field(_("giá trị kế hoạch"))
    rule = models.CharField(
        _("điều kiện đạt"),
        max_length=10,
        choices=[
            (Rule.AT_LEAST, _("tối thiểu")),
            (Rule.AT_MOST, _("tối đa")),
            (Rule.EXACTLY, _("đúng bằng")),
            (Rule.REACHED, _("đạt/không đạt")),
        ],
        default=Rule.AT_LEAST,
    )
    plan_name = models.CharField(
        _("tên kế hoạch"), max_length=50, blank=True, help_text=_("Để trống: như bộ chỉ tiêu.")
    )

    class Meta:
        verbose_name = _("chỉ tiêu được giao")
        verbose_name_plural = _("chỉ tiêu được giao")
        constraints = [
            models.UniqueConstraint(fields=["target_set", "indicator"], name="target_once_per_set")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} ({self.target_set})"

    @property
    def effective_plan_name(self) -> str:
        return self.plan_name or self.target_set.plan_name


FIGURE_KIND_CHOICES = [
    (FigureKind.PLAN, _("Kế hoạch")),
    (FigureKind.ESTIMATE, _("Ước thực hiện")),
    (FigureKind.ACTUAL, _("Thực hiện")),
    (FigureKind.SAME_PERIOD, _("Cùng kỳ")),
]


class Value(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    unit = models.ForeignKey("units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.CharField(_("kỳ"), max_length=10, choices=PERIOD_CHOICES)
    figure = models.CharField(_("loại số liệu"), max_length=12, choices=FIGURE_KIND_CHOICES)
    number = figure_field(_("số liệu"))
    given_percent_of_plan = figure_field(_("so với kế hoạch (%) như ghi"))
    given_ratio_to_same_period = figure_field(_("so với cùng kỳ (%) như ghi"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    source = models.CharField(_("nguồn"), max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(_("nhập lúc"))

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        indexes = [
            models.Index(
                fields=["unit", "year", "period", "indicator", "figure", "entered_at"],
                name="indicator_value_latest",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.period} {self.year}: {self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise RuntimeError("A figure is never changed: record a newer one (services).")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ValidationWarning(models.Model):
    unit = models.ForeignKey("units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.CharField(_("kỳ"), max_length=10, choices=PERIOD_CHOICES)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rule = models.CharField(_("quy tắc"), max_length=20)
    severity = models.CharField(
        _("mức"), max_length=10, choices=[("warning", _("Cảnh báo")), ("error", _("Lỗi"))]
    )
    message = models.TextField(_("nội dung"))
    found_at = models.DateTimeField(_("phát hiện lúc"))
    resolved_at = models.DateTimeField(_("hết hiệu lực lúc"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(_("chấp nhận lúc"), null=True, blank=True)
    accepted_reason = models.TextField(_("lý do chấp nhận"), blank=True)

    class Meta:
        verbose_name = _("cảnh báo số liệu")
        verbose_name_plural = _("cảnh báo số liệu")
        ordering = ["found_at", "pk"]

    def __str__(self) -> str:
        return self.message

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None and self.accepted_at is None


class Publication(models.Model):
    """A unit's figures for a year and period made public (the open-data page): what was
    current at `published_at` (figures are never changed, so that moment names them).
    Refused while an error stands (`selectors.blocking_errors`); a later publication of
    the same key supersedes an earlier one, which is kept."""

    unit = models.ForeignKey("units.AdministrativeUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    period = models.CharField(_("kỳ"), max_length=10, choices=PERIOD_CHOICES)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("công bố lúc"))

    class Meta:
        verbose_name = _("công bố số liệu")
        verbose_name_plural = _("công bố số liệu")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} {self.period} {self.year}"
