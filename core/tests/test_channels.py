"""Notification channels against local fake gateways: email, SMS, 企业微信 and 钉钉 robots."""

import urllib.parse

import pytest
from django.core import mail

from core import channels
from core.models import Notification
from core.tests.fake_gateway import fake_gateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def row(deputy):
    deputy.email, deputy.mobile = "deputy@example.invalid", "13900000001"
    deputy.save()
    return Notification.objects.create(
        user=deputy, title="建议已交办", body="第17号建议已交区教育局办理", url="/s/17/"
    )


def test_email_goes_to_the_users_address(row, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    channels.email([row])
    assert mail.outbox[0].to == ["deputy@example.invalid"]
    assert mail.outbox[0].subject == "建议已交办"


def test_sms_uses_the_template_and_the_token(row, settings):
    with fake_gateway() as (url, received):
        settings.SMS_GATEWAY_URL, settings.SMS_GATEWAY_TOKEN = url + "/send", "k"
        settings.SMS_SIGN, settings.SMS_TEMPLATE = "示范区人大", "【{sign}】{title}"
        channels.sms([row])
    assert received[0]["json"] == {
        "mobile": "13900000001",
        "content": "【示范区人大】建议已交办",
        "sign": "示范区人大",
    }
    assert received[0]["headers"]["Authorization"] == "Bearer k"


def test_a_refusing_sms_gateway_raises_so_the_job_retries(row, settings):
    with fake_gateway({"code": 500, "message": "余额不足"}) as (url, _received):
        settings.SMS_GATEWAY_URL = url
        with pytest.raises(channels.ChannelError, match="余额不足"):
            channels.sms([row])


def test_an_unreachable_gateway_raises(row, settings):
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/"
    with pytest.raises(channels.ChannelError, match="网关不可达"):
        channels.sms([row])


def test_wecom_robot_gets_a_text_message(row, settings):
    with fake_gateway({"errcode": 0}) as (url, received):
        settings.WECOM_WEBHOOK_URL = url + "/cgi-bin/webhook/send?key=k"
        channels.wecom([row])
    assert received[0]["json"] == {
        "msgtype": "text",
        "text": {"content": "建议已交办\n第17号建议已交区教育局办理"},
    }


def test_dingtalk_robot_request_is_signed(row, settings):
    with fake_gateway({"errcode": 0}) as (url, received):
        settings.DINGTALK_WEBHOOK_URL, settings.DINGTALK_SECRET = url + "/robot/send?access_token=t", "SEC1"
        channels.dingtalk([row])
    query = urllib.parse.parse_qs(urllib.parse.urlparse(received[0]["path"]).query)
    assert query["access_token"] == ["t"] and query["timestamp"] and query["sign"]
    expected = channels.dingtalk_signed_url("x?a=1", "SEC1", int(query["timestamp"][0]))
    assert urllib.parse.unquote_plus(expected.rsplit("sign=", 1)[1]) == query["sign"][0]


def test_a_refusing_robot_raises(row, settings):
    with fake_gateway({"errcode": 310000, "errmsg": "sign not match"}) as (url, _received):
        settings.DINGTALK_WEBHOOK_URL = url + "/robot/send?access_token=t"
        with pytest.raises(channels.ChannelError, match="sign not match"):
            channels.dingtalk([row])


def test_sms_template_keeps_unknown_placeholders():
    assert channels.render_sms("【{sign}】{title}{x}", title="标题") == "【{sign}】标题{x}"
