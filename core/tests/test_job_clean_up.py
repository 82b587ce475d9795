"""Finished jobs do not pile up: the daily clean-up deletes those that ended more than the deployment's
retention period ago (JOB_RETENTION_DAYS, default 30 days), with their result files, in one audited go."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from conftest import client_for
from core import jobs, progress
from core.audit import DEPLOYMENT_CHAIN
from core.models import AuditEntry, Job

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 12, 7, 3, 30))


def job(owner, title, *, state=Job.State.DONE, started_days_ago, finished_days_ago=None, result=b"ok"):
    """A job started and (if ``finished_days_ago``) ended that many days before NOW."""
    row = Job.objects.create(owner=owner, kind="export", title=title, state=state, result_name="台账.xlsx")
    Job.objects.filter(pk=row.pk).update(
        created_at=NOW - dt.timedelta(days=started_days_ago),
        finished_at=None if finished_days_ago is None else NOW - dt.timedelta(days=finished_days_ago),
        result=result if finished_days_ago is not None else None,
    )
    return row


def titles():
    return sorted(Job.objects.values_list("title", flat=True))


def test_jobs_that_ended_over_thirty_days_ago_go_with_their_files_and_one_audit_entry(clerk):
    job(clerk, "去年的台账导出", started_days_ago=60, finished_days_ago=60)
    job(
        clerk,
        "失败的名册导入",
        state=Job.State.FAILED,
        started_days_ago=31,
        finished_days_ago=31,
        result=None,
    )
    job(clerk, "卡住的名册导入", state=Job.State.RUNNING, started_days_ago=45)
    job(clerk, "上周的台账导出", started_days_ago=7, finished_days_ago=7)
    job(clerk, "正在生成的报告", state=Job.State.RUNNING, started_days_ago=0)
    job(clerk, "刚满三十天", started_days_ago=30, finished_days_ago=30)

    assert progress.clean_up(now=NOW) == 3

    assert titles() == ["上周的台账导出", "刚满三十天", "正在生成的报告"]
    entry = AuditEntry.objects.get(action="clean_up")
    assert entry.chain == DEPLOYMENT_CHAIN and entry.congress_id is None and entry.actor_label == "系统"
    assert entry.changes["deleted"] == 3 and entry.changes["retention_days"] == 30
    assert entry.changes["by_state"] == {"done": 1, "failed": 1, "running": 1}
    assert "删除后台任务 3 个及其结果文件（保留 30 天）" in entry.note
    assert "已完成 1 个" in entry.note and "未完成 1 个" in entry.note and "进行中 1 个" in entry.note


def test_the_retention_period_is_a_deployment_setting(clerk, settings):
    settings.JOB_RETENTION_DAYS = 7
    job(clerk, "十天前的导出", started_days_ago=10, finished_days_ago=10)
    job(clerk, "五天前的导出", started_days_ago=5, finished_days_ago=5)
    assert progress.clean_up(now=NOW) == 1
    assert titles() == ["五天前的导出"]
    assert AuditEntry.objects.get(action="clean_up").changes["retention_days"] == 7


def test_nothing_old_enough_changes_nothing_and_writes_no_audit_entry(clerk):
    job(clerk, "昨天的导出", started_days_ago=1, finished_days_ago=1)
    assert progress.clean_up(now=NOW) == 0
    assert titles() == ["昨天的导出"]
    assert not AuditEntry.objects.filter(action="clean_up").exists()


def test_the_owner_of_a_cleaned_up_job_finds_its_page_gone_and_the_once_file_too(clerk):
    old = job(clerk, "去年的名册导入", started_days_ago=90, finished_days_ago=90)
    cache.set(f"job-once-file:{old.pk}", ("初始密码.xlsx", b"secret"), 3600)
    assert client_for(clerk).get(reverse("core:job", args=[old.pk])).status_code == 200
    progress.clean_up(now=NOW)
    assert client_for(clerk).get(reverse("core:job", args=[old.pk])).status_code == 404
    assert cache.get(f"job-once-file:{old.pk}") is None


def test_the_worker_runs_it_every_day_at_half_past_three_beijing_time():
    # Huey reads its crontab in UTC (settings.HUEY utc=True): 19:30 UTC is 03:30 in Beijing.
    due = [task.name for task in HUEY.read_periodic(dt.datetime(2026, 12, 7, 19, 30))]
    assert any(name.endswith("daily_job_clean_up") for name in due)
    assert not any(
        name.endswith("daily_job_clean_up")
        for name in (t.name for t in HUEY.read_periodic(dt.datetime(2026, 12, 7, 8, 0)))
    )


def test_the_daily_task_and_the_command_clean_up(clerk, capsys):
    job(clerk, "去年的台账导出", started_days_ago=400, finished_days_ago=400)
    assert jobs.daily_job_clean_up.call_local() == 1
    job(clerk, "前年的台账导出", started_days_ago=800, finished_days_ago=800)
    call_command("clean_up_jobs")
    assert "已删除 1 个后台任务（保留 30 天）" in capsys.readouterr().out
    assert titles() == []


def test_the_deadline_reminders_go_out_at_eight_in_the_morning_beijing_time():
    # 08:00 in Beijing is 00:00 UTC, the time Huey reads; not 08:00 UTC (16:00 in Beijing).
    due = [task.name for task in HUEY.read_periodic(dt.datetime(2026, 12, 7, 0, 0))]
    assert any(name.endswith("daily_reminders") for name in due)
    late = [task.name for task in HUEY.read_periodic(dt.datetime(2026, 12, 7, 8, 0))]
    assert not any(name.endswith("daily_reminders") for name in late)
