"""Deadline reminders for every app: one pure rule for when, one idempotent sender.

Each app lists what falls due (a ``Due`` per deadline) in its ``reminders.py``; ``send`` notifies the
people responsible on the configured lead days (default 7 and 1 days before, then once overdue),
and the office on the last day and when overdue. A ``ReminderSent`` row per (deadline, kind, due
date) makes a second run the same day, or a catch-up after a missed day, send nothing twice. The
daily job (core.jobs.daily_reminders) calls every app's ``send_reminders``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction

from core import audit, cn, notify
from core.dates import today
from core.models import ReminderSent

OVERDUE = "overdue"


@dataclass(frozen=True)
class Due:
    key: str  # stable identity of the deadline, e.g. "oversight.opinions:12:report"
    due_on: dt.date
    congress_id: int
    title: str  # what falls due, e.g. "审议意见处理情况报送期限"
    subject: str  # which record, e.g. the opinions' title
    url: str
    recipients: list = field(default_factory=list)
    escalate_to: list = field(default_factory=list)  # told on the last day and when overdue


def lead_days() -> tuple[int, ...]:
    return tuple(sorted(getattr(settings, "REMINDER_LEAD_DAYS", (7, 1)), reverse=True))


def reminder_kind(due_on: dt.date, on: dt.date, leads: Iterable[int]) -> str | None:
    """Which reminder is due on ``on``: "7", "1"… days before, "overdue" after the day; else None."""
    left = (due_on - on).days
    if left < 0:
        return OVERDUE
    return str(left) if left in set(leads) else None


def wording(kind: str, due: Due) -> str:
    if kind == OVERDUE:
        return f"已逾期：{due.title}（{cn.date_cn(due.due_on)}）"
    if kind == "0":
        return f"今天到期：{due.title}"
    return f"还有 {kind} 天到期：{due.title}（{cn.date_cn(due.due_on)}）"


def send(dues: Iterable[Due], *, source: str, on: dt.date | None = None) -> int:
    """Notify each deadline's people once per kind; returns how many reminders went out."""
    on = on or today()
    leads = lead_days()
    last = min(leads) if leads else 0
    sent: dict[int, list[str]] = {}
    for due in dues:
        kind = reminder_kind(due.due_on, on, leads)
        if kind is None:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(key=due.key, kind=kind, due_on=due.due_on, sent_on=on)
                notify.send(
                    due.recipients,
                    title=wording(kind, due),
                    body=due.subject,
                    url=due.url,
                    kind=f"remind_{kind}",
                    congress=due.congress_id,
                )
                if kind == OVERDUE or kind == str(last):
                    notify.send(
                        [u for u in due.escalate_to if u not in due.recipients],
                        title=wording(kind, due),
                        body=due.subject,
                        url=due.url,
                        kind=f"remind_{kind}",
                        congress=due.congress_id,
                    )
        except IntegrityError:  # already sent for this deadline, kind and due date
            continue
        sent.setdefault(due.congress_id, []).append(f"{due.key}/{kind}")
    for congress_id, items in sent.items():
        with transaction.atomic():
            audit.record(
                actor=None,
                action="remind",
                congress=congress_id,
                object_type=f"{source}.reminder",
                object_id=on.isoformat(),
                object_repr=f"{on.isoformat()} 期限提醒",
                changes={"count": len(items)},
                note="，".join(items)[:500],
            )
    return sum(len(v) for v in sent.values())
