"""The demo shows a history: the previous term's seats, termination grounds, office holders, the map."""

from __future__ import annotations

import datetime as dt

import pytest

from registry import queries
from registry.models import CommitteeMembership, Deputy, MapChange, OfficeHolding, Term

pytestmark = pytest.mark.django_db


def test_demo_has_the_previous_term_and_its_ended_seats(demo):
    previous = Term.objects.get(congress=demo.congress, number=16)
    assert previous.ends_on == Term.objects.get(congress=demo.congress, number=17).starts_on
    assert previous.deputies.filter(status=Deputy.Status.TERM_ENDED).count() == 16
    assert queries.deputy_count(demo.congress, dt.date(2020, 1, 1)) == 16
    assert queries.deputy_count(demo.congress) == 365


def test_demo_register_feeds_the_committee_and_shows_a_removal_then_an_appointment(demo):
    assert queries.member_count(demo.congress) == 29
    assert not CommitteeMembership.objects.filter(congress=demo.congress, holding__isnull=True).exists()
    education = OfficeHolding.objects.filter(congress=demo.congress, post__name="示范区教育局局长").order_by(
        "starts_on"
    )
    first, second = education
    assert first.end_basis == "removal" and second.starts_on == first.ends_on


def test_demo_terminations_have_their_legal_grounds_and_the_map_its_history(demo):
    grounds = set(
        Deputy.objects.filter(congress=demo.congress, status="terminated").values_list(
            "end_ground", flat=True
        )
    )
    assert grounds == {"moved_away", "resigned"}
    assert MapChange.objects.filter(congress=demo.congress, kind="township_to_subdistrict").count() == 1
    kinds_before = {e.kind for e in queries.subdistricts_on(demo.congress, dt.date(2023, 6, 30))}
    assert kinds_before == {"subdistrict", "township"}
