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


def test_opinions_raised_at_an_activity_are_counted_on_it(station_staff, station):
    """Not typed in one by one as citizen messages: a count, and a list if kept (the count at least its lines)."""
    from core.models import AuditEntry
    from stations.models import Message

    response = client_for(station_staff).post(
        f"/stations/stations/{station.pk}/activities/new/",
        {
            "kind": "themed",
            "title": "“民生微实事”主题活动",
            "date": "2026-04-18",
            "opinions_raised": "25",
            "opinions": "增设公交站台\n整治占道经营\n",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.opinions_raised == 25
    assert not Message.objects.exists()
    assert AuditEntry.objects.get(action="register_activity").changes["opinions_raised"] == 25
    client_for(station_staff).post(
        f"/stations/stations/{station.pk}/activities/new/",
        {"kind": "research", "title": "调研", "date": "2026-04-20", "opinions": "一\n二\n三"},
    )
    assert Activity.objects.get(title="调研").opinions_raised == 3


def test_a_negative_count_of_opinions_is_refused(station_staff, station):
    response = client_for(station_staff).post(
        f"/stations/stations/{station.pk}/activities/new/",
        {"kind": "themed", "title": "活动", "date": "2026-04-18", "opinions_raised": "-1"},
    )
    assert response.status_code == 400 and "意见建议条数不能为负数。" in response.content.decode()
    assert not Activity.objects.exists()
