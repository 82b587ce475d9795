"""Deadlines through the workflow with frozen time (代表法第五十一条; DOMAIN §4)."""

import datetime as dt

import pytest
import time_machine

from suggestions import workflow
from suggestions.tests import factories as f

CST = dt.timezone(dt.timedelta(hours=8))


def at(day):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=CST), tick=False)


@pytest.mark.parametrize(
    "assigned, due",
    [(dt.date(2025, 1, 31), dt.date(2025, 4, 30)), (dt.date(2025, 3, 31), dt.date(2025, 6, 30))],
)
def test_reply_due_three_months_after_assignment(congress, clerk, deputy, unit, assigned, due):
    with at(assigned):
        s = f.assigned(congress, deputy, clerk, unit, on=None)
    a = s.assignments.get()
    assert (a.assigned_on, a.due_on, s.due_on) == (assigned, due, due)


def test_extension_gives_six_months(congress, clerk, deputy, unit, unit_handler):
    with at(dt.date(2025, 1, 31)):
        s = f.accepted(congress, deputy, clerk, unit, unit_handler)
    with at(dt.date(2025, 3, 1)):
        workflow.request_extension(actor=unit_handler, suggestion=s, reason="涉及多个部门")
        workflow.extend(actor=clerk, suggestion=s, reason="涉及面广，同意延期")
    a = s.assignments.get()
    assert a.due_on == dt.date(2025, 7, 31) and a.extension_reason == "涉及面广，同意延期"


def test_rehandle_due_one_month_from_reassignment(congress, clerk, deputy, unit, unit_handler):
    with at(dt.date(2025, 1, 31)):
        s = f.replied(congress, deputy, clerk, unit, unit_handler)
    with at(dt.date(2025, 3, 1)):
        workflow.feedback(actor=deputy, suggestion=s, rating="dissatisfied", comment="没有解决")
    with at(dt.date(2025, 3, 31)):
        s = workflow.rehandle(actor=clerk, suggestion=s)
    current = s.assignments.get(is_current=True)
    assert (current.round, current.assigned_on, current.due_on) == (
        2,
        dt.date(2025, 3, 31),
        dt.date(2025, 4, 30),
    )


def test_due_on_configured_holiday_moves_to_next_working_day(congress, clerk, deputy, unit):
    congress.settings = {
        "calendar": {
            "holidays": ["2025-04-30", "2025-05-01", "2025-05-02", "2025-05-03", "2025-05-04", "2025-05-05"]
        }
    }
    congress.save()
    with at(dt.date(2025, 1, 31)):
        s = f.assigned(congress, deputy, clerk, unit)
    assert s.assignments.get().due_on == dt.date(2025, 5, 6)


def test_assisting_opinion_due_in_one_month(congress, clerk, deputy, unit, other_unit):
    with at(dt.date(2025, 1, 31)):
        s = f.registered(congress, deputy, clerk)
        workflow.assign(actor=clerk, suggestion=s, mode="lead", units=[unit], assisting_units=[other_unit])
    assisting = s.assignments.get(role="assisting")
    assert assisting.opinion_due_on == dt.date(2025, 2, 28)


def test_send_back_only_within_five_working_days(congress, clerk, deputy, unit, unit_handler):
    with at(dt.date(2025, 1, 31)):
        s = f.assigned(congress, deputy, clerk, unit)
    with at(dt.date(2025, 2, 10)), pytest.raises(workflow.TransitionRefused, match="已超过申请退回期限"):
        workflow.send_back(actor=unit_handler, suggestion=s, reason="不属于本单位职责")
    with at(dt.date(2025, 2, 7)):
        s = workflow.send_back(actor=unit_handler, suggestion=s, reason="不属于本单位职责")
    assert s.status == "registered" and s.due_on is None


def test_reassignment_after_send_back_restarts_the_clock(
    congress, clerk, deputy, unit, other_unit, unit_handler
):
    with at(dt.date(2025, 1, 31)):
        s = f.assigned(congress, deputy, clerk, unit)
        s = workflow.send_back(actor=unit_handler, suggestion=s, reason="不属于本单位职责")
    with at(dt.date(2025, 2, 10)):
        s = workflow.assign(actor=clerk, suggestion=s, mode="sole", units=[other_unit])
    # 2025-02-10 + 3 months = Saturday 10 May: the period runs to Monday (民法典第二百零三条)
    assert s.due_on == dt.date(2025, 5, 12)
