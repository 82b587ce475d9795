"""Vote load: N deputies cast a secret vote at once against a production server on PostgreSQL.

    .venv/bin/python bench/vote_load.py --voters 1000
    .venv/bin/python bench/vote_load.py --voters 3000
    .venv/bin/python bench/vote_load.py --voters 1000 --kill-worker

Secret votes go through the ballot box (core.ballot_box, docs/secret-ballot.md): the setup runs
the tellers' key ceremony, the load generator encrypts every ballot beforehand as each deputy's
device would (not timed: that is the phones' work), the server verifies each ballot's proofs and
stores the ciphertext; after the close two tellers' decryption shares give the totals, timed as
"close_to_totals_s". --kind election measures 20-candidate election ballots through the same box
(crypto and storage in process: election rounds are not yet cast through the box over HTTP).

What it does: creates a scratch database `renda_bench` (dropped first), migrates, creates a
congress with N deputies holding seats, opens a plenary, signs everyone in and opens a secret
vote; gives each deputy the ballot token their device page would hand them (a staff session
for the big screen is created directly in the session store — the cost of a real password check
is measured by bench/password_hashing.py); starts the app server
(granian on config.wsgi by default, see --server) with --workers on 127.0.0.1 (a free port) with REDIS_URL for sessions and cache; watches the big
screen's state.json; sends every deputy's ballot concurrently over its own connection; then
closes the vote and checks that the stored tally equals what was acknowledged.

--kill-worker kills one app-server worker when a third of the ballots are acknowledged; requests
cut off are sent again (a 409 "already voted" then proves the first one was stored).
Not part of the test suite. Results go to docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # core.ballot_box.crypto encrypts the devices' ballots here
PYTHON = Path(os.environ.get("RENDA_PYTHON", ROOT / ".venv" / "bin" / "python"))
UVICORN = Path(os.environ.get("RENDA_UVICORN", ROOT / ".venv" / "bin" / "uvicorn"))
CHOICES = ("yes", "no", "abstain")


# --------------------------------------------------------------------------- inside Django


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def internal_setup(voters: int) -> dict:
    django_setup()
    import datetime as dt

    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.utils import timezone

    from accounts.models import Role, RoleAssignment, User
    from meetings import workflow
    from meetings.models import Attendance, CongressSession, Meeting
    from registry.models import Congress, Deputy, Term
    from registry.rules import id_number_check_digit

    congress = Congress.objects.create(code="bench", name="压测区人民代表大会", region="压测区")
    term = Term.objects.create(congress=congress, number=1, starts_on=dt.date(2024, 1, 1))
    password = make_password("bench-password")
    staff = User.objects.create(username="bench-staff", password=password, full_name="压测工作人员")
    RoleAssignment.objects.create(user=staff, congress=congress, role=Role.STAFF)
    users = User.objects.bulk_create(
        User(username=f"d{i:05d}", password=password, full_name=f"代表{i}") for i in range(voters)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, congress=congress, role=Role.DEPUTY) for u in users
    )
    deputies = []
    for i, user in enumerate(users):
        first17 = f"990000{1970 + i % 30}0101{i % 1000:03d}"
        deputies.append(
            Deputy(
                congress=congress,
                term=term,
                user=user,
                number=f"B{i:05d}",
                name=f"代表{i}",
                gender="male",
                birth_date=dt.date(1970, 1, 1),
                id_number=f"{i:06d}"[:6] + first17[6:17] + "0",
                phone=f"1990{i:07d}",
                elected_on=dt.date(2024, 1, 1),
            )
        )
    Deputy.objects.bulk_create(deputies)
    session = CongressSession.objects.create(
        congress=congress, term=term, number=1, starts_on=timezone.localdate()
    )
    meeting = Meeting.objects.create(
        congress=congress,
        kind=Meeting.Kind.PLENARY,
        session=session,
        number=1,
        title="压测全体会议",
        starts_at=timezone.now(),
    )
    workflow.open_meeting(meeting, actor=staff)
    Attendance.objects.filter(meeting=meeting).update(
        status=Attendance.Status.PRESENT,
        signed_in_at=timezone.now() - dt.timedelta(minutes=5),
        method=Attendance.Method.DESK,
    )
    from core.ballot_box import box as ballot_box
    from core.ballot_box import ceremony

    public, key_files = ceremony.run_ceremony(["计票人甲", "计票人乙", "计票人丙"], 2)
    ballot_box.register_key(
        congress_id=congress.pk, owner=workflow.key_owner(meeting.pk), document=public, actor=staff
    )
    vote = workflow.create_vote(meeting, actor=staff, title="压测表决", secret=True, method="electronic")
    vote = workflow.open_vote(vote, actor=staff)

    def session_for(user):
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "accounts.backends.UsernameOrMobileBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    del id_number_check_digit
    # What each deputy's device page hands its device (meetings.device_api).
    from meetings.device_api import issue_ballot_token

    return {
        "meeting": meeting.pk,
        "vote": vote.pk,
        "device": ballot_box.device_parameters(vote.ballot_box),
        "key_files": key_files,
        "staff_session": session_for(staff),
        "tokens": [issue_ballot_token(u.pk, meeting.pk) for u in users],
    }


def internal_close(vote_id: int, key_files: list[dict]) -> dict:
    """Close the vote; two tellers compute their shares (here, as they would offline) and upload them."""
    django_setup()
    from accounts.models import User
    from core.ballot_box import box as ballot_box
    from core.ballot_box import ceremony
    from meetings import workflow
    from meetings.models import Participation, Vote

    staff = User.objects.get(username="bench-staff")
    started = time.perf_counter()
    vote = workflow.close_vote(Vote.objects.get(pk=vote_id), actor=staff)
    closed = time.perf_counter()
    document = ballot_box.teller_document(vote.ballot_box)
    for key_file in key_files[:2]:
        workflow.submit_decryption_share(
            vote, actor=staff, document=ceremony.decryption_share(key_file, document)
        )
    vote.refresh_from_db()
    return {
        "close_s": round(closed - started, 3),
        "close_to_totals_s": round(time.perf_counter() - started, 3),
        "yes": vote.yes,
        "no": vote.no,
        "abstain": vote.abstain,
        "participations": Participation.objects.filter(vote=vote).count(),
    }


def election_bench(voters: int, candidates: int, seats: int) -> dict:
    """20-candidate election ballots through the box's crypto: device encryption, the server's
    proof check (per ballot, both cores), the homomorphic sum and the tellers' decryption."""
    import multiprocessing

    from core.ballot_box import ceremony, crypto

    public, key_files = ceremony.run_ceremony(["甲", "乙", "丙"], 2)
    spec = crypto.per_line(candidates, 2, max_first=seats)
    public_key, context = bytes.fromhex(public["public_key"]), "renda|box|bench|election"
    rng = random.Random(1)
    plain = []
    for _ in range(voters):
        chosen = set(rng.sample(range(candidates), rng.randint(0, seats)))
        line = [[1, 0] if c in chosen else rng.choice([[0, 1], [0, 0]]) for c in range(candidates)]
        plain.append([v for pair in line for v in pair])
    with multiprocessing.Pool(2) as pool:
        started = time.perf_counter()
        ballots = pool.starmap(crypto.encrypt_ballot, [(spec, public_key, p, context) for p in plain[:50]])
        encrypt_s = (time.perf_counter() - started) / 50 * 2
        sample = [b.to_json() for b in ballots]
        started = time.perf_counter()
        pool.starmap(_verify_json, [(spec.to_json(), public["public_key"], b, context) for b in sample * 4])
        verify_wall = (time.perf_counter() - started) / (len(sample) * 4)
    started = time.perf_counter()
    total = crypto.aggregate(spec, ballots)
    sum_per_ballot = (time.perf_counter() - started) / len(ballots)
    commitments = [crypto.check_dealing(d, 2, public["context"])[1] for d in public["dealings"]]
    started = time.perf_counter()
    shares = []
    for key_file in key_files[:2]:
        share = crypto.decryption_share(
            key_file["teller"], crypto.scalar(key_file["key_share"]), total, context
        )
        assert crypto.verify_decryption_share(
            share, crypto.verification_key(share.teller, commitments), total, context
        )
        shares.append(share)
    totals = crypto.combine(total, shares, voters)
    decrypt_s = time.perf_counter() - started
    assert totals == [sum(p[i] for p in plain[:50]) for i in range(len(spec.slots))]
    return {
        "kind": "election",
        "candidates": candidates,
        "seats": seats,
        "ballot_bytes": len(json.dumps(sample[0])),
        "device_encrypt_ms_per_ballot": round(encrypt_s * 1000, 1),
        "server_verify_ms_per_ballot_two_cores": round(verify_wall * 1000, 1),
        f"server_verify_s_for_{voters}": round(verify_wall * voters, 1),
        f"homomorphic_sum_s_for_{voters}": round(sum_per_ballot * voters, 2),
        "tellers_decrypt_s": round(decrypt_s, 3),
    }


def _verify_json(spec_json, public_key_hex, ballot_json, context):
    from core.ballot_box import crypto

    spec = crypto.BallotSpec.from_json(spec_json)
    crypto.verify_ballot(
        spec, bytes.fromhex(public_key_hex), crypto.EncryptedBallot.from_json(ballot_json), context
    )


# --------------------------------------------------------------------------- the load


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OneRequest(asyncio.Protocol):
    """One HTTP/1.1 request on its own connection, read until the server closes it.

    A bare protocol rather than asyncio streams: the load generator shares the two cores with the
    server, so every microsecond it spends is one the server does not get.
    """

    def __init__(self, request: bytes, done: asyncio.Future):
        self.request, self.done, self.chunks = request, done, []

    def connection_made(self, transport):
        transport.write(self.request)

    def data_received(self, data):
        self.chunks.append(data)

    def connection_lost(self, exc):
        if self.done.done():
            return
        data = b"".join(self.chunks)
        if exc is not None or not data:
            self.done.set_exception(ConnectionError("cut off"))
        else:
            self.done.set_result(data)


async def http(port: int, method: str, path: str, token: str, body: str = "") -> tuple[int, bytes]:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        f"X-Ballot-Token: {token}\r\nAccept: application/json\r\n"
    )
    if body:
        kind = "application/json" if body.startswith("{") else "application/x-www-form-urlencoded"
        head += f"Content-Type: {kind}\r\nContent-Length: {len(body.encode())}\r\n"
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    await loop.create_connection(lambda: OneRequest((head + "\r\n" + body).encode(), done), "127.0.0.1", port)
    data = await done
    return int(data.split(b" ", 2)[1]), data.split(b"\r\n\r\n", 1)[-1]


def watch_screen(port: int, meeting: int, session: str, seen: list, stop: threading.Event) -> None:
    url = f"http://127.0.0.1:{port}/meetings/{meeting}/screen/state.json"
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    while not stop.is_set():
        try:
            state = json.loads(urllib.request.urlopen(request, timeout=5).read())
            item = state.get("item") or {}
            seen.append((time.perf_counter(), item.get("voted", 0)))
        except Exception:
            pass
        time.sleep(0.1)


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in out]


def seal(device: dict, choice: str) -> str:
    """The body a deputy's device sends: its ballot encrypted and proven (core/static/core/ballot_box.js)."""
    from core.ballot_box import crypto

    spec = crypto.BallotSpec.from_json(device["spec"])
    values = [int(value == choice) for value in CHOICES]
    ballot = crypto.encrypt_ballot(spec, bytes.fromhex(device["public_key"]), values, device["context"])
    return json.dumps({"sealed": {"box": device["box"], "ballot": ballot.to_json()}}, separators=(",", ":"))


def _seal_args(args):
    return seal(*args)


def seal_all(device: dict, choices: list[str]) -> list[str]:
    import multiprocessing

    with multiprocessing.Pool(2) as pool:
        return pool.map(_seal_args, [(device, c) for c in choices], chunksize=50)


async def cast_all(port, vote, tokens, bodies, kill_after, master, concurrency):
    acked, latencies, failed, killed = {}, [], [], []
    start = time.perf_counter()
    gate = asyncio.Semaphore(concurrency or len(tokens))

    async def one(i):
        t0 = time.perf_counter()
        try:
            async with gate:
                status, _ = await http(
                    port, "POST", f"/meetings/api/votes/{vote}/cast/", tokens[i], bodies[i]
                )
        except (OSError, IndexError, ValueError):
            failed.append(i)
            return
        latencies.append(time.perf_counter() - t0)
        if status in (200, 409):
            acked[i] = (time.perf_counter(), status)
            if kill_after and not killed and len(acked) >= kill_after:
                pids = worker_pids(master)
                if pids:
                    os.kill(pids[0], signal.SIGKILL)
                    killed.append(pids[0])
        else:
            failed.append(i)

    await asyncio.gather(*(one(i) for i in range(len(tokens))))
    retried = 0
    for attempt in range(5):  # what a deputy's device does when its request was cut off
        if not failed:
            break
        again, failed[:] = list(failed), []
        retried += len(again)
        await asyncio.sleep(0.5)
        await asyncio.gather(*(one(i) for i in again))
    return start, acked, latencies, failed, killed, retried


def cpu_seconds(pids) -> dict[int, float]:
    """User + system CPU seconds of each of these processes so far (left out once gone)."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def cpu_since(before: dict[int, float], now: dict[int, float]) -> float:
    return sum(t - before.get(pid, 0) for pid, t in now.items())


def postgres_pids() -> list[int]:
    out = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True).stdout.split()
    return [int(pid) for pid in out]


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--kind", choices=["vote", "election"], default="vote")
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--seats", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill-worker", action="store_true")
    parser.add_argument(
        "--server",
        choices=["granian", "gunicorn", "uvicorn-asgi"],
        default="granian",
        help="granian serving config.wsgi (the production app server, "
        "default), gunicorn gthread workers on config.wsgi, or uvicorn serving config.asgi",
    )
    parser.add_argument("--threads", type=int, default=8, help="threads per worker (granian, gunicorn)")
    parser.add_argument("--concurrency", type=int, default=0, help="ballots in flight at once (0 = all)")
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="renda_bench", help="scratch database (dropped first)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--internal", choices=["setup", "close"], help=argparse.SUPPRESS)
    parser.add_argument("--vote", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.internal == "setup":
        print(json.dumps(internal_setup(args.voters)))
        return
    if args.internal == "close":
        print(json.dumps(internal_close(args.vote, json.loads(sys.stdin.read()))))
        return
    if args.kind == "election":
        print(
            json.dumps(election_bench(args.voters, args.candidates, args.seats), ensure_ascii=False, indent=2)
        )
        return

    import psycopg

    database = args.database
    with psycopg.connect(args.admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {database}")
    env = {
        **os.environ,
        "DATABASE_URL": args.admin_url.rsplit("/", 1)[0] + f"/{database}",
        "REDIS_URL": args.redis_url,
        "SECRET_KEY": "bench-secret-key-" + "x" * 40,
        "DEBUG": "false",
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(ROOT),
        "SECURE_COOKIES": "false",  # plain http on 127.0.0.1
        "TWO_FACTOR_REQUIRED": "false",
    }
    subprocess.run(
        ["redis-cli", "-n", args.redis_url.rsplit("/", 1)[1], "FLUSHDB"], check=False, capture_output=True
    )
    subprocess.run([PYTHON, "-m", "config.manage", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run(
        [PYTHON, "-m", "config.manage", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        cwd=ROOT,
        check=True,
    )
    print(f"准备 {args.voters} 名代表、会议和表决…", flush=True)
    setup = json.loads(
        subprocess.run(
            [PYTHON, __file__, "--internal", "setup", "--voters", str(args.voters)],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    )
    port = free_port()
    if args.server == "gunicorn":
        command = [
            UVICORN.parent / "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--backlog",
            "4096",
            "--log-level",
            "warning",
        ]
    elif args.server == "granian":
        command = [
            UVICORN.parent / "granian",
            "--interface",
            "wsgi",
            "config.wsgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--blocking-threads",
            str(args.threads),
            "--backlog",
            "4096",
            "--log-level",
            "warning",
            "--respawn-failed-workers",
            "--respawn-interval",
            "0.5",
        ]
    else:
        command = [
            UVICORN,
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--no-access-log",
            "--backlog",
            "4096",
            "--log-level",
            "warning",
        ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)
                break
            except Exception:
                time.sleep(0.2)
        for _ in range(20):  # warm both workers
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5).read()
        rng = random.Random(1)
        choices = [rng.choice(CHOICES) for _ in setup["tokens"]]
        print(f"代表终端加密 {len(choices)} 张选票（不计时）…", flush=True)
        bodies = seal_all(setup["device"], choices)
        seen, stop = [], threading.Event()
        watcher = threading.Thread(
            target=watch_screen,
            args=(port, setup["meeting"], setup["staff_session"], seen, stop),
            daemon=True,
        )
        watcher.start()
        kill_after = args.voters // 3 if args.kill_worker else 0
        app_pids, db_pids = worker_pids(server.pid), postgres_pids()
        cpu_before = (time.process_time(), cpu_seconds(app_pids), cpu_seconds(db_pids))
        start, acked, latencies, failed, killed, retried = asyncio.run(
            cast_all(port, setup["vote"], setup["tokens"], bodies, kill_after, server.pid, args.concurrency)
        )
        last_ack = max((t for t, _ in acked.values()), default=start)
        cpu = {
            "load_generator": time.process_time() - cpu_before[0],
            "app_workers": cpu_since(cpu_before[1], cpu_seconds(worker_pids(server.pid))),
            "postgresql": cpu_since(cpu_before[2], cpu_seconds(postgres_pids())),
        }
        deadline = time.perf_counter() + 5
        while time.perf_counter() < deadline and not any(v >= len(acked) for _, v in seen):
            time.sleep(0.05)
        stop.set()
        watcher.join()
        screen_at = next((t for t, v in seen if v >= len(acked)), None)
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    stored = json.loads(
        subprocess.run(
            [PYTHON, __file__, "--internal", "close", "--vote", str(setup["vote"])],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.PIPE,
            input=json.dumps(setup["key_files"]),
            text=True,
        ).stdout
    )
    sent = {c: sum(1 for i in acked if choices[i] == c) for c in CHOICES}
    report = {
        "voters": args.voters,
        "workers": args.workers,
        "worker_killed": bool(killed),
        "acknowledged": len(acked),
        "unacknowledged": len(failed),
        "resent_after_cut_off": retried,
        "all_stored_within_s": round(last_ack - start, 3),
        "votes_per_s": round(len(acked) / (last_ack - start), 1) if acked else 0,
        "latency_p50_ms": round(pct(latencies, 50) * 1000, 1),
        "latency_p99_ms": round(pct(latencies, 99) * 1000, 1),
        "cpu_s_while_casting": {k: round(v, 2) for k, v in cpu.items()},
        "screen_current_after_last_vote_s": round(screen_at - last_ack, 3) if screen_at else None,
        "stored": stored,
        "acknowledged_by_choice": sent,
        "tally_matches": {c: stored[c] for c in CHOICES} == sent and stored["participations"] == len(acked),
        "close_to_totals_s": stored["close_to_totals_s"],
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    sys.exit(0 if report["tally_matches"] and not failed else 1)


if __name__ == "__main__":
    main()
