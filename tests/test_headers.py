"""The headers a production deployment sends, with the environment it would have (DEBUG
unset): http is redirected to https, except the load balancer's health probe; pages carry
HSTS and the Content-Security-Policy; a TLS-terminating proxy that says so is believed;
`check --deploy` finds nothing to warn about. Run as real processes, as in
tests/payments/test_settings.py."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

HOST = "motcua.phuong-tuliem.example.vn"
BASE = {
    key: value
    for key, value in os.environ.items()
    if not key.startswith(("VNPAY_", "VIETQR_", "PAYMENT_", "DEBUG", "SECURE_", "BEHIND_"))
    and key != "DJANGO_ALLOW_ASYNC_UNSAFE"  # the browser tests' (tests/conftest.py)
}
# Every address the production process is asked for, and what it answers.
PROBE = """
import json
from django.test import Client
client = Client(HTTP_HOST={host!r}, **{headers!r})
answers = {{}}
for path, secure in {requests!r}:
    response = client.get(path, secure=secure)
    answers[path + (" https" if secure else " http")] = {{
        "status": response.status_code,
        "location": response.get("Location", ""),
        "hsts": response.get("Strict-Transport-Security", ""),
        "csp": response.get("Content-Security-Policy", ""),
    }}
print(json.dumps(answers))
"""


def production(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`motcua …` as a production server runs it: DEBUG unset, a long random secret key,
    its own host name, a personal-data key of its own, no payment gateway configured."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "-m", "motcua.cli", *args],
        capture_output=True,
        text=True,
        env={
            **BASE,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "PERSONAL_DATA_KEY": secrets.token_urlsafe(32),
            "ALLOWED_HOSTS": HOST,
            "SITE_URL": f"https://{HOST}",
            "MOTCUA_VAR_DIR": str(tmp_path),
            **env,
        },
        check=False,
    )


def answers(
    tmp_path: Path, requests: list[tuple[str, bool]], headers: dict[str, str] | None = None, **env
) -> dict[str, dict[str, object]]:
    code = PROBE.format(host=HOST, headers=headers or {}, requests=requests)
    result = production(tmp_path, "shell", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_http_to_https_but_not_the_health_probe(tmp_path: Path) -> None:
    got = answers(
        tmp_path, [("/accounts/login/?next=/dossiers/", False), ("/api/v1/health", False)]
    )
    assert got["/accounts/login/?next=/dossiers/ http"]["status"] == 301
    assert got["/accounts/login/?next=/dossiers/ http"]["location"] == (
        f"https://{HOST}/accounts/login/?next=/dossiers/"
    )
    assert got["/api/v1/health http"]["status"] == 200


def test_production_pages_carry_hsts_and_a_policy_with_no_inline_script(tmp_path: Path) -> None:
    page = answers(tmp_path, [("/accounts/login/", True)])["/accounts/login/ https"]
    assert page["status"] == 200
    assert page["hsts"] == "max-age=31536000; includeSubDomains"
    policy = {d.split()[0]: d.split()[1:] for d in str(page["csp"]).split("; ")}
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'", f"https://{HOST}"]


def test_the_pay_button_may_send_the_citizen_on_to_vnpay(tmp_path: Path) -> None:
    page = answers(
        tmp_path,
        [("/accounts/login/", True)],
        VNPAY_PAY_URL="https://pay.vnpay.vn/vpcpay.html",
        VNPAY_TMN_CODE="MERCHANT",
        VNPAY_HASH_SECRET=secrets.token_hex(32),
    )["/accounts/login/ https"]
    assert "https://pay.vnpay.vn" in str(page["csp"]).split("form-action")[1]


def test_behind_a_tls_proxy_that_says_so_https_requests_are_not_redirected(
    tmp_path: Path,
) -> None:
    forwarded = {"HTTP_X_FORWARDED_PROTO": "https"}
    got = answers(tmp_path, [("/accounts/login/", False)], forwarded, BEHIND_TLS_PROXY="1")
    assert got["/accounts/login/ http"]["status"] == 200
    assert str(got["/accounts/login/ http"]["hsts"]).startswith("max-age=31536000")
    # Without the declaration, the header anyone can send is not believed.
    got = answers(tmp_path, [("/accounts/login/", False)], forwarded)
    assert got["/accounts/login/ http"]["status"] == 301


def test_the_redirect_can_be_left_to_the_proxy(tmp_path: Path) -> None:
    got = answers(tmp_path, [("/accounts/login/", False)], SECURE_SSL_REDIRECT="0")
    assert got["/accounts/login/ http"]["status"] == 200


def test_check_deploy_with_production_settings_is_clean(tmp_path: Path) -> None:
    result = production(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db
def test_pages_carry_the_policy_and_json_answers_do_not(
    client: Client,
) -> None:
    assert "script-src 'self'" in client.get("/")["Content-Security-Policy"]
    assert "Content-Security-Policy" not in client.get("/api/v1/health")


# What the policy refuses, in a template: an inline script or style sheet, a handler
# attribute, a style attribute. The printed forms are WeasyPrint's, never a page.
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\son[a-z]+=|\sstyle=")


def test_no_page_template_has_inline_script_or_style() -> None:
    root = Path(__file__).resolve().parent.parent
    templates = [*root.glob("templates/**/*.html"), *root.glob("motcua/*/templates/**/*.html")]
    inline = [
        f"{path.relative_to(root)}: {match.group(0).strip()}"
        for path in templates
        if "printed" not in path.parts
        for match in INLINE.finditer(path.read_text("utf-8"))
    ]
    assert templates and not inline, inline
