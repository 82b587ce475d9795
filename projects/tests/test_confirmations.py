# ruff: noqa: F811 — pytest fixtures imported from test_ballot / test_evaluation
"""Every irreversible step of 民生实事 asks first, from the one confirmation component, and the server asks again."""

import pytest
from django.urls import reverse

from conftest import client_for
from projects.models import Call, Proposal
from projects.tests.test_ballot import meeting, submitted, voters  # noqa: F401 — shared fixtures
from projects.tests.test_evaluation import announced  # noqa: F401 — shared fixture

pytestmark = pytest.mark.django_db


def test_closing_the_call_without_the_box_ticked_asks_with_the_count_and_changes_nothing(
    clerk, call, proposals
):
    response = client_for(clerk).post(reverse("projects:close_call", args=[call.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and "请确认" in page
    assert "已收到 3 条建议" in page and "确定结束征集？" in page
    call.refresh_from_db()
    assert call.status == Call.Status.OPEN


def test_the_confirmation_page_posts_the_step_again_and_it_is_taken(clerk, call, proposals, time_machine):
    import datetime as dt

    time_machine.move_to(dt.datetime(2026, 4, 2, 10, 0), tick=False)
    response = client_for(clerk).post(reverse("projects:close_call", args=[call.pk]), {"confirmed": "yes"})
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.status == Call.Status.SCREENING


def test_the_call_page_draws_the_confirmation_inside_the_form_not_a_script_attribute(clerk, call, proposals):
    page = client_for(clerk).get(reverse("projects:call_detail", args=[call.pk])).content.decode()
    assert 'name="confirmed" value="yes" required' in page and "已收到 3 条建议" in page
    assert "data-confirm=" not in page


def test_declining_a_proposal_keeps_the_chosen_reason_through_the_confirmation(screener, screening_call):
    proposal = screening_call.proposals.first()
    client = client_for(screener)
    asked = client.post(reverse("projects:decline", args=[proposal.pk]), {"reason": "reserve_pool"})
    page = asked.content.decode()
    assert f"确定不予采纳建议 {proposal.tracking_code}？" in page
    assert 'name="reason" value="reserve_pool"' in page
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED
    client.post(
        reverse("projects:decline", args=[proposal.pk]), {"reason": "reserve_pool", "confirmed": "yes"}
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.NOT_TAKEN and proposal.decline_reason == "reserve_pool"


def test_a_refused_step_is_not_dressed_up_as_a_question(clerk, call, proposals):
    """Locking an open call is refused by the workflow; no confirmation page is shown for it."""
    response = client_for(clerk).post(reverse("projects:lock_candidates", args=[call.pk]))
    assert response.status_code == 302


# --------------------------------------------------------------------------- the deputy's own ballot


@pytest.fixture
def open_ballot(submitted, clerk, meeting):
    from projects import workflow_ballot

    created = workflow_ballot.create_ballot(submitted, actor=clerk, meeting=meeting, method="electronic")
    return workflow_ballot.open_ballot(created, actor=clerk)


def test_a_deputy_ballot_without_the_box_ticked_asks_first_and_stores_nothing(open_ballot, voters):
    url = reverse("projects:ballot_vote", args=[open_ballot.pk])
    response = client_for(voters[0]).post(url, {"pick": ["1"]})
    page = response.content.decode()
    assert response.status_code == 200 and "投票后不能更改，确定投出这张选票？" in page
    # the confirmation page posts the same choice again, with the box
    assert 'name="pick" value="1"' in page
    open_ballot.refresh_from_db()
    assert open_ballot.participations.count() == 0 and open_ballot.ballot_box.ballots.count() == 0
    assert client_for(voters[0]).post(url, {"pick": ["1"], "confirmed": "yes"}).status_code == 302
    assert open_ballot.ballot_box.ballots.count() == 1


def test_the_deputy_ballot_page_draws_the_one_confirmation_inside_the_form(open_ballot, voters):
    page = client_for(voters[0]).get(reverse("projects:ballot_vote", args=[open_ballot.pk])).content.decode()
    form = page[page.index("data-seal-module") : page.index("</form>", page.index("data-seal-module"))]
    assert 'name="confirmed" value="yes" required' in form
    assert 'data-question="投票后不能更改，确定投出这张选票？"' in form


def test_a_deputy_evaluation_without_the_box_ticked_asks_first_and_stores_nothing(
    announced, clerk, meeting, voters
):
    from projects import workflow_evaluation

    evaluation = workflow_evaluation.open_evaluation(
        workflow_evaluation.create_evaluation(announced, actor=clerk, meeting=meeting, method="electronic"),
        actor=clerk,
    )
    url = reverse("projects:evaluation_vote", args=[evaluation.pk])
    page = client_for(voters[0]).get(url).content.decode()
    assert 'data-question="提交后不能更改，确定提交这张测评票？"' in page
    marks = {"grade-1": "satisfied", "grade-2": "dissatisfied"}
    response = client_for(voters[0]).post(url, marks)
    assert response.status_code == 200 and "提交后不能更改，确定提交这张测评票？" in response.content.decode()
    assert evaluation.participations.count() == 0 and evaluation.ballot_box.ballots.count() == 0
    assert client_for(voters[0]).post(url, {**marks, "confirmed": "yes"}).status_code == 302
    assert evaluation.participations.count() == 1 and evaluation.ballot_box.ballots.count() == 1
