"""The election staff pages fit a 375 px phone (issue #14: /elections/<id>/ was 489 px wide)."""

from __future__ import annotations

import pytest

from elections import workflow
from elections.tests.conftest import ready_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_election_group_and_round_pages_fit_a_phone(phone_page, clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    workflow.open_round(first, actor=clerk)
    phone_page.login("clerk")
    for path in (
        f"/elections/{election.pk}/",
        f"/elections/groups/{first.office_group_id}/",
        f"/elections/rounds/{first.pk}/",
        f"/meetings/{meeting.pk}/",
    ):
        phone_page.goto(path)
        assert not phone_page.overflows_horizontally(), path
    assert phone_page.errors == []
