# ruff: noqa: F811 — pytest fixtures imported from test_ballot / test_evaluation
"""发给纸质选票 during an electronic project ballot or evaluation: some deputies vote on the device,
some on paper, and one count takes both (DOMAIN §3; as elections.issue_paper_ballot). A deputy
given paper cannot cast on the device, a deputy who cast gets no paper, and every participant is
counted once."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role
from conftest import client_for, make_user
from core.models import AuditEntry
from core.workflow import AlreadyVoted, TransitionRefused
from meetings import tally
from projects import workflow_ballot, workflow_evaluation
from projects.models import Evaluation, Project, ProjectBallot
from projects.tests.conftest import decrypt_by_tellers
from projects.tests.test_ballot import meeting, submitted, voters  # noqa: F401 — shared fixtures
from projects.tests.test_evaluation import announced  # noqa: F401 — shared fixture

pytestmark = pytest.mark.django_db

CONFIRMED = {"confirmed": "yes"}  # the confirmation box ticked (core/confirm.py)


@pytest.fixture
def teller(congress):
    return make_user("teller", "孙计票", congress, Role.STAFF)


@pytest.fixture
def ballot(submitted, clerk, teller, meeting):
    """An electronic ballot whose two tellers will enter the paper sheets handed out during it."""
    created = workflow_ballot.create_ballot(
        submitted, actor=clerk, meeting=meeting, method="electronic", tellers=[clerk, teller]
    )
    return workflow_ballot.open_ballot(created, actor=clerk)


def hand_paper(user, poll, deputy, kind="ballot"):
    return client_for(user).post(
        reverse(f"projects:{kind}_issue_paper_ballot", args=[poll.pk]), {"deputy": deputy.pk}
    )


def test_device_and_paper_ballots_of_one_project_ballot_are_counted_together(
    clerk,
    teller,
    ballot,
    voters,
):
    a, b, c = ballot.candidates
    paper_holders, device_voters = voters[7:], voters[:7]
    page = client_for(clerk).get(reverse("projects:ballot_detail", args=[ballot.pk])).content.decode()
    assert "发给纸质选票" in page and voters[8].deputy.name in page
    for user in paper_holders:
        assert hand_paper(clerk, ballot, user.deputy).status_code == 302
    assert ballot.paper_issued == 2
    assert AuditEntry.objects.filter(action="issue_paper_ballot", actor_id=clerk.pk).count() == 2

    for user, picks in zip(device_voters, [[a, b]] * 4 + [[a, c]] * 2 + [[b]]):
        workflow_ballot.cast_ballot(
            ballot, deputy=user.deputy, choices={t: t in picks for t in ballot.candidates}
        )

    staff = client_for(clerk)
    staff.post(reverse("projects:close_ballot", args=[ballot.pk]), {"paper_returned": 2, **CONFIRMED})
    ballot.refresh_from_db()
    # every deputy present was issued one ballot, on the device or on paper, and returned it once
    assert ballot.status == ProjectBallot.Status.COUNTING
    assert (ballot.ballots_issued, ballot.ballots_returned, ballot.paper_returned) == (9, 9, 2)
    assert ballot.participations.count() == 9 and ballot.ballot_box.ballots.count() == 7

    for user in (clerk, teller):
        assert workflow_ballot.enter_sheets(ballot, teller=user, text="1 3\n1 2 3\n")  # sheet 2 ticks 3 of 2
    ballot = decrypt_by_tellers(ballot, clerk)
    assert ballot.status == ProjectBallot.Status.COUNTING  # decrypted; staff count with the sheets
    assert staff.post(reverse("projects:count_ballot", args=[ballot.pk]), CONFIRMED).status_code == 302
    ballot.refresh_from_db()
    assert ballot.status == ProjectBallot.Status.CLOSED
    # 7 device ballots (a 6, b 5, c 2) + paper sheet 1 (a, c); paper sheet 2 is void
    assert ballot.result["counts"] == {a: 7, b: 5, c: 3}
    assert ballot.result["valid_ballots"] == 8 and ballot.result["void_ballots"] == 1
    assert ballot.result["adopted"] == [a, b]
    assert tally.tally(workflow_ballot.export_document(ballot)) == ballot.result


def test_a_deputy_given_a_paper_ballot_cannot_cast_on_the_device(clerk, ballot, voters):
    holder = voters[0]
    hand_paper(clerk, ballot, holder.deputy)
    with pytest.raises(AlreadyVoted, match="您已领取纸质选票"):
        workflow_ballot.cast_ballot(ballot, deputy=holder.deputy, choices={})
    page = client_for(holder).get(reverse("projects:ballot_vote", args=[ballot.pk])).content.decode()
    assert "您已领取纸质选票" in page and 'name="pick"' not in page
    response = client_for(holder).post(
        reverse("projects:ballot_vote", args=[ballot.pk]), {"pick": ["1"], **CONFIRMED}
    )
    assert response.status_code == 409 and "您已领取纸质选票" in response.content.decode()
    ballot.refresh_from_db()
    assert ballot.ballot_box.ballots.count() == 0 and ballot.participations.count() == 1


def test_a_deputy_who_cast_on_the_device_is_given_no_paper_ballot(clerk, ballot, voters):
    workflow_ballot.cast_ballot(ballot, deputy=voters[0].deputy, choices={})
    with pytest.raises(AlreadyVoted, match="已经投票或已领取纸质选票"):
        workflow_ballot.issue_paper_ballot(ballot, actor=clerk, deputy=voters[0].deputy)
    hand_paper(clerk, ballot, voters[1].deputy)
    with pytest.raises(AlreadyVoted, match="已经投票或已领取纸质选票"):
        workflow_ballot.issue_paper_ballot(ballot, actor=clerk, deputy=voters[1].deputy)
    assert ballot.paper_issued == 1 and ballot.participations.count() == 2


def test_paper_ballots_need_two_tellers_and_a_deputy_present_at_the_opening(
    submitted,
    clerk,
    meeting,
    voters,
    congress,
    term,
):
    from conftest import make_deputy

    opened = workflow_ballot.open_ballot(
        workflow_ballot.create_ballot(submitted, actor=clerk, meeting=meeting, method="electronic"),
        actor=clerk,
    )
    with pytest.raises(TransitionRefused, match="两名计票人"):
        workflow_ballot.issue_paper_ballot(opened, actor=clerk, deputy=voters[0].deputy)
    late = make_deputy(congress, term, user=make_user("late", "迟到代表", congress, Role.DEPUTY))
    teller = make_user("teller", "孙计票", congress, Role.STAFF)
    workflow_ballot.choose_tellers(opened, actor=clerk, tellers=[clerk, teller])
    with pytest.raises(TransitionRefused, match="未在开始投票前签到出席"):
        workflow_ballot.issue_paper_ballot(opened, actor=clerk, deputy=late)
    assert opened.participations.count() == 0


def test_a_deputy_cannot_hand_out_paper_ballots(ballot, voters):
    assert hand_paper(voters[0], ballot, voters[1].deputy).status_code == 404
    with pytest.raises(PermissionDenied, match="权限"):
        workflow_ballot.issue_paper_ballot(ballot, actor=voters[0], deputy=voters[1].deputy)
    assert ballot.participations.count() == 0


def test_closing_asks_for_the_returned_paper_ballots_and_the_count_waits_for_the_sheets(
    clerk,
    teller,
    ballot,
    voters,
):
    hand_paper(clerk, ballot, voters[0].deputy)
    workflow_ballot.cast_ballot(ballot, deputy=voters[1].deputy, choices={})
    with pytest.raises(TransitionRefused, match="请填写收回的纸质选票数"):
        workflow_ballot.close_ballot(ballot, actor=clerk)
    ballot.refresh_from_db()
    assert ballot.status == ProjectBallot.Status.OPEN
    ballot = workflow_ballot.close_ballot(ballot, actor=clerk, paper_returned=1)
    with pytest.raises(TransitionRefused, match="票箱尚未解密"):
        workflow_ballot.count_ballot(ballot, actor=clerk)
    ballot = decrypt_by_tellers(ballot, clerk)
    workflow_ballot.enter_sheets(ballot, teller=clerk, text="1\n")
    with pytest.raises(TransitionRefused, match="1 张选票不一致或未录入"):
        workflow_ballot.count_ballot(ballot, actor=clerk)
    with pytest.raises(TransitionRefused, match="选票编号应在 1 至 1 之间"):
        workflow_ballot.enter_sheets(ballot, teller=teller, text="1\n2\n")
    ballot.refresh_from_db()
    assert ballot.status == ProjectBallot.Status.COUNTING and ballot.result is None


def test_without_paper_returned_the_electronic_ballot_still_counts_itself(clerk, ballot, voters):
    hand_paper(clerk, ballot, voters[0].deputy)
    for user in voters[1:]:
        workflow_ballot.cast_ballot(ballot, deputy=user.deputy, choices={ballot.candidates[0]: True})
    ballot = decrypt_by_tellers(workflow_ballot.close_ballot(ballot, actor=clerk, paper_returned=0), clerk)
    assert ballot.status == ProjectBallot.Status.CLOSED
    assert ballot.ballots_issued == 9 and ballot.ballots_returned == 8
    assert ballot.result["counts"][ballot.candidates[0]] == 8


# --------------------------------------------------------------------------- evaluation


@pytest.fixture
def evaluation(announced, clerk, meeting):
    created = workflow_evaluation.create_evaluation(
        announced, actor=clerk, meeting=meeting, method="electronic"
    )
    return workflow_evaluation.open_evaluation(created, actor=clerk)


def test_device_and_paper_evaluation_forms_are_counted_together(clerk, evaluation, voters, announced):
    a, b = evaluation.items
    for user in voters[7:]:
        assert hand_paper(clerk, evaluation, user.deputy, kind="evaluation").status_code == 302
    with pytest.raises(AlreadyVoted, match="您已领取纸质测评票"):
        workflow_evaluation.cast_evaluation(
            evaluation, deputy=voters[8].deputy, marks={a: "satisfied", b: "satisfied"}
        )
    for user in voters[:7]:
        workflow_evaluation.cast_evaluation(
            evaluation, deputy=user.deputy, marks={a: "satisfied", b: "dissatisfied"}
        )
    with pytest.raises(AlreadyVoted, match="已经投票或已领取纸质测评票"):
        workflow_ballot.issue_paper_ballot(evaluation, actor=clerk, deputy=voters[0].deputy)

    staff = client_for(clerk)
    staff.post(reverse("projects:close_evaluation", args=[evaluation.pk]), {"paper_returned": 2, **CONFIRMED})
    evaluation = decrypt_by_tellers(evaluation, clerk)
    assert evaluation.status == Evaluation.Status.COUNTING  # the paper forms' totals are still to come
    assert (evaluation.ballots_issued, evaluation.ballots_returned) == (9, 9)
    assert evaluation.participations.count() == 9
    page = staff.get(reverse("projects:evaluation_detail", args=[evaluation.pk])).content.decode()
    assert "纸质测评票（2 张）" in page and "与电子测评票合计" in page

    too_many = {"satisfied-1": 3, "basically_satisfied-1": 0, "dissatisfied-1": 0}
    too_many.update({"satisfied-2": 0, "basically_satisfied-2": 0, "dissatisfied-2": 0})
    staff.post(reverse("projects:count_evaluation", args=[evaluation.pk]), {**too_many, **CONFIRMED})
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.COUNTING and evaluation.result is None

    paper = {"satisfied-1": 0, "basically_satisfied-1": 2, "dissatisfied-1": 0}
    paper.update({"satisfied-2": 1, "basically_satisfied-2": 0, "dissatisfied-2": 1})
    staff.post(reverse("projects:count_evaluation", args=[evaluation.pk]), {**paper, **CONFIRMED})
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.CLOSED
    assert evaluation.counts == {
        a: {"satisfied": 7, "basically_satisfied": 2, "dissatisfied": 0},
        b: {"satisfied": 1, "basically_satisfied": 0, "dissatisfied": 8},
    }
    # N = 9: a 2*7 >= 9 满意; b 2*1 < 9 and 2*1 <= 9 不满意
    assert Project.objects.get(call=announced, title=a).grade == "satisfied"
    assert Project.objects.get(call=announced, title=b).grade == "dissatisfied"
    assert tally.tally(workflow_evaluation.evaluation_document(evaluation)) == evaluation.result


def test_closing_an_evaluation_asks_for_the_returned_paper_forms(clerk, evaluation, voters):
    hand_paper(clerk, evaluation, voters[0].deputy, kind="evaluation")
    a, b = evaluation.items
    workflow_evaluation.cast_evaluation(
        evaluation, deputy=voters[1].deputy, marks={a: "satisfied", b: "satisfied"}
    )
    with pytest.raises(TransitionRefused, match="请填写收回的纸质测评票数"):
        workflow_evaluation.close_evaluation(evaluation, actor=clerk)
    evaluation = workflow_evaluation.close_evaluation(evaluation, actor=clerk, paper_returned=1)
    with pytest.raises(TransitionRefused, match="票箱尚未解密"):
        workflow_evaluation.count_evaluation(evaluation, actor=clerk, counts={})
    evaluation = decrypt_by_tellers(evaluation, clerk)
    with pytest.raises(TransitionRefused, match="请为每个项目填写纸质测评票"):
        workflow_evaluation.count_evaluation(evaluation, actor=clerk)
    assert evaluation.status == Evaluation.Status.COUNTING


@pytest.mark.parametrize("raw", ["", "abc", "999999999999999999999", "-1", "\x00", "１"])
def test_a_malformed_deputy_is_refused_in_chinese_and_nothing_is_stored(clerk, ballot, raw):
    url = reverse("projects:ballot_issue_paper_ballot", args=[ballot.pk])
    response = client_for(clerk).post(url, {"deputy": raw}, follow=True)
    assert response.status_code == 200 and "请选择领取纸质选票的代表" in response.content.decode()
    assert ballot.participations.count() == 0


@pytest.mark.parametrize("raw", ["-1", "abc", "1e9", "9999999", "\x00"])
def test_a_malformed_paper_return_is_refused_and_voting_goes_on(clerk, ballot, voters, raw):
    hand_paper(clerk, ballot, voters[0].deputy)
    url = reverse("projects:close_ballot", args=[ballot.pk])
    response = client_for(clerk).post(url, {"paper_returned": raw, **CONFIRMED}, follow=True)
    assert response.status_code == 200
    ballot.refresh_from_db()
    assert ballot.status == ProjectBallot.Status.OPEN and ballot.paper_returned is None
