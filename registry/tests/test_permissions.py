"""Who sees and changes which registry pages; another congress's records are 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import Role
from conftest import client_for, make_deputy, make_user, valid_id_number
from registry.models import (
    CommitteeMembership,
    Delegation,
    Deputy,
    Station,
    Subdistrict,
    Term,
    Unit,
)


@pytest.fixture
def seated(congress, term):
    return make_deputy(congress, term, name="钱代表")


@pytest.fixture
def foreign_station(other_congress):
    sub = Subdistrict.objects.create(congress=other_congress, name="外区街道")
    return Station.objects.create(
        congress=other_congress,
        name="外区联络站",
        level=Station.Level.SUBDISTRICT,
        subdistrict=sub,
        address="外区路1号",
    )


def deputy_data(term, **changes):
    data = {
        "term": term.pk,
        "number": "N100",
        "name": "新代表",
        "gender": "female",
        "ethnicity": "汉族",
        "birth_date": "1982-03-04",
        "party": "中共党员",
        "id_number": valid_id_number(dt.date(1982, 3, 4), 501),
        "phone": "13712345678",
        "elected_on": "2021-12-01",
    }
    data.update(changes)
    return data


def test_outsider_gets_404_on_this_congress_deputy_detail(outsider, seated):
    assert client_for(outsider).get(reverse("registry:deputy_detail", args=[seated.pk])).status_code == 404


def test_outsider_gets_404_on_this_congress_deputy_edit(outsider, seated):
    client = client_for(outsider)
    url = reverse("registry:deputy_update", args=[seated.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "改名"}).status_code == 404
    seated.refresh_from_db()
    assert seated.name == "钱代表"


def test_outsider_list_shows_nothing_of_this_congress(outsider, seated):
    response = client_for(outsider).get(reverse("registry:deputy_list"))
    assert response.status_code == 200
    assert "钱代表" not in response.content.decode()


def test_outsider_cannot_change_this_congress_deputy_status(outsider, seated):
    response = client_for(outsider).post(
        reverse("registry:deputy_change_status", args=[seated.pk]),
        {"confirmed": "yes", "action": "terminate", "on": "2024-01-01", "reason": "测试"},
    )
    assert response.status_code == 404
    seated.refresh_from_db()
    assert seated.status == Deputy.Status.SERVING


def test_unit_handler_gets_403_on_deputy_list(unit_handler):
    assert client_for(unit_handler).get(reverse("registry:deputy_list")).status_code == 403


def test_deputy_gets_403_on_deputy_list(deputy):
    assert client_for(deputy).get(reverse("registry:deputy_list")).status_code == 403


def test_unit_handler_sees_own_unit(unit_handler, unit):
    response = client_for(unit_handler).get(reverse("registry:unit_detail", args=[unit.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert unit.name in html
    assert "陈经办" in html  # the handler accounts of the unit
    assert reverse("registry:unit_update", args=[unit.pk]) not in html


def test_other_unit_handler_gets_404_on_unit_detail(other_unit_handler, unit):
    response = client_for(other_unit_handler).get(reverse("registry:unit_detail", args=[unit.pk]))
    assert response.status_code == 404


def test_unit_handler_cannot_edit_own_unit(unit_handler, unit):
    assert client_for(unit_handler).get(reverse("registry:unit_update", args=[unit.pk])).status_code == 403


def test_station_staff_sees_own_station(station_staff, station, congress, term):
    make_deputy(congress, term, name="进站代表甲", station=station, phone="13911112222")
    response = client_for(station_staff).get(reverse("registry:station_detail", args=[station.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "进站代表甲" in html
    assert "吴站长" in html
    assert "139****2222" in html and "13911112222" not in html


def test_station_staff_gets_404_on_another_station(station_staff, other_station):
    response = client_for(station_staff).get(reverse("registry:station_detail", args=[other_station.pk]))
    assert response.status_code == 404


def test_outsider_gets_404_on_this_congress_station_and_unit(outsider, station, unit):
    client = client_for(outsider)
    assert client.get(reverse("registry:station_detail", args=[station.pk])).status_code == 404
    assert client.get(reverse("registry:unit_detail", args=[unit.pk])).status_code == 404


def test_leader_can_view(leader, seated, unit, station):
    client = client_for(leader)
    for url in [
        reverse("registry:deputy_list"),
        reverse("registry:deputy_detail", args=[seated.pk]),
        reverse("registry:unit_detail", args=[unit.pk]),
        reverse("registry:station_detail", args=[station.pk]),
        reverse("registry:term_list"),
    ]:
        assert client.get(url).status_code == 200, url


def test_leader_sees_no_edit_or_status_buttons(leader, seated):
    html = client_for(leader).get(reverse("registry:deputy_detail", args=[seated.pk])).content.decode()
    assert reverse("registry:deputy_update", args=[seated.pk]) not in html
    assert reverse("registry:deputy_change_status", args=[seated.pk]) not in html


def test_leader_cannot_edit(leader, seated, term):
    client = client_for(leader)
    assert client.get(reverse("registry:deputy_update", args=[seated.pk])).status_code == 403
    assert client.get(reverse("registry:deputy_create")).status_code == 403
    assert client.post(reverse("registry:deputy_create"), deputy_data(term)).status_code == 403
    assert client.post(reverse("registry:unit_create"), {"name": "某局", "kind": "other"}).status_code == 403
    assert not Deputy.objects.filter(number="N100").exists()
    assert not Unit.objects.filter(name="某局").exists()


@pytest.mark.parametrize("name", ["deputy_list", "deputy_create", "unit_list", "term_create", "my_deputy"])
def test_anonymous_is_redirected_to_login(citizen, name):
    response = citizen.get(reverse(f"registry:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_anonymous_is_redirected_to_login_on_detail_pages(citizen, seated, unit, station):
    for url in [
        reverse("registry:deputy_detail", args=[seated.pk]),
        reverse("registry:unit_detail", args=[unit.pk]),
        reverse("registry:station_detail", args=[station.pk]),
    ]:
        response = citizen.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_crafted_post_attaching_another_congress_station_is_rejected(clerk, term, foreign_station):
    data = deputy_data(term, station=foreign_station.pk)
    response = client_for(clerk).post(reverse("registry:deputy_create"), data)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not Deputy.objects.filter(number="N100").exists()


def test_crafted_post_attaching_another_congress_term_or_delegation_is_rejected(clerk, term, other_congress):
    foreign_term = Term.objects.create(congress=other_congress, number=9, starts_on=dt.date(2021, 1, 1))
    foreign_delegation = Delegation.objects.create(congress=other_congress, name="外区代表团")
    client = client_for(clerk)
    client.post(reverse("registry:deputy_create"), deputy_data(foreign_term))
    client.post(reverse("registry:deputy_create"), deputy_data(term, delegation=foreign_delegation.pk))
    assert not Deputy.objects.filter(number="N100").exists()


def test_crafted_edit_cannot_move_a_deputy_to_another_congress_station(clerk, seated, term, foreign_station):
    data = deputy_data(
        term,
        number=seated.number,
        name=seated.name,
        id_number=seated.id_number,
        phone=seated.phone,
        birth_date=seated.birth_date.isoformat(),
        station=foreign_station.pk,
    )
    client_for(clerk).post(reverse("registry:deputy_update", args=[seated.pk]), data)
    seated.refresh_from_db()
    assert seated.station_id is None


def test_crafted_committee_post_cannot_seat_another_congress_deputy(clerk, term, other_congress):
    foreign = make_deputy(other_congress)
    response = client_for(clerk).post(
        reverse("registry:committeemembership_create"),
        {"term": term.pk, "deputy": foreign.pk, "position": "member", "starts_on": "2022-01-01"},
    )
    assert "选择一个有效的选项" in response.content.decode()
    assert not CommitteeMembership.objects.exists()


def test_crafted_station_post_cannot_use_another_congress_subdistrict(clerk, foreign_station):
    client_for(clerk).post(
        reverse("registry:station_create"),
        {
            "name": "偷梁换柱站",
            "level": "subdistrict",
            "subdistrict": foreign_station.subdistrict_id,
            "address": "某路1号",
        },
    )
    assert not Station.objects.filter(name="偷梁换柱站").exists()


def test_staff_of_two_congresses_sees_only_the_chosen_one(congress, other_congress, term):
    both = make_user("both", "两地文书", congress, Role.STAFF)
    from accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=both, congress=other_congress, role=Role.STAFF)
    foreign = make_deputy(other_congress, name="外区代表")
    client = client_for(both)  # works in the first congress by default
    assert client.get(reverse("registry:deputy_detail", args=[foreign.pk])).status_code == 404


def test_my_deputy_shows_own_record_masked(deputy):
    record = Deputy.objects.get(user=deputy)
    response = client_for(deputy).get(reverse("registry:my_deputy"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "张代表" in html
    assert record.phone not in html and record.id_number not in html
    assert f"{record.phone[:3]}****{record.phone[-4:]}" in html


def test_my_deputy_is_404_without_a_deputy_record(clerk):
    assert client_for(clerk).get(reverse("registry:my_deputy")).status_code == 404


def test_my_deputy_is_404_in_another_congress(outsider, congress, term):
    make_deputy(congress, term, user=outsider)
    assert client_for(outsider).get(reverse("registry:my_deputy")).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "deputy_update",
        "committeemembership_update",
        "unit_update",
        "station_update",
        "subdistrict_update",
        "community_update",
        "delegation_update",
        "constituency_update",
        "term_update",
    ],
)
def test_outsider_gets_404_on_every_edit_page_of_this_congress(
    outsider, congress, term, community, station, delegation, unit, name
):
    from registry.models import Constituency

    deputy = make_deputy(congress, term)
    records = {
        "deputy_update": deputy,
        "unit_update": unit,
        "station_update": station,
        "committeemembership_update": CommitteeMembership.objects.create(
            congress=congress, term=term, deputy=deputy, starts_on=dt.date(2022, 1, 1)
        ),
        "subdistrict_update": community.subdistrict,
        "community_update": community,
        "delegation_update": delegation,
        "term_update": term,
        "constituency_update": Constituency.objects.create(congress=congress, name="第一选区"),
    }
    url = reverse(f"registry:{name}", args=[records[name].pk])
    client = client_for(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "改名"}).status_code == 404
