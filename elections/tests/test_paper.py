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


def test_device_and_paper_ballots_of_one_round_are_counted_together(clerk, teller, body, meeting, election):
    """An electronic round hands a paper ballot to a deputy who writes a name in (另选他人); the
    tellers enter the paper sheets, the device ballots' totals are decrypted, and one count
    (meetings.rules.count_election) takes both."""
    from elections.tests.conftest import marks, vote_all

    first = ready_round(election, clerk, body, tellers=[clerk, teller])
    first = workflow.open_round(first, actor=clerk)
    staff = client_for(clerk)
    url = reverse("elections:issue_paper_ballot", args=[first.pk])
    assert staff.post(url, {"deputy": body[7].pk}).status_code == 302
    assert staff.post(url, {"deputy": body[8].pk}).status_code == 302
    first.refresh_from_db()
    assert first.paper_issued == 2
    # A deputy holding a paper ballot cannot also vote on the device, and vice versa.
    with pytest.raises(workflow.AlreadyVoted):
        workflow.cast(first, deputy=body[7], marks={"甲": "for"})
    vote_all(first, body[:7], [marks(["甲", "乙"])] * 5 + [marks(["甲"], ["乙"])] * 2)
    with pytest.raises(workflow.AlreadyVoted, match="已经投票或已领取纸质选票"):
        workflow.issue_paper_ballot(first, actor=clerk, deputy=body[0])

    staff.post(reverse("elections:close_round", args=[first.pk]), {"confirmed": "yes", "paper_returned": 2})
    first.refresh_from_db()
    assert first.status == "counting" and first.ballots_issued == 9 and first.ballots_returned == 9
    sheets = [({"甲": "for", "乙": "against"}, ["丁"]), ({"甲": "for", "乙": "for", "丙": "for"}, [])]
    for user in (clerk, teller):
        for number, (sheet_marks, write_ins) in enumerate(sheets, start=1):
            workflow.enter_sheet(first, teller=user, sheet=number, marks=sheet_marks, write_ins=write_ins)
    from core.ballot_box import testing

    for share in testing.decryption_shares(first.ballot_box, (2, 3)):
        first = workflow.submit_decryption_share(first, actor=clerk, document=share)
    assert first.status == "counting"  # decrypted; the count waits for staff to confirm the sheets
    staff.post(reverse("elections:count_round", args=[first.pk]), {"confirmed": "yes"})
    first.refresh_from_db()
    assert first.status == "closed"
    counts = first.result["counts"]
    # 7 device ballots + 1 valid paper ballot (the other voted for 3 of 2 seats: void)
    assert first.result["valid_ballots"] == 8 and first.result["void_ballots"] == 1
    assert counts["甲"] == {"for": 8, "against": 0, "abstain": 0}
    assert counts["乙"] == {"for": 5, "against": 3, "abstain": 0}
    assert counts["丁"] == {"for": 1, "against": 0, "abstain": 0}
    assert first.result["elected"] == ["甲", "乙"]
    from meetings.tally import tally

    assert tally(workflow.export_document(first)) == first.result
