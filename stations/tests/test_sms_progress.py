"""A citizen who ticks 短信通知我办理进展 gets the tracking code, then each status change, by SMS.

The SMS go through the local fake gateway (core.tests.fake_gateway) from the job queue, after the
step commits; the logs show the number masked.
"""

import logging

import pytest

from core import congress_settings
from core.citizen_sms import SECTION
from core.tests.fake_gateway import fake_gateway
from stations.models import Message
from stations.tests.helpers import act, code_from, post_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    with fake_gateway() as (url, received):
        settings.SMS_GATEWAY_URL, settings.SMS_SIGN = url + "/send", "示范区人大"
        yield received


def texts(received) -> list[str]:
    return [r["json"]["content"] for r in received]


def test_a_citizen_who_opts_in_gets_the_tracking_code(
    citizen, station, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_message(citizen, station, sms_opt_in="on")
    message = Message.objects.get(tracking_code=code_from(response))
    assert message.sms_opt_in
    assert [r["json"]["mobile"] for r in gateway] == ["13800138000"]
    assert texts(gateway) == [
        f"【示范区人大】您的留言已收到，查询码 {message.display_code}。办理进展将以短信告知。"
    ]


def test_a_citizen_who_does_not_opt_in_gets_no_sms(
    citizen, station, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_message(citizen, station)
    assert gateway == []


def test_each_status_change_is_texted_and_the_rating_is_not(
    citizen, station, station_staff, clerk, unit, unit_handler, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = Message.objects.get(
            tracking_code=code_from(post_message(citizen, station, sms_opt_in="on"))
        )
    code = message.display_code
    act(
        station_staff,
        message,
        "forward_to_office",
        {"note": "涉及教育局。"},
        django_capture_on_commit_callbacks,
    )
    act(clerk, message, "refer", {"unit": unit.pk}, django_capture_on_commit_callbacks)
    act(unit_handler, message, "reply", {"reply-reply": "已安排维修。"}, django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.status == Message.Status.CLOSED
    assert texts(gateway)[1:] == [
        f"【示范区人大】您的留言（查询码 {code}）办理进展：待转办。",
        f"【示范区人大】您的留言（查询码 {code}）办理进展：已转办。",
        f"【示范区人大】您的留言（查询码 {code}）办理进展：已办结。",
    ]


def test_the_congress_words_its_own_sms(
    citizen, station, station_staff, congress, clerk, gateway, django_capture_on_commit_callbacks
):
    congress_settings.save_sections(
        congress,
        {SECTION: {"tracking_template": "【{sign}】查询码{code}", "status_template": "{code}：{status}"}},
        actor=clerk,
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = Message.objects.get(
            tracking_code=code_from(post_message(citizen, station, sms_opt_in="on"))
        )
    act(
        station_staff,
        message,
        "answer_on_spot",
        {"answer_on_spot-reply": "已当场解答。"},
        django_capture_on_commit_callbacks,
    )
    assert texts(gateway) == [
        f"【示范区人大】查询码{message.display_code}",
        f"{message.display_code}：已办结",
    ]


def test_a_refusing_gateway_is_retried_and_logged_with_the_phone_masked(
    citizen, station, settings, caplog, django_capture_on_commit_callbacks
):
    from huey.contrib.djhuey import HUEY

    HUEY.flush()
    with fake_gateway({"code": 500, "message": "余额不足"}) as (url, received):
        settings.SMS_GATEWAY_URL = url
        with (
            caplog.at_level(logging.INFO, logger="core.jobs"),
            django_capture_on_commit_callbacks(execute=True),
        ):
            post_message(citizen, station, sms_opt_in="on")
    assert len(received) == 1
    scheduled = HUEY.scheduled()
    assert len(scheduled) == 1 and scheduled[0].args[0] == "13800138000" and scheduled[0].args[2] == 2
    assert "138****8000" in caplog.text and "13800138000" not in caplog.text
    HUEY.flush()
