from core.models import Notification
from suggestions.tests import factories as f


def test_unit_sends_back_and_office_reassigns(
    congress, clerk, deputy, unit, other_unit, unit_handler, django_capture_on_commit_callbacks
):
    s = f.assigned(congress, deputy, clerk, unit)
    r, s = f.post_verb(
        unit_handler, s, "send_back", {"reason": "属于住建局职责"}, capture=django_capture_on_commit_callbacks
    )
    assert r.status_code == 302 and s.status == "registered"
    f.assert_one_history_row(s, "send_back", unit_handler)
    assert Notification.objects.filter(user=clerk, kind="suggestions.send_back").exists()
    r, s = f.post_verb(
        clerk, s, "assign", {"mode": "sole", "units": [other_unit.pk], "assigned_on": "2025-02-10"}
    )
    # 2025-05-10 is a Saturday: the period runs to Monday (民法典第二百零三条)
    assert s.status == "assigned" and str(s.due_on) == "2025-05-12"
    # the unit that sent it back still sees its own history, but cannot act any more
    r, s = f.post_verb(unit_handler, s, "accept")
    assert r.status_code == 403
