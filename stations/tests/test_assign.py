import pytest

from core.models import Notification
from stations.models import Message
from stations.tests.helpers import act, history

pytestmark = pytest.mark.django_db


def test_station_staff_assign_a_station_deputy(
    station_staff, station_deputy, message, django_capture_on_commit_callbacks
):
    response = act(
        station_staff,
        message,
        "assign",
        {"handler": station_deputy.pk},
        capture=django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.ASSIGNED and message.handler == station_deputy
    assert len(history(message, "assign")) == 1
    assert Notification.objects.filter(user=station_deputy, kind="assign").count() == 1
    # The handler now sees it in their own inbox and may record the outcome.
    assert (
        act(station_deputy, message, "answer_on_spot", {"answer_on_spot-reply": "已答复。"}).status_code
        == 302
    )


def test_a_handler_from_outside_the_station_is_refused(station_staff, clerk, message):
    response = act(station_staff, message, "assign", {"handler": clerk.pk})
    assert response.status_code == 400
    message.refresh_from_db()
    assert message.handler is None and message.status == Message.Status.RECEIVED


def test_another_station_cannot_assign(other_station_staff, message):
    assert act(other_station_staff, message, "assign", {"handler": other_station_staff.pk}).status_code == 404
