"""Live streams: every deputy's device and the screens keep their event stream open while everyone votes.

    .venv/bin/python bench/live_streams.py --voters 400            # a district congress
    .venv/bin/python bench/live_streams.py --voters 3000           # a national-size hall
    .venv/bin/python bench/live_streams.py --voters 20 --screens 1 # a smoke run

Production layout on 127.0.0.1, against a scratch PostgreSQL database and Redis under a key prefix
of this run's own (bench/scratch.py): pages and the ballot API on granian (config.wsgi, --workers
2, --blocking-threads 8), the live server on ONE uvicorn process (config.asgi) with the default
pool of 20 database connections. Setup is bench/vote_load.py's: N deputies signed in, a secret
vote open, every ballot sealed beforehand as the devices do (not timed).

Then: N device streams (each with its deputy's session) and --screens screen streams (the staff
session) are opened on the live server and kept open; the database connections the live server
holds are counted while they are all open and idle. Every deputy then votes at once exactly as in
vote_load.py (device page, then the sealed ballot to the JSON API). Measured: whether every stream
stayed open, when each stream was sent the state showing every acknowledged ballot (after the last
acknowledgement), how long all the ballots took to be stored, the live server's memory and threads.
Not part of the test suite. Results go to docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import vote_load
from scratch import app_env, pct, prepare_app, scratch_database, scratch_key_prefix
from vote_load import CHOICES, PYTHON, ROOT, UVICORN, cast_all, free_port, seal_all


class Stream:
    """One EventSource: the states it was sent, with when."""

    def __init__(self, port: int, meeting: int, session: str):
        self.port, self.meeting, self.session = port, meeting, session
        self.status = 0
        self.opened = False
        self.closed_early = False
        self.seen: list[tuple[float, int]] = []  # (arrival, how many had voted)

    async def run(self, opened: asyncio.Event, stop: asyncio.Event, gate: asyncio.Semaphore) -> None:
        try:
            async with gate:
                reader, writer = await asyncio.open_connection("127.0.0.1", self.port, limit=1 << 20)
                writer.write(
                    f"GET /meetings/{self.meeting}/screen/events/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    f"Cookie: sessionid={self.session}\r\nAccept: text/event-stream\r\n\r\n".encode()
                )
                await writer.drain()
                head = await reader.readuntil(b"\r\n\r\n")
                self.status = int(head.split(b" ", 2)[1])
                if self.status != 200:
                    writer.close()
                    return
        except (OSError, asyncio.IncompleteReadError):
            self.closed_early = True
            return
        self.opened = True
        opened.set()
        stopping = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                line_task = asyncio.ensure_future(reader.readline())
                done, _ = await asyncio.wait({line_task, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if line_task not in done:
                    line_task.cancel()
                    break
                line = line_task.result()
                if not line:
                    self.closed_early = True
                    break
                # chunked transfer: size lines and SSE lines alike; only "data: {...}" matters
                if line.startswith(b"data: "):
                    state = json.loads(line[6:])
                    item = (state or {}).get("item") or {}
                    self.seen.append((time.perf_counter(), item.get("voted", 0)))
        except (OSError, asyncio.IncompleteReadError, ValueError):
            self.closed_early = True
        finally:
            stopping.cancel()
            writer.close()

    def current_at(self, count: int) -> float | None:
        return next((t for t, voted in self.seen if voted >= count), None)


LIVE_APP_NAME = "renda-bench-live-server"


def held_connections(database_url: str) -> int:
    """Open PostgreSQL connections of the live server (idle in its pool or in use)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        row = conn.execute(
            "select count(*) from pg_stat_activity where datname = %s and application_name = %s",
            (name, LIVE_APP_NAME),
        ).fetchone()
    return row[0] if row else -1


def rss_and_threads(pid: int) -> tuple[float, int]:
    status = Path(f"/proc/{pid}/status").read_text().splitlines()
    values = dict(line.split(":", 1) for line in status if ":" in line)
    return int(values["VmRSS"].split()[0]) / 1024, int(values["Threads"])


async def hall(args, setup, live_port, page_port, choices, bodies, live_pid, database_url) -> dict:
    meeting = setup["meeting"]
    stop, opened = asyncio.Event(), asyncio.Event()
    gate = asyncio.Semaphore(100)  # how many streams are being opened at once
    streams = [Stream(live_port, meeting, s) for s in setup["sessions"]]
    screens = [Stream(live_port, meeting, setup["staff_session"]) for _ in range(args.screens)]
    everyone = streams + screens
    started = time.perf_counter()
    tasks = [asyncio.ensure_future(s.run(opened, stop, gate)) for s in everyone]
    deadline = time.perf_counter() + 300
    while time.perf_counter() < deadline and not all(s.seen or s.status not in (0, 200) for s in everyone):
        await asyncio.sleep(0.2)
    open_s = time.perf_counter() - started
    await asyncio.sleep(2)  # all idle
    idle = {
        "streams_open": sum(s.opened and not s.closed_early for s in everyone),
        "live_server_db_connections_while_idle": held_connections(database_url),
        "live_server_rss_mb_threads": rss_and_threads(live_pid),
    }
    print(f"{idle['streams_open']} 个实时推送已打开（{open_s:.1f} 秒），开始表决…", flush=True)
    start, acked, page_latencies, cast_latencies, failed, _killed, retried, refused = await cast_all(
        page_port, meeting, setup["sessions"], choices, bodies, 0, 0, args.concurrency
    )
    last_ack = max((t for t, _ in acked.values()), default=start)
    count = len(acked)
    wait_until = time.perf_counter() + 10
    while time.perf_counter() < wait_until and not all(s.current_at(count) for s in everyone if s.opened):
        await asyncio.sleep(0.05)
    after = {
        "streams_still_open": sum(s.opened and not s.closed_early for s in everyone),
        "live_server_db_connections_after": held_connections(database_url),
        "live_server_rss_mb_threads_after": rss_and_threads(live_pid),
    }
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    lags = [s.current_at(count) for s in streams]
    screen_lags = [s.current_at(count) for s in screens]
    device_lag = [t - last_ack for t in lags if t is not None]
    screen_lag = [t - last_ack for t in screen_lags if t is not None]
    return {
        "voters": args.voters,
        "screens": args.screens,
        "streams_requested": len(everyone),
        "streams_opened_s": round(open_s, 1),
        "refused_streams": sorted({s.status for s in everyone if s.status != 200}),
        **idle,
        **after,
        "acknowledged": count,
        "unacknowledged": len(failed),
        "resent_after_cut_off": retried,
        "refused_ballots": refused[:5],
        "all_stored_within_s": round(last_ack - start, 3),
        "cast_p50_ms": round(pct(cast_latencies, 50) * 1000, 1),
        "cast_p99_ms": round(pct(cast_latencies, 99) * 1000, 1),
        "device_page_p99_ms": round(pct(page_latencies, 99) * 1000, 1),
        "devices_current": len(device_lag),
        "devices_current_after_last_ballot_s_p50_max": [
            round(pct(device_lag, 50), 3),
            round(max(device_lag, default=float("nan")), 3),
        ],
        "screens_current": len(screen_lag),
        "screens_current_after_last_ballot_s_max": round(max(screen_lag, default=float("nan")), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--voters", type=int, default=400)
    parser.add_argument("--screens", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="granian workers for pages and the ballot API")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=0, help="ballots in flight at once (0 = all)")
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    with (
        scratch_database(args.admin_url, "live", keep=args.keep) as database_url,
        scratch_key_prefix(args.redis_url, "live") as key_prefix,
        tempfile.TemporaryDirectory(prefix="renda-bench-static-") as static_root,
    ):
        ok = run(args, database_url, key_prefix, static_root)
    sys.exit(0 if ok else 1)


def wait_for(port: int) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"server on {port} did not start")


def run(args, database_url: str, key_prefix: str, static_root: str) -> bool:
    env = app_env(ROOT, database_url, args.redis_url, key_prefix, static_root)
    prepare_app(PYTHON, ROOT, env)
    print(f"准备 {args.voters} 名代表、会议和表决…", flush=True)
    setup = json.loads(
        subprocess.run(
            [PYTHON, vote_load.__file__, "--internal", "setup", "--voters", str(args.voters)],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    )
    page_port, live_port = free_port(), free_port()
    pages = subprocess.Popen(
        [
            UVICORN.parent / "granian",
            "--interface",
            "wsgi",
            "config.wsgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(page_port),
            "--workers",
            str(args.workers),
            "--blocking-threads",
            str(args.threads),
            "--backlog",
            "4096",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    # The live server names its database connections so that they can be counted (libpq reads PGAPPNAME).
    live_env = {**env, "PGAPPNAME": LIVE_APP_NAME}
    live = subprocess.Popen(
        [
            UVICORN,
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(live_port),
            "--backlog",
            "4096",
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        env=live_env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        wait_for(page_port)
        wait_for(live_port)
        for _ in range(20):  # warm both page workers
            urllib.request.urlopen(f"http://127.0.0.1:{page_port}/accounts/login/", timeout=10).read()
        rng = random.Random(1)
        choices = [rng.choice(CHOICES) for _ in setup["sessions"]]
        print(f"代表终端加密 {len(choices)} 张选票（不计时）…", flush=True)
        bodies = seal_all(setup["device"], choices)
        report = asyncio.run(hall(args, setup, live_port, page_port, choices, bodies, live.pid, database_url))
    finally:
        for server in (pages, live):
            server.send_signal(signal.SIGINT)
        for server in (pages, live):
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
    report["uptime"] = subprocess.run(["uptime"], check=False, capture_output=True, text=True).stdout.strip()
    print(json.dumps(report, ensure_ascii=False, indent=2))
    everyone = report["streams_requested"]
    return (
        report["streams_still_open"] == everyone
        and report["devices_current"] + report["screens_current"] == everyone
        and not report["unacknowledged"]
    )


if __name__ == "__main__":
    main()
