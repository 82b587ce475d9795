"""The receiving office accepts, answers or sends back; both sides track it; the citizen sees it."""

import datetime as dt

import pytest
import time_machine

from conftest import client_for
from core.models import AuditEntry, Notification
from referrals import workflow
from referrals.models import Referral
from stations.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(tree, clerk, city_clerk, awaiting):
    return workflow.refer(awaiting, actor=clerk, target=tree.city, note="属市级事权")


def _post(user, referral, verb, data=None):
    return client_for(user).post(f"/referrals/{referral.pk}/{verb.replace('_', '-')}/", data or {})


def test_the_city_office_accepts(referral, city_clerk, tree):
    assert _post(city_clerk, referral, "accept").status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted" and referral.handled_by == city_clerk
    row = AuditEntry.objects.get(object_type="referrals.referral", action="accept")
    assert (row.actor_id, row.congress_id) == (city_clerk.pk, tree.city.pk)


def test_the_city_reply_closes_the_message_for_the_citizen(
    referral, city_clerk, clerk, tree, station, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(city_clerk, referral, "reply", {"reply": "已转市交通运输局，月底前完成信号灯改造。"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "replied" and referral.replied_on is not None
    message = Message.objects.get(pk=referral.message_id)
    assert message.status == Message.Status.CLOSED
    assert "示范市人民代表大会" in message.reply and "信号灯" in message.reply
    assert (
        AuditEntry.objects.filter(
            object_type="stations.message", action="reply", actor_id=city_clerk.pk
        ).count()
        == 1
    )
    assert Notification.objects.filter(user=clerk, kind="reply", congress_id=tree.district.pk).exists()
    # the citizen keeps the one tracking code
    page = client_for(None).get(f"/p/{station.congress.code}/stations/track/{message.tracking_code}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "转交示范市人民代表大会办理：已答复" in text and "信号灯" in text


def test_the_citizen_sees_where_an_open_referral_is(referral, station):
    message = Message.objects.get(pk=referral.message_id)
    text = (
        client_for(None)
        .get(f"/p/{station.congress.code}/stations/track/{message.tracking_code}/")
        .content.decode()
    )
    assert "转交示范市人民代表大会办理：已转交" in text and "前答复" in text


def test_sending_back_returns_the_message_to_the_district_office(referral, city_clerk):
    assert _post(city_clerk, referral, "send_back", {"reason": "属区级事权"}).status_code == 302
    referral.refresh_from_db()
    assert referral.status == "sent_back"
    message = Message.objects.get(pk=referral.message_id)
    assert message.status == Message.Status.AWAITING_REFERRAL and message.reply_due is None


def test_reasons_and_replies_are_required(referral, city_clerk):
    assert _post(city_clerk, referral, "reply", {"reply": ""}).status_code == 400
    assert _post(city_clerk, referral, "send_back", {}).status_code == 400
    referral.refresh_from_db()
    assert referral.status == "referred"


def test_only_the_receiving_office_answers(referral, clerk, leader, outsider, deputy, unit_handler):
    for user in (clerk, leader, outsider, deputy, unit_handler):
        for verb in ("accept", "reply", "send_back"):
            assert _post(user, referral, verb, {"reply": "x", "reason": "x"}).status_code in (403, 404), (
                user,
                verb,
            )
    referral.refresh_from_db()
    assert referral.status == "referred"


def test_a_replied_referral_is_not_answered_twice(referral, city_clerk):
    _post(city_clerk, referral, "reply", {"reply": "已办理。"})
    assert _post(city_clerk, referral, "reply", {"reply": "再次答复"}).status_code in (403, 404)
    assert Referral.objects.get().reply == "已办理。"


def test_both_sides_list_it_with_its_deadlines(referral, clerk, city_clerk):
    with time_machine.travel(
        dt.datetime.combine(referral.accept_due + dt.timedelta(days=1), dt.time(9)), tick=False
    ):
        mine = client_for(clerk).get("/referrals/").content.decode()
        theirs = client_for(city_clerk).get("/referrals/").content.decode()
    assert "本机构转交其他人大（1 件）" in mine and "逾期未签收" in mine
    assert "转交本机构办理（1 件）" in theirs and "逾期未签收" in theirs
    assert client_for(city_clerk).get(f"/referrals/{referral.pk}/").status_code == 200
