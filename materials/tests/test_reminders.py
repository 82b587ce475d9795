"""Consultation deadlines remind the deputies consulted who have not answered yet (core.reminders)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from core.models import Notification
from materials import reminders, workflow
from registry.models import Deputy

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")


def _reminded(user):
    return list(
        Notification.objects.filter(user=user, kind__startswith="remind").values_list("title", flat=True)
    )


def test_deputies_who_have_not_answered_are_reminded_before_the_deadline(
    clerk, deputy, co_signer, congress, django_capture_on_commit_callbacks
):
    with time_machine.travel(dt.datetime(2026, 12, 1, 9, tzinfo=TZ), tick=False):
        c = workflow.create_consultation(
            actor=clerk,
            congress=congress,
            title="年度监督工作计划（征求意见稿）",
            text="第一段。\n第二段。",
            deadline=dt.datetime(2026, 12, 10, 18, tzinfo=TZ),
            subject="supervision_plan",
        )
        c = workflow.open_consultation(actor=clerk, consultation=c)
        workflow.answer(deputy=Deputy.objects.get(user=deputy), consultation=c, paragraph=1, text="同意")
    with (
        time_machine.travel(dt.datetime(2026, 12, 3, 8, tzinfo=TZ), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders.send_reminders() == 1
        assert reminders.send_reminders() == 0  # once per lead day
    assert _reminded(co_signer) == [
        "还有 7 天到期：征求意见截止：年度监督工作计划（征求意见稿）（2026年12月10日）"
    ]
    assert _reminded(deputy) == []
    with time_machine.travel(dt.datetime(2026, 12, 11, 8, tzinfo=TZ), tick=False):
        assert reminders.send_reminders() == 0  # past the deadline no answer is taken: no reminder
