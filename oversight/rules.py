"""Supervision and appointment rules as pure functions: dates, report timing, vote order.

No Django, no ORM: plain dates and values in, plain values out, so tests can feed the law's own
examples. Vote counting is not here: appointment votes are counted by meetings.rules.count_vote
and satisfaction votes graded by meetings.rules.evaluation_grade.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core import dates
from core.congress_settings import Section, Setting, register

# 监督法第十四、十五条 (DOMAIN §6): the organ's report reaches the committee's working body at
# least 20 days before the meeting, the revised report at least 10 days before, and the members
# receive it at least 7 days before. "二十日前" is read as at least 20 whole days between the
# two dates (meeting date − document date ≥ 20).
REPORT_LEAD_DAYS = 20
REVISED_LEAD_DAYS = 10
MEMBERS_LEAD_DAYS = 7

# Local defaults (Congress.settings["oversight"], SETTINGS below).
OPINIONS_DUE_MONTHS = 3
APPOINTMENT_LEAD_DAYS = 10

SETTINGS = register(
    Section(
        "oversight",
        "监督",
        (
            Setting(
                "opinions_due_months",
                OPINIONS_DUE_MONTHS,
                "审议意见研究处理情况报送期限（月）",
                "自审议意见送交之日起，有关机关书面报送研究处理情况的期限；常见2、3或6个月"
                "（监督法第十七条，本地规定）。常委会决议另定期限的，以决议为准。",
                min_value=1,
                max_value=12,
            ),
            Setting(
                "appointment_lead_days",
                APPOINTMENT_LEAD_DAYS,
                "任免材料提前送达天数",
                "提请任免的材料应在常委会会议举行多少日前送达（本地规定，默认十日）。",
                min_value=0,
                max_value=60,
            ),
        ),
    )
)

# Kinds whose report is heard and deliberated at a committee meeting, so the activity is only
# complete once deliberated (监督法 chapters on work reports, budgets and audits, enforcement
# inspections, inquiries). 视察 and 调研 produce a report for the committee but need no sitting.
DELIBERATED_KINDS = frozenset(
    {
        "work_report",
        "enforcement_inspection",
        "inquiry",
        "appraisal",
        "budget_review",
        "audit_review",
    }
)


def due_date(
    sent_on: dt.date,
    months: int = OPINIONS_DUE_MONTHS,
    resolution_due: dt.date | None = None,
    calendar: dates.WorkCalendar = dates.WEEKENDS_ONLY,
) -> dt.date:
    """When the handling report is due: a resolution's own deadline wins, else ``months`` after sending.

    监督法第十七条 lets the committee (or a resolution) fix the period; a period in months is computed
    as the 民法典 computes it (core.dates.due_in_months: 2025-03-31 + 3 months = 2025-06-30, moved
    off a holiday or weekend).
    """
    if resolution_due is not None:
        return resolution_due
    return dates.due_in_months(sent_on, months, calendar)


def is_overdue(due_on: dt.date | None, today: dt.date, reported_on: dt.date | None = None) -> bool:
    """Overdue: not reported and today is past the due date, or reported after it ("超过" excludes the day)."""
    if due_on is None:
        return False
    if reported_on is not None:
        return reported_on > due_on
    return today > due_on


@dataclass(frozen=True)
class TimingCheck:
    """One step of the report-timing rule: what, the minimum lead, the actual lead (None: not yet)."""

    step: str
    label: str
    required_days: int
    actual_days: int | None
    ok: bool | None  # None while the date is missing and the meeting is still ahead

    @property
    def text(self) -> str:
        if self.actual_days is None:
            return f"{self.label}：应在会议{self.required_days}日前，尚未登记"
        verdict = "符合" if self.ok else "不符合"
        return f"{self.label}：会议前{self.actual_days}日（应不少于{self.required_days}日），{verdict}"


def report_timing(
    meeting_on: dt.date,
    report_received_on: dt.date | None,
    revised_received_on: dt.date | None,
    sent_to_members_on: dt.date | None,
    today: dt.date | None = None,
) -> list[TimingCheck]:
    """The three deadlines of 监督法第十四、十五条 against the meeting date.

    A missing date is "not yet" (ok=None) while it can still be met, and a failure (ok=False) once
    the latest allowed day has passed (``today`` given) — a late-but-missing report is flagged.
    """
    steps = (
        ("report", "机关报告送交", REPORT_LEAD_DAYS, report_received_on),
        ("revised", "修改稿送交常委会", REVISED_LEAD_DAYS, revised_received_on),
        ("members", "印发常委会组成人员", MEMBERS_LEAD_DAYS, sent_to_members_on),
    )
    checks = []
    for step, label, required, on in steps:
        if on is None:
            latest = dates.add_days(meeting_on, -required)
            ok = False if today is not None and today > latest else None
            checks.append(TimingCheck(step, label, required, None, ok))
        else:
            actual = dates.days_between(on, meeting_on)
            checks.append(TimingCheck(step, label, required, actual, actual >= required))
    return checks


def timing_ok(checks: Iterable[TimingCheck]) -> bool | None:
    """False if any step failed, True if all were met, None while some are pending."""
    checks = list(checks)
    if any(c.ok is False for c in checks):
        return False
    if all(c.ok for c in checks):
        return True
    return None


def received_in_time(
    received_on: dt.date, meeting_on: dt.date, lead_days: int = APPOINTMENT_LEAD_DAYS
) -> bool:
    """任免 requests reach the committee at least ``lead_days`` days before the meeting (local, default 10)."""
    return dates.days_between(received_on, meeting_on) >= lead_days


def normalise_post(post: str) -> str:
    """Posts compare without spaces of any kind (全角 included)."""
    return "".join((post or "").split())


@dataclass(frozen=True)
class PendingItem:
    """An appointment item on a meeting's agenda: its key, kind, post and whether it is still to be voted."""

    key: object
    kind: str
    post: str
    pending: bool


VACATING_KINDS = ("remove", "accept_resignation")


def vote_order(items: Sequence[PendingItem]) -> list[object]:
    """Keys in voting order: removals (and accepted resignations) before appointments, else as given.

    DOMAIN §7: for the same post the removal is voted first, so that the post is vacant when
    the appointment is voted; putting every removal first (a stable sort) guarantees it.
    """
    return [i.key for i in sorted(items, key=lambda i: i.kind not in VACATING_KINDS)]


def blocking_removals(kind: str, post: str, others: Iterable[PendingItem]) -> list[object]:
    """The still-pending removals for the same post that must be voted before this appointment."""
    if kind in VACATING_KINDS:
        return []
    target = normalise_post(post)
    return [
        o.key for o in others if o.pending and o.kind in VACATING_KINDS and normalise_post(o.post) == target
    ]
