"""Every device and screen live at once: one shared reader per meeting, no database connection per stream."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.db.backends.signals import connection_created
from django.test import Client, override_settings

from conftest import client_for
from core.tests.test_two_servers import SHARED_KEY, _database_url, _free_port, _redis_url, static_root
from meetings import live, workflow
from meetings.tests.helpers import give_accounts, open_meeting_with, open_vote, sign_in_all

ROOT = Path(__file__).resolve().parents[2]
UVICORN = Path(sys.executable).parent / "uvicorn"
__all__ = ["static_root"]  # the fixture, collected once per module


@pytest.fixture
def fast_reader(monkeypatch):
    monkeypatch.setattr(live, "EVENT_INTERVAL", 0.01)


def run_in_own_loop(coroutine_function):
    """asyncio.run in a thread of its own: a browser test's Playwright may hold this thread's loop."""
    result = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(coroutine_function())))
    thread.start()
    thread.join()
    return result[0]


class CountingReader:
    """Stands in for the cached state: counts its reads and the threads they ran in."""

    def __init__(self, states):
        self.states, self.reads, self.threads = list(states), 0, set()
        self.lock = threading.Lock()

    def __call__(self, meeting_id):
        with self.lock:
            self.reads += 1
            self.threads.add(threading.get_ident())
            return self.states[min(self.reads, len(self.states)) - 1]


@pytest.mark.django_db(transaction=True)  # the meeting's reader thread has a connection of its own
def test_the_event_stream_sends_the_state(clerk, congress, monkeypatch):
    monkeypatch.setattr(live, "WSGI_STREAM_SECONDS", 0.5)
    meeting = open_meeting_with(clerk, congress, 4)
    sign_in_all(meeting, clerk, 3)
    response = client_for(clerk).get(f"/meetings/{meeting.pk}/screen/events/")
    assert response["Content-Type"].startswith("text/event-stream")
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("retry: 1000") and "event: state" in body and '"present": 3' in body


def test_many_async_streams_share_one_reader_and_all_see_each_change(fast_reader):
    reader = CountingReader([{"present": 1}] * 5 + [{"present": 2}])
    hub = live.Hub(read=reader)

    async def two_states():
        stream = live.async_events(7, 30, hub=hub)
        chunks = [await stream.__anext__() for _ in range(3)]
        await stream.aclose()
        return chunks

    async def hall():
        return await asyncio.gather(*(two_states() for _ in range(200)))

    for chunks in run_in_own_loop(hall):
        assert chunks == [
            "retry: 1000\n\n",
            'event: state\ndata: {"present": 1}\n\n',
            'event: state\ndata: {"present": 2}\n\n',
        ]
    assert len(reader.threads) == 1  # one reader for 200 streams
    assert reader.reads < 200
    assert hub.listeners() == 0


def test_the_reader_stops_when_the_last_stream_closes_and_starts_again(fast_reader):
    reader = CountingReader([{"present": 1}])
    hub = live.Hub(read=reader)
    stream = live.sync_events(3, 30, hub=hub)
    assert next(stream).startswith("retry:") and "present" in next(stream)
    stream.close()
    feed = hub.feed(3)
    deadline = time.monotonic() + 10
    while feed._thread is not None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert feed._thread is None
    again = live.sync_events(3, 30, hub=hub)
    assert next(again).startswith("retry:") and "present" in next(again)
    again.close()


def test_a_reader_that_fails_keeps_the_last_state_and_tries_again(fast_reader):
    calls = []

    def flaky(meeting_id):
        calls.append(1)
        if len(calls) == 2:
            raise ConnectionError("数据库暂不可用")
        return {"present": len(calls)}

    hub = live.Hub(read=flaky)
    stream = live.sync_events(4, 30, hub=hub)
    next(stream)
    assert '"present": 1' in next(stream)
    assert '"present": 3' in next(stream)
    stream.close()


def test_a_database_outage_is_logged_once_and_its_end_once_not_at_every_read(fast_reader, caplog):
    calls = []

    def down_for_a_while(meeting_id):
        calls.append(1)
        if 2 <= len(calls) <= 6:
            raise ConnectionError("数据库暂不可用")
        return {"present": len(calls)}

    hub = live.Hub(read=down_for_a_while)
    stream = live.sync_events(5, 30, hub=hub)
    next(stream)
    with caplog.at_level("WARNING", logger="meetings.live"):
        assert '"present": 1' in next(stream)
        assert '"present": 7' in next(stream)
    stream.close()
    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["live state of meeting 5 could not be read", "live state of meeting 5 is read again"]


@pytest.mark.django_db(transaction=True)
def test_the_stream_gives_its_database_connection_back_before_it_waits(clerk, congress, monkeypatch):
    monkeypatch.setattr(live, "WSGI_STREAM_SECONDS", 5)
    meeting = open_meeting_with(clerk, congress, 3)
    client = Client()
    client.force_login(clerk)
    response = client.get(f"/meetings/{meeting.pk}/screen/events/")
    stream = iter(response.streaming_content)
    next(stream)  # retry:
    assert connection.connection is None
    next(stream)  # the first state, read by the meeting's reader thread
    assert connection.connection is None
    response.close()


# --------------------------------------------------------------------------- the live server


def _read_events(port: int, path: str, cookie: str, events: list, stop: threading.Event) -> None:
    """One device's EventSource over a raw socket: every state it is sent goes into `events`."""
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: sessionid={cookie}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        buffer = b""
        while not stop.is_set():
            try:
                data = sock.recv(65536)
            except TimeoutError:
                continue
            if not data:
                return
            buffer += data
            for line in buffer.split(b"\n")[:-1]:
                if line.startswith(b"HTTP/1.1 "):
                    events.append(("status", int(line.split()[1])))
                elif line.startswith(b"data: "):
                    events.append(("state", json.loads(line[6:])))
            buffer = buffer.split(b"\n")[-1]


@pytest.fixture
def live_server_process(tmp_path, static_root):
    """The live server as deployed (uvicorn on config.asgi), with a pool of 2 database connections."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=SHARED_KEY,
        DATABASE_URL=_database_url(),
        REDIS_URL=_redis_url(),
        DB_POOL_MIN="1",
        DB_POOL_MAX="2",
        DB_POOL_TIMEOUT="5",
        RENDA_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(static_root),
        RENDA_PRODUCTION="false",
        SECURE_COOKIES="false",
        TWO_FACTOR_REQUIRED="false",
    )
    port = _free_port()
    log = (tmp_path / "live.log").open("w")
    process = subprocess.Popen(
        [str(UVICORN), "config.asgi:application", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.mark.django_db(transaction=True)
def test_more_open_streams_than_database_connections_all_get_the_ballot(
    live_server_process, clerk, deputy, congress
):
    """12 streams (2 screens, 10 devices) stay open against a pool of 2 connections; a ballot reaches them all."""
    meeting = open_meeting_with(clerk, congress, 12)
    voters = give_accounts(meeting)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk)
    sessions = {}
    with override_settings(SECRET_KEY=SHARED_KEY):  # the server checks the session's hash with its key
        for user in (clerk, deputy):
            client = Client()
            client.force_login(user)
            sessions[user] = client.cookies["sessionid"].value
    cookies = [sessions[clerk]] * 2 + [sessions[deputy]] * 10
    stop = threading.Event()
    events: list[list] = [[] for _ in cookies]
    readers = [
        threading.Thread(
            target=_read_events,
            args=(live_server_process, f"/meetings/{meeting.pk}/screen/events/", cookie, seen, stop),
            daemon=True,
        )
        for cookie, seen in zip(cookies, events, strict=True)
    ]
    for reader in readers:
        reader.start()

    def all_streams(check) -> bool:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if all(any(kind == "state" and check(value) for kind, value in seen) for seen in events):
                return True
            time.sleep(0.1)
        return False

    try:
        assert all_streams(lambda state: state["item"] and state["item"]["voted"] == 0)
        workflow.cast(vote, actor=voters[0].user, choice="yes")
        assert all_streams(lambda state: state["item"]["voted"] == 1)
        assert all(seen[0] == ("status", 200) for seen in events)
    finally:
        stop.set()
        for reader in readers:
            reader.join(timeout=5)


# --------------------------------------------------------------------------- threads and connections


class Hall:
    """N event streams opened at once on the ASGI application as deployed (config/asgi.py), in-process."""

    def __init__(self, application, path: str, cookies: list[str]):
        self.application, self.path, self.cookies = application, path, cookies
        self.sent: list[list[dict]] = [[] for _ in cookies]

    async def one(self, cookie: str, sent: list, leave: asyncio.Event, answered: asyncio.Event) -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": self.path,
            "raw_path": self.path.encode(),
            "query_string": b"",
            "root_path": "",
            "headers": [(b"host", b"testserver"), (b"cookie", f"sessionid={cookie}".encode())],
            "client": ("127.0.0.1", 5000),
            "server": ("testserver", 80),
        }
        requested = False

        async def receive():
            nonlocal requested
            if not requested:
                requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await leave.wait()
            return {"type": "http.disconnect"}

        async def send(message):
            sent.append(message)
            refused = message["type"] == "http.response.start" and message["status"] != 200
            if refused or b"data: " in message.get("body", b""):
                answered.set()  # its first state, or its refusal

        await self.application(scope, receive, send)

    def states(self, index: int) -> list[str]:
        bodies = b"".join(m.get("body", b"") for m in self.sent[index] if m["type"] == "http.response.body")
        return [line for line in bodies.decode().split("\n") if line.startswith("data: ")]

    def status(self, index: int) -> int | None:
        starts = [m["status"] for m in self.sent[index] if m["type"] == "http.response.start"]
        return starts[0] if starts else None

    def run(self, while_open) -> object:
        """Opens every stream, calls while_open() once all have their first state, then closes them."""

        async def hall():
            leave = asyncio.Event()
            answered = [asyncio.Event() for _ in self.cookies]
            streams = [
                asyncio.ensure_future(self.one(cookie, sent, leave, first))
                for cookie, sent, first in zip(self.cookies, self.sent, answered, strict=True)
            ]
            # Every stream answers (its first state, or a refusal); the bound only stops a hang.
            await asyncio.wait_for(asyncio.gather(*(first.wait() for first in answered)), 300)
            await asyncio.sleep(0.5)  # idle: nothing changes
            seen = await asyncio.to_thread(while_open)
            leave.set()
            await asyncio.wait_for(asyncio.gather(*streams), 10)
            return seen

        return run_in_own_loop(hall)


@pytest.mark.django_db(transaction=True)
def test_a_hall_of_open_streams_needs_no_thread_and_no_database_connection_per_stream(
    clerk, deputy, congress, monkeypatch
):
    """60 devices and screens follow the meeting at once: a fixed few threads, no connection held while idle."""
    from config.asgi import application

    monkeypatch.setattr(live, "hub", live.Hub())
    meeting = open_meeting_with(clerk, congress, 4)
    sign_in_all(meeting, clerk, 3)
    cookies = []
    for user in (clerk, deputy):
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies["sessionid"].value)
    connection.close()
    opened: list = []

    def remember(sender, connection, **kwargs):
        opened.append(connection)

    connection_created.connect(remember)
    hall = Hall(application, f"/meetings/{meeting.pk}/screen/events/", [cookies[0]] * 10 + [cookies[1]] * 50)
    threads_before = threading.active_count()
    try:
        threads_open, connections_open = hall.run(
            lambda: (threading.active_count(), [c for c in opened if c.connection is not None])
        )
    finally:
        connection_created.disconnect(remember)

    assert all(hall.status(i) == 200 for i in range(60))
    assert all('"present": 3' in hall.states(i)[0] for i in range(60))
    # The event loop's thread, the meeting's one reader and a spare: not one per stream.
    assert threads_open - threads_before <= 4
    assert connections_open == []
    assert live.hub.listeners() == 0  # every stream left when its device went away


@pytest.mark.django_db(transaction=True)
def test_on_the_live_server_someone_outside_the_meeting_is_refused_before_any_stream(
    clerk, congress, outsider
):
    from config.asgi import application

    meeting = open_meeting_with(clerk, congress, 2)
    client = Client()
    client.force_login(outsider)
    hall = Hall(application, f"/meetings/{meeting.pk}/screen/events/", [client.cookies["sessionid"].value])
    hall.run(lambda: None)
    assert hall.status(0) == 404
    assert hall.states(0) == []
