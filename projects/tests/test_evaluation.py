"""测评: paper counts entered per project, graded by meetings.rules, published; refusals."""

from __future__ import annotations

import pytest

from core.workflow import TransitionRefused
from meetings import tally
from projects import workflow_ballot, workflow_call, workflow_evaluation
from projects.models import Call, Evaluation, Project
from projects.tests.conftest import decrypt_by_tellers
from projects.tests.test_ballot import meeting, submitted, voters  # noqa: F401 — shared fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def announced(submitted, clerk, meeting, voters):  # noqa: F811
    ballot = workflow_ballot.open_ballot(
        workflow_ballot.create_ballot(submitted, actor=clerk, meeting=meeting, method="electronic"),
        actor=clerk,
    )
    a, b, _c = ballot.candidates
    for user in voters:
        workflow_ballot.cast_ballot(ballot, deputy=user.deputy, choices={a: True, b: True})
    decrypt_by_tellers(workflow_ballot.close_ballot(ballot, actor=clerk), clerk)
    return workflow_call.announce_result(submitted, actor=clerk)


def test_paper_evaluation_is_graded_against_all_deputies(announced, clerk, meeting):  # noqa: F811
    evaluation = workflow_evaluation.open_evaluation(
        workflow_evaluation.create_evaluation(announced, actor=clerk, meeting=meeting, method="paper"),
        actor=clerk,
    )
    evaluation = workflow_evaluation.close_evaluation(
        evaluation, actor=clerk, ballots_issued=9, ballots_returned=9
    )
    a, b = evaluation.items
    # N = 9: 满意 5 → 2*5 >= 9 满意; 满意 3 + 基本满意 2 → 2*5 > 9 基本满意
    evaluation = workflow_evaluation.count_evaluation(
        evaluation,
        actor=clerk,
        counts={
            a: {"satisfied": 5, "basically_satisfied": 2, "dissatisfied": 2},
            b: {"satisfied": 3, "basically_satisfied": 2, "dissatisfied": 4},
        },
    )
    assert evaluation.status == Evaluation.Status.CLOSED
    assert Project.objects.get(call=announced, title=a).grade == "satisfied"
    assert Project.objects.get(call=announced, title=b).grade == "basically_satisfied"
    assert tally.tally(workflow_evaluation.evaluation_document(evaluation)) == evaluation.result


def test_counts_above_the_returned_ballots_are_refused(announced, clerk, meeting):  # noqa: F811
    evaluation = workflow_evaluation.open_evaluation(
        workflow_evaluation.create_evaluation(announced, actor=clerk, meeting=meeting, method="paper"),
        actor=clerk,
    )
    evaluation = workflow_evaluation.close_evaluation(
        evaluation, actor=clerk, ballots_issued=9, ballots_returned=8
    )
    a, b = evaluation.items
    with pytest.raises(TransitionRefused, match="多于收回的测评票"):
        workflow_evaluation.count_evaluation(
            evaluation,
            actor=clerk,
            counts={
                a: {"satisfied": 9, "basically_satisfied": 0, "dissatisfied": 0},
                b: {"satisfied": 0, "basically_satisfied": 0, "dissatisfied": 0},
            },
        )


def test_evaluation_needs_an_announced_result(submitted, clerk, meeting):  # noqa: F811
    assert submitted.status == Call.Status.SUBMITTED
    with pytest.raises(TransitionRefused):
        workflow_evaluation.create_evaluation(submitted, actor=clerk, meeting=meeting, method="paper")
