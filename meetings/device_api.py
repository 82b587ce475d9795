"""The deputy's device API: a ballot token, and the hot path that stores a ballot with it.

When the chair opens a vote the whole hall presses at once (a district congress ~400, the
national congress ~3,000). Django's full request path (session, user, CSRF, middleware) costs
about 2 ms of CPU per ballot, a third of a core-second per hundred deputies. So the device page
hands the deputy a *ballot token* — signed with SECRET_KEY, naming the user and the meeting —
and the device sends it in the `X-Ballot-Token` header:

- It is a header, not a cookie: another site cannot make a browser send it, so no CSRF check
  is needed; and it opens nothing but ballots in this meeting for this user while they are
  present (the statement checks the rest), for one sitting day (SESSION_COOKIE_AGE).
- `wrap()` puts a small WSGI layer in front of Django (config/wsgi.py). On PostgreSQL it
  stores the ballot with workflow.cast_in_one_statement on the pool — no session, no ORM: a
  roll-call choice in one statement; a secret vote's sealed ballot (encrypted on the device,
  {"sealed": {"box": ..., "ballot": ...}}) is verified, then the participation and the ballot go
  in as two transactions (core.ballot_box) — and answers 200 (with the receipt) or 409 ("已投票"). Everything else (no or bad token, a ballot the statement
  refused, SQLite, other paths) goes on to Django's view `meetings.views.api_cast`, which
  applies the same rules through workflow.cast() and says in Chinese why a ballot was refused.
"""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from typing import NamedTuple

import psycopg
import psycopg_pool
from django.conf import settings
from django.core import signing

from core.ballot_box import crypto
from meetings import workflow

TOKEN_SALT = "meetings.ballot-token"
HEADER = "X-Ballot-Token"
CHOICES = frozenset(workflow.Vote.Choice.values)
MAX_BODY = 16384  # a sealed yes/no/abstain ballot is about 1.5 KB; a choice well under 1 KB
CAST_PATH = re.compile(r"^/meetings/api/votes/(\d{1,18})/cast/$")
RESPONSE_HEADERS = [
    ("Content-Type", "application/json; charset=utf-8"),
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
]


logger = logging.getLogger("renda.meetings.device_api")
# A pool timeout (every connection busy) or a database restart: the ballot was not stored.
DATABASE_UNAVAILABLE = "系统繁忙，您的选票未能保存，请稍后再按一次。"


class TokenHolder(NamedTuple):
    user_id: int
    meeting_id: int


def issue_ballot_token(user_id: int, meeting_id: int) -> str:
    return signing.dumps([user_id, meeting_id], salt=TOKEN_SALT, compress=False)


def read_ballot_token(token: str) -> TokenHolder | None:
    """The holder named by a valid, unexpired token; None for anything else."""
    if not token or len(token) > 200:
        return None
    try:
        user_id, meeting_id = signing.loads(token, salt=TOKEN_SALT, max_age=settings.SESSION_COOKIE_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not (isinstance(user_id, int) and isinstance(meeting_id, int)):
        return None
    return TokenHolder(user_id, meeting_id)


def _choice_from(body: bytes, content_type: str) -> str:
    """`choice=yes` (urlencoded form) or {"choice": "yes"} (JSON); '' for anything else.

    A multipart form gives '' here and goes on to Django, which reads it.
    """
    text = body.decode("utf-8", "replace").strip()
    if content_type.startswith("application/json"):
        try:
            value = json.loads(text).get("choice", "")
        except (ValueError, AttributeError):
            return ""
        return value if isinstance(value, str) else ""
    if not content_type.startswith("application/x-www-form-urlencoded"):
        return ""
    for pair in text.split("&"):
        name, _, value = pair.partition("=")
        if name == "choice":
            return value
    return ""


def _sealed_from(body: bytes, content_type: str) -> object:
    """The {"box": ..., "ballot": ...} of a device's JSON body, or None."""
    if not content_type.startswith("application/json"):
        return None
    try:
        data = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        return None
    return data.get("sealed") if isinstance(data, dict) else None


def sealed_of(request) -> object:
    return _sealed_from(request.body[:MAX_BODY], request.content_type)


def receipt_payload(fingerprint: str) -> dict:
    payload = {"message": workflow.BALLOT_STORED}
    if fingerprint:
        payload["fingerprint"] = fingerprint
        payload["receipt"] = crypto.receipt(fingerprint)
    return payload


def choice_of(request) -> str:
    """The choice in a Django request: a form (urlencoded or multipart) or JSON."""
    if request.content_type == "application/json":
        return _choice_from(request.body[:MAX_BODY], request.content_type)
    value = request.POST.get("choice", "")
    return value if isinstance(value, str) else ""


def _respond(start_response, status: str, payload: dict) -> list[bytes]:
    body = json.dumps(payload, ensure_ascii=False).encode()
    start_response(status, [*RESPONSE_HEADERS, ("Content-Length", str(len(body)))])
    return [body]


def _pool():
    from django.db import connections

    wrapper = connections["default"]
    if wrapper.vendor != "postgresql":
        return None
    pool = wrapper.pool
    if pool is not None:
        pool.open()  # does nothing once open
    return pool


def wrap(django_app):
    """The WSGI application: the ballot hot path in front of Django."""

    def application(environ, start_response):
        match = CAST_PATH.match(environ.get("PATH_INFO", ""))
        if match is None or environ.get("REQUEST_METHOD") != "POST":
            return django_app(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:  # not a device's ballot: Django reads it as it is
            return django_app(environ, start_response)
        holder = read_ballot_token(environ.get("HTTP_X_BALLOT_TOKEN", ""))
        body = environ["wsgi.input"].read(length) if length else b""
        content_type = environ.get("CONTENT_TYPE", "")
        sealed = _sealed_from(body, content_type)
        choice = "" if sealed is not None else _choice_from(body, content_type)
        pool = _pool() if holder is not None and (sealed is not None or choice in CHOICES) else None
        if pool is not None:
            try:
                with pool.connection() as conn:
                    stored = workflow.cast_in_one_statement(
                        conn,
                        vote_id=int(match.group(1)),
                        user_id=holder.user_id,
                        meeting_id=holder.meeting_id,
                        choice=choice,
                        sealed=sealed,
                    )
            except workflow.AlreadyVoted as error:
                return _respond(start_response, "409 Conflict", {"error": str(error)})
            except (psycopg_pool.PoolTimeout, psycopg.Error):
                request_id = uuid.uuid4().hex[:12]
                logger.exception("选票未能保存（请求 %s，表决 %s）", request_id, match.group(1))
                return _respond(
                    start_response,
                    "503 Service Unavailable",
                    {"error": DATABASE_UNAVAILABLE, "request_id": request_id},
                )
            if stored is not None:
                return _respond(start_response, "200 OK", receipt_payload(stored))
        # Django's view says why (or does the work where there is no pool).
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return django_app(environ, start_response)

    return application
