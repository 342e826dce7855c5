"""Administrative units versioned by date, their successions, and agencies.

A unit code alone identifies nothing: codes were reused by the 2025 reform, so
every lookup is by (code, date).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.units import eid


class UnitLevel(models.IntegerChoices):
    PROVINCE = 1, _("Tỉnh/thành phố")
    DISTRICT = 2, _("Quận/huyện")
    COMMUNE = 3, _("Xã/phường/đặc khu")


class AdministrativeUnit(models.Model):
    code = models.CharField(_("mã"), max_length=10)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=UnitLevel.choices)
    name = models.CharField(_("tên"), max_length=200)  # "Phường Trung Văn"
    unit_type = models.CharField(_("loại"), max_length=50)  # "Phường", "Xã", "Quận", ...
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    # Lower-case, diacritics folded (đ → d): what address parsing matches against.
    search_name = models.CharField(max_length=200, db_index=True, editable=False)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        indexes = [models.Index(fields=["code", "level", "valid_from"])]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "level", "valid_from"], name="unit_code_level_from_unique"
            ),
            # NULLs are distinct in the constraint above: these two keep one version per code
            # with an unknown start (the pre-2025 units) and one open-ended version per code.
            models.UniqueConstraint(
                fields=["code", "level"],
                condition=Q(valid_from__isnull=True),
                name="unit_code_level_one_unknown_start",
            ),
            models.UniqueConstraint(
                fields=["code", "level"],
                condition=Q(valid_to__isnull=True),
                name="unit_code_level_one_open_version",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """'Phường Trung Văn, Quận Nam Từ Liêm, Thành phố Hà Nội'."""
        names = []
        unit: AdministrativeUnit | None = self
        while unit is not None:
            names.append(unit.name)
            unit = unit.parent
        return ", ".join(names)

    def is_valid_on(self, on_date: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on_date) and (
            self.valid_to is None or on_date <= self.valid_to
        )


class SuccessionKind(models.TextChoices):
    WHOLE = "whole", _("Toàn bộ")
    PART = "part", _("Một phần")


class UnitSuccession(models.Model):
    """Old unit → new unit, whole or in part, on the date the change took effect."""

    predecessor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="predecessions"
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=SuccessionKind.choices)
    effective_date = models.DateField(_("ngày hiệu lực"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị hành chính")
        verbose_name_plural = _("kế thừa đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor", "effective_date"], name="succession_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.name} → {self.successor.name} ({self.get_kind_display()})"


EID_MESSAGES = {
    eid.EidProblem.EMPTY: _("Mã định danh điện tử không được để trống."),
    eid.EidProblem.TOO_LONG: _("Mã định danh điện tử dài tối đa 35 ký tự."),
    eid.EidProblem.BAD_CHARACTERS: _(
        "Mã định danh điện tử chỉ gồm chữ số, chữ in hoa không dấu và dấu chấm."
    ),
    eid.EidProblem.EMPTY_GROUP: _("Mã định danh điện tử có nhóm trống giữa hai dấu chấm."),
    eid.EidProblem.GROUP_COUNT: _(
        "Mã định danh điện tử gồm 4 nhóm ngăn cách bởi dấu chấm, ví dụ 000.00.19.H26."
    ),
    eid.EidProblem.BAD_LEVEL_1: _(
        "Nhóm cuối (cấp 1) phải là một chữ in hoa và hai chữ số, ví dụ H26 (Hà Nội)."
    ),
    eid.EidProblem.BAD_NUMERIC_GROUP: _(
        "Ba nhóm đầu là số có đủ 3, 2 và 2 chữ số (điền số 0), ví dụ 000.00.19.H26."
    ),
}


def validate_eid_code(value: str) -> None:
    problem = eid.check(value)
    if problem is not None:
        raise ValidationError(EID_MESSAGES[problem], code=f"eid_{problem.value}")


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "ubnd", _("Ủy ban nhân dân")
    SERVICE_CENTRE = "ttphvhcc", _("Trung tâm phục vụ hành chính công")
    DEPARTMENT = "phong", _("Phòng, ban chuyên môn")
    POLICE = "congan", _("Công an")
    OTHER = "khac", _("Cơ quan khác")


class Agency(models.Model):
    """An agency that receives or decides dossiers, attached to an administrative unit."""

    name = models.CharField(_("tên cơ quan"), max_length=255)
    kind = models.CharField(_("loại cơ quan"), max_length=10, choices=AgencyKind.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="agencies",
        verbose_name=_("địa bàn"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
    )
    # Electronic ID code (Decision 20/2020), legacy QCVN 102:2016 form, used in dossier codes.
    eid_code = models.CharField(
        _("mã định danh điện tử"),
        max_length=35,
        unique=True,
        validators=[validate_eid_code],
        help_text=_("Dạng 000.00.19.H26: cấp 1 ở bên phải (H26 là Hà Nội)."),
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["name"]
        constraints = [
            # The same rule as validate_eid_code, so no import or script can store a bad code.
            models.CheckConstraint(
                condition=Q(eid_code__regex=eid.LEGACY_PATTERN),
                name="agency_eid_code_legacy_form",
                violation_error_message=_("Mã định danh điện tử không đúng định dạng."),
            ),
        ]

    def __str__(self) -> str:
        return self.name
