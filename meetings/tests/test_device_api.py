"""The short path in front of Django (config.wsgi → meetings.device_api.wrap) stores ballots by token.

Called as the app server calls it: a WSGI environ in, status, headers and JSON out. The data is
committed (transaction=True) because on PostgreSQL the short path takes its own pooled connection.
"""

import io
import json
import sys

import pytest
from django.db import connection

from config.wsgi import application
from meetings import device_api, workflow
from meetings.models import Participation
from meetings.tests.helpers import (
    attendance_of,
    close_and_count,
    decrypt,
    hall_voting,
    open_meeting_with,
    open_vote,
    run_at_once,
    sealed_ballots,
    sealed_body,
    sign_in_all,
)

pytestmark = pytest.mark.django_db(transaction=True)
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the short path runs on PostgreSQL; elsewhere Django's view does the work",
)


def post(
    path: str,
    token: str | None,
    body: bytes = b"choice=yes",
    method: str = "POST",
    content_type: str = "application/x-www-form-urlencoded",
):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "testserver",
        "CONTENT_TYPE": content_type,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if token is not None:
        environ["HTTP_X_BALLOT_TOKEN"] = token
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = int(status.split()[0]), dict(headers)

    chunks = application(environ, start_response)
    try:
        body = b"".join(chunks)
    finally:
        getattr(chunks, "close", lambda: None)()
    data = (
        json.loads(body) if answer["headers"].get("Content-Type", "").startswith("application/json") else None
    )
    return answer["status"], answer["headers"], data


@pytest.fixture
def vote(clerk, congress, deputy, co_signer):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    return open_vote(meeting, clerk)


def path_of(vote):
    return f"/meetings/api/votes/{vote.pk}/cast/"


def token_for(user, vote):
    return device_api.issue_ballot_token(user.pk, vote.meeting_id)


def test_a_ballot_is_stored_once_and_a_second_is_refused(vote, deputy, clerk):
    status, _headers, data = post(path_of(vote), token_for(deputy, vote))
    assert status == 200 and data["message"] == workflow.BALLOT_STORED and len(data["receipt"]) == 19
    status, _, data = post(path_of(vote), token_for(deputy, vote), b"choice=no")
    assert status == 409 and "已投票" in data["error"]
    assert Participation.objects.filter(vote=vote).count() == 1
    assert sealed_ballots(vote).count() == 1
    assert close_and_count(vote, clerk).yes == 1


def test_a_json_body_is_read_too(vote, deputy, clerk):
    status, _, _ = post(
        path_of(vote),
        token_for(deputy, vote),
        json.dumps({"choice": "abstain"}).encode(),
        content_type="application/json",
    )
    assert status == 200
    assert close_and_count(vote, clerk).abstain == 1


@on_postgresql
def test_the_short_path_answers_without_caching_or_sniffing(vote, deputy):
    _, headers, _ = post(
        path_of(vote), token_for(deputy, vote), sealed_body(vote, "yes"), content_type="application/json"
    )
    assert headers["Cache-Control"] == "no-store" and headers["X-Content-Type-Options"] == "nosniff"


def test_refusals_go_on_to_django_which_says_why_in_chinese(vote, deputy, co_signer, clerk):
    status, _, data = post(path_of(vote), None)
    assert status == 401 and "刷新表决页面" in data["error"]
    status, _, data = post(path_of(vote), token_for(deputy, vote), b"choice=maybe")
    assert status == 409 and "赞成" in data["error"]
    status, _, data = post(path_of(vote), token_for(clerk, vote))
    assert status == 403
    workflow.close_vote(vote, actor=clerk)
    status, _, data = post(path_of(vote), token_for(co_signer, vote))
    assert status == 409 and data["error"]
    assert not Participation.objects.filter(vote=vote).exists()


def test_a_deputy_who_signed_in_after_the_vote_opened_is_told_so(clerk, congress, deputy, co_signer):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk, skip=[attendance_of(meeting, deputy).deputy])
    vote = open_vote(meeting, clerk)
    workflow.sign_in(attendance_of(meeting, deputy), actor=clerk, method="desk")
    status, _, data = post(path_of(vote), token_for(deputy, vote))
    assert status == 409 and "未签到" in data["error"]


def test_malformed_requests_get_an_answer_not_an_error(vote, deputy):
    assert post(path_of(vote), token_for(deputy, vote), b"\xff\xfe=\x00")[0] == 409
    assert (
        post(path_of(vote), token_for(deputy, vote), b'{"choice": ["yes"]}', content_type="application/json")[
            0
        ]
        == 409
    )
    assert (
        post(path_of(vote), token_for(deputy, vote), b'{"choice": "yes"', content_type="application/json")[0]
        == 409
    )
    assert post(path_of(vote), "x" * 500)[0] == 401
    assert post("/meetings/api/votes/99999999/cast/", token_for(deputy, vote))[0] == 409
    assert post(path_of(vote), token_for(deputy, vote), method="GET")[0] == 405
    assert not Participation.objects.exists()


def test_a_long_body_goes_to_django_whole(vote, deputy, clerk):
    assert post(path_of(vote), token_for(deputy, vote), b"note=" + b"x" * 20000 + b"&choice=no")[0] == 200
    assert close_and_count(vote, clerk).no == 1


def test_other_paths_pass_through_to_django(vote, deputy):
    status, headers, _ = post("/accounts/login/", None, b"", method="GET")
    assert status == 200 and headers["Content-Type"].startswith("text/html")


@on_postgresql
def test_the_same_deputys_ballot_from_several_threads_counts_once(vote, deputy):
    token, statuses = token_for(deputy, vote), []

    def send(choice):
        statuses.append(post(path_of(vote), token, f"choice={choice}".encode())[0])

    run_at_once(*(lambda c=["yes", "no", "abstain"][i % 3]: send(c) for i in range(8)))
    assert sorted(statuses) == [200] + [409] * 7
    assert Participation.objects.filter(vote=vote).count() == sealed_ballots(vote).count() == 1


@on_postgresql
def test_ballots_racing_the_close_are_either_counted_or_refused(clerk, congress):
    vote, deputies = hall_voting(clerk, congress, 12)
    acknowledged = []
    bodies = {d.user.pk: sealed_body(vote, "yes") for d in deputies}  # encrypted as the devices do

    def send(user):
        if (
            post(path_of(vote), token_for(user, vote), bodies[user.pk], content_type="application/json")[0]
            == 200
        ):
            acknowledged.append(user.pk)

    run_at_once(*(lambda u=d.user: send(u) for d in deputies), lambda: workflow.close_vote(vote, actor=clerk))
    vote = decrypt(vote, clerk)
    assert vote.status == "closed"
    assert vote.yes == len(acknowledged) == Participation.objects.filter(vote=vote).count()
    assert sealed_ballots(vote).count() == len(acknowledged)


@on_postgresql
def test_a_sealed_ballot_takes_the_short_path_in_two_transactions(vote, deputy, clerk):
    status, _, data = post(
        path_of(vote), token_for(deputy, vote), sealed_body(vote, "no"), content_type="application/json"
    )
    assert status == 200 and data["fingerprint"] == sealed_ballots(vote).get().fingerprint
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM meetings_participation p JOIN core_sealedballot b ON p.xmin = b.xmin"
            " WHERE p.vote_id = %s",
            [vote.pk],
        )
        assert cursor.fetchone()[0] == 0
    status, _, data = post(
        path_of(vote), token_for(deputy, vote), sealed_body(vote, "yes"), content_type="application/json"
    )
    assert status == 409 and "已投票" in data["error"]
    assert close_and_count(vote, clerk).no == 1
