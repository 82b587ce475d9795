"""Live state of a meeting for every open stream: one shared reader per meeting, fanned out.

Each device page and each screen keeps an event stream open. A stream must not hold a database
connection while it waits (a hall of 3,000 devices against a pool of 20 connections), and 3,000
streams must not each read the state: per app-server process, one reader thread per meeting reads
`queries.cached_screen_state` every EVENT_INTERVAL (the cache is Redis when REDIS_URL is set, so
the processes share one computation; it degrades to the in-process cache while Redis is down, see
core/cache.py), returns its database connection after each read, and wakes the streams waiting on
that meeting only when the state changed. A stream itself touches neither the database nor the
cache: it waits on the feed in memory.

The reader stops when the meeting's last stream closes.

Under ASGI the stream holds no thread either. Django's ASGI handler gives every request a thread of
its own (for the sync middleware) and keeps it until the response ends, so a stream answered from
inside Django would hold one idle thread for as long as it is open. `asgi_streams` wraps the Django
application instead: the request goes through Django as any other (session, two-factor, the
view's role and scope check), the view answers with a hand-off (`handoff_response`), Django
finishes, its thread goes, and only then does the wrapper send the stream from the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

from django import db
from django.http import HttpResponse

from meetings import queries

logger = logging.getLogger(__name__)

# The stream sends a state only when it changed, and a comment now and then so proxies keep it open.
EVENT_INTERVAL = 0.3
HEARTBEAT_SECONDS = 15
ASGI_STREAM_SECONDS = 3600
# Under WSGI (tests, live_server, a fallback deployment) a stream holds a worker thread, so it
# ends after a while and EventSource reconnects (retry: 1 s).
WSGI_STREAM_SECONDS = 30


def read_state(meeting_id: int) -> dict | None:
    """The meeting's state, then the connection goes back (to the pool on PostgreSQL)."""
    try:
        return queries.cached_screen_state(meeting_id)
    finally:
        db.connections.close_all()


class Feed:
    """The latest state of one meeting in this process, and who waits for the next one."""

    def __init__(self, meeting_id: int, read: Callable[[int], dict | None]):
        self.meeting_id = meeting_id
        self.read = read
        self.state: dict | None = None
        # The event as sent, written once per change: 3,000 streams must not each serialize it.
        self.event = ""
        self.version = 0  # 0: not read yet
        self.listeners = 0
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)
        # One event per event loop (an ASGI server has one): a change costs one cross-thread call
        # per loop, not one per stream.
        self._loop_events: dict[asyncio.AbstractEventLoop, asyncio.Event] = {}
        self._thread: threading.Thread | None = None
        self.failing = False

    # ---- the reader

    def _run(self) -> None:
        while True:
            with self.lock:
                if self.listeners == 0:
                    self._thread = None
                    return
            try:
                state = self.read(self.meeting_id)
            except Exception:  # the database is away: keep the last state, try again
                # Logged once per outage, not every EVENT_INTERVAL for every meeting.
                if not self.failing:
                    logger.exception("live state of meeting %s could not be read", self.meeting_id)
                self.failing = True
            else:
                if self.failing:
                    logger.warning("live state of meeting %s is read again", self.meeting_id)
                self.failing = False
                self._publish(state)
            time.sleep(EVENT_INTERVAL)

    def _publish(self, state: dict | None) -> None:
        with self.lock:
            if self.version and state == self.state:
                return
            self.state, self.event, self.version = state, event(state), self.version + 1
            self.changed.notify_all()
            loops = list(self._loop_events)
        for loop in loops:
            try:
                loop.call_soon_threadsafe(self._wake, loop)
            except RuntimeError:  # that loop has closed
                with self.lock:
                    self._loop_events.pop(loop, None)

    def _wake(self, loop: asyncio.AbstractEventLoop) -> None:
        with self.lock:
            event = self._loop_events.pop(loop, None)
        if event is not None:
            event.set()

    # ---- the streams

    def join(self) -> None:
        with self.lock:
            self.listeners += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name=f"live-meeting-{self.meeting_id}", daemon=True
                )
                self._thread.start()

    def leave(self) -> None:
        with self.lock:
            self.listeners -= 1

    def wait(self, seen: int, timeout: float) -> tuple[int, str]:
        """(version, event) once the version is no longer `seen`, or after `timeout` unchanged."""
        with self.changed:
            if self.version == seen:
                self.changed.wait(timeout)
            return self.version, self.event

    async def wait_async(self, seen: int, timeout: float) -> tuple[int, str]:
        loop = asyncio.get_running_loop()
        with self.lock:
            if self.version != seen:
                return self.version, self.event
            event = self._loop_events.get(loop)
            if event is None:
                event = self._loop_events[loop] = asyncio.Event()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout)
        with self.lock:
            return self.version, self.event


class Hub:
    """The feeds of this process, one per meeting with at least one open stream."""

    def __init__(self, read: Callable[[int], dict | None] = read_state):
        self.read = read
        self.lock = threading.Lock()
        self.feeds: dict[int, Feed] = {}

    def feed(self, meeting_id: int) -> Feed:
        with self.lock:
            feed = self.feeds.get(meeting_id)
            if feed is None:
                feed = self.feeds[meeting_id] = Feed(meeting_id, self.read)
            return feed

    def listeners(self) -> int:
        with self.lock:
            return sum(feed.listeners for feed in self.feeds.values())


hub = Hub()


def event(state: dict | None) -> str:
    return f"event: state\ndata: {json.dumps(state, ensure_ascii=False)}\n\n"


def sync_events(meeting_id: int, seconds: float, hub: Hub = hub) -> Iterator[str]:
    """The stream under WSGI: a worker thread waits on the feed, holding no connection."""
    feed = hub.feed(meeting_id)
    feed.join()
    try:
        yield "retry: 1000\n\n"
        seen, beat, end = 0, time.monotonic(), time.monotonic() + seconds
        while (now := time.monotonic()) < end:
            version, text = feed.wait(seen, min(HEARTBEAT_SECONDS, end - now))
            if version != seen:
                seen, beat = version, time.monotonic()
                yield text
            elif time.monotonic() - beat >= HEARTBEAT_SECONDS:
                beat = time.monotonic()
                yield ": keepalive\n\n"
    finally:
        feed.leave()


async def async_events(meeting_id: int, seconds: float, hub: Hub = hub) -> AsyncIterator[str]:
    """The stream under ASGI (the live server): a coroutine waiting on the feed; no thread, no connection."""
    feed = hub.feed(meeting_id)
    feed.join()
    try:
        yield "retry: 1000\n\n"
        loop = asyncio.get_running_loop()
        seen, beat, end = 0, loop.time(), loop.time() + seconds
        while (now := loop.time()) < end:
            version, text = await feed.wait_async(seen, min(HEARTBEAT_SECONDS, end - now))
            if version != seen:
                seen, beat = version, loop.time()
                yield text
            elif loop.time() - beat >= HEARTBEAT_SECONDS:
                beat = loop.time()
                yield ": keepalive\n\n"
    finally:
        feed.leave()


# --------------------------------------------------------------------------- the ASGI hand-off

# Set in the scope by the wrapper; the view hands off only when it is there (under WSGI, the
# test client or another ASGI server it streams itself).
SCOPE_KEY = "renda.live_stream"
HANDOFF_HEADER = "X-Renda-Live-Meeting"

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict]]
Send = Callable[[dict], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def can_hand_off(request) -> bool:
    scope = getattr(request, "scope", None) or {}
    return SCOPE_KEY in (scope.get("extensions") or {})


def handoff_response(meeting_id: int) -> HttpResponse:
    """What the view answers once the person may follow the meeting: the wrapper sends the stream."""
    response = HttpResponse(status=200, content_type="text/event-stream; charset=utf-8")
    response[HANDOFF_HEADER] = str(meeting_id)
    return response


def asgi_streams(django_app: ASGIApp, hub: Hub = hub) -> ASGIApp:
    """The Django application, with the live streams sent outside Django's per-request thread."""

    async def application(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await django_app(scope, receive, send)
            return
        scope = {**scope, "extensions": {**(scope.get("extensions") or {}), SCOPE_KEY: {}}}
        handed: dict[str, Any] = {}

        async def django_send(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers") or []
                meeting = [v for k, v in headers if k.lower() == HANDOFF_HEADER.lower().encode()]
                if message.get("status") == 200 and meeting:
                    handed["meeting"] = int(meeting[0])
                    handed["headers"] = [
                        (k, v)
                        for k, v in headers
                        if k.lower() not in (HANDOFF_HEADER.lower().encode(), b"content-length")
                    ]
                    return
            elif "meeting" in handed:
                return  # the hand-off's empty body
            await send(message)

        await django_app(scope, receive, django_send)
        if "meeting" in handed:
            await _send_stream(handed["meeting"], handed["headers"], receive, send, hub)

    return application


async def _send_stream(meeting_id: int, headers: list, receive: Receive, send: Send, hub: Hub) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": headers})

    async def pump() -> None:
        stream = async_events(meeting_id, ASGI_STREAM_SECONDS, hub=hub)
        try:
            async for chunk in stream:
                await send({"type": "http.response.body", "body": chunk.encode(), "more_body": True})
        finally:
            await stream.aclose()

    async def disconnected() -> None:
        while (await receive())["type"] != "http.disconnect":
            pass

    tasks = {asyncio.ensure_future(pump()), asyncio.ensure_future(disconnected())}
    try:
        done, _pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    for task in done:
        if not task.cancelled() and task.exception() is not None:
            logger.error("live stream of meeting %s failed", meeting_id, exc_info=task.exception())
    with contextlib.suppress(Exception):  # the client may be gone already
        await send({"type": "http.response.body", "body": b"", "more_body": False})
