import pytest
from django.core.exceptions import PermissionDenied

from core.models import AuditEntry
from suggestions import workflow
from suggestions.models import Suggestion


def test_staff_creates_draft_for_deputy(congress, clerk, deputy):
    s = workflow.create_draft(
        actor=clerk,
        congress=congress,
        lead_deputy=deputy.deputy,
        title="增设停车位",
        content="小区停车难，建议增设停车位。",
        category="城乡建设",
    )
    assert s.status == Suggestion.Status.DRAFT and s.lead_deputy == deputy.deputy
    assert "停车" in s.search_tokens.split()
    entry = AuditEntry.objects.get(object_type="suggestions.suggestion", object_id=str(s.pk))
    assert entry.action == "create" and entry.actor_id == clerk.pk


def test_station_staff_may_create_draft(congress, station_staff, deputy):
    s = workflow.create_draft(
        actor=station_staff, congress=congress, lead_deputy=deputy.deputy, title="路灯", content="路灯不亮"
    )
    assert s.category == ""


def test_other_deputy_cannot_create_for_someone_else(congress, co_signer, deputy):
    with pytest.raises(PermissionDenied):
        workflow.create_draft(
            actor=co_signer, congress=congress, lead_deputy=deputy.deputy, title="x", content="y"
        )


def test_empty_title_refused(congress, deputy):
    with pytest.raises(workflow.TransitionRefused):
        workflow.create_draft(
            actor=deputy, congress=congress, lead_deputy=deputy.deputy, title=" ", content="y"
        )
