from django.core.files.uploadedfile import SimpleUploadedFile

from core.models import Notification
from suggestions import workflow
from suggestions.tests import factories as f


def test_unit_replies_with_letter(
    congress, clerk, deputy, unit, unit_handler, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    s = f.accepted(congress, deputy, clerk, unit, unit_handler)
    letter = SimpleUploadedFile("答复函.pdf", b"%PDF-1.4 letter", content_type="application/pdf")
    r, s = f.post_verb(
        unit_handler,
        s,
        "reply",
        {"category": "A", "content": "已解决", "signed_by": "刘局长", "is_public": "on", "letter": letter},
        capture=django_capture_on_commit_callbacks,
    )
    assert r.status_code == 302 and s.status == "replied" and s.reply_category == "A" and s.replied_on_time
    f.assert_one_history_row(s, "reply", unit_handler)
    assert Notification.objects.filter(user=deputy, kind="suggestions.reply").exists()
    reply = s.replies.get()
    from conftest import client_for

    assert client_for(deputy).get(f"/suggestions/replies/{reply.pk}/letter/").status_code == 200


def test_category_follows_scheme(congress, clerk, deputy, unit, unit_handler):
    congress.settings = {"suggestions": {"reply_category_scheme": "ABC"}}
    congress.save()
    s = f.accepted(congress, deputy, clerk, unit, unit_handler)
    r, s = f.post_verb(unit_handler, s, "reply", {"category": "D", "content": "x", "signed_by": "y"})
    assert r.status_code == 400 and s.status == "assigned"


def test_split_replied_when_every_unit_has(
    congress, clerk, deputy, unit, other_unit, unit_handler, other_unit_handler
):
    s = f.registered(congress, deputy, clerk)
    workflow.assign(actor=clerk, suggestion=s, mode="split", units=[unit, other_unit])
    for h in (unit_handler, other_unit_handler):
        workflow.accept(actor=h, suggestion=s)
    workflow.reply(actor=unit_handler, suggestion=s, category="B", content="x", signed_by="y")
    s.refresh_from_db()
    assert s.status == "assigned"
    workflow.reply(actor=other_unit_handler, suggestion=s, category="A", content="x", signed_by="y")
    s.refresh_from_db()
    assert s.status == "replied" and s.reply_category == "A"


def test_assisting_unit_cannot_reply(congress, clerk, deputy, unit, other_unit, unit_handler):
    s = f.registered(congress, deputy, clerk)
    workflow.assign(actor=clerk, suggestion=s, mode="lead", units=[other_unit], assisting_units=[unit])
    workflow.accept(actor=unit_handler, suggestion=s)
    r, s = f.post_verb(unit_handler, s, "reply", {"category": "A", "content": "x", "signed_by": "y"})
    assert r.status_code == 403
