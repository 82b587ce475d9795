"""A proposer who ticks 短信通知我办理进展 gets the tracking code and each change of the proposal's status."""

from __future__ import annotations

import pytest

from core.tests.fake_gateway import fake_gateway
from projects import workflow_call, workflow_proposal
from projects.models import Proposal
from projects.tests.conftest import project_fields, proposal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    with fake_gateway() as (url, received):
        settings.SMS_GATEWAY_URL, settings.SMS_SIGN = url + "/send", "示范区人大"
        yield received


def texts(received) -> list[str]:
    return [r["json"]["content"] for r in received]


def test_the_public_form_offers_sms(citizen, call):
    page = citizen.get(f"/p/{call.congress.code}/projects/propose/").content.decode()
    assert "短信通知我办理进展" in page


def test_an_opted_in_proposer_gets_the_code_then_the_outcome(
    call, subdistrict, clerk, screener, unit, gateway, time_machine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        taken, _ = workflow_proposal.submit_proposal(call, data=proposal_data(subdistrict, sms_opt_in=True))
        declined, _ = workflow_proposal.submit_proposal(
            call, data=proposal_data(subdistrict, title="另一条", description="另一条内容", sms_opt_in=True)
        )
        silent, _ = workflow_proposal.submit_proposal(
            call, data=proposal_data(subdistrict, title="第三条", description="第三条内容")
        )
    assert texts(gateway) == [
        f"【示范区人大】您的项目建议已收到，查询码 {taken.tracking_code}。办理进展将以短信告知。",
        f"【示范区人大】您的项目建议已收到，查询码 {declined.tracking_code}。办理进展将以短信告知。",
    ]
    import datetime as dt

    time_machine.move_to(dt.datetime(2026, 4, 2, 10, 0), tick=False)
    screening = workflow_call.close_call(call, actor=clerk)
    with django_capture_on_commit_callbacks(execute=True):
        workflow_call.draw_up(screening, actor=screener, proposals=[taken, silent], **project_fields(unit, 1))
        workflow_proposal.decline(declined, actor=screener, reason="routine_work")
    assert Proposal.objects.get(pk=silent.pk).status == Proposal.Status.TAKEN
    assert texts(gateway)[2:] == [
        f"【示范区人大】您的项目建议（查询码 {taken.tracking_code}）办理进展：已纳入候选项目。",
        f"【示范区人大】您的项目建议（查询码 {declined.tracking_code}）办理进展：未采纳。",
    ]
