"""发给纸质测评票 during an electronic satisfaction evaluation: some members evaluate on the device,
some on paper; the paper forms' totals are added to the box's decrypted totals. A member given
paper cannot evaluate on the device, a member who did gets no paper, and each is counted once."""

import pytest
from django.urls import reverse

from conftest import client_for
from core.ballot_box import testing
from core.workflow import AlreadyVoted, TransitionRefused
from meetings.tests.helpers import register_teller_key
from oversight import workflow
from oversight.models import DeliberationOpinions, Evaluation
from oversight.tests.helpers import committee, entries, make_opinions, open_committee_meeting

pytestmark = pytest.mark.django_db

CONFIRMED = {"confirmed": "yes"}


@pytest.fixture
def hall(clerk, congress, unit):
    """Nine members, all present with a login; an electronic evaluation open."""
    members = sorted(committee(congress, 9), key=lambda d: d.number)
    opinions = make_opinions(congress, unit, status=DeliberationOpinions.Status.REVIEWED)
    meeting = open_committee_meeting(congress, clerk, present=9)
    register_teller_key(meeting)
    evaluation = workflow.create_evaluation(opinions, actor=clerk, meeting=meeting, method="electronic")
    return workflow.open_evaluation(evaluation, actor=clerk), members


def hand_paper(user, evaluation, member):
    return client_for(user).post(
        reverse("oversight:issue_paper_ballot", args=[evaluation.pk]), {"deputy": member.pk}, follow=True
    )


def decrypt(evaluation, clerk):
    evaluation.refresh_from_db()
    for share in testing.decryption_shares(evaluation.ballot_box, (1, 2)):
        evaluation = workflow.submit_decryption_share(evaluation, actor=clerk, document=share)
    evaluation.refresh_from_db()
    return evaluation


def test_device_and_paper_evaluation_forms_are_counted_together(clerk, hall):
    evaluation, members = hall
    page = (
        client_for(clerk).get(reverse("oversight:evaluation_detail", args=[evaluation.pk])).content.decode()
    )
    assert "发给纸质测评票" in page
    for member in members[6:]:
        assert "已发给" in hand_paper(clerk, evaluation, member).content.decode()
    evaluation.refresh_from_db()
    assert evaluation.paper_issued == 3 and entries(evaluation, "issue_paper_ballot").count() == 3
    for member, choice in zip(
        members[:6], ["satisfied"] * 3 + ["basically_satisfied"] * 2 + ["dissatisfied"]
    ):
        workflow.cast_evaluation(evaluation, actor=member.user, choice=choice)

    evaluation = decrypt(workflow.close_evaluation(evaluation, actor=clerk), clerk)
    assert evaluation.status == Evaluation.Status.COUNTING  # the paper forms' totals come next
    assert evaluation.participations.count() == 9 and evaluation.ballot_box.ballots_count == 6

    url = reverse("oversight:enter_evaluation_counts", args=[evaluation.pk])
    staff = client_for(clerk)
    too_many = staff.post(
        url, {"satisfied": 2, "basically_satisfied": 2, "dissatisfied": 0, **CONFIRMED}, follow=True
    )
    assert "不能多于发出的纸质测评票（3 张）" in too_many.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.COUNTING and evaluation.satisfied is None

    staff.post(url, {"satisfied": 2, "basically_satisfied": 0, "dissatisfied": 1, **CONFIRMED})
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.CLOSED
    assert (evaluation.satisfied, evaluation.basically_satisfied, evaluation.dissatisfied) == (5, 2, 2)
    assert evaluation.not_voted == 0
    assert evaluation.grade == Evaluation.Grade.SATISFIED  # 2*5 = 10 >= 9


def test_a_member_given_a_paper_form_cannot_evaluate_on_the_device(clerk, hall):
    evaluation, members = hall
    hand_paper(clerk, evaluation, members[0])
    with pytest.raises(AlreadyVoted):
        workflow.cast_evaluation(evaluation, actor=members[0].user, choice="satisfied")
    evaluation.refresh_from_db()
    assert evaluation.ballot_box.ballots.count() == 0 and evaluation.participations.count() == 1


def test_a_member_who_evaluated_on_the_device_is_given_no_paper_form(clerk, hall):
    evaluation, members = hall
    workflow.cast_evaluation(evaluation, actor=members[0].user, choice="satisfied")
    assert "已经测评或已领取纸质测评票" in hand_paper(clerk, evaluation, members[0]).content.decode()
    evaluation.refresh_from_db()
    assert evaluation.paper_issued == 0 and evaluation.participations.count() == 1


def test_a_closed_evaluation_hands_out_no_paper(clerk, hall):
    evaluation, members = hall
    workflow.cast_evaluation(evaluation, actor=members[1].user, choice="satisfied")
    workflow.close_evaluation(evaluation, actor=clerk)
    with pytest.raises(TransitionRefused, match="只有正在进行的电子测评"):
        workflow.issue_paper_ballot(evaluation, actor=clerk, deputy=members[0])


def test_a_member_cannot_hand_out_paper_forms(hall):
    evaluation, members = hall
    response = client_for(members[0].user).post(
        reverse("oversight:issue_paper_ballot", args=[evaluation.pk]), {"deputy": members[1].pk}
    )
    assert response.status_code in (403, 404)
    assert evaluation.participations.count() == 0


@pytest.mark.parametrize("raw", ["", "abc", "999999999999999999999", "-1", "\x00", "１"])
def test_a_malformed_member_is_refused_in_chinese(clerk, hall, raw):
    evaluation, _members = hall
    response = client_for(clerk).post(
        reverse("oversight:issue_paper_ballot", args=[evaluation.pk]), {"deputy": raw}, follow=True
    )
    assert "请选择领取纸质测评票的人员" in response.content.decode()
    assert evaluation.participations.count() == 0
