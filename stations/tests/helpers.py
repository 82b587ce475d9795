"""Shared set-ups for the stations tests: a citizen posting through the public form."""

from __future__ import annotations

import re

from stations import workflow
from stations.models import Message

GOOD = {
    "topic": "traffic",
    "content": "东湖路口早晚高峰拥堵，希望增设红绿灯。",
    "phone": "13800138000",
    "name": "李先生",
}


def station_url(station) -> str:
    return f"/p/{station.congress.code}/stations/{station.pk}/"


def answer_captcha(client, url) -> str:
    """Load the form (a new question), then read the answer from the session."""
    page = client.get(url)
    assert page.status_code == 200
    return str(client.session["captcha_answer"])


def post_message(client, station, url=None, **overrides):
    url = url or station_url(station)
    data = {
        **GOOD,
        "subdistrict": station.subdistrict_id,
        "community": "",
        "captcha": answer_captcha(client, url),
    }
    data.update(overrides)
    return client.post(url, {k: v for k, v in data.items() if v is not None})


def code_from(response) -> str:
    match = re.search(r"/track/([A-Z0-9]{12})/", response["Location"])
    assert match, response["Location"]
    return match.group(1)


def make_message(
    station, deputy=None, content="小区路灯坏了两个月，请帮忙协调维修。", phone="13900139000"
) -> Message:
    message, _ = workflow.submit_message(
        congress=station.congress,
        station=station,
        deputy=deputy,
        topic="urban",
        content=content,
        phone=phone,
        subdistrict=station.subdistrict,
    )
    return message


def history(message, action: str):
    from core.models import AuditEntry

    return list(
        AuditEntry.objects.filter(object_type="stations.message", object_id=str(message.pk), action=action)
    )


def act(user, message, verb: str, data=None, capture=None):
    """POST a verb as `user`; returns the response (notifications run when capture is given)."""
    from conftest import client_for

    url = f"/stations/messages/{message.pk}/{verb.replace('_', '-')}/"
    data = {"confirmed": "yes", **(data or {})}
    if capture is None:
        return client_for(user).post(url, data)
    with capture(execute=True):
        return client_for(user).post(url, data)
