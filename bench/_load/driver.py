"""`python -m bench._load.driver HOST PLAN MODE USERS SPAWN_RATE SECONDS`: one locust run
in this one process (gevent), printing what it measured as JSON on stdout.

MODE "citizens": simulated citizens with think time (BENCH_LOAD_THINK seconds, "1,5")
browse the catalogue, open the portal, fill and submit an e-form, track a dossier, look at
their dossiers; a few of their clicks go to the bare baseline view, so that the baseline
is measured under the very same load. MODE "probe": users without think time on the bare
view only, the server's capacity for the simplest dynamic page.

Latencies count only once every user is running and WARM_UP has passed (the ramp is
not the steady state); errors count from the first request. The process's own CPU time
over the measured stretch tells whether the load generator, not the server, was the limit.
"""

import itertools
import json
import os
import random
import re
import resource
import sys
import time
from typing import Any

from gevent import monkey

monkey.patch_all()  # before anything opens a socket; locust would do it on import

import gevent  # noqa: E402
from locust import FastHttpUser, between, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from requests.cookies import create_cookie  # noqa: E402
from urllib3.filepost import encode_multipart_formdata  # noqa: E402

from bench._load import BARE_PATH  # noqa: E402

BASELINE = "baseline: bare view"
SUBMISSION = "portal: submit"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DRAFT_KEY = re.compile(r'name="key" value="([^"]*)"')
SUBMITTED = re.compile(r"/portal/dossiers/\d+/$")
# Once every user runs, this long before measuring: each worker thread's first pages
# (database connection, templates) are not the steady state.
WARM_UP = 5.0
THINK = tuple(float(s) for s in os.environ.get("BENCH_LOAD_THINK", "1,5").split(","))
SEARCHES = ("khai sinh", "ket hon", "chung thuc", "ho tich", "dat dai")
# A one-page PDF: what a citizen's phone uploads for a checklist item, kept small.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

plan: dict[str, Any] = {}
sessions: Any = iter(())
measuring = False
samples: dict[str, list[float]] = {}
errors: dict[str, int] = {}


def found(pattern: re.Pattern[str], html: str | None) -> str:
    match = pattern.search(html or "")
    return match.group(1) if match else ""


class Citizen(FastHttpUser):
    wait_time = between(*THINK)

    def on_start(self) -> None:
        # A signed-in citizen (sessions made by bench._load.prepare): sign-in by password
        # is a deliberate 0.3 s of hashing, not what a returning citizen does each visit.
        host = self.host.split("//", 1)[1].split(":", 1)[0]  # type: ignore[union-attr]
        self.client.cookiejar.set_cookie(create_cookie("sessionid", next(sessions), domain=host))

    @task(3)
    def catalogue(self) -> None:
        self.client.get("/procedures/", name="catalogue")

    @task(2)
    def catalogue_search(self) -> None:
        query = random.choice(SEARCHES)
        self.client.get(f"/procedures/?q={query}", name="catalogue: search")

    @task(3)
    def procedure(self) -> None:
        slug = random.choice(plan["procedures"])
        self.client.get(f"/procedures/{slug}/", name="procedure")

    @task(2)
    def track(self) -> None:
        page = self.client.get("/tracking/", name="tracking")
        code, phone4 = random.choice(plan["tracked"])
        self.client.post(
            "/tracking/",
            data={"csrfmiddlewaretoken": found(CSRF, page.text), "code": code, "phone4": phone4},
            name="tracking: answer",
        )

    @task(2)
    def portal_home(self) -> None:
        if path := plan["portal"].get("portal:home"):
            self.client.get(path, name="portal: home")

    @task(2)
    def my_dossiers(self) -> None:
        if path := plan["portal"].get("portal:my_dossiers"):
            self.client.get(path, name="portal: my dossiers")

    @task(1)
    def submit(self) -> None:
        """The e-form as a phone fills it: open it, upload a PDF per mandatory item
        (the draft is saved with what was typed), see the form again, submit, see the
        dossier. Only the submitting POST counts as the submission."""
        form_path = plan["portal"].get("portal:form")
        if not form_path or not plan["forms"]:
            return
        form = random.choice(plan["forms"])
        path = form_path.replace("CODE", form["procedure"])
        page = self.client.get(path, name="portal: e-form")
        fields = [*form["values"].items(), ("csrfmiddlewaretoken", found(CSRF, page.text))]
        files = [(name, ("giay-to.pdf", PDF, "application/pdf")) for name in form["uploads"]]
        body, content_type = encode_multipart_formdata([*fields, ("action", "upload"), *files])
        self.client.post(
            path,
            data=body,  # type: ignore[arg-type]  # bytes: the multipart body, sent as is
            headers={"Content-Type": content_type},
            name="portal: upload, save draft",
        )
        page = self.client.get(path, name="portal: e-form")
        submission = {
            **form["values"],
            "csrfmiddlewaretoken": found(CSRF, page.text),
            "key": found(DRAFT_KEY, page.text),
            "action": "submit",
        }
        with self.client.post(
            path, data=submission, name=SUBMISSION, allow_redirects=False, catch_response=True
        ) as response:
            target = response.headers.get("Location", "")
            if response.status_code != 302 or not SUBMITTED.search(target):
                response.failure(f"not submitted: {response.status_code} {target}")
                return
        self.client.get(target, name="portal: dossier")

    @task(1)
    def baseline(self) -> None:
        self.client.get(BARE_PATH, name=BASELINE)


class Prober(FastHttpUser):
    wait_time = constant(0)

    @task
    def baseline(self) -> None:
        self.client.get(BARE_PATH, name=BASELINE)


@events.request.add_listener
def record(name: str, response_time: float, exception: Exception | None, **_: Any) -> None:
    if exception is not None:
        key = f"{name}: {exception!r}"[:200]
        errors[key] = errors.get(key, 0) + 1
    elif measuring:
        samples.setdefault(name, []).append(response_time)


def percentiles(times: list[float]) -> dict[str, float | int]:
    ordered = sorted(times)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0

    return {"count": len(ordered), "p50": at(0.50), "p95": at(0.95), "p99": at(0.99)}


def main(
    host: str, plan_path: str, mode: str, users: int, spawn_rate: float, seconds: float
) -> None:
    global sessions, measuring
    with open(plan_path, encoding="utf-8") as file:
        plan.update(json.load(file))
    sessions = itertools.cycle(plan["sessions"])
    user_class = Citizen if mode == "citizens" else Prober
    environment = Environment(user_classes=[user_class], host=host, events=events)
    runner = environment.create_local_runner()
    runner.start(users, spawn_rate=spawn_rate)
    while runner.user_count < users:
        gevent.sleep(0.2)
    gevent.sleep(WARM_UP)
    measuring = True
    started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF)
    gevent.sleep(seconds)
    measuring = False
    elapsed = time.perf_counter() - started
    used = resource.getrusage(resource.RUSAGE_SELF)
    runner.quit()
    everything = [t for name, times in samples.items() if name != BASELINE for t in times]
    json.dump(
        {
            "seconds": elapsed,
            "generator_cpu": (used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime)
            / elapsed,
            "overall": percentiles(everything),
            "pages": {name: percentiles(times) for name, times in samples.items()},
            "errors": sum(errors.values()),
            "error_kinds": sorted(errors.items(), key=lambda kv: -kv[1])[:10],
        },
        sys.stdout,
    )


if __name__ == "__main__":
    host, plan_path, mode, users, spawn_rate, seconds = sys.argv[1:7]
    main(host, plan_path, mode, int(users), float(spawn_rate), float(seconds))
