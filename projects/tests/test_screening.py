"""close_call, decline, merge, draw_up and lock_candidates: status, one audit row with the actor,
the refusals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from core.models import AuditEntry
from core.workflow import TransitionRefused
from projects import workflow_call, workflow_proposal
from projects.models import Call, Proposal
from projects.tests.conftest import project_fields

pytestmark = pytest.mark.django_db


def test_the_call_cannot_close_before_its_last_day(call, clerk):
    with pytest.raises(TransitionRefused, match="征集期未满"):
        workflow_call.close_call(call, actor=clerk)


def test_a_call_shorter_than_the_setting_is_refused(congress, clerk, small_settings, time_machine):
    time_machine.move_to(dt.datetime(2026, 8, 20, 10), tick=False)
    with pytest.raises(TransitionRefused, match="不少于 30 天"):
        workflow_call.open_call(
            congress,
            actor=clerk,
            year=2027,
            title="x",
            opens_on=dt.date(2026, 9, 1),
            closes_on=dt.date(2026, 9, 29),
        )


def test_a_call_whose_closing_date_has_passed_is_refused(congress, clerk, small_settings, time_machine):
    time_machine.move_to(dt.datetime(2026, 10, 8, 10), tick=False)
    with pytest.raises(TransitionRefused, match="征集截止日期 2026-09-30 已过"):
        workflow_call.open_call(
            congress,
            actor=clerk,
            year=2027,
            title="x",
            opens_on=dt.date(2026, 9, 1),
            closes_on=dt.date(2026, 9, 30),
        )
    assert not Call.objects.filter(year=2027).exists()


def test_close_call_writes_one_audit_row_and_notifies_the_screening_unit(
    call, proposals, clerk, screener, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(dt.datetime(2026, 4, 2, 10), tick=False)
    with django_capture_on_commit_callbacks() as callbacks:
        closed = workflow_call.close_call(call, actor=clerk)
    assert closed.status == Call.Status.SCREENING
    assert AuditEntry.objects.filter(action="close_call", actor_id=clerk.pk).count() == 1
    assert len(callbacks) == 1
    with pytest.raises(TransitionRefused):
        workflow_call.close_call(closed, actor=clerk)


def test_decline_needs_a_reason_and_the_right_person(screening_call, proposals, screener, deputy):
    with pytest.raises(TransitionRefused, match="请选择未采纳的原因"):
        workflow_proposal.decline(proposals[0], actor=screener, reason="")
    with pytest.raises(TransitionRefused, match="请填写说明"):
        workflow_proposal.decline(proposals[0], actor=screener, reason="other")
    with pytest.raises(PermissionDenied):
        workflow_proposal.decline(proposals[0], actor=deputy, reason="routine_work")
    declined = workflow_proposal.decline(proposals[0], actor=screener, reason="reserve_pool")
    assert declined.status == Proposal.Status.NOT_TAKEN and declined.in_reserve_pool
    assert AuditEntry.objects.filter(action="decline", actor_id=screener.pk).count() == 1


def test_merge_folds_a_proposal_into_another(call, proposals, clerk):
    merged = workflow_proposal.merge(proposals[1], actor=clerk, into=proposals[0])
    assert merged.status == Proposal.Status.MERGED and merged.merged_into == proposals[0]
    assert Proposal.objects.get(pk=proposals[0].pk).supporters == 1
    with pytest.raises(TransitionRefused):
        workflow_proposal.merge(proposals[2], actor=clerk, into=proposals[1])


def test_lock_refuses_untreated_proposals_and_too_few_candidates(
    screening_call, proposals, clerk, screener, unit
):
    workflow_call.draw_up(screening_call, actor=screener, proposals=[proposals[0]], **project_fields(unit, 1))
    with pytest.raises(TransitionRefused, match="还有 2 条建议未处理"):
        workflow_call.lock_candidates(screening_call, actor=clerk)
    workflow_call.draw_up(screening_call, actor=screener, proposals=[proposals[1]], **project_fields(unit, 2))
    workflow_proposal.decline(proposals[2], actor=screener, reason="routine_work")
    with pytest.raises(TransitionRefused, match="须多于"):
        workflow_call.lock_candidates(screening_call, actor=clerk)


def test_draft_projects_can_be_edited_until_locked(screening_call, proposals, screener, unit):
    project = workflow_call.draw_up(
        screening_call, actor=screener, proposals=[proposals[0]], **project_fields(unit, 1)
    )
    fields = {**project_fields(unit, 1), "title": "改名后的项目"}
    project = workflow_call.edit_project(project, actor=screener, proposals=[proposals[1]], **fields)
    assert project.title == "改名后的项目"
    assert Proposal.objects.get(pk=proposals[0].pk).status == Proposal.Status.SUBMITTED
    assert Proposal.objects.get(pk=proposals[1].pk).status == Proposal.Status.TAKEN
