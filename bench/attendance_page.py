"""Attendance page (签到与出席) of a large congress: how fast the office's page answers.

    .venv/bin/python bench/attendance_page.py --deputies 400
    .venv/bin/python bench/attendance_page.py --deputies 3000

Against the production app server (granian on config.wsgi, 2 workers) on a scratch PostgreSQL
database and Redis under a key prefix of this run's own: a meeting of N members, all signed in
(bench/vote_load.py's setup). The staff session then asks for the page --requests times, one after
another as a clerk at the desk would: the first page, a later page, a search by name, a filter
by status, and the htmx search fragment, in turn. Reports p50/p95/max per kind and overall.
Not part of the test suite. Results go to docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import vote_load
from live_streams import wait_for
from scratch import app_env, pct, prepare_app, scratch_database, scratch_key_prefix
from vote_load import PYTHON, ROOT, UVICORN, free_port

KINDS = {
    "first_page": ({}, {}),
    "page_4": ({"page": "4"}, {}),
    "search_by_name": ({"q": "代表12"}, {}),
    "filter_present": ({"status": "present"}, {}),
    "htmx_search": ({"q": "B0003"}, {"HX-Request": "true"}),
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--deputies", type=int, default=400)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    with (
        scratch_database(args.admin_url, "attendance") as database_url,
        scratch_key_prefix(args.redis_url, "attendance") as key_prefix,
        tempfile.TemporaryDirectory(prefix="renda-bench-static-") as static_root,
    ):
        run(args, database_url, key_prefix, static_root)


def run(args, database_url: str, key_prefix: str, static_root: str) -> None:
    env = app_env(ROOT, database_url, args.redis_url, key_prefix, static_root)
    prepare_app(PYTHON, ROOT, env)
    setup = json.loads(
        subprocess.run(
            [PYTHON, vote_load.__file__, "--internal", "setup", "--voters", str(args.deputies)],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    )
    port = free_port()
    server = subprocess.Popen(
        [
            UVICORN.parent / "granian",
            "--interface",
            "wsgi",
            "config.wsgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "--blocking-threads",
            "8",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        wait_for(port)
        base = f"http://127.0.0.1:{port}/meetings/{setup['meeting']}/attendance/"
        cookie = {"Cookie": f"sessionid={setup['staff_session']}"}
        timings: dict[str, list[float]] = {kind: [] for kind in KINDS}
        sizes: dict[str, int] = {}
        names = list(KINDS)
        for i in range(args.requests + 10):
            kind = names[i % len(names)]
            params, headers = KINDS[kind]
            url = base + ("?" + urllib.parse.urlencode(params) if params else "")
            request = urllib.request.Request(url, headers={**cookie, **headers})
            t0 = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                body = response.read()
                assert response.status == 200 and response.url == url, (response.status, response.url)
            if i >= 10:  # the first ten warm both workers
                timings[kind].append(time.perf_counter() - t0)
                sizes[kind] = len(body)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    every = [t for ts in timings.values() for t in ts]
    report = {
        "deputies": args.deputies,
        "requests": len(every),
        "overall_ms_p50_p95_max": [round(pct(every, p) * 1000, 1) for p in (50, 95, 100)],
        **{
            kind: {"ms_p50_p95": [round(pct(ts, p) * 1000, 1) for p in (50, 95)], "bytes": sizes[kind]}
            for kind, ts in timings.items()
        },
        "uptime": subprocess.run(["uptime"], check=False, capture_output=True, text=True).stdout.strip(),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    sys.exit(0)


if __name__ == "__main__":
    main()
