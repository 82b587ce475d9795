"""Public proposal intake: many citizens submit the livelihood-project form at once, against a
production server on PostgreSQL. Reports submissions/s, latency percentiles and
whether every acknowledged submission was stored.

    .venv/bin/python bench/intake_load.py                       # 6000 submissions, 32 connections
    .venv/bin/python bench/intake_load.py --interface asgi       # config.asgi under uvicorn
    .venv/bin/python bench/intake_load.py --submissions 40 --warmup 5 --connections 4   # a smoke run

What it does: creates a scratch database of its own (bench/scratch.py: never dropped first,
dropped at the end unless --keep), migrates, creates a congress with 14 subdistricts and an open call; starts uvicorn with
starts the app server with --workers on 127.0.0.1 (a free port; by default granian serving
config.wsgi, as README deploys the pages; uvicorn serving config.asgi with --interface asgi.
Not uvicorn's WSGI interface: it refuses the Set-Cookie header Django's WSGI handler writes,
so every page setting the CSRF cookie fails there) with DATABASE_URL pointing at the scratch database and
PUBLIC_FORM_GUARDS=false (the offline captcha and the rate limits are switched off: every
request would otherwise come from one address and need a session). Each of --connections
clients then does what a citizen's browser does, over one keep-alive HTTP/1.1 connection, for
distinct proposals: GET the form page, read the CSRF token from the form and the csrftoken
cookie, POST the filled-in form (urlencoded), follow the 302 to the tracking page and read the
tracking code there. Finally it counts the rows: acknowledged (302) == stored == sent.
Not part of the test suite. Results go to docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from scratch import scratch_database

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(os.environ.get("RENDA_PYTHON", ROOT / ".venv" / "bin" / "python"))
UVICORN = Path(os.environ.get("RENDA_UVICORN", ROOT / ".venv" / "bin" / "uvicorn"))
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


def internal_setup() -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import datetime as dt

    import django

    django.setup()
    from django.utils import timezone

    from projects.models import Call
    from registry.models import Congress, Subdistrict

    congress = Congress.objects.create(code="bench", name="压测区人民代表大会", region="压测区")
    subdistricts = Subdistrict.objects.bulk_create(
        Subdistrict(congress=congress, name=f"压测{i}街道") for i in range(14)
    )
    today = timezone.localdate()
    Call.objects.create(
        congress=congress,
        year=today.year + 1,
        title="压测年度民生实事项目征集",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
    )
    return {"subdistricts": [s.pk for s in subdistricts]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bodies(count: int, subdistricts: list[int], run: str) -> list[dict]:
    categories = ["education", "health", "elderly", "transport", "housing", "environment", "culture", "other"]
    out = []
    for i in range(count):
        out.append(
            {
                "title": f"压测建议第{i}号：在第{i % 97}路口增设公交站",
                "description": f"压测运行 {run} 的第 {i} 条建议。该路段附近有学校和小区，居民出行不便，建议增设公交站并优化线路。",
                "subdistrict": subdistricts[i % len(subdistricts)],
                "location": f"第{i % 97}路口",
                "category": categories[i % len(categories)],
                "name": "" if i % 3 else "压测群众",
                "mobile": f"139{i:08d}",
            }
        )
    return out


async def read_response(reader) -> tuple[int, dict[str, list[str]], bytes]:
    """Status, headers (lower-case names, every value) and body of one HTTP/1.1 response."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers.setdefault(name.strip().lower(), []).append(value.strip())
    if headers.get("transfer-encoding", [""])[0].lower() == "chunked":
        body = b""
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            body += (await reader.readexactly(size + 2))[:-2]
        await reader.readuntil(b"\r\n")
    else:
        body = await reader.readexactly(int(headers.get("content-length", ["0"])[0]))
    return status, headers, body


class Browser:
    """A citizen's browser: one keep-alive connection and the csrftoken cookie it was given."""

    def __init__(self, port: int):
        self.port, self.reader, self.writer, self.cookie = port, None, None, ""

    async def request(self, method: str, path: str, body: bytes = b""):
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\nAccept: text/html\r\n"
        if self.cookie:
            head += f"Cookie: csrftoken={self.cookie}\r\n"
        if body:
            head += (
                "Content-Type: application/x-www-form-urlencoded\r\n"
                f"Content-Length: {len(body)}\r\nReferer: http://127.0.0.1:{self.port}{path}\r\n"
            )
        self.writer.write(head.encode() + b"\r\n" + body)
        await self.writer.drain()
        status, headers, data = await read_response(self.reader)
        for value in headers.get("set-cookie", []):
            if found := CSRF_COOKIE.match(value):
                self.cookie = found.group(1)
        if headers.get("connection", [""])[0].lower() == "close":
            self.close()
        return status, headers, data

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def propose(browser: Browser, path: str, fields: dict) -> int:
    """One citizen's proposal: the form page, the POST, the tracking page. Returns the POST status."""
    status, _, page = await browser.request("GET", path)
    token = CSRF_FIELD.search(page)
    if status != 200 or token is None:
        return status
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1).decode(), **fields}).encode()
    status, headers, _ = await browser.request("POST", path, body)
    if status == 302:
        location = urllib.parse.urlsplit(headers["location"][0])
        shown, _, page = await browser.request("GET", f"{location.path}?{location.query}")
        if shown != 200 or "查询码".encode() not in page:
            return -shown  # acknowledged, but the tracking page did not show the code
    return status


async def load(port: int, payloads: list[dict], connections: int, path: str):
    queue = list(reversed(range(len(payloads))))
    latencies, statuses, errors = [], {}, []

    async def client():
        browser = Browser(port)
        while queue:
            i = queue.pop()
            for _attempt in range(3):
                try:
                    t0 = time.perf_counter()
                    status = await propose(browser, path, payloads[i])
                    latencies.append(time.perf_counter() - t0)
                    statuses[status] = statuses.get(status, 0) + 1
                    break
                except (ConnectionError, asyncio.IncompleteReadError) as error:
                    # Only a request whose response never arrived is retried; a duplicate would be
                    # linked to the first by the fingerprint, so nothing is stored twice either way.
                    errors.append(repr(error))
                    browser.close()
        browser.close()

    start = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    return time.perf_counter() - start, latencies, statuses, errors


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--submissions", type=int, default=6000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=300, help="submissions sent first and not measured")
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument(
        "--interface",
        choices=["asgi", "wsgi"],
        default="wsgi",
        help="wsgi: config.wsgi under granian (as deployed); asgi: config.asgi under uvicorn",
    )
    parser.add_argument(
        "--db-pool",
        action="store_true",
        help="run with a psycopg connection pool (a settings module written to a temp dir that "
        "extends config.settings): under ASGI Django otherwise connects once per request",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--internal", choices=["setup"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.internal == "setup":
        print(json.dumps(internal_setup()))
        return

    with (
        scratch_database(args.admin_url, "intake", keep=args.keep) as database_url,
        tempfile.TemporaryDirectory(prefix="renda-bench-") as scratch,
    ):
        run(args, database_url, Path(scratch))


def run(args, database_url: str, scratch: Path) -> None:
    import psycopg

    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-secret-key-" + "x" * 40,
        "DEBUG": "false",
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
        "SECURE_COOKIES": "false",  # plain http on 127.0.0.1
        "TWO_FACTOR_REQUIRED": "false",
        "PUBLIC_FORM_GUARDS": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": "",
        "STATIC_ROOT": str(scratch / "static"),
    }
    if args.db_pool:
        folder = scratch / "settings"
        folder.mkdir()
        (folder / "intake_pool_settings.py").write_text(
            "from config.settings import *  # noqa: F403\n"
            "DATABASES['default']['CONN_MAX_AGE'] = 0\n"
            "DATABASES['default'].setdefault('OPTIONS', {})['pool'] = {'min_size': 4, 'max_size': 20}\n"
        )
        env["PYTHONPATH"] = f"{folder}{os.pathsep}{ROOT}"
        env["DJANGO_SETTINGS_MODULE"] = "intake_pool_settings"
    server = None
    try:
        subprocess.run([PYTHON, "-m", "config.manage", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [PYTHON, "-m", "config.manage", "collectstatic", "--noinput", "-v", "0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
        setup = json.loads(
            subprocess.run(
                [PYTHON, __file__, "--internal", "setup"],
                env=env,
                cwd=ROOT,
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout
        )
        port = free_port()
        common = ["--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers)]
        common += ["--backlog", "4096", "--log-level", "warning"]
        if args.interface == "asgi":
            command = [UVICORN, "config.asgi:application", *common, "--no-access-log"]
        else:
            command = [UVICORN.parent / "granian", "--interface", "wsgi", "config.wsgi:application", *common]
            command += ["--blocking-threads", "8"]
        # Its own process group, so that nothing it forks outlives the bench.
        server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
        path = "/p/bench/projects/propose/"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1)
                break
            except Exception:
                time.sleep(0.2)
        else:
            raise SystemExit("服务器未能启动")
        run = str(int(time.time()))
        payloads = bodies(args.warmup + args.submissions, setup["subdistricts"], run)
        try:  # the load generator shares the machine's cores with the server: keep it cheap
            import uvloop

            run_loop = uvloop.run
        except ImportError:
            run_loop = asyncio.run
        run_loop(load(port, payloads[: args.warmup], min(args.connections, args.warmup), path))
        elapsed, latencies, statuses, errors = run_loop(
            load(port, payloads[args.warmup :], args.connections, path)
        )
        with psycopg.connect(database_url) as conn:
            stored = conn.execute("SELECT count(*) FROM projects_proposal").fetchone()[0]
            supporters = conn.execute("SELECT count(*) FROM projects_supporter").fetchone()[0]
        acknowledged = statuses.get(302, 0)
        sent = args.warmup + args.submissions
        print(
            json.dumps(
                {
                    "submissions": args.submissions,
                    "connections": args.connections,
                    "workers": args.workers,
                    "interface": args.interface,
                    "db_pool": args.db_pool,
                    "elapsed_s": round(elapsed, 2),
                    "submissions_per_s": round(args.submissions / elapsed, 1),
                    "citizen_latency_ms": {  # form page + POST + tracking page
                        "p50": round(pct(latencies, 50) * 1000, 1),
                        "p95": round(pct(latencies, 95) * 1000, 1),
                        "p99": round(pct(latencies, 99) * 1000, 1),
                        "max": round(max(latencies) * 1000, 1),
                        "mean": round(statistics.mean(latencies) * 1000, 1),
                    },
                    "statuses": statuses,
                    "connection_errors": len(errors),
                    "stored_rows": stored,
                    "sent_including_warmup": sent,
                    "linked_as_duplicates": supporters,
                    "nothing_lost": acknowledged == args.submissions and stored == sent and supporters == 0,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    finally:
        if server is not None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


if __name__ == "__main__":
    main()
