from conftest import client_for
from core.models import Notification
from suggestions import workflow
from suggestions.tests import factories as f


def test_deputy_submits(congress, clerk, deputy, django_capture_on_commit_callbacks):
    s = f.draft(congress, deputy)
    r, s = f.post_verb(deputy, s, "submit", capture=django_capture_on_commit_callbacks)
    assert r.status_code == 302 and s.status == "submitted" and s.submitted_at
    f.assert_one_history_row(s, "submit", deputy)
    assert Notification.objects.filter(user=clerk, kind="suggestions.submit").count() == 1


def test_staff_submits_on_behalf(congress, clerk, deputy):
    s = workflow.create_draft(
        actor=clerk, congress=congress, lead_deputy=deputy.deputy, title="题", content="文"
    )
    _r, s = f.post_verb(clerk, s, "submit")
    assert s.status == "submitted"


def test_twice_is_refused(congress, deputy):
    s = f.submitted(congress, deputy)
    r = client_for(deputy).post(f"/suggestions/{s.pk}/submit/", follow=True)
    assert "不能提交" in r.content.decode()
    assert len(f.audit_rows(s, "submit")) == 1


def test_motion_needs_enough_co_signers(congress, deputy, co_signer):
    s = f.draft(congress, deputy, kind="motion")
    workflow.save_draft(
        actor=deputy,
        suggestion=s,
        motion_reason="由",
        motion_basis="据",
        motion_plan="案",
        co_signer_ids=[co_signer.deputy.pk],
    )
    workflow.co_sign(actor=co_signer, suggestion=s)
    r = client_for(deputy).post(f"/suggestions/{s.pk}/submit/", follow=True)
    assert "10名以上代表联名" in r.content.decode()
    congress.settings = {"suggestions": {"motion_min_deputies": 2}}
    congress.save()
    s.refresh_from_db()
    assert workflow.submit(actor=deputy, suggestion=s).status == "submitted"
