"""Every registry list, create and edit page renders, and a create works for each kind of record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for, make_deputy, valid_id_number
from core.models import AuditEntry
from registry.models import (
    CommitteeMembership,
    Community,
    Constituency,
    Delegation,
    Deputy,
    Station,
    Subdistrict,
    Term,
    Unit,
)

LISTS = [
    "deputy_list",
    "committeemembership_list",
    "unit_list",
    "station_list",
    "subdistrict_list",
    "delegation_list",
    "constituency_list",
    "term_list",
]
CREATES = [
    "deputy_create",
    "committeemembership_create",
    "unit_create",
    "station_create",
    "subdistrict_create",
    "community_create",
    "delegation_create",
    "constituency_create",
    "term_create",
]


@pytest.fixture
def records(congress, term, subdistrict, community, station, delegation, unit):
    deputy = make_deputy(congress, term, station=station, delegation=delegation)
    membership = CommitteeMembership.objects.create(
        congress=congress, term=term, deputy=deputy, starts_on=dt.date(2022, 1, 1)
    )
    constituency = Constituency.objects.create(congress=congress, name="第一选区", subdistrict=subdistrict)
    return {
        "deputy_update": deputy,
        "committeemembership_update": membership,
        "unit_update": unit,
        "station_update": station,
        "subdistrict_update": subdistrict,
        "community_update": community,
        "delegation_update": delegation,
        "constituency_update": constituency,
        "term_update": term,
        "deputy_detail": deputy,
        "unit_detail": unit,
        "station_detail": station,
    }


@pytest.mark.parametrize("name", LISTS)
def test_each_list_renders_for_clerk(clerk, records, name):
    response = client_for(clerk).get(reverse(f"registry:{name}"))
    assert response.status_code == 200
    assert 'class="table-responsive"' in response.content.decode()


@pytest.mark.parametrize("name", LISTS)
def test_each_list_renders_only_results_for_htmx(clerk, records, name):
    response = client_for(clerk).get(reverse(f"registry:{name}"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html


@pytest.mark.parametrize("name", CREATES)
def test_each_create_page_renders_for_clerk(clerk, records, name):
    assert client_for(clerk).get(reverse(f"registry:{name}")).status_code == 200


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
        "deputy_detail",
        "unit_detail",
        "station_detail",
    ],
)
def test_each_edit_and_detail_page_renders_for_clerk(clerk, records, name):
    response = client_for(clerk).get(reverse(f"registry:{name}", args=[records[name].pk]))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=99999",
        "page=-1",
        "delegation=abc",
        "station=1;drop",
        "status=nonsense",
        "on=2025-13-45",
        "on=abc",
        "term=99999999999999999999",
        "q=%00",
        "held=x",
        "gender=x&party=x",
    ],
)
def test_malformed_query_never_fails(clerk, records, query):
    for name in LISTS:
        response = client_for(clerk).get(reverse(f"registry:{name}") + "?" + query)
        assert response.status_code == 200, (name, query)


def created(client, url_name, data, model, **lookup):
    response = client.post(reverse(f"registry:{url_name}"), data)
    assert response.status_code == 302, response.content.decode()
    obj = model.objects.get(**lookup)
    entry = AuditEntry.objects.get(object_type=model._meta.label_lower, object_id=str(obj.pk))
    assert entry.action == "create"
    return obj


def test_clerk_creates_a_term(clerk, congress):
    data = {"number": 18, "starts_on": "2026-12-28"}
    term = created(client_for(clerk), "term_create", data, Term, number=18)
    assert term.congress == congress


def test_clerk_creates_a_unit(clerk, congress):
    created(
        client_for(clerk),
        "unit_create",
        {"name": "示范区民政局", "kind": "government_department", "is_active": "on"},
        Unit,
        name="示范区民政局",
    )


def test_clerk_creates_a_subdistrict_and_a_community(clerk, congress):
    client = client_for(clerk)
    sub = created(
        client,
        "subdistrict_create",
        {"name": "西湖街道", "kind": "subdistrict"},
        Subdistrict,
        name="西湖街道",
    )
    created(
        client, "community_create", {"subdistrict": sub.pk, "name": "西湖社区"}, Community, name="西湖社区"
    )


def test_community_create_preselects_the_subdistrict(clerk, subdistrict):
    response = client_for(clerk).get(reverse("registry:community_create") + f"?subdistrict={subdistrict.pk}")
    assert f'<option value="{subdistrict.pk}" selected>' in response.content.decode()


def test_clerk_creates_a_station(clerk, subdistrict, community):
    station = created(
        client_for(clerk),
        "station_create",
        {
            "name": "西湖社区联络站",
            "level": "community",
            "subdistrict": subdistrict.pk,
            "community": community.pk,
            "address": "西湖路2号",
            "opening_hours": "周一至周五 9:00-17:00",
            "is_active": "on",
        },
        Station,
        name="西湖社区联络站",
    )
    assert station.community == community


def test_station_community_must_belong_to_its_subdistrict(clerk, congress, community):
    elsewhere = Subdistrict.objects.create(congress=congress, name="南山街道")
    response = client_for(clerk).post(
        reverse("registry:station_create"),
        {
            "name": "南山联络站",
            "level": "community",
            "subdistrict": elsewhere.pk,
            "community": community.pk,
            "address": "南山路1号",
        },
    )
    assert response.status_code == 200
    assert "不属于" in response.content.decode()
    assert not Station.objects.filter(name="南山联络站").exists()


def test_clerk_creates_a_delegation(clerk):
    created(
        client_for(clerk),
        "delegation_create",
        {"name": "西湖代表团", "kind": "delegation"},
        Delegation,
        name="西湖代表团",
    )


def test_clerk_creates_a_constituency(clerk, subdistrict):
    created(
        client_for(clerk),
        "constituency_create",
        {"name": "第二选区", "subdistrict": subdistrict.pk},
        Constituency,
        name="第二选区",
    )


def test_clerk_creates_a_committee_membership(clerk, congress, term):
    deputy = make_deputy(congress, term)
    membership = created(
        client_for(clerk),
        "committeemembership_create",
        {"term": term.pk, "deputy": deputy.pk, "position": "member", "starts_on": "2022-01-01"},
        CommitteeMembership,
        deputy=deputy,
    )
    assert membership.ends_on is None


def test_committee_membership_must_end_after_it_starts(clerk, congress, term):
    deputy = make_deputy(congress, term)
    response = client_for(clerk).post(
        reverse("registry:committeemembership_create"),
        {
            "term": term.pk,
            "deputy": deputy.pk,
            "position": "member",
            "starts_on": "2022-01-01",
            "ends_on": "2022-01-01",
        },
    )
    assert "离任日期应晚于任职日期" in response.content.decode()
    assert not CommitteeMembership.objects.exists()


def test_clerk_creates_a_deputy(clerk, congress, term):
    response = client_for(clerk).post(
        reverse("registry:deputy_create"),
        {
            "term": term.pk,
            "number": "A001",
            "name": "孙代表",
            "gender": "male",
            "ethnicity": "汉族",
            "birth_date": "1980-05-06",
            "party": "群众",
            "id_number": valid_id_number(dt.date(1980, 5, 6), 7),
            "phone": "138 0013 8000",
            "elected_on": "2021-12-01",
        },
    )
    deputy = Deputy.objects.get(number="A001")
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:deputy_detail", args=[deputy.pk])
    assert deputy.phone == "13800138000"
    assert deputy.status == Deputy.Status.SERVING


def test_saving_an_unchanged_form_writes_no_audit_entry(clerk, unit):
    client = client_for(clerk)
    client.post(
        reverse("registry:unit_update", args=[unit.pk]),
        {"name": unit.name, "short_name": unit.short_name, "kind": unit.kind, "is_active": "on"},
    )
    assert not AuditEntry.objects.filter(object_type="registry.unit").exists()


def test_duplicate_unit_name_is_a_message_not_an_error(clerk, unit):
    response = client_for(clerk).post(reverse("registry:unit_create"), {"name": unit.name, "kind": "court"})
    assert response.status_code == 200
    assert "已有名称相同的承办单位" in response.content.decode()


def test_subdistricts_are_found_by_community_name(clerk, congress, community):
    Subdistrict.objects.create(congress=congress, name="西山街道")
    response = client_for(clerk).get(reverse("registry:subdistrict_list"), {"q": community.name})
    assert [s.name for s in response.context["page"]] == [community.subdistrict.name]
