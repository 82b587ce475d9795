"""Each station sees only its own messages; phones are shown only to the station handling them."""

import pytest

from conftest import client_for
from stations.tests.helpers import make_message

pytestmark = pytest.mark.django_db


def test_station_staff_cannot_see_another_stations_messages(
    other_station_staff, station_staff, message, other_station
):
    theirs = make_message(other_station, content="另一站的留言")
    client = client_for(other_station_staff)
    assert client.get(f"/stations/messages/{message.pk}/").status_code == 404
    assert client.get(f"/stations/messages/{theirs.pk}/").status_code == 200
    for box in ("station", "mine", "all", "office"):
        page = client.get(f"/stations/?box={box}").content.decode()
        assert f"/stations/messages/{message.pk}/" not in page
    assert f"/stations/messages/{theirs.pk}/" in client.get("/stations/?box=station").content.decode()
    assert client_for(station_staff).get(f"/stations/messages/{theirs.pk}/").status_code == 404


def test_another_congress_gets_404(outsider, message):
    client = client_for(outsider)
    assert client.get(f"/stations/messages/{message.pk}/").status_code == 404
    assert client.get(f"/stations/stations/{message.station_id}/").status_code == 404
    assert client.get(f"/stations/stations/{message.station_id}/poster.docx").status_code == 404
    assert f"/stations/messages/{message.pk}/" not in client.get("/stations/?box=all").content.decode()


def test_phone_is_full_for_the_station_and_masked_for_the_office(station_staff, clerk, leader, message):
    assert (
        "13900139000" in client_for(station_staff).get(f"/stations/messages/{message.pk}/").content.decode()
    )
    for user in (clerk, leader):
        page = client_for(user).get(f"/stations/messages/{message.pk}/").content.decode()
        assert "139****9000" in page and "13900139000" not in page


def test_the_addressed_deputy_sees_the_phone_masked(deputy, station):
    from registry.models import Deputy

    message = make_message(station, deputy=Deputy.objects.get(user=deputy))
    page = client_for(deputy).get(f"/stations/messages/{message.pk}/").content.decode()
    assert "139****9000" in page and "13900139000" not in page


def test_a_deputy_not_addressed_gets_404(deputy, message):
    assert client_for(deputy).get(f"/stations/messages/{message.pk}/").status_code == 404


def test_anonymous_visitors_go_to_login(citizen, message):
    response = citizen.get(f"/stations/messages/{message.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_missing_message_is_404(clerk):
    assert client_for(clerk).get("/stations/messages/999999/").status_code == 404


def test_station_pages_are_for_the_station_and_the_office(
    station_staff, other_station_staff, clerk, unit_handler, station
):
    assert client_for(station_staff).get(f"/stations/stations/{station.pk}/").status_code == 200
    assert client_for(clerk).get(f"/stations/stations/{station.pk}/").status_code == 200
    assert client_for(other_station_staff).get(f"/stations/stations/{station.pk}/").status_code == 404
    assert client_for(unit_handler).get(f"/stations/stations/{station.pk}/").status_code == 403
