import pytest

from stations.models import Message
from stations.tests.helpers import act, history

pytestmark = pytest.mark.django_db


def test_station_staff_decline_with_a_reason(station_staff, message):
    response = act(
        station_staff,
        message,
        "decline",
        {"decline-reason": "litigation", "decline-reply": "该事项已起诉至法院，请通过诉讼程序解决。"},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.CLOSED and message.outcome == Message.Outcome.DECLINED
    assert message.decline_reason == "litigation"
    assert len(history(message, "decline")) == 1


@pytest.mark.parametrize("reason", ["", "because", "<script>"])
def test_a_reason_from_the_list_is_required(station_staff, message, reason):
    response = act(
        station_staff, message, "decline", {"decline-reason": reason, "decline-reply": "不予受理。"}
    )
    assert response.status_code == 400 and "请选择不予受理的理由" in response.content.decode()
    message.refresh_from_db()
    assert message.status == Message.Status.RECEIVED


def test_the_reasons_are_those_of_domain_section_5():
    assert set(Message.DeclineReason.values) == {"litigation", "arbitration", "petition", "private_dispute"}
