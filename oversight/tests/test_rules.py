import datetime as dt

from oversight import rules

D = dt.date


def test_due_date_default_and_resolution_deadline():
    assert rules.due_date(D(2026, 4, 30)) == D(2026, 7, 30)
    assert rules.due_date(D(2026, 4, 30), 6) == D(2026, 10, 30)
    assert rules.due_date(D(2026, 4, 30), 3, D(2026, 6, 1)) == D(2026, 6, 1)


def test_overdue_excludes_the_due_day_itself():
    due = D(2026, 7, 30)
    assert not rules.is_overdue(due, D(2026, 7, 30))
    assert rules.is_overdue(due, D(2026, 7, 31))
    assert not rules.is_overdue(due, D(2026, 12, 1), reported_on=D(2026, 7, 30))
    assert rules.is_overdue(due, D(2026, 8, 5), reported_on=D(2026, 7, 31))
    assert not rules.is_overdue(None, D(2030, 1, 1))


def test_report_timing_law_minimums_are_inclusive():
    meeting = D(2026, 6, 25)
    checks = rules.report_timing(meeting, D(2026, 6, 5), D(2026, 6, 15), D(2026, 6, 18))
    assert [(c.actual_days, c.ok) for c in checks] == [(20, True), (10, True), (7, True)]
    assert rules.timing_ok(checks) is True


def test_report_timing_flags_late_steps():
    checks = rules.report_timing(D(2026, 6, 25), D(2026, 6, 6), D(2026, 6, 16), D(2026, 6, 19))
    assert [c.ok for c in checks] == [False, False, False]
    assert rules.timing_ok(checks) is False
    assert "不符合" in checks[0].text


def test_report_timing_missing_date_is_pending_then_failed():
    pending = rules.report_timing(D(2026, 6, 25), None, None, None, today=D(2026, 6, 1))
    assert [c.ok for c in pending] == [None, None, None] and rules.timing_ok(pending) is None
    late = rules.report_timing(D(2026, 6, 25), None, None, None, today=D(2026, 6, 6))
    assert [c.ok for c in late] == [False, None, None]


def test_appointment_requests_arrive_ten_days_before():
    assert rules.received_in_time(D(2026, 6, 15), D(2026, 6, 25))
    assert not rules.received_in_time(D(2026, 6, 16), D(2026, 6, 25))
    assert rules.received_in_time(D(2026, 6, 20), D(2026, 6, 25), lead_days=5)


def test_removals_are_voted_before_appointments():
    items = [
        rules.PendingItem("a1", "appoint", "教育局局长", True),
        rules.PendingItem("r1", "remove", "教育局 局长", True),
        rules.PendingItem("a2", "acting", "卫健局局长", True),
        rules.PendingItem("x1", "accept_resignation", "卫健局局长", True),
    ]
    assert rules.vote_order(items) == ["r1", "x1", "a1", "a2"]
    assert rules.blocking_removals("appoint", "教育局局长", items) == ["r1"]
    assert rules.blocking_removals("remove", "教育局局长", items) == []
    done = [rules.PendingItem("r1", "remove", "教育局局长", False)]
    assert rules.blocking_removals("appoint", "教育局局长", done) == []
