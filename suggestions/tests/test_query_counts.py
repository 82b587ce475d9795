"""The suggestion pages cost the same number of queries with 2 suggestions in every box as with 10.

Not a timing test (docs/performance.md has the figures): a page whose queries grow with its rows
(one more query per suggestion, per deputy, per unit) is what makes a district with thousands of
suggestions slow, so the count is pinned here."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import client_for
from suggestions.tests import factories as f

pytestmark = pytest.mark.django_db

LONG_AGO = dt.date(2025, 1, 6)  # assigned then: overdue today


def _one_of_each(congress, deputy, clerk, unit, handler):
    f.draft(congress, deputy)  # 我的草稿
    f.submitted(congress, deputy)  # 待立案
    f.registered(congress, deputy, clerk)  # 待交办
    f.assigned(congress, deputy, clerk, unit, on=LONG_AGO)  # 已超期; the unit's 待签收
    f.accepted(congress, deputy, clerk, unit, handler)  # the unit's 办理中
    f.replied(congress, deputy, clerk, unit, handler, category="B")  # 待我评价


def _queries(user, path: str) -> int:
    client = client_for(user)
    assert client.get(path).status_code == 200  # the session and the settings cache warmed
    with CaptureQueriesContext(connection) as run:
        assert client.get(path).status_code == 200
    return len(run.captured_queries)


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("clerk", "/suggestions/"),
        ("unit_handler", "/suggestions/"),
        ("deputy", "/suggestions/"),
        ("clerk", "/suggestions/list/"),
        ("leader", "/suggestions/list/"),
    ],
)
def test_the_inbox_and_the_list_cost_the_same_queries_for_two_suggestions_a_box_as_for_ten(
    persona, path, request, congress, clerk, deputy, unit, unit_handler
):
    user = request.getfixturevalue(persona)
    for _ in range(2):
        _one_of_each(congress, deputy, clerk, unit, unit_handler)
    with_two = _queries(user, path)
    for _ in range(8):
        _one_of_each(congress, deputy, clerk, unit, unit_handler)
    assert _queries(user, path) == with_two
