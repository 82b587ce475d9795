from core.models import Notification
from suggestions import workflow
from suggestions.tests import factories as f


def test_co_signer_confirms(congress, deputy, co_signer, django_capture_on_commit_callbacks):
    s = f.draft(congress, deputy)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.save_draft(actor=deputy, suggestion=s, co_signer_ids=[co_signer.deputy.pk])
    assert Notification.objects.filter(user=co_signer, kind="suggestions.co_sign").exists()
    r, s = f.post_verb(co_signer, s, "co_sign")
    assert r.status_code == 302 and s.co_signatures.get().status == "confirmed"
    f.assert_one_history_row(s, "co_sign", co_signer)
    r, s = f.post_verb(co_signer, s, "co_sign")
    assert r.status_code == 403


def test_co_signer_declines(congress, deputy, co_signer):
    s = f.draft(congress, deputy)
    workflow.save_draft(actor=deputy, suggestion=s, co_signer_ids=[co_signer.deputy.pk])
    _r, s = f.post_verb(co_signer, s, "decline_co_sign")
    assert s.co_signatures.get().status == "declined"
