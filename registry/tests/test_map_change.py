"""Decisions that change the map act on the registry with dated history (DOMAIN §10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from core.models import AuditEntry
from registry import queries, workflow
from registry.models import MapChange, Station, Subdistrict

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def town(congress):
    return Subdistrict.objects.create(congress=congress, name="东湖镇", kind=Subdistrict.Kind.TOWNSHIP)


def test_town_becomes_a_subdistrict_on_the_decision_date_and_the_past_keeps_its_map(clerk, congress, town):
    response = client_for(clerk).post(
        reverse("registry:mapchange_create"),
        {
            "kind": "township_to_subdistrict",
            "decision": "省人民政府关于同意撤销东湖镇设立东湖街道的批复",
            "decided_on": "2025-03-01",
            "effective_on": "2025-04-01",
            "subdistrict": town.pk,
            "new_value": "东湖街道",
        },
    )
    assert response.status_code == 302
    town.refresh_from_db()
    assert town.kind == Subdistrict.Kind.SUBDISTRICT
    before = queries.subdistricts_on(congress, D(2025, 3, 31))
    after = queries.subdistricts_on(congress, D(2025, 4, 1))
    assert [(e.name, e.kind_label) for e in before] == [("东湖镇", "乡镇")]
    assert [(e.name, e.kind_label) for e in after] == [("东湖镇", "街道")]
    assert AuditEntry.objects.get(action="change_map").actor_id == clerk.pk
    page = client_for(clerk).get(reverse("registry:mapchange_list"), {"on": "2025-03-31"}).content.decode()
    assert "东湖镇（乡镇）" in page


def test_renaming_keeps_the_old_name_for_the_past(clerk, congress, town):
    change = MapChange(
        congress=congress,
        kind="renamed",
        decision="更名决定",
        decided_on=D(2025, 5, 1),
        effective_on=D(2025, 5, 1),
        subdistrict=town,
        new_value="东湖街道",
    )
    workflow.change_map(change, actor=clerk)
    assert [e.name for e in queries.subdistricts_on(congress, D(2025, 4, 30))] == ["东湖镇"]
    assert [e.name for e in queries.subdistricts_on(congress, D(2025, 5, 1))] == ["东湖街道"]


def test_a_subdistrict_already_a_subdistrict_is_refused_and_nothing_is_written(clerk, congress, subdistrict):
    change = MapChange(
        congress=congress,
        kind="township_to_subdistrict",
        decision="决定",
        decided_on=D(2025, 3, 1),
        effective_on=D(2025, 3, 1),
        subdistrict=subdistrict,
    )
    with pytest.raises(workflow.TransitionRefused, match="已是街道"):
        workflow.change_map(change, actor=clerk)
    assert not MapChange.objects.exists()


def test_station_closed_then_closed_again_is_refused(clerk, congress, station):
    close = MapChange(
        congress=congress,
        kind="station_closed",
        decision="撤站决定",
        decided_on=D(2025, 3, 1),
        effective_on=D(2025, 3, 1),
        station=station,
    )
    workflow.change_map(close, actor=clerk)
    station.refresh_from_db()
    assert (station.is_active, station.closed_on) == (False, D(2025, 3, 1))
    again = MapChange(
        congress=congress,
        kind="station_closed",
        decision="撤站决定",
        decided_on=D(2025, 4, 1),
        effective_on=D(2025, 4, 1),
        station=station,
    )
    with pytest.raises(workflow.TransitionRefused, match="不能再次结束"):
        workflow.change_map(again, actor=clerk)


def test_effective_before_decision_is_refused(clerk, congress, town):
    change = MapChange(
        congress=congress,
        kind="township_to_subdistrict",
        decision="决定",
        decided_on=D(2025, 3, 1),
        effective_on=D(2025, 2, 1),
        subdistrict=town,
    )
    with pytest.raises(workflow.TransitionRefused, match="生效日期不能早于决定日期"):
        workflow.change_map(change, actor=clerk)


def test_annual_station_figure_uses_opening_and_closing_dates(clerk, congress, station):
    from reports import figures

    workflow.change_map(
        MapChange(
            congress=congress,
            kind="station_closed",
            decision="撤站",
            decided_on=D(2025, 6, 1),
            effective_on=D(2025, 6, 1),
            station=station,
        ),
        actor=clerk,
    )
    assert list(figures.stations(congress, 2024)) == [station]
    assert list(figures.stations(congress, 2025)) == []
    assert Station.objects.get(pk=station.pk).is_active is False


def test_leader_cannot_register_a_map_change(leader, town):
    response = client_for(leader).post(
        reverse("registry:mapchange_create"), {"kind": "township_to_subdistrict"}
    )
    assert response.status_code == 403
