"""The dossier itself, with its legal clock, the checklist handed in and its processing
steps, and the processing rules the clock follows."""

from datetime import time, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.personal_data import LookupHashField, SealedCharField, SealedLookupsMixin
from motcua.dossiers import clock
from motcua.dossiers.states import OPEN, PAUSED, RUNNING, State, national_status

STATE_LABELS = {
    State.REGISTERED: _("Mới đăng ký"),
    State.RECEIVED: _("Đã tiếp nhận"),
    State.NOT_RECEIVED: _("Từ chối tiếp nhận"),
    State.IN_PROGRESS: _("Đang xử lý"),
    State.SUPPLEMENT_REQUESTED: _("Yêu cầu bổ sung"),
    State.FINANCIAL_OBLIGATION: _("Chờ thực hiện nghĩa vụ tài chính"),
    State.APPROVED: _("Đã phê duyệt"),
    State.REFUSED: _("Từ chối giải quyết"),
    State.PROCESSED: _("Đã xử lý, chờ trả kết quả"),
    State.RETURNED: _("Đã trả kết quả"),
    State.WITHDRAWN: _("Công dân rút hồ sơ"),
    State.STOPPED: _("Dừng xử lý"),
}
STATE_CHOICES = [(state.value, STATE_LABELS[state]) for state in State]


class Channel(models.IntegerChoices):
    IN_PERSON = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POST = 3, _("Dịch vụ bưu chính công ích")


class Timing(models.TextChoices):
    EARLY = clock.Timing.EARLY.value, _("Trước hạn")
    ON_TIME = clock.Timing.ON_TIME.value, _("Đúng hạn")
    LATE = clock.Timing.LATE.value, _("Quá hạn")


class SupplementPolicy(models.TextChoices):
    RESTART = clock.SupplementPolicy.RESTART.value, _("Tính lại từ đầu")
    RESUME = clock.SupplementPolicy.RESUME.value, _("Tính tiếp thời gian còn lại")


class ProcessingRule(models.Model):
    """The receiving and processing rules in force from a date (until the next row)."""

    valid_from = models.DateField(_("áp dụng từ"), unique=True)
    cutoff = models.TimeField(
        _("giờ chuyển sang ngày làm việc tiếp theo"),
        default=time(15),
        help_text=_("Hồ sơ giấy tiếp nhận sau giờ này được tính từ ngày làm việc tiếp theo."),
    )
    supplement_policy = models.CharField(
        _("khi nhận đủ hồ sơ bổ sung"),
        max_length=10,
        choices=SupplementPolicy.choices,
        default=SupplementPolicy.RESTART,
    )
    supplement_request_days = models.PositiveSmallIntegerField(
        _("hạn yêu cầu bổ sung (ngày làm việc kể từ khi tiếp nhận)"), default=3
    )
    apology_min_days = models.PositiveSmallIntegerField(
        _("xin lỗi trước hạn ít nhất (ngày làm việc)"), default=1
    )
    apology_limit = models.PositiveSmallIntegerField(_("số lần hẹn lại tối đa"), default=1)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    unconfirmed_note = models.TextField(
        _("nội dung chưa xác minh"),
        blank=True,
        help_text=_("Ghi rõ quy định nào chưa đối chiếu được với văn bản gốc."),
    )

    class Meta:
        verbose_name = _("quy định tiếp nhận, xử lý")
        verbose_name_plural = _("quy định tiếp nhận, xử lý")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(apology_limit__gte=0) & Q(supplement_request_days__gte=1),
                name="dossiers_rule_limits",
            )
        ]

    def __str__(self) -> str:
        return str(_("Quy định áp dụng từ %(day)s") % {"day": f"{self.valid_from:%d/%m/%Y}"})

    def as_clock_rule(self) -> clock.Rule:
        return clock.Rule(
            cutoff=self.cutoff,
            supplement_policy=clock.SupplementPolicy(self.supplement_policy),
            supplement_request_days=self.supplement_request_days,
            apology_min_days=self.apology_min_days,
            apology_limit=self.apology_limit,
        )


class Dossier(SealedLookupsMixin, models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=60)
    procedure = models.ForeignKey(
        "catalog.Procedure",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thủ tục"),
        db_index=False,  # filtered on only within an agency's dossiers; see Meta.indexes
    )
    # The version in force on the day of receipt: the dossier is judged by it.
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("phiên bản thủ tục"),
        db_index=False,  # never looked up by; see Meta.indexes
    )
    receiving_agency = models.ForeignKey(
        "units.Agency",
        on_delete=models.PROTECT,
        related_name="dossiers_received",
        verbose_name=_("cơ quan tiếp nhận"),
        db_index=False,  # dossiers_ledger leads with it
    )
    # The agency that decides (a centre receives for any agency of its province).
    agency = models.ForeignKey(
        "units.Agency",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("cơ quan giải quyết"),
        db_index=False,  # dossiers_agency_received leads with it
    )
    # Where the dossier is now: the competent agency, or another for joint processing.
    current_agency = models.ForeignKey(
        "units.Agency",
        on_delete=models.PROTECT,
        related_name="dossiers_on_desk",
        verbose_name=_("cơ quan đang xử lý"),
    )
    channel = models.PositiveSmallIntegerField(_("hình thức nộp"), choices=Channel.choices)
    state = models.CharField(_("trạng thái"), max_length=12, choices=STATE_CHOICES)
    decision = models.CharField(
        _("kết quả giải quyết"),
        max_length=10,
        blank=True,
        choices=[("approved", _("Chấp thuận")), ("refused", _("Từ chối"))],
    )
    current_step = models.ForeignKey(
        "DossierStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bước hiện tại"),
    )

    applicant_name = models.CharField(_("họ và tên người nộp"), max_length=200)
    # The name folded (search.name_key): found when typed without diacritics. Written
    # with the name, by the one way a dossier is created (actions.receipt.new_dossier).
    applicant_search = models.CharField(max_length=200, blank=True, editable=False)
    # Sealed at rest (core.personal_data); found by its keyed hash, never by the column.
    applicant_personal_id = SealedCharField(_("số định danh cá nhân"), blank=True)
    applicant_personal_id_hash = LookupHashField()
    applicant_birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=400, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("tài khoản công dân"),
        db_index=False,  # see Meta.indexes
    )
    sets = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)
    note = models.TextField(_("ghi chú"), blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tiếp nhận"),
    )

    # --- the legal clock ------------------------------------------------------------
    # The legal time promised at receipt (copied from the version, so that re-projection
    # reads one table).
    time_amount = models.DecimalField(_("thời hạn giải quyết"), max_digits=6, decimal_places=2)
    time_unit = models.CharField(_("đơn vị thời hạn"), max_length=20)
    rule = models.ForeignKey(
        ProcessingRule,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("quy định"),
        db_index=False,  # never looked up by; see Meta.indexes
    )
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    # Counting starts (or restarts after a supplement) here; `clock_consumed` is the
    # working time already used before it (non-zero only when the clock resumes).
    clock_started_at = models.DateTimeField(_("bắt đầu tính thời hạn"), null=True, blank=True)
    clock_consumed = models.DurationField(_("thời gian đã tính"), default=timedelta)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("hẹn trả ban đầu"), null=True, blank=True)
    apology_due_at = models.DateTimeField(_("hẹn lại sau xin lỗi"), null=True, blank=True)
    paused_at = models.DateTimeField(_("tạm dừng tính thời hạn từ"), null=True, blank=True)
    # Working time spent waiting for the citizen (supplements, financial obligations).
    paused_total = models.DurationField(_("thời gian chờ công dân"), default=timedelta)
    supplement_count = models.PositiveSmallIntegerField(_("số lần yêu cầu bổ sung"), default=0)
    apology_count = models.PositiveSmallIntegerField(_("số lần xin lỗi, hẹn lại"), default=0)
    finished_at = models.DateTimeField(_("thời điểm có kết quả"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    timing = models.CharField(_("tiến độ"), max_length=8, choices=Timing.choices, blank=True)

    # Online dossiers: when the citizen submitted, and the e-form's answers as sent.
    submitted_at = models.DateTimeField(_("nộp trực tuyến lúc"), null=True, blank=True)
    form_data = models.JSONField(
        _("nội dung tờ khai điện tử"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )

    # Optimistic concurrency: every transition adds one; a form posts the version it saw.
    version = models.PositiveIntegerField(default=1, editable=False)
    # Sent with the receiving form: a double submit or retry finds the first dossier.
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)
    # SHA-256 of what the request with that key asked for (core.digest.request_digest):
    # the same key with another request is refused, not answered with this dossier.
    idempotency_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at"]
        constraints = [
            # A constraint rather than unique=True: the same unique index without the
            # LIKE index PostgreSQL would get beside it (codes are searched by contains).
            models.UniqueConstraint(fields=["code"], name="dossiers_code_unique"),
            models.UniqueConstraint(
                fields=["receiving_agency", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="dossiers_idempotency_unique",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in State]), name="dossiers_state_known"
            ),
        ]
        # Every index is paid for at each receipt and each transition (a new row version
        # goes into all of them) and at each due moment re-projection moves, so a column
        # gets one only for a lookup that needs it: the ID number (an applicant's earlier
        # dossiers), the receiving officer (the hall's service record), the owner (my
        # dossiers: only the dossiers that have one), the current step (cleared when a step
        # is deleted), and those below. The procedure, its version and the processing rule
        # are looked up by only within an agency's dossiers, if at all (deleting one,
        # protected anyway, scans the table).
        indexes = [
            models.Index(
                fields=["applicant_personal_id_hash"],
                condition=~Q(applicant_personal_id_hash=""),
                name="dossiers_applicant_pid_hash",
            ),
            models.Index(fields=["owner"], condition=Q(owner__isnull=False), name="dossiers_owner"),
            # The work queues: the open dossiers of an agency (a few hundred, sorted by due
            # moment in memory).
            models.Index(
                fields=["current_agency"],
                condition=Q(state__in=sorted(OPEN)),
                name="dossiers_open_queue",
            ),
            # Re-projection: every dossier whose clock runs, with the condition of its
            # query (reprojection._running) and every column it reads, so that PostgreSQL
            # answers from this small index without visiting the table (the rows are
            # scattered over it: 5 times slower at 1.2 million dossiers). The price: a
            # due moment that moves is no longer updated in place (HOT), since due_at is
            # in an index; re-projection reads every running dossier and writes the few
            # a change moves.
            models.Index(
                fields=["agency"],
                include=[
                    "id",
                    "clock_started_at",
                    "clock_consumed",
                    "due_at",
                    "time_amount",
                    "time_unit",
                    "rule",
                ],
                condition=Q(
                    state__in=sorted(RUNNING),
                    paused_at__isnull=True,
                    finished_at__isnull=True,
                    apology_due_at__isnull=True,
                ),
                name="dossiers_running",
            ),
            models.Index(fields=["receiving_agency", "received_at"], name="dossiers_ledger"),
            models.Index(fields=["agency", "received_at"], name="dossiers_agency_received"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def national_status(self) -> int:
        return national_status(self.state)

    @property
    def is_paused(self) -> bool:
        return self.state in PAUSED

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    @property
    def legal_time(self) -> clock.LegalTime:
        return clock.LegalTime(self.time_amount, clock.TimeUnit(self.time_unit))


class DossierDocument(models.Model):
    """One item of the checklist handed in, with its counts per copy kind."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(
        "catalog.DocumentRequirement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thành phần hồ sơ"),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    # Copied from the requirement (or typed): what the receipt prints.
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("bản chính"), default=0)
    certified_copies = models.PositiveSmallIntegerField(_("bản sao chứng thực"), default=0)
    photocopies = models.PositiveSmallIntegerField(_("bản chụp, bản sao"), default=0)

    class Meta:
        verbose_name = _("giấy tờ đã nộp")
        verbose_name_plural = _("giấy tờ đã nộp")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class DossierStep(models.Model):
    """One processing step of one dossier: planned at receipt, or added for joint
    processing by another agency (then `procedure_step` is empty)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    procedure_step = models.ForeignKey(
        "catalog.ProcessingStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("bước xử lý"), max_length=300)
    agency = models.ForeignKey(
        "units.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    role = models.CharField(_("vai trò thực hiện"), max_length=12)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dossier_steps",
        verbose_name=_("người xử lý"),
    )
    budget = models.DecimalField(_("thời gian"), max_digits=6, decimal_places=2, default=0)
    started_at = models.DateTimeField(_("nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hạn bước"), null=True, blank=True)
    finished_at = models.DateTimeField(_("chuyển lúc"), null=True, blank=True)
    timing = models.CharField(_("kết quả"), max_length=8, choices=Timing.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name
