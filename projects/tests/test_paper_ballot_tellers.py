"""Paper project ballots: two tellers (计票人) enter every sheet independently; any mismatch or
missing sheet blocks the count; when they agree the count is what the sheets say."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role
from conftest import client_for, make_user
from core.models import AuditEntry
from core.workflow import TransitionRefused
from meetings import tally
from projects import workflow_ballot
from projects.models import ProjectBallot, TellerEntry
from projects.tests.test_ballot import ballot_for, meeting, submitted, voters  # noqa: F401 — shared fixtures

CONFIRMED = {"confirmed": "yes"}  # the confirmation box ticked (core/confirm.py)

pytestmark = pytest.mark.django_db

# adopt = 2 of 3 candidates; sheet 3 ticks all three and is void (DOMAIN §3)
SHEETS = "1 2\n1 3\n1 2 3\n-\n"


@pytest.fixture
def teller(congress):
    return make_user("teller", "孙计票", congress, Role.STAFF)


@pytest.fixture
def paper_ballot(submitted, clerk, teller, meeting):  # noqa: F811
    ballot = ballot_for(submitted, clerk, meeting, method="paper", tellers=[clerk, teller])
    client_for(clerk).post(
        reverse("projects:close_ballot", args=[ballot.pk]),
        {"ballots_issued": 9, "ballots_returned": 4, **CONFIRMED},
    )
    ballot.refresh_from_db()
    assert ballot.status == ProjectBallot.Status.COUNTING
    return ballot


def enter(user, ballot, sheets, first=1):
    return client_for(user).post(
        reverse("projects:sheet_entry", args=[ballot.pk]), {"first": first, "sheets": sheets}
    )


def count(user, ballot):
    return client_for(user).post(reverse("projects:count_ballot", args=[ballot.pk]), CONFIRMED, follow=True)


def test_the_count_is_refused_while_one_teller_has_not_entered_every_sheet(clerk, teller, paper_ballot):
    assert enter(clerk, paper_ballot, SHEETS).status_code == 302
    assert enter(teller, paper_ballot, "1 2\n1 3\n").status_code == 302
    response = count(clerk, paper_ballot)
    assert "2 张选票不一致或未录入" in response.content.decode()
    paper_ballot.refresh_from_db()
    assert paper_ballot.status == ProjectBallot.Status.COUNTING and paper_ballot.result is None


def test_a_mismatch_is_listed_with_its_sheet_number_and_blocks_the_count(clerk, teller, paper_ballot):
    enter(clerk, paper_ballot, SHEETS)
    enter(teller, paper_ballot, "1 2\n2 3\n1 2 3\n")  # misreads sheet 2, has not entered sheet 4

    page = client_for(clerk).get(reverse("projects:compare", args=[paper_ballot.pk])).content.decode()
    assert "第 2 张" in page and "第 4 张" in page and "未录入" in page
    assert "第 1 张" not in page and "第 3 张" not in page
    assert "1 3" in page and "2 3" in page  # both readings of sheet 2, as typed

    with pytest.raises(TransitionRefused, match="2 张选票不一致或未录入"):
        workflow_ballot.count_ballot(paper_ballot, actor=clerk)
    paper_ballot.refresh_from_db()
    assert paper_ballot.status == ProjectBallot.Status.COUNTING and paper_ballot.result is None


def test_when_both_tellers_agree_the_count_is_what_the_sheets_say(clerk, teller, paper_ballot):
    for user in (clerk, teller):
        assert enter(user, paper_ballot, SHEETS).status_code == 302
    page = client_for(teller).get(reverse("projects:compare", args=[paper_ballot.pk])).content.decode()
    assert "完全一致" in page

    count(clerk, paper_ballot)
    paper_ballot.refresh_from_db()
    a, b, c = paper_ballot.candidates
    assert paper_ballot.status == ProjectBallot.Status.CLOSED
    assert paper_ballot.result["valid_ballots"] == 3 and paper_ballot.result["void_ballots"] == 1
    assert paper_ballot.result["counts"] == {a: 2, b: 1, c: 1}
    assert len(workflow_ballot.export_document(paper_ballot)["ballots"]) == 4
    assert tally.tally(workflow_ballot.export_document(paper_ballot)) == paper_ballot.result
    assert AuditEntry.objects.filter(action="count_ballot", actor_id=clerk.pk).count() == 1
    assert AuditEntry.objects.filter(action="enter_sheets", actor_id=teller.pk).count() == 1


def test_a_teller_corrects_a_sheet_by_entering_it_again(clerk, teller, paper_ballot):
    enter(clerk, paper_ballot, SHEETS)
    enter(teller, paper_ballot, "1 2\n2 3\n1 2 3\n-\n")
    assert not workflow_ballot.sheet_comparison(paper_ballot)[2]
    assert enter(teller, paper_ballot, "1 3", first=2).status_code == 302
    _tellers, mismatches, agreed = workflow_ballot.sheet_comparison(paper_ballot)
    assert agreed and mismatches == []
    entry = AuditEntry.objects.filter(action="enter_sheets", actor_id=teller.pk).latest("pk")
    assert entry.changes["sheets"] == [2, 2] and entry.changes["corrected"] == [2]


def test_a_bad_line_is_refused_with_its_sheet_number_and_nothing_is_stored(teller, paper_ballot):
    response = enter(teller, paper_ballot, "1\n9\n", first=3)
    assert response.status_code == 400 and "第 4 张" in response.content.decode()
    assert not TellerEntry.objects.exists()


def test_sheet_numbers_beyond_the_returned_ballots_are_refused(teller, paper_ballot):
    response = enter(teller, paper_ballot, "1\n2\n", first=4)
    assert "选票编号应在 1 至 4 之间" in response.content.decode()
    assert not TellerEntry.objects.exists()


def test_the_same_person_cannot_be_both_tellers(submitted, clerk, meeting):  # noqa: F811
    with pytest.raises(TransitionRefused, match="两名不同的计票人"):
        workflow_ballot.create_ballot(
            submitted, actor=clerk, meeting=meeting, method="paper", tellers=[clerk, clerk]
        )
    assert not ProjectBallot.objects.exists()


def test_tellers_must_be_staff_of_the_congress(submitted, clerk, leader, outsider, meeting):  # noqa: F811
    for stranger in (leader, outsider):
        with pytest.raises(TransitionRefused, match="工作人员"):
            workflow_ballot.create_ballot(
                submitted, actor=clerk, meeting=meeting, method="paper", tellers=[clerk, stranger]
            )


def test_staff_choose_the_tellers_when_arranging_a_paper_ballot(submitted, clerk, teller, meeting):  # noqa: F811
    url = reverse("projects:create_ballot", args=[submitted.pk])
    response = client_for(clerk).post(
        url, {"meeting": meeting.pk, "method": "paper", "tellers": [clerk.pk]}, follow=True
    )
    assert "两名不同的计票人" in response.content.decode() and not ProjectBallot.objects.exists()
    client_for(clerk).post(url, {"meeting": meeting.pk, "method": "paper", "tellers": [clerk.pk, teller.pk]})
    ballot = ProjectBallot.objects.get()
    assert set(ballot.tellers.all()) == {clerk, teller}
    assert AuditEntry.objects.get(action="create_ballot").changes["tellers"] == sorted([clerk.pk, teller.pk])
    page = client_for(clerk).get(reverse("projects:ballot_detail", args=[ballot.pk])).content.decode()
    assert "孙计票" in page and "确定计票人" in page


def test_a_paper_ballot_without_two_tellers_does_not_open(submitted, clerk, teller, meeting):  # noqa: F811
    ballot = workflow_ballot.create_ballot(
        submitted, actor=clerk, meeting=meeting, method="paper", tellers=[clerk, teller]
    )
    ballot.tellers.remove(teller)
    with pytest.raises(TransitionRefused, match="两名计票人"):
        workflow_ballot.open_ballot(ballot, actor=clerk)


def test_tellers_can_be_changed_until_the_first_sheet_is_entered(clerk, teller, paper_ballot, congress):
    third = make_user("third", "钱文书", congress, Role.STAFF)
    client_for(clerk).post(
        reverse("projects:choose_tellers", args=[paper_ballot.pk]), {"tellers": [clerk.pk, third.pk]}
    )
    assert set(paper_ballot.tellers.all()) == {clerk, third}
    assert AuditEntry.objects.filter(action="choose_tellers", actor_id=clerk.pk).count() == 1
    enter(third, paper_ballot, "1")
    with pytest.raises(TransitionRefused, match="不能再更换计票人"):
        workflow_ballot.choose_tellers(paper_ballot, actor=clerk, tellers=[clerk, teller])


def test_a_non_teller_cannot_enter_sheets(paper_ballot, congress, leader):
    other_staff = make_user("other_staff", "钱文书", congress, Role.STAFF)
    assert enter(other_staff, paper_ballot, SHEETS).status_code == 403
    assert (
        client_for(other_staff).get(reverse("projects:sheet_entry", args=[paper_ballot.pk])).status_code
        == 403
    )
    assert enter(leader, paper_ballot, SHEETS).status_code == 403
    with pytest.raises(PermissionDenied):
        workflow_ballot.enter_sheets(paper_ballot, teller=other_staff, text="1")
    assert not TellerEntry.objects.exists()


def test_a_teller_of_another_congress_gets_404(paper_ballot, outsider):
    assert enter(outsider, paper_ballot, SHEETS).status_code == 404
    assert client_for(outsider).get(reverse("projects:compare", args=[paper_ballot.pk])).status_code == 404
    assert not TellerEntry.objects.exists()


def test_a_teller_sees_only_their_own_entries(clerk, teller, paper_ballot):
    enter(clerk, paper_ballot, "2 3\n")
    page = client_for(teller).get(reverse("projects:sheet_entry", args=[paper_ballot.pk])).content.decode()
    assert "尚未录入" in page and "2 3" not in page


def test_per_line_sheets_are_compared_and_counted(submitted, clerk, teller, meeting):  # noqa: F811
    ballot = workflow_ballot.create_ballot(
        submitted, actor=clerk, meeting=meeting, method="paper", tellers=[clerk, teller]
    )
    ProjectBallot.objects.filter(pk=ballot.pk).update(settings={**ballot.settings, "ballot_mode": "per_line"})
    ballot = workflow_ballot.open_ballot(ballot, actor=clerk)
    ballot = workflow_ballot.close_ballot(ballot, actor=clerk, ballots_issued=9, ballots_returned=2)
    workflow_ballot.enter_sheets(ballot, teller=clerk, text="YNA\nYX-\n")
    workflow_ballot.enter_sheets(ballot, teller=teller, text="YNA\nYN-\n")
    _tellers, mismatches, agreed = workflow_ballot.sheet_comparison(ballot)
    assert not agreed and [m["sheet"] for m in mismatches] == [2]
    assert [line for _t, line in mismatches[0]["readings"]] == ["YX-", "YN-"]
    workflow_ballot.enter_sheets(ballot, teller=teller, text="YX-", first=2)
    ballot = workflow_ballot.count_ballot(ballot, actor=clerk)
    a, b, _c = ballot.candidates
    assert ballot.result["counts"][a] == 2 and ballot.result["line_counts"][b]["ignored"] == 1
    recount = tally.tally(workflow_ballot.export_document(ballot))
    assert recount["counts"] == ballot.result["counts"] and recount["adopted"] == ballot.result["adopted"]
