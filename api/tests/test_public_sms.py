"""A citizen's mini-program asks for SMS as the web forms do: a station message or a project proposal sent
through the API with ``sms_opt_in`` gets the tracking code by SMS, then each status change; the phone
number is checked by the forms' own rules, with their Chinese messages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from core.tests.fake_gateway import fake_gateway
from projects import workflow_call
from projects.models import Proposal
from stations.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    with fake_gateway() as (url, received):
        settings.SMS_GATEWAY_URL, settings.SMS_SIGN = url + "/send", "示范区人大"
        yield received


@pytest.fixture
def call(congress, clerk, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, 0), tick=False)
    return workflow_call.open_call(
        congress,
        actor=clerk,
        year=2026,
        title="2026年度民生实事项目征集",
        opens_on=dt.date(2026, 3, 2),
        closes_on=dt.date(2026, 3, 31),
    )


def post(path: str, body: dict):
    return Client().post(path, json.dumps(body), content_type="application/json")


def message_body(station, **changes) -> dict:
    return {
        "station_id": station.pk,
        "topic": "other",
        "content": "小区路灯坏了很久",
        "phone": "13900001234",
    } | changes


def proposal_body(subdistrict, **changes) -> dict:
    return {
        "title": "东湖路增设公交站",
        "description": "东湖路沿线三个小区没有公交站，老人出行不便。",
        "subdistrict_id": subdistrict.pk,
        "location": "东湖路",
        "category": "transport",
        "name": "刘群众",
        "mobile": "13800138000",
    } | changes


def texts(received) -> list[str]:
    return [r["json"]["content"] for r in received]


# --------------------------------------------------------------------------- station messages


def test_a_citizen_who_opts_in_through_the_api_gets_the_tracking_code_by_sms(
    congress, station, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(f"/api/v1/public/{congress.code}/messages", message_body(station, sms_opt_in=True))
    assert response.status_code == 201, response.content
    message = Message.objects.get()
    assert message.sms_opt_in and message.phone == "13900001234"
    assert [r["json"]["mobile"] for r in gateway] == ["13900001234"]
    assert texts(gateway) == [
        f"【示范区人大】您的留言已收到，查询码 {response.json()['tracking_code']}。办理进展将以短信告知。"
    ]


def test_a_citizen_who_does_not_opt_in_gets_no_sms(
    congress, station, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert post(f"/api/v1/public/{congress.code}/messages", message_body(station)).status_code == 201
    assert not Message.objects.get().sms_opt_in and gateway == []


def test_opting_in_without_a_phone_number_gets_the_forms_chinese_message(congress, station, gateway):
    missing = post(
        f"/api/v1/public/{congress.code}/messages", message_body(station, phone="", sms_opt_in=True)
    )
    assert missing.status_code == 422
    assert missing.json() == {
        "detail": "请求内容有误，请检查后重试。",
        "errors": [{"field": "phone", "message": "请填写手机号码，以便工作人员联系您（不会公开）。"}],
    }
    wrong = post(
        f"/api/v1/public/{congress.code}/messages", message_body(station, phone="12345", sms_opt_in=True)
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"] == [
        {"field": "phone", "message": "手机号码格式不正确，请输入11位手机号码，例如 13800138000。"}
    ]
    assert not Message.objects.exists() and gateway == []


def test_a_phone_number_written_as_on_the_form_is_accepted(congress, station):
    response = post(
        f"/api/v1/public/{congress.code}/messages", message_body(station, phone="+86 139-0000-1234")
    )
    assert response.status_code == 201, response.content
    assert Message.objects.get().phone == "13900001234"


# --------------------------------------------------------------------------- project proposals


def test_the_options_name_the_open_call_its_categories_and_subdistricts(congress, call, subdistrict):
    body = Client().get(f"/api/v1/public/{congress.code}/proposals/options").json()
    assert body["call"] == {
        "year": 2026,
        "title": "2026年度民生实事项目征集",
        "opens_on": "2026-03-02",
        "closes_on": "2026-03-31",
        "accepting": True,
    }
    assert {"value": "transport", "label": "交通出行"} in body["categories"]
    assert body["subdistricts"] == [{"id": subdistrict.pk, "name": "东湖街道"}]


def test_a_proposer_who_opts_in_through_the_api_gets_the_tracking_code_by_sms(
    congress, call, subdistrict, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            f"/api/v1/public/{congress.code}/proposals", proposal_body(subdistrict, sms_opt_in=True)
        )
    assert response.status_code == 201, response.content
    assert response.json()["created"] is True
    proposal = Proposal.objects.get()
    assert proposal.tracking_code == response.json()["tracking_code"]
    assert proposal.sms_opt_in and proposal.channel == Proposal.Channel.ONLINE
    assert [r["json"]["mobile"] for r in gateway] == ["13800138000"]
    assert texts(gateway) == [
        f"【示范区人大】您的项目建议已收到，查询码 {proposal.tracking_code}。办理进展将以短信告知。"
    ]


def test_a_proposer_who_does_not_opt_in_gets_no_sms(
    congress, call, subdistrict, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            post(f"/api/v1/public/{congress.code}/proposals", proposal_body(subdistrict)).status_code == 201
        )
    assert not Proposal.objects.get().sms_opt_in and gateway == []


def test_a_proposal_is_checked_as_the_form_checks_it_in_chinese(congress, call, subdistrict, gateway):
    response = post(
        f"/api/v1/public/{congress.code}/proposals",
        proposal_body(subdistrict, mobile="", sms_opt_in=True, title="", subdistrict_id=None, category="x"),
    )
    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors == {
        "title": "请填写标题。",
        "subdistrict_id": "请选择所在街道（乡镇）。",
        "category": "所选类别不存在，请重新选择。",
        "mobile": "请填写手机号码。",
    }
    wrong = post(
        f"/api/v1/public/{congress.code}/proposals",
        proposal_body(subdistrict, mobile="138001", sms_opt_in=True),
    )
    assert wrong.json()["errors"] == [
        {"field": "mobile", "message": "手机号码格式不正确：请输入11位手机号码，例如 13800138000。"}
    ]
    assert not Proposal.objects.exists() and gateway == []


def test_no_proposal_is_taken_when_no_call_is_open(congress, subdistrict):
    response = post(f"/api/v1/public/{congress.code}/proposals", proposal_body(subdistrict))
    assert response.status_code == 409
    assert response.json()["detail"] == "本年度项目建议征集未在进行中。"
    assert Client().get(f"/api/v1/public/{congress.code}/proposals/options").json()["call"] is None


def test_the_pages_rate_limit_per_mobile_number_applies(congress, call, subdistrict):
    for n in range(5):
        body = proposal_body(subdistrict, title=f"建议{n}", description=f"内容不同的第{n}条建议")
        assert post(f"/api/v1/public/{congress.code}/proposals", body).status_code == 201
    refused = post(f"/api/v1/public/{congress.code}/proposals", proposal_body(subdistrict, title="第六条"))
    assert refused.status_code == 429
    assert refused.json()["detail"] == "同一手机号码每天最多提交 5 条建议，请明天再试。"


def test_an_address_over_the_pages_limit_is_refused_before_its_submission_is_read(
    congress, call, subdistrict, monkeypatch
):
    from projects import workflow_proposal

    monkeypatch.setattr(workflow_proposal, "IP_LIMIT", 2)
    for _attempt in range(2):  # two invalid submissions count against the address, as on the page
        assert (
            post(
                f"/api/v1/public/{congress.code}/proposals", proposal_body(subdistrict, title="")
            ).status_code
            == 422
        )
    refused = post(f"/api/v1/public/{congress.code}/proposals", proposal_body(subdistrict))
    assert refused.status_code == 429
    assert refused.json()["detail"] == "提交过于频繁，请一小时后再试。"
    assert not Proposal.objects.exists()
