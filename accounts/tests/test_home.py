"""Each role's home page lists what that person works on; tenancy comes from the role held."""

import pytest

from accounts.models import Role, RoleAssignment
from conftest import client_for, make_deputy

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(citizen):
    response = citizen.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_clerk_home_shows_body_sizes_and_the_roster_import(congress, clerk, term):
    make_deputy(congress, term)
    page = client_for(clerk).get("/").content.decode()
    assert "全体代表（实有数）" in page and "导入代表名册" in page


def test_unit_handler_home_shows_only_their_unit(unit_handler, unit, other_unit):
    page = client_for(unit_handler).get("/").content.decode()
    assert unit.name in page and other_unit.name not in page and "导入代表名册" not in page


def test_station_staff_home_shows_their_station(station_staff, station):
    assert station.name in client_for(station_staff).get("/").content.decode()


def test_deputy_home_links_to_their_own_record(deputy):
    assert "我的代表信息" in client_for(deputy).get("/").content.decode()


def test_user_without_a_role_is_told_to_ask_the_office(db):
    from conftest import make_user

    page = client_for(make_user("norole", "无角色")).get("/").content.decode()
    assert "尚未在任何人大担任角色" in page


def test_user_with_roles_in_two_congresses_switches_between_them(congress, other_congress, clerk):
    RoleAssignment.objects.create(user=clerk, congress=other_congress, role=Role.STAFF)
    client = client_for(clerk)
    assert congress.name in client.get("/").content.decode()
    assert client.post("/accounts/switch/", {"congress": other_congress.pk}).status_code == 302
    assert other_congress.name in client.get("/").content.decode()


def test_switching_to_a_congress_without_a_role_is_refused(congress, other_congress, clerk):
    response = client_for(clerk).post("/accounts/switch/", {"congress": other_congress.pk})
    assert response.status_code == 400
    assert client_for(clerk).post("/accounts/switch/", {"congress": "abc"}).status_code == 400
