"""The district office refers a station message about a city matter to the city office (DOMAIN §11)."""

import datetime as dt

import pytest
import time_machine

from conftest import client_for
from core.models import AuditEntry, Notification
from core.workflow import TransitionRefused
from referrals import workflow
from referrals.models import Referral
from stations.models import Message

pytestmark = pytest.mark.django_db


def _refer(client, message, target, note="属市级事权"):
    return client.post(f"/referrals/refer/message/{message.pk}/", {"target": target.pk, "note": note})


@time_machine.travel(dt.datetime(2026, 3, 2, 9, 0), tick=False)
def test_district_office_refers_a_message_to_the_city(
    tree, clerk, city_clerk, awaiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _refer(client_for(clerk), awaiting, tree.city)
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == f"/referrals/{referral.pk}/"
    assert (referral.congress, referral.target, referral.status) == (tree.district, tree.city, "referred")
    # 5 working days to accept, 30 days to reply (the city's settings, defaults)
    assert referral.accept_due == dt.date(2026, 3, 9)
    assert referral.reply_due == dt.date(2026, 4, 1)
    awaiting.refresh_from_db()
    assert awaiting.status == Message.Status.REFERRED
    assert awaiting.outcome == Message.Outcome.REFERRED_TO_BODY
    assert awaiting.reply_due == referral.reply_due
    rows = AuditEntry.objects.filter(object_type="referrals.referral", action="refer")
    assert [(r.actor_id, r.congress_id) for r in rows] == [(clerk.pk, tree.district.pk)]
    assert Notification.objects.filter(user=city_clerk, congress_id=tree.city.pk, kind="refer").count() == 1


def test_a_sibling_district_is_not_a_target(tree, clerk, city_clerk, awaiting):
    from registry.tests.tree import staff_of

    staff_of(tree.sibling, "sibling_clerk")
    response = _refer(client_for(clerk), awaiting, tree.sibling)
    assert response.status_code == 400
    assert "请选择上级或下级人大" in response.content.decode()
    with pytest.raises(TransitionRefused):
        workflow.refer(awaiting, actor=clerk, target=tree.sibling, note="不属本区")
    assert not Referral.objects.exists()


def test_a_reason_is_required(tree, clerk, city_clerk, awaiting):
    response = _refer(client_for(clerk), awaiting, tree.city, note="")
    assert response.status_code == 400
    assert "请说明转交理由" in response.content.decode()


def test_a_body_without_office_staff_cannot_receive(tree, clerk, awaiting):
    with pytest.raises(TransitionRefused, match="尚未开通办公室工作人员账户"):
        workflow.refer(awaiting, actor=clerk, target=tree.city, note="属市级事权")


def test_only_the_referring_office_refers(tree, city_clerk, station_staff, outsider, awaiting):
    for user in (station_staff, outsider, city_clerk):
        assert _refer(client_for(user), awaiting, tree.city).status_code in (403, 404)
    assert not Referral.objects.exists()


def test_a_message_not_awaiting_referral_cannot_be_referred(tree, clerk, city_clerk, station):
    from stations.tests.helpers import make_message

    message = make_message(station)
    assert client_for(clerk).get(f"/referrals/refer/message/{message.pk}/").status_code == 404


def test_an_open_referral_is_not_made_twice(tree, clerk, city_clerk, awaiting):
    workflow.refer(awaiting, actor=clerk, target=tree.city, note="属市级事权")
    with pytest.raises(TransitionRefused):
        workflow.refer(awaiting, actor=clerk, target=tree.township, note="再转")
    assert Referral.objects.count() == 1


def test_a_registered_suggestion_is_referred_down_to_a_township(tree, clerk, deputy, congress):
    from registry.tests.tree import staff_of
    from suggestions.tests.factories import registered

    staff_of(tree.township, "town_clerk")
    s = registered(congress, deputy, clerk)
    response = client_for(clerk).post(
        f"/referrals/refer/suggestion/{s.pk}/", {"target": tree.township.pk, "note": "属镇级事权"}
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.suggestion == s and referral.target == tree.township
    s.refresh_from_db()
    assert s.status == "registered"  # the suggestion's own lifecycle is untouched on this side


def test_a_suggestion_in_handling_is_not_referred(tree, clerk, deputy, congress, unit, city_clerk):
    from suggestions.tests.factories import assigned

    s = assigned(congress, deputy, clerk, unit)
    with pytest.raises(TransitionRefused, match="交办前"):
        workflow.refer(s, actor=clerk, target=tree.city, note="属市级事权")
