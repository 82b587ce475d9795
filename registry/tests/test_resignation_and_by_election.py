"""A resignation accepted by a majority of all committee members, a recall with its vote, and the
补选 that fills the vacancy for the rest of the term; each moves N on its date (DOMAIN §10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for, make_deputy
from core.models import AuditEntry
from registry import queries, workflow
from registry.models import CommitteeMembership, Deputy

pytestmark = pytest.mark.django_db
D = dt.date
S = Deputy.Status


@pytest.fixture
def committee_of_five(congress, term):
    members = [make_deputy(congress, term) for _ in range(5)]
    for m in members:
        CommitteeMembership.objects.create(congress=congress, term=term, deputy=m, starts_on=D(2022, 1, 1))
    return members


@pytest.fixture
def resigning(congress, term):
    return make_deputy(congress, term, name="辞职代表")


def test_resignation_accepted_by_a_majority_of_all_members_ends_the_seat_that_day(
    clerk, congress, committee_of_five, resigning
):
    assert queries.deputy_count(congress, D(2024, 6, 1)) == 6
    response = client_for(clerk).post(
        reverse("registry:deputy_change_status", args=[resigning.pk]),
        {
            "confirmed": "yes",
            "action": "accept_resignation",
            "on": "2024-06-01",
            "reason": "本人书面提出辞去代表职务",
            "yes": 3,
            "decision": "常委会第20次会议",
        },
    )
    assert response.status_code == 302
    resigning.refresh_from_db()
    assert (resigning.status, resigning.terminated_on, resigning.end_ground) == (
        S.TERMINATED,
        D(2024, 6, 1),
        "resigned",
    )
    assert resigning.end_vote == {"yes": 3, "body_size": 5}
    assert queries.deputy_count(congress, D(2024, 5, 31)) == 6
    assert queries.deputy_count(congress, D(2024, 6, 1)) == 5
    entry = AuditEntry.objects.get(action="accept_resignation")
    assert entry.actor_id == clerk.pk


def test_resignation_without_a_majority_of_all_members_is_refused(clerk, committee_of_five, resigning):
    """3 of 5 present voted yes 2: a majority of those voting, not of all 5 members."""
    response = client_for(clerk).post(
        reverse("registry:deputy_change_status", args=[resigning.pk]),
        {"confirmed": "yes", "action": "accept_resignation", "on": "2024-06-01", "reason": "辞职", "yes": 2},
    )
    assert "未超过常委会全体组成人员（5 人）的半数" in response.content.decode()
    resigning.refresh_from_db()
    assert resigning.status == S.SERVING and resigning.terminated_on is None


def test_recall_with_its_vote(clerk, congress, resigning):
    workflow.recall(
        resigning, actor=clerk, on=D(2024, 6, 1), yes=1201, electorate=2400, reason="选民提出罢免要求"
    )
    resigning.refresh_from_db()
    assert (resigning.end_ground, resigning.end_vote) == ("recalled", {"yes": 1201, "body_size": 2400})


def test_recall_short_of_a_majority_of_the_whole_constituency_is_refused(clerk, resigning):
    with pytest.raises(workflow.TransitionRefused, match="罢免未获通过"):
        workflow.recall(resigning, actor=clerk, on=D(2024, 6, 1), yes=1200, electorate=2400, reason="x")


def test_termination_needs_a_legal_ground(clerk, resigning):
    with pytest.raises(workflow.TransitionRefused, match="法定事由"):
        workflow.terminate(resigning, actor=clerk, on=D(2024, 6, 1), reason="x", ground="other")
    workflow.terminate(resigning, actor=clerk, on=D(2024, 6, 1), reason="病故", ground="died")
    resigning.refresh_from_db()
    assert resigning.get_end_ground_display() == "死亡"


def test_a_seat_ended_twice_is_refused(clerk, resigning):
    workflow.terminate(resigning, actor=clerk, on=D(2024, 6, 1), reason="调离", ground="moved_away")
    with pytest.raises(workflow.TransitionRefused, match="不能再次结束"):
        workflow.terminate(resigning, actor=clerk, on=D(2024, 7, 1), reason="死亡", ground="died")


def test_by_election_fills_the_vacancy_for_the_rest_of_the_term(clerk, congress, term, resigning):
    workflow.terminate(resigning, actor=clerk, on=D(2024, 6, 1), reason="调离", ground="moved_away")
    form = {
        "number": "B001",
        "name": "补选代表",
        "gender": "female",
        "ethnicity": "汉族",
        "birth_date": "1980-05-05",
        "party": "群众",
        "id_number": _id("19800505"),
        "phone": "13900009999",
        "on": "2024-09-10",
    }
    response = client_for(clerk).post(reverse("registry:by_election", args=[resigning.pk]), form)
    assert response.status_code == 302
    new = Deputy.objects.get(name="补选代表")
    assert (new.term, new.replaces, new.elected_on) == (term, resigning, D(2024, 9, 10))
    assert queries.deputy_count(congress, D(2024, 9, 9)) == queries.deputy_count(congress, D(2024, 6, 1))
    assert queries.deputy_count(congress, D(2024, 9, 10)) == queries.deputy_count(congress, D(2024, 5, 31))
    assert AuditEntry.objects.get(action="by_election").actor_id == clerk.pk
    # the vacancy is filled: a second 补选 for it is refused in Chinese
    again = client_for(clerk).post(
        reverse("registry:by_election", args=[resigning.pk]),
        {
            **form,
            "number": "B002",
            "phone": "13900008888",
            "id_number": _id("19810505"),
            "birth_date": "1981-05-05",
        },
    )
    assert "不能重复补选" in again.content.decode()
    assert Deputy.objects.filter(replaces=resigning).count() == 1


def test_by_election_for_a_seat_that_is_not_vacant_is_refused(clerk, congress, term, resigning):
    new = Deputy(
        congress=congress,
        number="B003",
        name="某",
        gender="male",
        birth_date=D(1980, 1, 1),
        id_number=_id("19800101"),
        phone="13900007777",
    )
    with pytest.raises(workflow.TransitionRefused, match="没有出缺"):
        workflow.by_election(new, vacated=resigning, actor=clerk, on=D(2024, 9, 10))
    assert not Deputy.objects.filter(name="某").exists()


def test_seat_history_lists_who_held_which_seat_when(clerk, leader, congress, resigning):
    workflow.terminate(resigning, actor=clerk, on=D(2024, 6, 1), reason="调离", ground="moved_away")
    page = client_for(leader).get(reverse("registry:seat_list"), {"q": "辞职代表"}).content.decode()
    assert "2024年6月1日" in page and "迁出或者调离本行政区域" in page
    xlsx = client_for(leader).get(reverse("registry:register_export", args=["seats"]))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")


def _id(birth: str) -> str:
    from registry.rules import id_number_check_digit

    first17 = f"990000{birth}123"
    return first17 + id_number_check_digit(first17)
