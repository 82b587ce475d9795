import pytest

from stations.models import Message
from stations.tests.helpers import act, history

pytestmark = pytest.mark.django_db


def test_station_staff_hand_to_the_subdistrict(station_staff, message):
    response = act(
        station_staff,
        message,
        "hand_to_subdistrict",
        {"hand_to_subdistrict-reply": "已交东湖街道城管科，三日内清理。"},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.CLOSED and message.outcome == Message.Outcome.SUBDISTRICT
    assert len(history(message, "hand_to_subdistrict")) == 1


def test_another_station_gets_404(other_station_staff, message):
    response = act(other_station_staff, message, "hand_to_subdistrict", {"hand_to_subdistrict-reply": "x"})
    assert response.status_code == 404
    message.refresh_from_db()
    assert message.status == Message.Status.RECEIVED
