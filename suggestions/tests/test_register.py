from core.models import Notification
from suggestions.tests import factories as f


def test_clerk_registers_with_number(congress, clerk, deputy, django_capture_on_commit_callbacks):
    s = f.submitted(congress, deputy)
    r, s = f.post_verb(clerk, s, "register", {"number": "17"}, capture=django_capture_on_commit_callbacks)
    assert r.status_code == 302 and s.status == "registered" and s.number_label == "第17号"
    f.assert_one_history_row(s, "register", clerk)
    assert Notification.objects.filter(user=deputy, kind="suggestions.register").exists()


def test_number_defaults_to_next_and_must_be_unique(congress, clerk, deputy):
    a = f.registered(congress, deputy, clerk)
    b = f.submitted(congress, deputy)
    _r, b = f.post_verb(clerk, b, "register", {"number": str(a.number)})
    assert b.status == "submitted"
    _r, b = f.post_verb(clerk, b, "register", {"number": ""})
    assert b.number == a.number + 1


def test_malformed_number_is_400(congress, clerk, deputy):
    s = f.submitted(congress, deputy)
    r, s = f.post_verb(clerk, s, "register", {"number": "abc"})
    assert r.status_code == 400 and s.status == "submitted"


def test_deputy_cannot_register(congress, deputy):
    s = f.submitted(congress, deputy)
    r, s = f.post_verb(deputy, s, "register")
    assert r.status_code == 403


def test_send_back_to_deputy_needs_reason(congress, clerk, deputy):
    s = f.submitted(congress, deputy)
    r, s = f.post_verb(clerk, s, "send_back_to_deputy", {"reason": ""})
    assert r.status_code == 400 and s.status == "submitted"
    r, s = f.post_verb(clerk, s, "send_back_to_deputy", {"reason": "内容不具体"})
    assert s.status == "returned" and s.return_reason == "内容不具体"
