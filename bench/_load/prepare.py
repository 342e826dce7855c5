"""`python -m bench._load.prepare N PLAN`: in the throwaway load database (DATABASE_URL),
N citizen accounts with a password and a signed-in session each, written in bulk, and
the plan of the simulated citizens (sessions, procedures, dossiers to track, portal
addresses) as JSON in the file PLAN.

Signing 1,000 citizens in through the form would cost 1,000 password hashings by design
(~0.3 s of CPU each) before the measure starts, so the sessions are made here the way
`django.contrib.auth.login` makes them; the password is hashed once and shared.
"""

import contextlib
import json
import os
import sys
from datetime import date, timedelta
from typing import Any

import django

PREFIX = "bench.congdan."
PASSWORD = "mat-khau-tai-thu"  # noqa: S105 (throwaway accounts of a throwaway database)
BACKEND = "motcua.accounts.backends.LockoutModelBackend"
TRACKED = 200  # demo dossiers the citizens track (code + last four phone digits)


def citizens(count: int) -> list[Any]:
    from django.contrib.auth.hashers import make_password

    from motcua.accounts.models import User, UserKind

    hashed = make_password(PASSWORD)
    wanted = [f"{PREFIX}{i:05d}" for i in range(count)]
    User.objects.bulk_create(
        [User(username=name, kind=UserKind.CITIZEN, password=hashed) for name in wanted],
        batch_size=1000,
        ignore_conflicts=True,  # a kept database already has them
    )
    return list(User.objects.filter(username__in=wanted).order_by("username"))


def sessions(users: list[Any]) -> list[str]:
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    store = SessionStore()
    expire = timezone.now() + timedelta(days=1)
    rows = [
        Session(
            session_key=get_random_string(32),
            session_data=store.encode(
                {
                    "_auth_user_id": str(user.pk),
                    "_auth_user_backend": BACKEND,
                    "_auth_user_hash": user.get_session_auth_hash(),
                }
            ),
            expire_date=expire,
        )
        for user in users
    ]
    Session.objects.bulk_create(rows, batch_size=1000)
    return [row.session_key for row in rows]


def tracked() -> list[tuple[str, str]]:
    from motcua.dossiers.models import Dossier

    rows = (
        Dossier.objects.exclude(applicant_phone="")
        .order_by("-pk")
        .values_list("code", "applicant_phone")[:TRACKED]
    )
    return [(code, phone[-4:]) for code, phone in rows]


def procedures() -> list[str]:
    from motcua.catalog.models import Procedure

    return list(Procedure.objects.order_by("pk").values_list("slug", flat=True))


# A value of each e-form field type that a citizen would type; checked against the
# procedure's own rules before use (a procedure whose form they do not fit is left out).
SAMPLE = {
    "text": "Nguyễn Văn An",
    "textarea": "Nộp trực tuyến.",
    "number": "1",
    "checkbox": "1",
    "personal_id": "001090012345",
    "phone": "0912345678",
    "email": "congdan@example.vn",
    "unit": "Phường Từ Liêm, Thành phố Hà Nội",
}


def _sample(spec: Any, today: date) -> str:
    if spec.type == "select":
        return str(spec.choices[0][0]) if spec.choices else ""
    if spec.type == "number" and spec.min is not None:
        return str(spec.min)
    if spec.type == "date":  # a week before the latest day allowed, as for a birth
        high = today if spec.max in (None, "today") else date.fromisoformat(str(spec.max))
        low = today if spec.min == "today" else spec.min and date.fromisoformat(str(spec.min))
        return max(high - timedelta(days=7), low or date.min).isoformat()
    text = SAMPLE.get(spec.type, "")
    if spec.type in ("text", "textarea") and isinstance(spec.min, int):
        text = text.ljust(spec.min, ".")
    return text


def forms() -> list[dict[str, Any]]:
    """What each simulated citizen posts to submit, per procedure offered online: the
    e-form's values, the competent agency, the mandatory checklist items to upload for."""
    try:
        from motcua.catalog.selectors import today
        from motcua.portal import eforms, selectors
    except ImportError:  # the portal is not there yet in this tree
        return []
    on = today()
    found = []
    for offered in selectors.online_procedures():
        fields = selectors.eform_fields(version=offered.version)
        values = {spec.key: _sample(spec, on) for spec in fields}
        agency = selectors.online_agencies(procedure=offered.procedure).order_by("pk").first()
        if agency is None or eforms.check_values(fields, values, today=on).errors:
            continue
        documents = offered.version.documents.all()
        found.append(
            {
                "procedure": offered.procedure.slug,
                "values": {**values, "agency": str(agency.pk)},
                "uploads": [f"file_{d.pk}" for d in documents if d.is_mandatory],
            }
        )
    return found


def portal() -> dict[str, str]:
    """The portal's addresses that exist in this tree (it is being built): name → path."""
    from django.urls import NoReverseMatch, reverse

    found = {}
    for name, kwargs in (
        ("portal:home", {}),
        ("portal:my_dossiers", {}),
        ("portal:form", {"procedure_code": "CODE"}),
    ):
        with contextlib.suppress(NoReverseMatch):
            found[name] = reverse(name, kwargs=kwargs)
    return found


def main(count: int, plan_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    users = citizens(count)
    plan = {
        "sessions": sessions(users),
        "procedures": procedures(),
        "tracked": tracked(),
        "portal": portal(),
        "forms": forms(),
    }
    with open(plan_path, "w", encoding="utf-8") as file:
        json.dump(plan, file)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
