"""Pure rules (DOMAIN §4): reminders, motions, rates (deadline arithmetic: core/tests/test_dates.py)."""

import datetime as dt

from suggestions import rules

D = dt.date


def test_reminder_kind():
    due = D(2025, 4, 30)
    assert rules.reminder_kind(due, D(2025, 3, 31)) == "30"
    assert rules.reminder_kind(due, D(2025, 4, 23)) == "7"
    assert rules.reminder_kind(due, D(2025, 4, 29)) == "1"
    assert rules.reminder_kind(due, D(2025, 4, 30)) is None
    assert rules.reminder_kind(due, D(2025, 5, 1)) == "overdue"


def test_motion_needs_ten_deputies_and_three_parts():
    ok = dict(reason="a", basis="b", plan="c", today=D(2025, 1, 5), deadline=D(2025, 1, 6), min_deputies=10)
    assert rules.motion_problems(co_signers=9, **ok) == []
    assert rules.motion_problems(co_signers=8, **ok)
    assert rules.motion_problems(co_signers=9, **{**ok, "plan": " "}) == ["议案须写明方案。"]
    assert rules.motion_problems(co_signers=9, **{**ok, "today": D(2025, 1, 7)})


def test_overdue():
    assert rules.is_overdue(due=D(2025, 4, 30), replied_on=None, today=D(2025, 5, 1))
    assert not rules.is_overdue(due=D(2025, 4, 30), replied_on=None, today=D(2025, 4, 30))
    assert rules.is_overdue(due=D(2025, 4, 30), replied_on=D(2025, 5, 2), today=D(2025, 5, 1))
    assert not rules.is_overdue(due=D(2025, 4, 30), replied_on=D(2025, 4, 30), today=D(2025, 6, 1))


def I(replied, on_time, cat="", first="", final=""):  # noqa: E743
    return rules.Item(
        replied=replied, replied_on_time=on_time, category=cat, first_rating=first, final_rating=final
    )


S, B, X = "satisfied", "basically_satisfied", "dissatisfied"
HAND_FIXTURE = [
    I(True, True, "A", S, S),
    I(True, True, "A", B, B),
    I(True, True, "B", X, S),  # re-handled: first 不满意, final 满意
    I(True, False, "B", S, S),
    I(True, True, "C", B, B),
    I(True, True, "D", X, X),
    I(True, False, "A"),  # no feedback yet
    I(False, False),
    I(False, False),
    I(True, True, "C", S, S),
]


def test_rates_worked_by_hand():
    r = rules.rates(HAND_FIXTURE)
    assert (r["reply_rate"].numerator, r["reply_rate"].denominator, str(r["reply_rate"])) == (8, 10, "80.0%")
    assert (r["on_time_rate"].numerator, str(r["on_time_rate"])) == (6, "60.0%")
    # 满意率 counts only 满意; 含基本满意 adds 基本满意 — same denominator (7 feedbacks received)
    assert (r["satisfaction_rate_first"].numerator, r["satisfaction_rate_first"].denominator) == (3, 7)
    assert str(r["satisfaction_rate_first"]) == "42.9%"
    assert (
        r["satisfaction_rate_incl_basic_first"].numerator,
        str(r["satisfaction_rate_incl_basic_first"]),
    ) == (5, "71.4%")
    assert (r["satisfaction_rate_final"].numerator, str(r["satisfaction_rate_final"])) == (4, "57.1%")
    assert (
        r["satisfaction_rate_incl_basic_final"].numerator,
        str(r["satisfaction_rate_incl_basic_final"]),
    ) == (6, "85.7%")
    assert str(r["resolution_rate_a"]) == "30.0%" and str(r["resolution_rate_ab"]) == "50.0%"


def test_rates_of_nothing_show_a_dash():
    assert str(rules.rates([])["reply_rate"]) == "—"


def test_category_schemes():
    assert rules.category_label("甲乙丙", "A").startswith("甲类")
    assert [c for c, _ in rules.category_choices("ABC")] == ["A", "B", "C"]
    assert rules.category_label("unknown", "D").startswith("D类")
