import pytest

from conftest import client_for
from registry.models import Deputy
from stations.models import Message
from stations.tests.helpers import act, history

pytestmark = pytest.mark.django_db


def test_station_staff_convert_into_a_suggestion_of_a_station_deputy(
    station_staff, station_deputy, message, citizen
):
    from suggestions.models import Suggestion

    lead = Deputy.objects.get(user=station_deputy)
    response = act(
        station_staff,
        message,
        "convert_to_suggestion",
        {"lead_deputy": lead.pk, "title": "关于维修东湖社区路灯的建议"},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.CLOSED and message.outcome == Message.Outcome.SUGGESTION
    suggestion = message.suggestion
    assert suggestion.lead_deputy == lead and suggestion.title == "关于维修东湖社区路灯的建议"
    assert suggestion.status == Suggestion.Status.DRAFT
    assert message.content in suggestion.content and message.display_code in suggestion.content
    assert list(suggestion.source_messages.all()) == [message]  # linked both ways
    assert len(history(message, "convert_to_suggestion")) == 1
    page = citizen.get(f"/p/demo/stations/track/{message.tracking_code}/").content.decode()
    assert "转为代表建议" in page and "钱代表" in page
    detail = client_for(station_staff).get(f"/stations/messages/{message.pk}/").content.decode()
    assert f"/suggestions/{suggestion.pk}/" in detail


def test_the_addressed_deputy_converts_as_lead(deputy, station):
    from stations.tests.helpers import make_message

    lead = Deputy.objects.get(user=deputy)
    message = make_message(station, deputy=lead)
    response = act(
        deputy, message, "convert_to_suggestion", {"lead_deputy": lead.pk, "title": "关于路灯的建议"}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.suggestion.lead_deputy == lead


def test_a_deputy_outside_the_station_cannot_be_named(station_staff, deputy, message):
    outsider_deputy = Deputy.objects.get(user=deputy)  # not a station deputy
    response = act(
        station_staff, message, "convert_to_suggestion", {"lead_deputy": outsider_deputy.pk, "title": "标题"}
    )
    assert response.status_code == 400
    message.refresh_from_db()
    assert message.status == Message.Status.RECEIVED and message.suggestion is None


def test_a_title_is_required(station_staff, station_deputy, message):
    lead = Deputy.objects.get(user=station_deputy)
    response = act(station_staff, message, "convert_to_suggestion", {"lead_deputy": lead.pk, "title": ""})
    assert response.status_code == 400 and "请填写建议标题" in response.content.decode()
