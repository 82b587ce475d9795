import pytest

from conftest import client_for
from performance import queries as performance_queries
from registry.models import Deputy
from stations.models import Activity

pytestmark = pytest.mark.django_db


def test_station_staff_register_an_activity_that_feeds_performance(
    station_staff, station_deputy, station, congress
):
    lead = Deputy.objects.get(user=station_deputy)
    response = client_for(station_staff).post(
        f"/stations/stations/{station.pk}/activities/new/",
        {
            "kind": "research",
            "title": "老旧小区加装电梯调研",
            "date": "2026-02-10",
            "deputies": [lead.pk],
            "other_participants": "社区工作者",
            "results": "形成调研报告一份。",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert list(activity.deputies.all()) == [lead]
    assert performance_queries.counts_for_deputy(lead, 2026)["station_activity"] == 1


def test_a_title_is_required_and_markup_refused(station_staff, station):
    client = client_for(station_staff)
    response = client.post(
        f"/stations/stations/{station.pk}/activities/new/",
        {"kind": "themed", "title": "<script>x</script>", "date": "2026-02-10"},
    )
    assert response.status_code == 400 and "主题不能包含网页代码" in response.content.decode()
    assert not Activity.objects.exists()


def test_another_station_cannot_register(other_station_staff, station):
    response = client_for(other_station_staff).post(
        f"/stations/stations/{station.pk}/activities/new/",
        {"kind": "themed", "title": "x", "date": "2026-02-10"},
    )
    assert response.status_code == 404
