"""The attendance page of a large congress: one page of members at a time, search and filter over all."""

import pytest

from conftest import client_for
from meetings.models import Attendance
from meetings.tests.helpers import open_meeting_with, sign_in_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(clerk, congress):
    meeting = open_meeting_with(clerk, congress, 120)
    sign_in_all(meeting, clerk, 100)
    return meeting


def rows_on(page: str) -> int:
    return page.count("<tr>") - 1  # minus the header row


def test_a_long_list_is_shown_fifty_members_at_a_time(clerk, meeting):
    client = client_for(clerk)
    first = client.get(f"/meetings/{meeting.pk}/attendance/").content.decode()
    assert rows_on(first) == 50 and "第 1 / 3 页" in first and "共 120 条" in first
    last = client.get(f"/meetings/{meeting.pk}/attendance/", {"page": 3}).content.decode()
    assert rows_on(last) == 20


def test_the_counts_above_the_list_cover_every_member_not_only_the_page(clerk, meeting):
    page = client_for(clerk).get(f"/meetings/{meeting.pk}/attendance/").content.decode()
    assert 'data-field="present">100<' in page and 'data-field="absent">20<' in page


def test_search_and_filter_look_through_all_pages(clerk, meeting):
    client = client_for(clerk)
    last = meeting.attendances.select_related("deputy").order_by("-deputy__number").first()
    page = client.get(f"/meetings/{meeting.pk}/attendance/", {"q": last.deputy.number}).content.decode()
    assert last.deputy.name in page and "共 1 条" in page
    absent = client.get(f"/meetings/{meeting.pk}/attendance/", {"status": "absent"}).content.decode()
    assert "共 20 条" in absent


def test_signing_in_from_the_second_page_returns_to_the_same_page_and_filter(clerk, meeting):
    client = client_for(clerk)
    page = client.get(f"/meetings/{meeting.pk}/attendance/", {"status": "absent", "page": 1}).content.decode()
    assert 'name="status" value="absent"' in page
    row = meeting.attendances.filter(status=Attendance.Status.ABSENT).first()
    response = client.post(
        f"/meetings/{meeting.pk}/attendance/{row.pk}/sign-in/", {"status": "absent", "page": "2", "q": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/meetings/{meeting.pk}/attendance/?status=absent&page=2"
    row.refresh_from_db()
    assert row.status == Attendance.Status.PRESENT


def test_a_page_number_out_of_range_shows_the_last_page(clerk, meeting):
    page = client_for(clerk).get(f"/meetings/{meeting.pk}/attendance/", {"page": "99"}).content.decode()
    assert "第 3 / 3 页" in page
