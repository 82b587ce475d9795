"""The office's deputies list costs the same number of queries for 2 deputies as for 60 (two pages).

Not a timing test (docs/performance.md has the figures): a list whose queries grow with its rows
(one more query per deputy for its term, delegation, constituency or station) is what makes a
district's 400 deputies slow, so the count is pinned here."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import client_for, make_deputy
from registry.models import Constituency, Deputy

pytestmark = pytest.mark.django_db


def _deputies(congress, term, delegation, station, count: int):
    constituency = Constituency.objects.create(congress=congress, name=f"第{count}选区")
    for i in range(count):
        make_deputy(
            congress,
            term,
            name=f"代表{i}",
            delegation=delegation,
            constituency=constituency,
            station=station,
            party="中共党员",
            **(
                {"status": Deputy.Status.SUSPENDED, "suspended_on": dt.date(2025, 3, 1)} if i % 5 == 0 else {}
            ),
        )


def _queries(user, path: str) -> int:
    client = client_for(user)
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as run:
        assert client.get(path).status_code == 200
    return len(run.captured_queries)


@pytest.mark.parametrize("path", ["/registry/deputies/", "/registry/deputies/?q=代表&page=2"])
def test_the_deputies_list_costs_the_same_queries_for_two_deputies_as_for_sixty(
    path, congress, term, delegation, station, clerk
):
    _deputies(congress, term, delegation, station, 2)
    with_two = _queries(clerk, path)  # page 2 of one page is page 1
    _deputies(congress, term, delegation, station, 58)
    assert _queries(clerk, path) == with_two
