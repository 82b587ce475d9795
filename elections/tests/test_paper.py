"""Paper ballots: two tellers enter every sheet independently; any mismatch blocks the count."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Role
from conftest import client_for, make_user
from elections import workflow
from elections.models import Round
from elections.tests.conftest import ready_round

pytestmark = pytest.mark.django_db

SHEETS = [  # marks for 甲 乙 丙, in ballot order
    ("for", "for", "abstain"),
    ("for", "against", "abstain"),
    ("for", "for", "for"),  # over-marked: void, but recorded as marked
]


@pytest.fixture
def teller(congress):
    return make_user("teller", "孙计票", congress, Role.STAFF)


@pytest.fixture
def paper_round(clerk, teller, body, meeting, election):
    first = ready_round(election, clerk, body, method="paper", tellers=[clerk, teller])
    workflow.open_round(first, actor=clerk)
    client_for(clerk).post(
        reverse("elections:close_round", args=[first.pk]),
        {"confirmed": "yes", "ballots_issued": 9, "ballots_returned": 3},
    )
    first.refresh_from_db()
    assert first.status == "counting"
    return first


def enter(user, round_, sheet, marks, write_in=""):
    return client_for(user).post(
        reverse("elections:sheet_entry", args=[round_.pk]),
        {
            "sheet": sheet,
            "mark_1": marks[0],
            "mark_2": marks[1],
            "mark_3": marks[2],
            "write_in": [write_in, ""],
        },
    )


def test_teller_mismatch_is_listed_and_blocks_the_count(clerk, teller, paper_round):
    for number, sheet in enumerate(SHEETS, start=1):
        enter(clerk, paper_round, number, sheet)
    enter(teller, paper_round, 1, SHEETS[0])
    enter(teller, paper_round, 2, ("for", "abstain", "abstain"))  # misread 乙's ×

    page = client_for(clerk).get(reverse("elections:compare", args=[paper_round.pk])).content.decode()
    assert "第 2 张" in page and "第 3 张" in page and "未录入" in page
    assert "第 1 张" not in page

    response = client_for(clerk).post(
        reverse("elections:count_round", args=[paper_round.pk]), {"confirmed": "yes"}, follow=True
    )
    assert "2 张选票不一致或未录入" in response.content.decode()
    paper_round.refresh_from_db()
    assert paper_round.status == "counting" and paper_round.result is None


def test_matching_teller_entries_are_counted(clerk, teller, paper_round):
    for user in (clerk, teller):
        for number, sheet in enumerate(SHEETS, start=1):
            assert enter(user, paper_round, number, sheet).status_code == 302
    page = client_for(teller).get(reverse("elections:compare", args=[paper_round.pk])).content.decode()
    assert "完全一致" in page
    client_for(clerk).post(reverse("elections:count_round", args=[paper_round.pk]), {"confirmed": "yes"})
    paper_round.refresh_from_db()
    assert paper_round.status == "closed"
    assert paper_round.result["valid_ballots"] == 2 and paper_round.result["void_ballots"] == 1
    assert paper_round.result["counts"]["甲"] == {"for": 2, "against": 0, "abstain": 0}
    assert len(workflow.export_document(paper_round)["ballots"]) == 3
    # 甲 has 2 of 9 votes: nobody has a majority of all, both seats go to a 另行选举.
    assert paper_round.result["elected"] == []
    assert Round.objects.get(number=2).kind == "supplementary"


def test_a_teller_corrects_a_sheet_by_entering_it_again(clerk, teller, paper_round):
    for user in (clerk, teller):
        for number, sheet in enumerate(SHEETS, start=1):
            enter(user, paper_round, number, sheet)
    enter(teller, paper_round, 2, ("for", "abstain", "abstain"))
    assert not workflow.sheet_comparison(paper_round)[2]
    enter(teller, paper_round, 2, SHEETS[1])
    assert workflow.sheet_comparison(paper_round)[2]


def test_only_the_designated_tellers_enter_sheets(clerk, paper_round, congress):
    other_staff = make_user("other_staff", "钱文书", congress, Role.STAFF)
    response = enter(other_staff, paper_round, 1, SHEETS[0])
    assert response.status_code == 403
    assert not paper_round.teller_entries.exists()


def test_sheet_numbers_beyond_ballots_returned_are_refused(clerk, paper_round):
    response = enter(clerk, paper_round, 4, SHEETS[0])
    assert "选票编号应在 1 至 3 之间" in response.content.decode()


def test_paper_round_needs_two_tellers(clerk, body, meeting, election):
    first = ready_round(election, clerk, body, method="paper", tellers=[clerk])
    with pytest.raises(workflow.TransitionRefused, match="两名计票人"):
        workflow.open_round(first, actor=clerk)
