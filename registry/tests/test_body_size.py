"""N (全体代表) and M (全体组成人员) are counted from status dates, never typed in (DOMAIN §0)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for, make_deputy
from registry import queries, rules
from registry.models import CommitteeMembership, Deputy

D = dt.date
TERMINATED_ON = D(2024, 6, 1)


@pytest.fixture
def body(congress, term):
    """Two serving deputies, one suspended, one terminated on 2024-06-01, one elected in 2025."""
    return {
        "serving": [make_deputy(congress, term), make_deputy(congress, term)],
        "suspended": make_deputy(congress, term, status=Deputy.Status.SUSPENDED, suspended_on=D(2023, 3, 1)),
        "terminated": make_deputy(
            congress, term, status=Deputy.Status.TERMINATED, terminated_on=TERMINATED_ON
        ),
        "late": make_deputy(congress, term, elected_on=D(2025, 3, 10)),
    }


def test_seat_is_held_from_election_until_the_day_it_ends():
    assert rules.holds_seat(D(2021, 12, 1), None, D(2021, 12, 1))
    assert not rules.holds_seat(D(2021, 12, 1), None, D(2021, 11, 30))
    assert rules.holds_seat(D(2021, 12, 1), TERMINATED_ON, D(2024, 5, 31))
    assert not rules.holds_seat(D(2021, 12, 1), TERMINATED_ON, TERMINATED_ON)


def test_n_counts_serving_suspended_and_terminated_before_termination(congress, body):
    assert queries.deputy_count(congress, D(2024, 5, 31)) == 4


def test_n_drops_a_terminated_deputy_from_the_termination_date(congress, body):
    assert queries.deputy_count(congress, TERMINATED_ON) == 3
    assert queries.deputy_count(congress, D(2024, 12, 31)) == 3


def test_suspended_deputy_still_counts(congress, body):
    assert body["suspended"] in queries.deputies_holding_seat(congress, D(2024, 1, 1))


def test_deputy_elected_later_is_not_counted_before(congress, body):
    assert queries.deputy_count(congress, D(2025, 3, 9)) == 3
    assert queries.deputy_count(congress, D(2025, 3, 10)) == 4


def test_n_ignores_other_congresses(congress, other_congress, body):
    make_deputy(other_congress)
    assert queries.deputy_count(congress, D(2025, 3, 10)) == 4


def test_m_with_a_membership_ended(congress, term, body):
    a, b = body["serving"]
    CommitteeMembership.objects.create(congress=congress, term=term, deputy=a, starts_on=D(2022, 1, 1))
    CommitteeMembership.objects.create(
        congress=congress, term=term, deputy=b, starts_on=D(2022, 1, 1), ends_on=D(2023, 7, 1)
    )
    assert queries.member_count(congress, D(2023, 6, 30)) == 2
    assert queries.member_count(congress, D(2023, 7, 1)) == 1
    assert queries.member_count(congress, D(2021, 12, 31)) == 0


def test_m_drops_a_member_whose_deputy_seat_terminated(congress, term, body):
    CommitteeMembership.objects.create(
        congress=congress, term=term, deputy=body["terminated"], starts_on=D(2022, 1, 1)
    )
    CommitteeMembership.objects.create(
        congress=congress, term=term, deputy=body["suspended"], starts_on=D(2022, 1, 1)
    )
    assert queries.member_count(congress, D(2024, 5, 31)) == 2
    assert queries.member_count(congress, TERMINATED_ON) == 1  # the suspended member still counts


def test_deputy_list_header_shows_n_and_m_on_the_chosen_date(clerk, congress, term, body):
    CommitteeMembership.objects.create(
        congress=congress, term=term, deputy=body["terminated"], starts_on=D(2022, 1, 1)
    )
    client = client_for(clerk)
    before = client.get(reverse("registry:deputy_list"), {"on": "2024-05-31"})
    after = client.get(reverse("registry:deputy_list"), {"on": "2024-06-01"})
    assert (before.context["deputy_count"], before.context["member_count"]) == (4, 1)
    assert (after.context["deputy_count"], after.context["member_count"]) == (3, 0)
    assert '<div class="fs-4 fw-semibold" id="deputy-count">4</div>' in before.content.decode()
