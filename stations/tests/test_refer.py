"""forward_to_office → refer → reply (or send_back): the referral through the congress office."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from conftest import client_for
from core.models import Notification
from stations.models import Message
from stations.tests.helpers import act, history

pytestmark = pytest.mark.django_db


@pytest.fixture
def forwarded(station_staff, message):
    act(station_staff, message, "forward_to_office", {"note": "涉及区教育局职责。"})
    message.refresh_from_db()
    return message


@time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC))
def test_station_staff_forward_to_the_office(
    station_staff, clerk, message, django_capture_on_commit_callbacks
):
    response = act(
        station_staff,
        message,
        "forward_to_office",
        {"note": "涉及区教育局职责。"},
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.AWAITING_REFERRAL and message.outcome == Message.Outcome.REFERRED
    assert message.refer_due == dt.date(2026, 3, 11)  # within 10 days (DOMAIN §5, local default)
    assert len(history(message, "forward_to_office")) == 1
    assert Notification.objects.filter(user=clerk, kind="forward_to_office").count() == 1
    assert (
        f"/stations/messages/{message.pk}/" in client_for(clerk).get("/stations/?box=office").content.decode()
    )


@time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC))
def test_the_office_refers_to_a_unit(
    clerk, unit, unit_handler, forwarded, django_capture_on_commit_callbacks
):
    response = act(clerk, forwarded, "refer", {"unit": unit.pk}, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.status == Message.Status.REFERRED and forwarded.unit == unit
    assert forwarded.reply_due == dt.date(2026, 4, 1)  # reply_days setting, default 30
    assert len(history(forwarded, "refer")) == 1
    assert Notification.objects.filter(user=unit_handler, kind="refer").count() == 1


def test_the_reply_due_date_is_a_setting(clerk, unit, forwarded, congress):
    congress.settings = {"stations": {"reply_days": 15}}
    congress.save()
    act(clerk, forwarded, "refer", {"unit": unit.pk})
    forwarded.refresh_from_db()
    assert (forwarded.reply_due - timezone.localdate(forwarded.referred_at)).days == 15


def test_station_staff_cannot_refer(station_staff, unit, forwarded):
    assert act(station_staff, forwarded, "refer", {"unit": unit.pk}).status_code == 403


def test_a_unit_of_another_congress_is_refused(clerk, forwarded, other_congress):
    from registry.models import Unit

    foreign = Unit.objects.create(congress=other_congress, name="外区教育局")
    assert act(clerk, forwarded, "refer", {"unit": foreign.pk}).status_code == 400
    forwarded.refresh_from_db()
    assert forwarded.status == Message.Status.AWAITING_REFERRAL


@pytest.fixture
def referred(clerk, unit, forwarded):
    act(clerk, forwarded, "refer", {"unit": unit.pk})
    forwarded.refresh_from_db()
    return forwarded


def test_the_unit_replies_and_the_citizen_sees_it(
    unit_handler, station_staff, referred, citizen, django_capture_on_commit_callbacks
):
    response = act(
        unit_handler,
        referred,
        "reply",
        {"reply-reply": "已将该校门口纳入护学岗，下周起执勤。"},
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    referred.refresh_from_db()
    assert referred.status == Message.Status.CLOSED and referred.outcome == Message.Outcome.REFERRED
    assert len(history(referred, "reply")) == 1
    assert Notification.objects.filter(user=station_staff, kind="reply").count() == 1
    page = citizen.get(f"/p/demo/stations/track/{referred.tracking_code}/").content.decode()
    assert "已将该校门口纳入护学岗" in page and "示范区教育局" in page


def test_another_unit_gets_404(other_unit_handler, referred):
    assert client_for(other_unit_handler).get(f"/stations/messages/{referred.pk}/").status_code == 404
    assert act(other_unit_handler, referred, "reply", {"reply-reply": "x"}).status_code == 404


def test_the_unit_sees_the_phone_masked(unit_handler, referred):
    page = client_for(unit_handler).get(f"/stations/messages/{referred.pk}/").content.decode()
    assert "139****9000" in page and "13900139000" not in page


def test_the_unit_sends_back_a_misreferred_message(unit_handler, referred):
    response = act(unit_handler, referred, "send_back", {"reason": "不属于本单位职责。"})
    assert response.status_code == 302
    referred.refresh_from_db()
    assert referred.status == Message.Status.AWAITING_REFERRAL and referred.unit is None
    assert len(history(referred, "send_back")) == 1
    assert client_for(unit_handler).get(f"/stations/messages/{referred.pk}/").status_code == 404
    # …and it lands on its list, a page it may see (not on the message, now a 404).
    assert response.url == "/stations/"
    assert client_for(unit_handler).get(response.url).status_code == 200


def test_send_back_and_decline_ask_first_and_need_a_reason(unit_handler, referred):
    from conftest import client_for as c

    asked = c(unit_handler).post(
        f"/stations/messages/{referred.pk}/send-back/", {"reason": "不属于本单位职责。"}
    )
    assert asked.status_code == 200 and "退回常委会办公室重新转办" in asked.content.decode()
    referred.refresh_from_db()
    assert referred.status == Message.Status.REFERRED
    refused = act(unit_handler, referred, "send_back", {"reason": ""})
    assert refused.status_code == 400
    page = c(unit_handler).get(f"/stations/messages/{referred.pk}/").content.decode()
    assert 'name="confirmed"' in page


def test_a_unit_cannot_see_a_message_before_it_is_referred(unit_handler, message):
    assert client_for(unit_handler).get(f"/stations/messages/{message.pk}/").status_code == 404
