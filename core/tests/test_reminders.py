"""Reminders for every deadline kind, with the clock moved: on the lead days, once, and when overdue."""

import contextlib
import datetime as dt
from decimal import Decimal

import pytest
import time_machine

from core import jobs, reminders
from core.models import Notification, ReminderSent
from oversight.models import DeliberationOpinions
from oversight.tests.helpers import make_opinions
from projects.models import Call, Milestone, Project
from stations.models import Message, Reception

pytestmark = pytest.mark.django_db
DUE = dt.date(2026, 6, 30)


def titles(user):
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


@pytest.fixture
def at(django_capture_on_commit_callbacks):
    """Run the daily job on ``day``: the clock moved there, notifications delivered as on commit."""

    @contextlib.contextmanager
    def travel(day: dt.date):
        with (
            time_machine.travel(dt.datetime.combine(day, dt.time(8, 0)), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            yield

    return travel


def test_the_rule_names_the_lead_days_and_overdue():
    assert reminders.reminder_kind(DUE, DUE - dt.timedelta(days=7), (7, 1)) == "7"
    assert reminders.reminder_kind(DUE, DUE - dt.timedelta(days=3), (7, 1)) is None
    assert reminders.reminder_kind(DUE, DUE - dt.timedelta(days=1), (7, 1)) == "1"
    assert reminders.reminder_kind(DUE, DUE, (7, 1)) is None
    assert reminders.reminder_kind(DUE, DUE + dt.timedelta(days=1), (7, 1)) == "overdue"


def test_deliberation_opinions_remind_the_organ_then_the_office(congress, unit, unit_handler, clerk, at):
    make_opinions(congress, unit, status=DeliberationOpinions.Status.SENT, due_on=DUE)
    with at(DUE - dt.timedelta(days=7)):
        assert jobs.run_reminders()["oversight.reminders.send_reminders"] == 1
    assert titles(unit_handler) == ["还有 7 天到期：审议意见研究处理情况报送期限（2026年6月30日）"]
    assert titles(clerk) == []
    with at(DUE + dt.timedelta(days=2)):
        jobs.run_reminders()
    assert "已逾期：审议意见研究处理情况报送期限（2026年6月30日）" in titles(clerk)


def test_a_second_run_the_same_day_sends_nothing_again(congress, unit, unit_handler, at):
    make_opinions(congress, unit, status=DeliberationOpinions.Status.SENT, due_on=DUE)
    with at(DUE - dt.timedelta(days=1)):
        jobs.run_reminders()
        jobs.run_reminders()
    assert len(titles(unit_handler)) == 1
    assert ReminderSent.objects.count() == 1


def test_a_reported_opinion_is_not_reminded(congress, unit, unit_handler, at):
    make_opinions(congress, unit, status=DeliberationOpinions.Status.REPORTED, due_on=DUE)
    with at(DUE - dt.timedelta(days=1)):
        jobs.run_reminders()
    assert titles(unit_handler) == []


def test_project_milestones_remind_the_lead_unit(congress, unit, unit_handler, at):
    call = Call.objects.create(
        congress=congress,
        year=2026,
        title="2026年度征集",
        opens_on=dt.date(2025, 9, 1),
        closes_on=dt.date(2025, 10, 1),
    )
    project = Project.objects.create(
        congress=congress,
        call=call,
        title="老旧小区加装电梯",
        content="加装电梯",
        budget=Decimal("100"),
        lead_unit=unit,
        target="50部",
        deadline=dt.date(2026, 12, 31),
        status=Project.Status.ADOPTED,
    )
    Milestone.objects.create(project=project, title="完成招标", due_on=DUE)
    Milestone.objects.create(project=project, title="已完成的节点", due_on=DUE, done_on=dt.date(2026, 5, 1))
    with at(DUE - dt.timedelta(days=7)):
        jobs.run_reminders()
    assert titles(unit_handler) == ["还有 7 天到期：民生实事项目节点“完成招标”计划完成日期（2026年6月30日）"]


def _message(congress, station, **fields):
    return Message.objects.create(
        congress=congress,
        station=station,
        topic="other",
        content="路灯不亮",
        content_digest="d",
        phone="13900000009",
        tracking_code=f"T{Message.objects.count() + 1:07d}",
        created_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
        **fields,
    )


def test_station_messages_remind_the_office_to_refer_and_the_unit_to_reply(
    congress, station, unit, unit_handler, clerk, at
):
    _message(congress, station, status=Message.Status.AWAITING_REFERRAL, refer_due=DUE)
    _message(congress, station, status=Message.Status.REFERRED, unit=unit, reply_due=DUE)
    with at(DUE - dt.timedelta(days=1)):
        jobs.run_reminders()
    assert titles(clerk).count("还有 1 天到期：群众留言转办期限（2026年6月30日）") == 1
    assert titles(unit_handler) == ["还有 1 天到期：转办群众留言答复期限（2026年6月30日）"]


def test_reception_days_remind_the_deputies_and_the_station(congress, station, station_staff, deputy, at):
    reception = Reception.objects.create(
        congress=congress,
        station=station,
        date=DUE,
        starts_at=dt.time(9),
        ends_at=dt.time(11),
        place="东湖路1号",
    )
    reception.deputies.add(deputy.deputy)
    with at(DUE - dt.timedelta(days=1)):
        jobs.run_reminders()
    expected = f"还有 1 天到期：接待日：{station.name} 09:00（2026年6月30日）"
    assert titles(deputy) == [expected] and titles(station_staff) == [expected]
