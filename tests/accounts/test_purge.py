"""`motcua accounts purge`: one-time codes and the sign-in log are kept no longer than
they serve."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from motcua.accounts.models import ApiToken, OneTimeCode, SignInAttempt, SignInOutcome
from motcua.accounts.services.access import api_token_issue
from motcua.core.models import AuditEvent


def _code(address: str, age: timedelta) -> OneTimeCode:
    created = timezone.now() - age
    return OneTimeCode.objects.create(
        purpose="sign_in",
        channel="sms",
        address=address,
        code_hash="0" * 64,
        created_at=created,
        expires_at=created + timedelta(minutes=5),
    )


def _sign_in(age: timedelta) -> SignInAttempt:
    return SignInAttempt.objects.create(
        at=timezone.now() - age, username="0912345678", outcome=SignInOutcome.CODE_SENT
    )


def test_purge_deletes_spent_codes_and_old_sign_ins_and_keeps_what_still_counts(db, settings):
    settings.SIGN_IN_LOG_DAYS = 30
    _code("0911111111", timedelta(hours=2))
    recent = _code("0922222222", timedelta(minutes=20))  # still counted by the rate limit
    _sign_in(timedelta(days=31))
    kept = _sign_in(timedelta(days=29))
    out = StringIO()
    call_command("accounts", "purge", stdout=out)
    assert "Đã xóa 1 mã một lần" in out.getvalue() and "1 dòng nhật ký" in out.getvalue()
    assert list(OneTimeCode.objects.all()) == [recent]
    assert list(SignInAttempt.objects.all()) == [kept]
    assert AuditEvent.objects.filter(action="accounts.purge").count() == 1


def test_purging_again_deletes_nothing_and_records_nothing(db):
    _code("0911111111", timedelta(hours=2))
    call_command("accounts", "purge", stdout=StringIO())
    out = StringIO()
    call_command("accounts", "purge", stdout=out)
    assert "Đã xóa 0 mã một lần" in out.getvalue()
    assert AuditEvent.objects.filter(action="accounts.purge").count() == 1


def test_purge_deletes_api_tokens_that_stopped_working_over_a_month_ago(officer_a):
    now = timezone.now()
    long_expired = api_token_issue(user=officer_a, now=now - timedelta(days=40))
    long_revoked = api_token_issue(user=officer_a, now=now - timedelta(days=1))
    ApiToken.objects.filter(pk=long_revoked.api_token.pk).update(
        revoked_at=now - timedelta(days=31)
    )
    recently_expired = api_token_issue(user=officer_a, now=now - timedelta(days=20))
    working = api_token_issue(user=officer_a)
    out = StringIO()
    call_command("accounts", "purge", stdout=out)
    assert "2 mã truy cập API" in out.getvalue()
    kept = set(ApiToken.objects.values_list("pk", flat=True))
    assert kept == {recently_expired.api_token.pk, working.api_token.pk}
    assert long_expired.api_token.pk not in kept
