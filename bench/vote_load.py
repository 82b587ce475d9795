"""Vote load: N deputies cast a secret vote at once against a production server on PostgreSQL.

    .venv/bin/python bench/vote_load.py --voters 1000
    .venv/bin/python bench/vote_load.py --voters 3000
    .venv/bin/python bench/vote_load.py --voters 1000 --kill-worker
    .venv/bin/python bench/vote_load.py --voters 20 --workers 1      # a smoke run
    .venv/bin/python bench/vote_load.py --kind election --voters 3000 --candidates 20 --seats 15
    .venv/bin/python bench/vote_load.py --kind election --in-process --voters 3000

Secret votes go through the ballot box (core.ballot_box, docs/secret-ballot.md): the setup runs
the tellers' key ceremony, the load generator encrypts every ballot beforehand as each deputy's
device would (not timed: that is the phones' work), the server verifies each ballot's proofs and
stores the ciphertext; after the close two tellers' decryption shares give the totals, timed as
"close_to_totals_s". --kind election does the same for an election round (--candidates, --seats:
20 and 15 by default) through Django's ordinary ballot view that deputies use: each device GETs
/elections/rounds/<id>/vote/ with its session cookie, reads the CSRF token, and POSTs the sealed
ballot in the "sealed" field with the confirmation box ticked, as seal_form.js does; a redirect
is the acknowledgement, and the decrypted per-candidate totals are compared with the marks
acknowledged. --kind election --in-process measures only the box's crypto, without a server.

What it does: creates a scratch database of its own (bench/scratch.py: created, never dropped
first, dropped at the end unless --keep), migrates, creates a congress with N deputies holding
seats, opens a plenary, signs everyone in and opens a secret vote. Each deputy's device is
signed in with a session created directly in the session store (the cost of a real password
check is measured by bench/password_hashing.py), as is the staff session of the big screen.
It starts the app server (granian on config.wsgi by default, see --server) with --workers on
127.0.0.1 (a free port), with REDIS_URL for sessions and cache under a key prefix of its own
(only those keys are deleted at the end), and watches the big screen's state.json.

Then every device does what a deputy's phone does, all at once, each over its own keep-alive
HTTP/1.1 connection: GET its device page with the session cookie, read the ballot form from
the HTML (the API address, the ballot token, the hidden fields), POST the chosen form to the
JSON API as device.js does (X-Ballot-Token header, no cookies; a secret vote's ballot is the
sealed one encrypted beforehand) and read the JSON answer. At the
end the vote is closed and the stored tally is checked against what was acknowledged.

--kill-worker kills one app-server worker when a third of the ballots are acknowledged; requests
cut off are sent again on a new connection (a 409 "already voted" then proves the first one was
stored). Not part of the test suite. Results go to docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from scratch import app_env, ms, prepare_app, scratch_database, scratch_key_prefix

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


def internal_setup(voters: int, kind: str = "vote", candidates: int = 20, seats: int = 15) -> dict:
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
    if kind == "election":
        poll = open_election_round(congress, meeting, staff, candidates, seats)
        box_ = poll.ballot_box
    else:
        poll = workflow.create_vote(meeting, actor=staff, title="压测表决", secret=True, method="electronic")
        poll = workflow.open_vote(poll, actor=staff)
        box_ = poll.ballot_box

    def session_for(user):
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "accounts.backends.UsernameOrMobileBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    del id_number_check_digit
    return {
        "meeting": meeting.pk,
        "vote": poll.pk,  # the vote, or the election round
        "device": ballot_box.device_parameters(box_),
        "key_files": key_files,
        "staff_session": session_for(staff),
        "sessions": [session_for(u) for u in users],
    }


def open_election_round(congress, meeting, staff, candidates: int, seats: int):
    """An election of `seats` deputies to the next-higher congress among `candidates` (差额 within
    选举法's S/5 to S/2), one electronic round opened on the meeting's teller key."""
    from elections import workflow
    from elections.models import Nomination
    from registry.models import Deputy

    election = workflow.create_election(actor=staff, congress=congress, meeting=meeting, title="压测选举")
    group = workflow.add_office_group(
        election,
        actor=staff,
        office="higher_deputy",
        post="出席上一级人民代表大会代表",
        seats=seats,
        extra=candidates - seats,
        write_in_rule="any",
    )
    names = [f"候选人{i:02d}" for i in range(1, candidates + 1)]
    for first in range(0, candidates, seats):  # one nomination names at most `seats` persons
        workflow.nominate(
            group, actor=staff, kind=Nomination.Kind.PRESIDIUM, names=names[first : first + seats]
        )
    round_ = workflow.fix_candidates(group, actor=staff)
    scrutineer = Deputy.objects.filter(congress=congress).order_by("pk").first()
    workflow.set_up_round(round_, actor=staff, method="electronic", scrutineers=[scrutineer], tellers=[])
    return workflow.open_round(round_, actor=staff)


def internal_close_round(round_id: int, key_files: list[dict]) -> dict:
    """Close the election round; two tellers' shares decrypt the box's slot totals."""
    django_setup()
    from accounts.models import User
    from core.ballot_box import box as ballot_box
    from core.ballot_box import ceremony
    from elections import workflow
    from elections.models import Participation, Round

    staff = User.objects.get(username="bench-staff")
    started = time.perf_counter()
    round_ = workflow.close_round(Round.objects.get(pk=round_id), actor=staff)
    closed = time.perf_counter()
    round_.ballot_box.refresh_from_db()  # closed: its sum is stored
    document = ballot_box.teller_document(round_.ballot_box)
    for key_file in key_files[:2]:
        round_ = workflow.submit_decryption_share(
            round_, actor=staff, document=ceremony.decryption_share(key_file, document)
        )
    finished = time.perf_counter()
    round_.ballot_box.refresh_from_db()
    return {
        "close_s": round(closed - started, 3),
        "close_to_totals_s": round(finished - started, 3),
        "totals": round_.ballot_box.totals,
        "participations": Participation.objects.filter(round_id=round_id).count(),
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


class CutOff(ConnectionError):
    """The connection closed before the whole response arrived."""


async def read_response(reader: asyncio.StreamReader) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 response: status, headers (lower-case names), body (Content-Length or chunked)."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
        raise CutOff from error
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            name = name.strip().lower()
            headers[name] = f"{headers[name]}\n{value.strip()}" if name in headers else value.strip()
    try:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
                body += (await reader.readexactly(size + 2))[:-2]
            await reader.readuntil(b"\r\n")
        elif "content-length" in headers:
            body = await reader.readexactly(int(headers["content-length"]))
        else:
            body = await reader.read()
    except asyncio.IncompleteReadError as error:
        raise CutOff from error
    return status, headers, body


class Device:
    """One deputy's phone: its own keep-alive connection, reopened when the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        if body:
            head += f"Content-Length: {len(body)}\r\n"
        try:
            self.writer.write(head.encode() + b"\r\n" + body)
            await self.writer.drain()
            assert self.reader is not None
            status, response_headers, data = await read_response(self.reader)
        except (OSError, CutOff):
            self.close()
            raise
        if response_headers.get("connection", "").lower() == "close":
            self.close()
        return status, response_headers, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


BALLOT_FORM = re.compile(
    r'<form [^>]*data-api-action="([^"]+)" data-ballot-token="([^"]*)"[^>]*>(.*?)</form>', re.S
)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def ballot_form(page: str, choice: str) -> tuple[str, str, str] | None:
    """(API address, ballot token, urlencoded fields) of the form for `choice` on the device page."""
    for action, token, inner in BALLOT_FORM.findall(page):
        fields = [(html.unescape(k), html.unescape(v)) for k, v in HIDDEN.findall(inner)]
        if ("choice", choice) in fields:
            return html.unescape(action), html.unescape(token), urllib.parse.urlencode(fields)
    return None


def watch_screen(port: int, meeting: int, session: str, seen: list, stop: threading.Event) -> None:
    url = f"http://127.0.0.1:{port}/meetings/{meeting}/screen/state.json"
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    while not stop.is_set():
        try:
            state = json.loads(urllib.request.urlopen(request, timeout=5).read())
            item = state.get("item") or {}
            seen.append((time.perf_counter(), item.get("voted", 0)))
        except (OSError, ValueError):
            pass  # the screen is polled again 0.1 s later; a missed poll only thins the curve
        time.sleep(0.1)


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(
        ["pgrep", "-P", str(master)], capture_output=True, text=True, check=False
    ).stdout.split()
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


async def cast_everyone(sessions, page_path, read_form, post, kill_after, master, concurrency, port):
    """Every device at once: GET its ballot page with the session cookie, read the form
    (``read_form(page, headers, i)``), POST the ballot (``post(device, form, i)`` → whether it was
    acknowledged, or the refusal), with the retries a phone makes when its request is cut off."""
    acked, page_latencies, cast_latencies, failed, killed, refused = {}, [], [], [], [], []
    forms: dict[int, object] = {}
    devices = [Device(port) for _ in sessions]
    start = time.perf_counter()
    gate = asyncio.Semaphore(concurrency or len(sessions))

    async def one(i):
        device = devices[i]
        try:
            async with gate:
                if i not in forms:
                    t0 = time.perf_counter()
                    status, headers, page = await device.request(
                        "GET", page_path, {"Cookie": f"sessionid={sessions[i]}", "Accept": "text/html"}
                    )
                    if status != 200:
                        refused.append((i, f"选票页 {status}"))
                        return
                    form = read_form(page.decode(), headers, i)
                    if form is None:
                        refused.append((i, "页面上没有选票表单"))
                        return
                    forms[i] = form
                    page_latencies.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                ok, error = await post(device, forms[i], i)
        except (OSError, CutOff, ValueError):
            failed.append(i)  # cut off: the device sends it again
            return
        cast_latencies.append(time.perf_counter() - t0)
        if ok:
            acked[i] = (time.perf_counter(), 200)
            if kill_after and not killed and len(acked) >= kill_after:
                pids = worker_pids(master)
                if pids:
                    os.kill(pids[0], signal.SIGKILL)
                    killed.append(pids[0])
        else:
            refused.append((i, error))

    await asyncio.gather(*(one(i) for i in range(len(sessions))))
    retried = 0
    for _attempt in range(5):  # what a deputy's device does when its request was cut off
        if not failed:
            break
        again, failed[:] = list(failed), []
        retried += len(again)
        await asyncio.sleep(0.5)
        await asyncio.gather(*(one(i) for i in again))
    for device in devices:
        device.close()
    return (
        start,
        acked,
        page_latencies,
        cast_latencies,
        failed + [i for i, _ in refused],
        killed,
        retried,
        refused,
    )


async def cast_all(port, meeting, sessions, choices, bodies, kill_after, master, concurrency):
    """A meeting vote: the device page's ballot form, POSTed to the JSON API as device.js does
    (X-Ballot-Token header, no cookies). bodies[i] is device i's sealed ballot (JSON) when the vote
    goes through the ballot box."""

    def read_form(page, _headers, i):
        return ballot_form(page, choices[i])

    async def post(device, form, i):
        action, token, fields = form
        sealed = bodies[i] if bodies else ""
        status, _, body = await device.request(
            "POST",
            action,
            {
                "X-Ballot-Token": token,
                "Accept": "application/json",
                "Content-Type": "application/json"
                if sealed
                else "application/x-www-form-urlencoded;charset=UTF-8",
            },
            (sealed or fields).encode(),
        )
        answer = json.loads(body)  # device.js shows answer.message, or answer.error
        if status == 200 or (status == 409 and "已投票" in answer.get("error", "")):
            return True, ""
        return False, answer.get("error", str(status))

    return await cast_everyone(
        sessions, f"/meetings/{meeting}/device/", read_form, post, kill_after, master, concurrency, port
    )


CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ERROR_ITEM = re.compile(r"<li[^>]*>([^<]*)</li>")


async def cast_round_all(port, round_id, sessions, bodies, kill_after, master, concurrency):
    """An election round: the deputy's ballot page (Django's ordinary view: session cookie, CSRF
    cookie and form token, the confirmation box), POSTed with the sealed ballot in the hidden
    "sealed" field as seal_form.js sends it; a 302 back to the ballot page is the acknowledgement."""
    path = f"/elections/rounds/{round_id}/vote/"

    def read_form(page, headers, _i):
        token = CSRF_FIELD.search(page)
        cookie = re.search(r"csrftoken=([^;]+)", headers.get("set-cookie", ""))
        if token is None or cookie is None:
            return None
        return html.unescape(token.group(1)), cookie.group(1)

    async def post(device, form, i):
        token, cookie = form
        fields = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "confirmed": "yes", "sealed": bodies[i]}
        )
        status, _, body = await device.request(
            "POST",
            path,
            {
                "Cookie": f"sessionid={sessions[i]}; csrftoken={cookie}",
                "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
                "Accept": "text/html",
            },
            fields.encode(),
        )
        if status == 302 or status == 409:  # 409: stored before a cut-off, then sent again
            return True, ""
        errors = [html.unescape(e).strip() for e in ERROR_ITEM.findall(body.decode(errors="replace"))]
        return False, f"{status} {'；'.join(e for e in errors if e)[:200]}"

    return await cast_everyone(sessions, path, read_form, post, kill_after, master, concurrency, port)


def election_marks(voters: int, candidates: int, seats: int) -> list[list[int]]:
    """Each deputy's marks as the box's slots, (赞成, 反对) per candidate: up to `seats` 赞成, the
    other candidates 反对 or 弃权 at random (seeded)."""
    rng = random.Random(1)
    plain = []
    for _ in range(voters):
        chosen = set(rng.sample(range(candidates), rng.randint(0, seats)))
        line = [[1, 0] if c in chosen else rng.choice([[0, 1], [0, 0]]) for c in range(candidates)]
        plain.append([v for pair in line for v in pair])
    return plain


def seal_values(device: dict, values: list[int]) -> str:
    """The "sealed" field seal_form.js puts in an election ballot's form."""
    from core.ballot_box import crypto

    spec = crypto.BallotSpec.from_json(device["spec"])
    ballot = crypto.encrypt_ballot(spec, bytes.fromhex(device["public_key"]), values, device["context"])
    return json.dumps({"box": device["box"], "ballot": ballot.to_json()}, separators=(",", ":"))


def _seal_values_args(args):
    return seal_values(*args)


def seal_all_values(device: dict, plain: list[list[int]]) -> list[str]:
    import multiprocessing

    with multiprocessing.Pool(2) as pool:
        return pool.map(_seal_values_args, [(device, values) for values in plain], chunksize=20)


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
    out = subprocess.run(
        ["pgrep", "-x", "postgres"], capture_output=True, text=True, check=False
    ).stdout.split()
    return [int(pid) for pid in out]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kind", choices=["vote", "election"], default="vote")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="--kind election: only the box's crypto in this process (device encryption, proof check "
        "on both cores, homomorphic sum, decryption), no server",
    )
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--seats", type=int, default=15)
    parser.add_argument("--voters", type=int, default=1000)
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
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/0",
        help="sessions and cache, under a key prefix of this run's own (only its keys are deleted)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--internal", choices=["setup", "close"], help=argparse.SUPPRESS)
    parser.add_argument("--vote", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.internal == "setup":
        print(json.dumps(internal_setup(args.voters, args.kind, args.candidates, args.seats)))
        return
    if args.internal == "close":
        close = internal_close_round if args.kind == "election" else internal_close
        print(json.dumps(close(args.vote, json.loads(sys.stdin.read()))))
        return
    if args.kind == "election" and args.in_process:
        print(
            json.dumps(election_bench(args.voters, args.candidates, args.seats), ensure_ascii=False, indent=2)
        )
        return

    with (
        scratch_database(args.admin_url, args.kind, keep=args.keep) as database_url,
        scratch_key_prefix(args.redis_url, args.kind) as key_prefix,
        tempfile.TemporaryDirectory(prefix="renda-bench-static-") as static_root,
    ):
        ok = run(args, database_url, key_prefix, static_root)
    sys.exit(0 if ok else 1)


def run(args, database_url: str, key_prefix: str, static_root: str) -> bool:
    env = app_env(ROOT, database_url, args.redis_url, key_prefix, static_root)
    prepare_app(PYTHON, ROOT, env)
    print(f"准备 {args.voters} 名代表、会议和表决…", flush=True)
    setup = json.loads(
        subprocess.run(
            [PYTHON, __file__, "--internal", "setup", "--voters", str(args.voters), "--kind", args.kind]
            + ["--candidates", str(args.candidates), "--seats", str(args.seats)],
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
    # Its own process group, so that nothing it forks outlives the bench.
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
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
        choices = [rng.choice(CHOICES) for _ in setup["sessions"]]
        plain = election_marks(len(setup["sessions"]), args.candidates, args.seats)
        print(f"代表终端加密 {len(choices)} 张选票（不计时）…", flush=True)
        if args.kind == "election":
            bodies = seal_all_values(setup["device"], plain)
        else:
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
        if args.kind == "election":
            casting = cast_round_all(
                port, setup["vote"], setup["sessions"], bodies, kill_after, server.pid, args.concurrency
            )
        else:
            casting = cast_all(
                port,
                setup["meeting"],
                setup["sessions"],
                choices,
                bodies,
                kill_after,
                server.pid,
                args.concurrency,
            )
        start, acked, page_latencies, latencies, failed, killed, retried, refused = asyncio.run(casting)
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
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    stored = json.loads(
        subprocess.run(
            [PYTHON, __file__, "--internal", "close", "--vote", str(setup["vote"]), "--kind", args.kind],
            env=env,
            cwd=ROOT,
            check=True,
            input=json.dumps(setup["key_files"]),
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
    )
    if args.kind == "election":
        sent = [sum(plain[i][slot] for i in acked) for slot in range(2 * args.candidates)]
        matches = stored["totals"] == sent
    else:
        sent = {c: sum(1 for i in acked if choices[i] == c) for c in CHOICES}
        matches = {c: stored[c] for c in CHOICES} == sent
    report = {
        "kind": args.kind,
        "voters": args.voters,
        "workers": args.workers,
        "worker_killed": bool(killed),
        "acknowledged": len(acked),
        "unacknowledged": len(failed),
        "resent_after_cut_off": retried,
        "all_stored_within_s": round(last_ack - start, 3),
        "votes_per_s": round(len(acked) / (last_ack - start), 1) if acked else 0,
        "device_page_p50_p99_ms": ms(page_latencies, 50, 99),
        "cast_p50_p99_ms": ms(latencies, 50, 99),
        "refused": refused[:10],
        "cpu_s_while_casting": {k: round(v, 2) for k, v in cpu.items()},
        "screen_current_after_last_vote_s": round(screen_at - last_ack, 3) if screen_at else None,
        "close_to_totals_s": stored["close_to_totals_s"],
        "stored": {k: v for k, v in stored.items() if k != "totals"},
        "acknowledged_by_choice": sent
        if args.kind == "vote"
        else "（逐候选人赞成/反对数，与解密结果逐项比对）",
        "tally_matches": matches and stored["participations"] == len(acked),
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return bool(report["tally_matches"]) and not failed


if __name__ == "__main__":
    main()
