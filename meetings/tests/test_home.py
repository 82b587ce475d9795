import pytest
from django.test import RequestFactory

from accounts.middleware import CongressMiddleware
from meetings import queries
from meetings.tests.helpers import open_meeting_with, open_vote, sign_in_all

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/")
    request.user, request.session = user, {}
    CongressMiddleware(lambda r: None)(request)
    return request


def test_a_deputy_is_told_to_vote(clerk, deputy, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    open_vote(meeting, clerk)
    todos = queries.home_todos(_request(deputy))
    assert any(t.urgent and "签到与表决" in t.title for t in todos)
    assert any(t.title == "我的签到二维码" for t in todos)


def test_the_office_sees_the_meetings_line(clerk):
    assert [t.title for t in queries.home_todos(_request(clerk))] == ["会议与表决"]


def test_a_unit_handler_sees_nothing_of_meetings(unit_handler):
    assert queries.home_todos(_request(unit_handler)) == []
