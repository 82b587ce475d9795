import pytest

from conftest import client_for
from stations.tests.helpers import make_message

pytestmark = pytest.mark.django_db


def test_station_staff_see_their_open_messages_on_the_home_page(station_staff, station):
    make_message(station)
    page = client_for(station_staff).get("/").content.decode()
    assert "联络站待办留言" in page


def test_the_public_front_page_links_to_the_online_station(citizen, congress):
    page = citizen.get("/p/demo/").content.decode()
    assert "/p/demo/stations/" in page and "/p/demo/stations/track/" in page


def test_the_public_station_list(citizen, station, other_station):
    page = citizen.get("/p/demo/stations/").content.decode()
    assert station.name in page and other_station.name in page


def test_inbox_pages_render_for_every_role(clerk, leader, deputy, station_staff, unit_handler, message):
    for user in (clerk, leader, deputy, station_staff, unit_handler):
        assert client_for(user).get("/stations/").status_code == 200
    assert client_for(clerk).get("/stations/?box=all&status=open&q=路灯&topic=urban").status_code == 200
