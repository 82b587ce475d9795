import pytest

from conftest import client_for
from core.models import Notification
from stations.models import Message
from stations.tests.helpers import act, history

pytestmark = pytest.mark.django_db
DATA = {"answer_on_spot-reply": "已电话答复：路灯由街道维修班本周内更换。"}


def test_station_staff_answer_on_the_spot(station_staff, message):
    response = act(station_staff, message, "answer_on_spot", DATA)
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.CLOSED and message.outcome == Message.Outcome.ANSWERED_ON_SPOT
    assert message.reply.startswith("已电话答复") and message.closed_at and message.handler == station_staff
    rows = history(message, "answer_on_spot")
    assert len(rows) == 1 and rows[0].actor_id == station_staff.pk


def test_an_empty_reply_is_refused(station_staff, message):
    response = act(station_staff, message, "answer_on_spot", {"answer_on_spot-reply": " "})
    assert response.status_code == 400 and "请填写答复。" in response.content.decode()
    message.refresh_from_db()
    assert message.status == Message.Status.RECEIVED and not history(message, "answer_on_spot")


def test_twice_is_refused(station_staff, message):
    act(station_staff, message, "answer_on_spot", DATA)
    response = act(station_staff, message, "answer_on_spot", DATA)
    assert response.status_code == 302
    assert len(history(message, "answer_on_spot")) == 1


def test_get_is_not_allowed(station_staff, message):
    assert (
        client_for(station_staff).get(f"/stations/messages/{message.pk}/answer-on-spot/").status_code == 405
    )


def test_a_unit_handler_cannot(unit_handler, message):
    assert act(unit_handler, message, "answer_on_spot", DATA).status_code == 404


def test_a_leader_reads_but_cannot(leader, message):
    assert act(leader, message, "answer_on_spot", DATA).status_code == 403


def test_the_addressed_deputy_answers(deputy, station, django_capture_on_commit_callbacks):
    from registry.models import Deputy
    from stations.tests.helpers import make_message

    with django_capture_on_commit_callbacks(execute=True):
        message = make_message(station, deputy=Deputy.objects.get(user=deputy))
    assert Notification.objects.filter(user=deputy, kind="submit").count() == 1
    assert act(deputy, message, "answer_on_spot", DATA).status_code == 302
    message.refresh_from_db()
    assert message.outcome == Message.Outcome.ANSWERED_ON_SPOT
