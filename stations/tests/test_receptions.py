"""schedule → (public announcement) → record (issues) → file_as_message; cancel."""

import datetime as dt

import pytest
import time_machine

from conftest import client_for
from core.models import AuditEntry
from registry.models import Deputy
from stations.models import Message, Reception

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 3, 2, 1, tzinfo=dt.UTC)  # Monday 2 March 2026, 09:00 in Shanghai


def _schedule(user, station, day, deputies=()):
    return client_for(user).post(
        f"/stations/stations/{station.pk}/receptions/new/",
        {
            "date": day.isoformat(),
            "starts_at": "09:00",
            "ends_at": "11:30",
            "place": "",
            "deputies": [d.pk for d in deputies],
        },
    )


@time_machine.travel(NOW)
def test_station_staff_schedule_and_it_is_announced(station_staff, station_deputy, station, citizen):
    lead = Deputy.objects.get(user=station_deputy)
    response = _schedule(station_staff, station, dt.date(2026, 3, 5), [lead])
    assert response.status_code == 302
    reception = Reception.objects.get()
    assert reception.status == Reception.Status.SCHEDULED and reception.place == station.address
    assert list(reception.deputies.all()) == [lead]
    assert AuditEntry.objects.filter(action="schedule", actor_id=station_staff.pk).count() == 1
    page = citizen.get(f"/p/demo/stations/{station.pk}/").content.decode()
    assert "2026年3月5日" in page and "钱代表" in page


@time_machine.travel(NOW)
def test_less_than_three_days_ahead_is_refused(station_staff, station):
    response = _schedule(station_staff, station, dt.date(2026, 3, 4))
    assert response.status_code == 400 and "至少提前 3 天" in response.content.decode()
    assert not Reception.objects.exists()


@time_machine.travel(NOW)
def test_the_notice_is_a_setting(station_staff, station, congress):
    congress.settings = {"stations": {"reception_notice_days": 7}}
    congress.save()
    assert _schedule(station_staff, station, dt.date(2026, 3, 6)).status_code == 400
    assert _schedule(station_staff, station, dt.date(2026, 3, 9)).status_code == 302


@time_machine.travel(NOW)
def test_another_station_cannot_schedule(other_station_staff, station):
    assert _schedule(other_station_staff, station, dt.date(2026, 3, 10)).status_code == 404


@pytest.fixture
def held_day(station):
    return Reception.objects.create(
        congress=station.congress,
        station=station,
        date=dt.date(2026, 2, 20),
        starts_at=dt.time(9),
        ends_at=dt.time(11),
    )


@time_machine.travel(NOW)
def test_record_visitors_and_issues_then_file_one_as_a_message(station_staff, station, held_day):
    client = client_for(station_staff)
    response = client.post(
        f"/stations/receptions/{held_day.pk}/record/",
        {
            "visitors": "12",
            "summary": "接待群众12人次。",
            "issues-TOTAL_FORMS": "3",
            "issues-INITIAL_FORMS": "0",
            "issues-0-topic": "traffic",
            "issues-0-content": "公交站台缺遮雨棚",
            "issues-0-result": "referred",
            "issues-1-topic": "health",
            "issues-1-content": "卫生站开放时间短",
            "issues-1-result": "answered_on_spot",
            "issues-1-answer": "已说明新的开放时间。",
            "issues-2-result": "recorded",
        },
    )
    assert response.status_code == 302
    held_day.refresh_from_db()
    assert held_day.status == Reception.Status.HELD and held_day.visitors == 12
    assert held_day.issues.count() == 2
    assert AuditEntry.objects.filter(action="record", object_id=str(held_day.pk)).count() == 1
    issue = held_day.issues.get(result="referred")
    filed = client.post(f"/stations/issues/{issue.pk}/file-as-message/")
    assert filed.status_code == 302
    message = Message.objects.get()
    assert message.source == Message.Source.RECEPTION and message.reception == held_day
    assert message.content == "公交站台缺遮雨棚" and message.station == station
    issue.refresh_from_db()
    assert issue.message == message
    assert client.post(f"/stations/issues/{issue.pk}/file-as-message/").status_code == 302
    assert Message.objects.count() == 1  # only once


@time_machine.travel(NOW)
def test_an_answered_issue_needs_its_answer(station_staff, held_day):
    response = client_for(station_staff).post(
        f"/stations/receptions/{held_day.pk}/record/",
        {
            "visitors": "3",
            "issues-TOTAL_FORMS": "1",
            "issues-INITIAL_FORMS": "0",
            "issues-0-topic": "traffic",
            "issues-0-content": "问题",
            "issues-0-result": "answered_on_spot",
        },
    )
    assert response.status_code == 400 and "当场答复的问题请填写答复" in response.content.decode()
    held_day.refresh_from_db()
    assert held_day.status == Reception.Status.SCHEDULED


@time_machine.travel(NOW)
def test_record_before_the_day_is_refused(station_staff, station):
    future = Reception.objects.create(
        congress=station.congress,
        station=station,
        date=dt.date(2026, 3, 20),
        starts_at=dt.time(9),
        ends_at=dt.time(11),
    )
    client_for(station_staff).post(
        f"/stations/receptions/{future.pk}/record/",
        {"visitors": "3", "issues-TOTAL_FORMS": "0", "issues-INITIAL_FORMS": "0"},
    )
    future.refresh_from_db()
    assert future.status == Reception.Status.SCHEDULED


@time_machine.travel(NOW)
def test_cancel_and_then_nothing_more(station_staff, held_day):
    client = client_for(station_staff)
    assert client.post(f"/stations/receptions/{held_day.pk}/cancel/").status_code == 302
    held_day.refresh_from_db()
    assert held_day.status == Reception.Status.CANCELLED
    client.post(
        f"/stations/receptions/{held_day.pk}/record/",
        {"visitors": "1", "issues-TOTAL_FORMS": "0", "issues-INITIAL_FORMS": "0"},
    )
    held_day.refresh_from_db()
    assert held_day.status == Reception.Status.CANCELLED


def test_reception_pages_of_another_station_are_404(other_station_staff, held_day):
    client = client_for(other_station_staff)
    assert client.get(f"/stations/receptions/{held_day.pk}/").status_code == 404
    assert client.post(f"/stations/receptions/{held_day.pk}/cancel/").status_code == 404
