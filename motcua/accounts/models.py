"""Users: officers (one agency, one role) and citizens (a separate kind of account)."""

from datetime import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from motcua.accounts.fields import validate_personal_id
from motcua.core.personal_data import LookupHashField, SealedCharField, SealedLookupsMixin


class UserKind(models.TextChoices):
    OFFICER = "officer", _("Cán bộ")
    CITIZEN = "citizen", _("Công dân, tổ chức")


class Role(models.TextChoices):
    COUNTER_OFFICER = "counter", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên")
    LEADER = "leader", _("Lãnh đạo phê duyệt")
    CENTRE_MANAGER = "manager", _("Quản lý trung tâm")
    SYSTEM_ADMIN = "sysadmin", _("Quản trị hệ thống")


class MotcuaUserManager(UserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> "User":
        extra.setdefault("kind", UserKind.OFFICER)
        extra.setdefault("role", Role.SYSTEM_ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(SealedLookupsMixin, AbstractUser):
    kind = models.CharField(_("loại tài khoản"), max_length=10, choices=UserKind.choices)
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices, blank=True)
    agency = models.ForeignKey(
        "units.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officers",
        verbose_name=_("cơ quan"),
    )
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    # Citizens: the number the portal signs them in with. Never shown on public pages.
    # Sealed at rest (core.personal_data); found by its keyed hash, never by the column.
    personal_id = SealedCharField(
        _("số định danh cá nhân"),
        blank=True,
        validators=[validate_personal_id],
    )
    personal_id_hash = LookupHashField()
    # Citizens' profile, reused to pre-fill e-forms ("once-only").
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    # The pages' language once signed in (accounts/language.py): chosen, never guessed
    # from the browser.
    language = models.CharField(
        _("ngôn ngữ"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Sign-in lockout: failures counted since `failures_since` (within the lockout window),
    # and the moment the lock ends.
    failed_logins = models.PositiveSmallIntegerField(default=0, editable=False)
    failures_since = models.DateTimeField(null=True, blank=True, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Bumped to end every session of the account at once (lockout, deactivation, "sign
    # out everywhere"): it is part of the hash each session is checked against.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    objects: ClassVar[MotcuaUserManager] = MotcuaUserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            # An officer has a role; a citizen has neither role nor agency.
            models.CheckConstraint(
                condition=Q(kind="citizen", role="", agency__isnull=True)
                | Q(kind="officer") & ~Q(role=""),
                name="user_kind_role_consistent",
            ),
            models.UniqueConstraint(
                fields=["personal_id_hash"],
                condition=~Q(personal_id_hash=""),
                name="user_personal_id_hash_unique",
            ),
            # A citizen signs in with a code sent to the phone or email: each names one
            # citizen account (officers' contact details are not sign-in addresses).
            models.UniqueConstraint(
                fields=["phone"],
                condition=Q(kind="citizen") & ~Q(phone=""),
                name="user_citizen_phone_unique",
            ),
            models.UniqueConstraint(
                fields=["email"],
                condition=Q(kind="citizen") & ~Q(email=""),
                name="user_citizen_email_unique",
            ),
        ]

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's hash of the password, and the epoch with it once it has been bumped
        # (at 0 the hash is Django's own, so sessions opened before this field survive).
        if not self.session_epoch:
            return super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        return salted_hmac(
            "motcua.accounts.User.session_auth_hash",
            f"{self.password}\n{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        """Vietnamese order: family and middle names first, given name last."""
        return f"{self.last_name} {self.first_name}".strip()

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    @property
    def is_officer(self) -> bool:
        return self.kind == UserKind.OFFICER

    @property
    def is_citizen(self) -> bool:
        return self.kind == UserKind.CITIZEN

    @property
    def role_label(self) -> str:
        return self.get_role_display() if self.role else ""


class SignInOutcome(models.TextChoices):
    SUCCEEDED = "ok", _("Thành công")
    BAD_PASSWORD = "bad_password", _("Sai mật khẩu")
    UNKNOWN_USER = "unknown_user", _("Không có tài khoản")
    LOCKED = "locked", _("Tài khoản đang tạm khóa")
    LOCKED_NOW = "locked_now", _("Sai quá số lần, tài khoản bị khóa")
    INACTIVE = "inactive", _("Tài khoản đã ngừng sử dụng")
    NOT_OFFICER = "not_officer", _("Không phải tài khoản cán bộ")
    OTP_OK = "otp_ok", _("Mã xác thực hai lớp đúng")
    BAD_OTP = "bad_otp", _("Sai mã xác thực hai lớp")
    CODE_SENT = "code_sent", _("Đã gửi mã đăng nhập một lần")
    CODE_LIMIT = "code_limit", _("Yêu cầu mã quá số lần cho phép")
    BAD_CODE = "bad_code", _("Sai hoặc hết hạn mã đăng nhập một lần")
    OIDC_REFUSED = "oidc_refused", _("Từ chối đăng nhập qua định danh quốc gia")


class SignInAttempt(models.Model):
    """Append-only log of sign-in attempts, kept to investigate guessing and lockouts."""

    at = models.DateTimeField(_("thời điểm"), db_index=True)
    # As typed, so that guesses at unknown accounts are visible too.
    username = models.CharField(_("tên đăng nhập"), max_length=150)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sign_in_attempts",
        verbose_name=_("tài khoản"),
    )
    outcome = models.CharField(_("kết quả"), max_length=12, choices=SignInOutcome.choices)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần đăng nhập")
        verbose_name_plural = _("nhật ký đăng nhập")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.outcome}"


class CodePurpose(models.TextChoices):
    SIGN_IN = "sign_in", _("Đăng nhập")
    CONTACT_CHANGE = "contact", _("Đổi số điện thoại hoặc thư điện tử")


class OneTimeCode(models.Model):
    """A code sent to a phone or email: kept hashed, expires, used once, a few tries."""

    purpose = models.CharField(_("mục đích"), max_length=8, choices=CodePurpose.choices)
    channel = models.CharField(_("kênh"), max_length=5)  # "sms" or "email"
    address = models.CharField(_("địa chỉ nhận"), max_length=254)
    code_hash = models.CharField(max_length=64, editable=False)
    # For a contact change: the account whose phone or email changes.
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="one_time_codes"
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã một lần")
        verbose_name_plural = _("mã một lần")
        indexes = [
            # The rate limits count recent codes per address and per IP address.
            models.Index(fields=["address", "created_at"], name="otc_address_recent"),
            models.Index(fields=["ip_address", "created_at"], name="otc_ip_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.channel} {self.created_at:%Y-%m-%d %H:%M}"


class ExternalIdentity(models.Model):
    """A citizen's account at an identity provider (VNeID through OpenID Connect): the
    (issuer, subject) pair is the only thing an external sign-in is linked by."""

    issuer = models.CharField(_("nhà cung cấp định danh"), max_length=255)
    subject = models.CharField(_("mã định danh tại nhà cung cấp"), max_length=255)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    linked_at = models.DateTimeField(_("liên kết lúc"))
    last_used_at = models.DateTimeField(_("dùng gần nhất"))

    class Meta:
        verbose_name = _("định danh bên ngoài")
        verbose_name_plural = _("định danh bên ngoài")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"


class ApiToken(models.Model):
    """An officer's bearer token for the API. Only the SHA-256 of the secret is kept:
    the token itself is shown once, when it is issued."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("cán bộ")
    )
    label = models.CharField(_("tên gợi nhớ"), max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    last_used_at = models.DateTimeField(_("dùng gần nhất"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user.get_username()} {self.label} {self.created_at:%Y-%m-%d %H:%M}"
