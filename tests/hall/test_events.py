"""The board's event stream: what it sends, when, and how it ends."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient, Client

from motcua.hall import events
from motcua.hall.services.tickets import ticket_call_next, ticket_issue


@pytest.fixture
def short_stream(monkeypatch):
    # A stream ends by design after STREAM_SECONDS; a test needs it to end quickly, yet
    # late enough that a loaded CI machine still reaches the first poll.
    monkeypatch.setattr(events, "POLL_SECONDS", 0.01)
    monkeypatch.setattr(events, "STREAM_SECONDS", 0.3)


class _FeedEnded(Exception):
    """Every revision the test scripted has been read."""


def _chunks(revisions: list[int], last_event_id: int | None) -> list[str]:
    """What the stream sends while the hall goes through `revisions`, one per poll.

    The stream is cut when the script runs out, not by the clock, so a slow machine
    sees every revision.
    """
    feed = iter(revisions)
    state = {"revision": 0}

    def read_revision() -> int:
        try:
            state["revision"] = next(feed)
        except StopIteration:
            raise _FeedEnded from None
        return state["revision"]

    chunks: list[str] = []
    stream = events.stream_sync(
        read_revision=read_revision,
        read_snapshot=lambda: {"revision": state["revision"], "tên": "Sảnh"},
        last_event_id=last_event_id,
    )
    with pytest.raises(_FeedEnded):
        for chunk in stream:
            chunks.append(chunk)
    return chunks


def test_stream_starts_with_the_reconnect_delay_and_a_snapshot(short_stream) -> None:
    chunks = _chunks([3], last_event_id=None)
    assert chunks[0] == "retry: 1000\n\n"
    assert chunks[1].startswith("id: 3\nevent: snapshot\ndata: ")
    data = json.loads(chunks[1].split("data: ", 1)[1])
    assert data == {"revision": 3, "tên": "Sảnh"}  # Vietnamese stays readable UTF-8


def test_reconnect_with_the_current_revision_sends_no_snapshot(short_stream) -> None:
    assert _chunks([7, 7, 7], last_event_id=7) == ["retry: 1000\n\n"]


def test_each_change_of_revision_sends_one_snapshot(short_stream) -> None:
    chunks = _chunks([1, 1, 2, 2, 2, 5], last_event_id=None)
    ids = [c.split("\n", 1)[0] for c in chunks if c.startswith("id:")]
    assert ids == ["id: 1", "id: 2", "id: 5"]


def test_a_quiet_stream_sends_heartbeat_comments(short_stream, monkeypatch) -> None:
    monkeypatch.setattr(events, "HEARTBEAT_SECONDS", 0.02)
    chunks = _chunks([4] * 5, last_event_id=4)  # five polls, 0.01 s apart or more
    assert chunks.count(": heartbeat\n\n") >= 1


def test_the_stream_ends_after_its_time(monkeypatch) -> None:
    monkeypatch.setattr(events, "POLL_SECONDS", 0.01)
    monkeypatch.setattr(events, "STREAM_SECONDS", 0.05)
    chunks = list(events.stream_sync(read_revision=lambda: 1, read_snapshot=dict, last_event_id=1))
    assert chunks == ["retry: 1000\n\n"]


@pytest.mark.parametrize("header", [None, "", "abc", "12x"])
def test_a_bad_last_event_id_is_ignored(header: str | None) -> None:
    assert events.parse_last_event_id(header) is None


def test_the_async_stream_sends_the_same_events(short_stream) -> None:
    async def collect() -> list[str]:
        stream = events.stream_async(
            read_revision=lambda: 9, read_snapshot=lambda: {"a": 1}, last_event_id=None
        )
        return [chunk async for chunk in stream]

    # In a thread of its own: Playwright's sync API may hold this thread's event loop.
    with ThreadPoolExecutor(1) as pool:
        chunks = pool.submit(asyncio.run, collect()).result()
    assert chunks == ["retry: 1000\n\n", 'id: 9\nevent: snapshot\ndata: {"a":1}\n\n']


# --- the view, under WSGI and under ASGI ------------------------------------------------


@pytest.fixture
def called(hall_a, open_counter, officer_a):
    """A001 called at counter 1 of ward A's hall."""
    ticket_issue(hall=hall_a.hall, group=hall_a.civil)
    return ticket_call_next(actor=officer_a, counter=open_counter)


def _snapshot(body: str) -> dict[str, object]:
    line = next(line for line in body.splitlines() if line.startswith("data: "))
    return json.loads(line.removeprefix("data: "))


@pytest.mark.django_db
def test_board_stream_pushes_the_number_being_called(
    short_stream, hall_a, board: Client, called
) -> None:
    response = board.get(f"/hall/{hall_a.hall.pk}/events/")
    assert response["Content-Type"] == "text/event-stream"
    assert response["Cache-Control"] == "no-cache"
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    assert body.startswith("retry: 1000\n\n")
    hall_a.hall.refresh_from_db()
    assert f"id: {hall_a.hall.revision}\n" in body
    snapshot = _snapshot(body)
    assert snapshot["counters"] == [{"counter": "Quầy 1", "number": "A001"}]
    assert snapshot["calls"][0]["number"] == "A001"  # type: ignore[index]
    assert snapshot["waiting"] == [
        {"group": "Hộ tịch", "count": 0},
        {"group": "Đất đai", "count": 0},
    ]


@pytest.mark.django_db
def test_board_reconnecting_with_the_current_revision_gets_no_snapshot(
    short_stream, hall_a, board: Client, called
) -> None:
    hall_a.hall.refresh_from_db()
    response = board.get(
        f"/hall/{hall_a.hall.pk}/events/", headers={"Last-Event-ID": str(hall_a.hall.revision)}
    )
    assert b"".join(response.streaming_content) == b"retry: 1000\n\n"  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_board_stream_under_an_asgi_server_is_asynchronous(
    short_stream, hall_a, board, called
) -> None:
    async def fetch() -> tuple[bool, str]:
        client = AsyncClient()
        client.cookies = board.cookies  # the enrolled board's
        response = await client.get(f"/hall/{hall_a.hall.pk}/events/")
        # The stubs type every test-client response as an HttpResponse; this one streams.
        chunks = [chunk async for chunk in response.streaming_content]  # type: ignore[attr-defined]
        return response.is_async, b"".join(chunks).decode()  # type: ignore[attr-defined]

    # async_to_sync: the ORM reads of the stream run in this thread, inside the test's
    # transaction, as they would in a request thread.
    is_async, body = async_to_sync(fetch)()
    assert is_async
    assert _snapshot(body)["counters"] == [{"counter": "Quầy 1", "number": "A001"}]
