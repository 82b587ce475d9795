from core.models import Notification
from suggestions.tests import factories as f


def test_clerk_assigns_split(
    congress,
    clerk,
    deputy,
    unit,
    other_unit,
    unit_handler,
    other_unit_handler,
    django_capture_on_commit_callbacks,
):
    s = f.registered(congress, deputy, clerk)
    r, s = f.post_verb(
        clerk,
        s,
        "assign",
        {"mode": "split", "units": [unit.pk, other_unit.pk], "assigned_on": "2025-01-31"},
        capture=django_capture_on_commit_callbacks,
    )
    assert r.status_code == 302 and s.status == "assigned" and s.mode == "split"
    assert sorted(s.assignments.values_list("role", flat=True)) == ["split", "split"]
    f.assert_one_history_row(s, "assign", clerk)
    assert (
        Notification.objects.filter(
            user__in=[unit_handler, other_unit_handler], kind="suggestions.assign"
        ).count()
        == 2
    )


def test_mode_and_unit_count_must_agree(congress, clerk, deputy, unit, other_unit):
    s = f.registered(congress, deputy, clerk)
    _r, s = f.post_verb(
        clerk, s, "assign", {"mode": "sole", "units": [unit.pk, other_unit.pk], "assigned_on": "2025-01-31"}
    )
    assert s.status == "registered"
    _r, s = f.post_verb(clerk, s, "assign", {"mode": "lead", "units": [unit.pk], "assigned_on": "2025-01-31"})
    assert s.status == "registered"


def test_unit_of_another_congress_refused(congress, other_congress, clerk, deputy):
    from registry.models import Unit

    foreign = Unit.objects.create(congress=other_congress, name="外区教育局")
    s = f.registered(congress, deputy, clerk)
    r, s = f.post_verb(
        clerk, s, "assign", {"mode": "sole", "units": [foreign.pk], "assigned_on": "2025-01-31"}
    )
    assert r.status_code == 400 and s.status == "registered"
