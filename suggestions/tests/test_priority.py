from conftest import client_for
from core.models import Notification
from suggestions.tests import factories as f


def test_key_item_supervised_by_leader(
    congress, clerk, leader, deputy, unit, django_capture_on_commit_callbacks
):
    s = f.assigned(congress, deputy, clerk, unit)
    r, s = f.post_verb(
        clerk,
        s,
        "priority",
        {"supervising_leader": leader.pk, "is_priority": "on"},
        capture=django_capture_on_commit_callbacks,
    )
    assert s.is_priority and s.supervising_leader == leader
    assert Notification.objects.filter(user=leader, kind="suggestions.priority").exists()
    assert s.title in client_for(leader).get("/suggestions/").content.decode()
    r, s = f.post_verb(
        leader, s, "supervise", {"kind": "meeting", "held_on": "2025-02-01", "content": "督办会"}
    )
    assert r.status_code == 302 and s.supervision_notes.count() == 1
    f.assert_one_history_row(s, "supervise", leader)


def test_leader_must_be_a_leader(congress, clerk, deputy, unit):
    s = f.assigned(congress, deputy, clerk, unit)
    _r, s = f.post_verb(clerk, s, "priority", {"supervising_leader": clerk.pk, "is_priority": "on"})
    assert not s.is_priority
