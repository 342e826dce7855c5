"""Start the test identity provider on a free loopback port, in a subprocess."""

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = "tests.accounts.oidc_provider.settings"


@dataclass(frozen=True)
class Provider:
    issuer: str
    client_id: str
    client_secret: str


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _rsa_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@contextmanager
def running_provider(directory: Path, users: dict[str, Any]) -> Iterator[Provider]:
    """`users`: {username: {"password": ..., "claims": {...}}}."""
    (directory / "key.pem").write_text(_rsa_key_pem())
    (directory / "users.json").write_text(json.dumps(users, ensure_ascii=False), encoding="utf-8")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "OIDC_PROVIDER_DIR": str(directory),
    }
    provider = Provider(issuer="", client_id="motcua-test", client_secret="bi-mat-thu-nghiem")

    def manage(*arguments: str) -> None:
        subprocess.run(  # noqa: S603 - our own interpreter and arguments
            [sys.executable, "-m", "django", *arguments],
            cwd=ROOT,
            env=environment,
            check=True,
            capture_output=True,
        )

    manage(
        "oidc_setup", "--client-id", provider.client_id, "--client-secret", provider.client_secret
    )
    port = _free_port()
    log = (directory / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}/o"
    try:
        for _ in range(300):  # until it answers (a few seconds), never a fixed sleep
            try:
                requests.get(f"{issuer}/.well-known/openid-configuration", timeout=1)
                break
            except requests.ConnectionError:
                if server.poll() is not None:
                    raise RuntimeError((directory / "server.log").read_text()) from None
                time.sleep(0.05)
        yield Provider(issuer, provider.client_id, provider.client_secret)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
