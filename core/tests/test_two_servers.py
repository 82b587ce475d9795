"""Two app servers behind one address share everything a user carries between them.

Two granian processes (the production WSGI server) run on the same database, cache and media,
with the same SECRET_KEY: a user signs in on one and is signed in on the other, and a ballot
token handed out by one is accepted by the other.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from conftest import PASSWORD
from meetings import device_api
from meetings.models import Participation
from meetings.tests.helpers import open_meeting_with, open_vote, sign_in_all

ROOT = Path(__file__).resolve().parents[2]
SHARED_KEY = "two-servers-" + "k" * 40
GRANIAN = Path(sys.executable).parent / "granian"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def _redis_url() -> str:
    cache = settings.CACHES["default"]
    return cache["LOCATION"] if "redis" in cache["BACKEND"].lower() else ""


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """The production servers serve hashed static files: collect them once, as a deployment does."""
    root = tmp_path_factory.mktemp("static")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        STATIC_ROOT=str(root),
        SECRET_KEY=SHARED_KEY,
        RENDA_VAR_DIR=str(root / "var"),
    )
    subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return root


@pytest.fixture
def servers(tmp_path, static_root):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_SETTINGS"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=SHARED_KEY,
        DATABASE_URL=_database_url(),
        REDIS_URL=_redis_url(),
        RENDA_VAR_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(static_root),
        RENDA_PRODUCTION="false",
        PUBLIC_FORM_GUARDS="false",
        # Plain http between the test and the servers: cookies marked Secure would never come back.
        SECURE_COOKIES="false",
        TWO_FACTOR_REQUIRED="false",
    )
    ports, processes = [_free_port(), _free_port()], []
    for port in ports:
        processes.append(
            subprocess.Popen(
                [
                    str(GRANIAN),
                    "--interface",
                    "wsgi",
                    "config.wsgi:application",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--workers",
                    "1",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=(tmp_path / f"server-{port}.log").open("w"),
            )
        )
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            p.wait(timeout=20)


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


@pytest.mark.django_db(transaction=True)
def test_a_session_from_one_server_is_valid_on_the_other(servers, deputy):
    a, b = servers
    # The test settings hash passwords with a fast hasher the production servers do not accept.
    with override_settings(PASSWORD_HASHERS=["accounts.hashers.RendaArgon2PasswordHasher"]):
        deputy.set_password(PASSWORD)
        deputy.save(update_fields=["password"])
    opener, jar = _opener()
    page = opener.open(f"{a}/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"username": deputy.username, "password": PASSWORD, "csrfmiddlewaretoken": token, "next": "/"}
    ).encode()
    request = urllib.request.Request(
        f"{a}/accounts/login/", data=data, headers={"Referer": f"{a}/accounts/login/"}
    )
    opener.open(request)
    assert any(c.name == "sessionid" for c in jar)
    # The cookie jar is per host and port; hand the same cookie to the other server as a browser would.
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
    home = urllib.request.urlopen(urllib.request.Request(f"{b}/", headers={"Cookie": cookie}))
    assert home.url.rstrip("/") == b  # not sent to the login page
    assert deputy.full_name in home.read().decode()


@pytest.mark.django_db(transaction=True)
def test_a_ballot_token_from_one_server_is_accepted_by_the_other(servers, clerk, congress, deputy, co_signer):
    _a, b = servers
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk)
    with override_settings(SECRET_KEY=SHARED_KEY):  # as server A signs it for the device page
        token = device_api.issue_ballot_token(deputy.pk, meeting.pk)
    request = urllib.request.Request(
        f"{b}/meetings/api/votes/{vote.pk}/cast/",
        data=urllib.parse.urlencode({"choice": "yes"}).encode(),
        headers={"X-Ballot-Token": token, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert urllib.request.urlopen(request).status == 200
    assert Participation.objects.filter(vote=vote).count() == 1
