"""The service hall (sảnh phục vụ): service groups, counters, queue tickets, appointments
and ratings.

Every write goes through `motcua.hall.services`; each one bumps `Hall.revision` in its
transaction, so a display board in any process sees a change by reading one integer.
Moments are stored in UTC; a ticket's `day` is its day in VN time.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    # The follow-on-phone link is public: unguessable, unlike the ticket number.
    return secrets.token_urlsafe(16)


class Hall(models.Model):
    agency = models.ForeignKey(
        "units.Agency",
        on_delete=models.PROTECT,
        related_name="halls",
        verbose_name=_("cơ quan"),
    )
    name = models.CharField(_("tên sảnh"), max_length=200)
    # Bumped by every state change of the hall's queue; the board polls it.
    revision = models.PositiveBigIntegerField(_("phiên bản"), default=0)

    class Meta:
        verbose_name = _("sảnh phục vụ")
        verbose_name_plural = _("sảnh phục vụ")

    def __str__(self) -> str:
        return self.name


class ServiceGroup(models.Model):
    hall = models.ForeignKey(
        Hall, on_delete=models.CASCADE, related_name="groups", verbose_name=_("sảnh")
    )
    code = models.CharField(
        _("chữ cái"), max_length=2, help_text=_("Đứng trước số thứ tự, ví dụ A012.")
    )
    name = models.CharField(_("tên nhóm dịch vụ"), max_length=200)
    procedures = models.ManyToManyField(
        "catalog.Procedure", blank=True, related_name="+", verbose_name=_("thủ tục")
    )
    position = models.PositiveSmallIntegerField(_("thứ tự hiển thị"), default=0)
    slot_minutes = models.PositiveSmallIntegerField(_("độ dài khung giờ hẹn (phút)"), default=15)

    class Meta:
        verbose_name = _("nhóm dịch vụ")
        verbose_name_plural = _("nhóm dịch vụ")
        ordering = ["hall", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="hall_group_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class CounterState(models.TextChoices):
    OPEN = "open", _("Đang mở")
    PAUSED = "paused", _("Tạm dừng")
    CLOSED = "closed", _("Đóng")


class Counter(models.Model):
    hall = models.ForeignKey(
        Hall, on_delete=models.CASCADE, related_name="counters", verbose_name=_("sảnh")
    )
    number = models.PositiveSmallIntegerField(_("số quầy"))
    name = models.CharField(_("tên quầy"), max_length=200, blank=True)
    groups = models.ManyToManyField(
        ServiceGroup, related_name="counters", verbose_name=_("nhóm dịch vụ")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ đang làm việc"),
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=CounterState.choices, default=CounterState.CLOSED
    )
    pause_reason = models.CharField(_("lý do tạm dừng"), max_length=200, blank=True)
    auto_assign = models.BooleanField(_("tự động gọi số khi rảnh"), default=False)

    class Meta:
        verbose_name = _("quầy")
        verbose_name_plural = _("quầy")
        ordering = ["hall", "number"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "number"], name="hall_counter_number_unique")
        ]

    def __str__(self) -> str:
        return self.name or f"Quầy {self.number}"


class PriorityCategory(models.TextChoices):
    NONE = "none", _("Không ưu tiên")
    ELDERLY = "elderly", _("Người cao tuổi")
    DISABLED = "disabled", _("Người khuyết tật")
    PREGNANT = "pregnant", _("Phụ nữ mang thai")
    SMALL_CHILDREN = "small_children", _("Người đi cùng con nhỏ")
    MERITORIOUS = "meritorious", _("Người có công với cách mạng")


class TicketState(models.TextChoices):
    WAITING = "waiting", _("Đang chờ")
    CALLED = "called", _("Đã gọi")
    SERVING = "serving", _("Đang phục vụ")
    DONE = "done", _("Đã phục vụ xong")
    NO_SHOW = "no_show", _("Vắng mặt")


# A called or serving ticket occupies its counter.
ACTIVE_STATES = (TicketState.CALLED, TicketState.SERVING)


class Appointment(models.Model):
    group = models.ForeignKey(
        ServiceGroup,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("nhóm dịch vụ"),
    )
    slot_start = models.DateTimeField(_("bắt đầu khung giờ"))
    slot_end = models.DateTimeField(_("kết thúc khung giờ"))
    citizen_name = models.CharField(_("họ và tên"), max_length=200)
    phone = models.CharField(_("số điện thoại"), max_length=20)
    booking_code = models.CharField(_("mã đặt lịch"), max_length=12, unique=True)
    booked_at = models.DateTimeField(_("thời điểm đặt"))

    class Meta:
        verbose_name = _("lịch hẹn")
        verbose_name_plural = _("lịch hẹn")
        indexes = [models.Index(fields=["group", "slot_start"], name="hall_appt_group_slot")]

    def __str__(self) -> str:
        return self.booking_code


class Ticket(models.Model):
    hall = models.ForeignKey(
        Hall, on_delete=models.CASCADE, related_name="tickets", verbose_name=_("sảnh")
    )
    # The group the ticket waits in now (a transfer changes it).
    group = models.ForeignKey(
        ServiceGroup, on_delete=models.PROTECT, related_name="tickets", verbose_name=_("nhóm")
    )
    day = models.DateField(_("ngày"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    code = models.CharField(_("mã số"), max_length=8)
    category = models.CharField(
        _("đối tượng ưu tiên"),
        max_length=20,
        choices=PriorityCategory.choices,
        default=PriorityCategory.NONE,
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=TicketState.choices, default=TicketState.WAITING
    )
    issued_at = models.DateTimeField(_("thời điểm lấy số"))
    called_at = models.DateTimeField(_("thời điểm gọi"), null=True, blank=True)
    recalled_count = models.PositiveSmallIntegerField(_("số lần gọi lại"), default=0)
    started_at = models.DateTimeField(_("bắt đầu phục vụ"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    transferred_count = models.PositiveSmallIntegerField(_("số lần chuyển"), default=0)
    # The counter that called the ticket (or serves it); while waiting after a transfer
    # to a counter, the only counter that may call it.
    counter = models.ForeignKey(
        Counter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("quầy"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ"),
    )
    appointment = models.OneToOneField(
        Appointment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ticket",
        verbose_name=_("lịch hẹn"),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("hồ sơ"),
    )
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)

    class Meta:
        verbose_name = _("số thứ tự")
        verbose_name_plural = _("số thứ tự")
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "day", "number"], name="hall_ticket_number_unique"
            ),
            # A counter calls or serves one ticket at a time.
            models.UniqueConstraint(
                fields=["counter"],
                condition=models.Q(state__in=["called", "serving"]),
                name="hall_ticket_one_active_per_counter",
            ),
        ]
        indexes = [models.Index(fields=["hall", "state", "group"], name="hall_ticket_queue")]

    def __str__(self) -> str:
        return self.code


class RatingValue(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    NOT_SATISFIED = "not_satisfied", _("Không hài lòng")


class RatingChannel(models.TextChoices):
    DEVICE = "device", _("Thiết bị tại quầy")
    ONLINE = "online", _("Trực tuyến")


class Rating(models.Model):
    """A citizen's satisfaction with one service: from the device at the counter (one per
    ticket) or online after the result (one per dossier). One table, so the
    service-quality index counts both."""

    channel = models.CharField(
        _("kênh đánh giá"),
        max_length=10,
        choices=RatingChannel.choices,
        default=RatingChannel.DEVICE,
    )
    # The service rated at a counter: the ticket. Online ratings have none.
    ticket = models.OneToOneField(
        Ticket,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rating",
        verbose_name=_("số thứ tự"),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hồ sơ"),
    )
    value = models.CharField(_("mức độ hài lòng"), max_length=20, choices=RatingValue.choices)
    comment = models.TextField(_("góp ý"), blank=True)
    at = models.DateTimeField(_("thời điểm đánh giá"))

    class Meta:
        verbose_name = _("đánh giá")
        verbose_name_plural = _("đánh giá")
        constraints = [
            # A device rates a ticket; an online rating rates a dossier.
            models.CheckConstraint(
                condition=models.Q(channel="device", ticket__isnull=False)
                | models.Q(channel="online", dossier__isnull=False),
                name="hall_rating_channel_target",
            ),
            # One online rating per dossier, whatever the number of clicks or requests.
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(channel="online"),
                name="hall_rating_one_online_per_dossier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.ticket_id or self.dossier_id} {self.value}"


class DeviceKind(models.TextChoices):
    KIOSK = "kiosk", _("Máy lấy số")
    BOARD = "board", _("Bảng hiển thị")
    RATING = "rating", _("Thiết bị đánh giá")


class Device(models.Model):
    """A kiosk, display board or rating device standing in the hall, enrolled by the
    centre's manager: its browser holds the secret of its enrolment link (in a cookie);
    only the secret's SHA-256 is stored. Revoked, it is refused at its next request."""

    hall = models.ForeignKey(
        Hall, on_delete=models.CASCADE, related_name="devices", verbose_name=_("sảnh")
    )
    kind = models.CharField(_("loại thiết bị"), max_length=10, choices=DeviceKind.choices)
    # A rating device rates the services of one counter.
    counter = models.ForeignKey(
        Counter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="devices",
        verbose_name=_("quầy"),
    )
    name = models.CharField(_("tên thiết bị"), max_length=100)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người ghi danh"),
    )
    created_at = models.DateTimeField(_("thời điểm ghi danh"))
    last_seen_at = models.DateTimeField(_("hoạt động lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thu hồi"),
    )

    class Meta:
        verbose_name = _("thiết bị của sảnh")
        verbose_name_plural = _("thiết bị của sảnh")
        ordering = ["hall", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="rating", counter__isnull=False)
                | (~models.Q(kind="rating") & models.Q(counter__isnull=True)),
                name="hall_device_counter_iff_rating",
            ),
            # The manager tells the devices in service apart by name.
            models.UniqueConstraint(
                fields=["hall", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="hall_device_name_unique_in_service",
            ),
        ]

    def __str__(self) -> str:
        return self.name
