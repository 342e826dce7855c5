"""Server-sent events for the display boards.

A board keeps one HTTP response open. The server reads the hall's `revision` every
POLL_SECONDS (one indexed one-row read) and, when it moved, pushes a compact JSON
snapshot with the revision as the event id. The browser's EventSource reconnects by
itself after a drop (`retry:`) and sends `Last-Event-ID`, so an unchanged hall costs
no snapshot on reconnect. A stream ends after STREAM_SECONDS: a sync worker thread is
not held forever, and the reconnect is invisible to the board.

Under WSGI (runserver, gunicorn threads) the view streams a plain generator; under
ASGI (uvicorn workers) an async generator that sleeps without holding a thread and
that Django cancels when the client goes away.
"""

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from asgiref.sync import sync_to_async

POLL_SECONDS = 0.2
HEARTBEAT_SECONDS = 15.0
STREAM_SECONDS = 300.0
RETRY_MS = 1000

ReadRevision = Callable[[], int]
ReadSnapshot = Callable[[], dict[str, Any]]


def parse_last_event_id(header: str | None) -> int | None:
    try:
        return int(header or "")
    except ValueError:
        return None


def snapshot_event(revision: int, snapshot: dict[str, Any]) -> str:
    data = json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"))
    return f"id: {revision}\nevent: snapshot\ndata: {data}\n\n"


HEARTBEAT = ": heartbeat\n\n"
PREAMBLE = f"retry: {RETRY_MS}\n\n"


class _Poller:
    """What to send next, given the time and the hall's revision. Shared by both streams."""

    def __init__(self, last_seen: int | None, now: float) -> None:
        self.last_seen = last_seen
        self.last_sent = now
        self.ends_at = now + STREAM_SECONDS

    def step(self, revision: int, now: float, snapshot: ReadSnapshot) -> str | None:
        if revision != self.last_seen:
            self.last_seen = revision
            self.last_sent = now
            return snapshot_event(revision, snapshot())
        if now - self.last_sent >= HEARTBEAT_SECONDS:
            self.last_sent = now
            return HEARTBEAT
        return None

    def done(self, now: float) -> bool:
        return now >= self.ends_at


def stream_sync(
    *, read_revision: ReadRevision, read_snapshot: ReadSnapshot, last_event_id: int | None
) -> Iterator[str]:
    poller = _Poller(last_event_id, time.monotonic())
    yield PREAMBLE
    while not poller.done(time.monotonic()):
        chunk = poller.step(read_revision(), time.monotonic(), read_snapshot)
        if chunk:
            yield chunk
        time.sleep(POLL_SECONDS)


async def stream_async(
    *, read_revision: ReadRevision, read_snapshot: ReadSnapshot, last_event_id: int | None
) -> AsyncIterator[str]:
    poller = _Poller(last_event_id, time.monotonic())
    read_revision_async = sync_to_async(read_revision)
    # The snapshot is read in the same worker thread as the revision (one ORM connection).
    step = sync_to_async(poller.step)
    yield PREAMBLE
    while not poller.done(time.monotonic()):
        revision = await read_revision_async()
        chunk = await step(revision, time.monotonic(), read_snapshot)
        if chunk:
            yield chunk
        await asyncio.sleep(POLL_SECONDS)
