"""Staff run meetings, leaders watch, deputies act for themselves; another congress sees nothing."""

import pytest

from conftest import client_for
from meetings.tests.helpers import attendance_of, open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote(clerk, deputy, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    return open_vote(meeting, clerk)


def _pages(vote):
    m = vote.meeting_id
    row = vote.meeting.attendances.first()
    return {
        "get": [
            f"/meetings/{m}/",
            f"/meetings/{m}/attendance/",
            f"/meetings/{m}/screen/",
            f"/meetings/votes/{vote.pk}/",
            f"/meetings/{m}/screen/state.json",
        ],
        "post": [
            f"/meetings/{m}/open/",
            f"/meetings/{m}/close/",
            f"/meetings/{m}/agenda/",
            f"/meetings/{m}/attendance/{row.pk}/sign-in/",
            f"/meetings/{m}/sign-in/qr/",
            f"/meetings/{m}/votes/new/",
            f"/meetings/votes/{vote.pk}/open/",
            f"/meetings/votes/{vote.pk}/close/",
            f"/meetings/votes/{vote.pk}/paper-counts/",
        ],
    }


def test_another_congress_staff_gets_404_everywhere(outsider, vote):
    client = client_for(outsider)
    pages = _pages(vote)
    for url in pages["get"]:
        assert client.get(url).status_code == 404, url
    for url in pages["post"]:
        assert client.post(url).status_code == 404, url


def test_a_unit_handler_gets_403(unit_handler, vote):
    client = client_for(unit_handler)
    pages = _pages(vote)
    for url in pages["get"]:
        assert client.get(url).status_code == 403, url
    for url in pages["post"]:
        assert client.post(url).status_code == 403, url
    assert client.get(f"/meetings/{vote.meeting_id}/device/").status_code == 403


def test_a_deputy_cannot_see_the_staff_console(deputy, vote):
    assert client_for(deputy).get(f"/meetings/{vote.meeting_id}/").status_code == 403


def test_a_leader_watches_but_sees_no_buttons(leader, vote):
    page = client_for(leader).get(f"/meetings/{vote.meeting_id}/").content.decode()
    assert "宣布散会" not in page
    page = client_for(leader).get(f"/meetings/votes/{vote.pk}/").content.decode()
    assert "结束表决" not in page


def test_the_device_page_of_another_congress_is_404(outsider, deputy, vote):
    from accounts.models import Role, RoleAssignment

    RoleAssignment.objects.create(
        user=outsider, congress=vote.meeting.congress.__class__.objects.get(code="other"), role=Role.DEPUTY
    )
    assert client_for(outsider).get(f"/meetings/{vote.meeting_id}/device/").status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(citizen, vote):
    response = citizen.get(f"/meetings/{vote.meeting_id}/screen/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_deputy_reads_the_state_of_their_own_meeting(deputy, vote):
    assert client_for(deputy).get(f"/meetings/{vote.meeting_id}/screen/state.json").status_code == 200
    assert attendance_of(vote.meeting, deputy)
