"""Jobs with progress (core.progress): the page shows how far a job is, then its outcome; a job
that fails says so in Chinese; only its owner sees it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import client_for
from core import progress
from core.models import AuditEntry, Job

pytestmark = pytest.mark.django_db

seen: list = []


def counting(p, n):
    p.set_total(n)
    for _ in range(n):
        p.advance()
        seen.append(progress.current(Job.objects.get(pk=p.job_id)).done)
    return progress.Outcome(f"处理了 {n} 条。", file_name="结果.txt", content=b"ok")


def failing(p):
    p.set_total(3)
    p.advance()
    raise RuntimeError("boom")


def test_a_running_job_reports_its_progress_and_ends_with_its_file(clerk, congress):
    seen.clear()
    job = progress.start(
        owner=clerk,
        congress=congress,
        kind="test",
        title="测试任务",
        target="core.tests.test_progress.counting",
        args=(4,),
    )
    assert seen == [1, 2, 3, 4]
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.percent) == (Job.State.DONE, 4, 4, 100)
    client = client_for(clerk)
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert "处理了 4 条。" in page and "已完成" in page and "下载 结果.txt" in page
    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert download.content == b"ok" and download["Cache-Control"] == "no-store"
    # Fetching the file is a bulk export: one audit entry naming the job and its rows.
    exported = AuditEntry.objects.get(action="export", actor_id=clerk.pk)
    assert exported.object_repr == "测试任务" and exported.changes == {"rows": 4}


def test_a_failing_job_says_so_and_keeps_how_far_it_got(clerk, congress):
    job = progress.start(
        owner=clerk,
        congress=congress,
        kind="test",
        title="测试任务",
        target="core.tests.test_progress.failing",
    )
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (Job.State.FAILED, 1, 3)
    page = client_for(clerk).get(reverse("core:job", args=[job.pk])).content.decode()
    assert "处理时发生错误，没有完成" in page and "boom" not in page
    assert client_for(clerk).get(reverse("core:job_download", args=[job.pk])).status_code == 404


def test_the_page_polls_its_fragment_while_the_job_runs(clerk, congress):
    job = Job.objects.create(owner=clerk, congress_id=congress.pk, kind="test", title="排队的任务")
    progress.Progress(str(job.pk)).set_total(10)
    client = client_for(clerk)
    page = client.get(reverse("core:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "排队中" in page and "0 / 10" in page
    fragment = client.get(reverse("core:job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="job-status"') and "<html" not in fragment


def test_another_user_gets_404(clerk, leader, congress):
    job = Job.objects.create(owner=clerk, congress_id=congress.pk, kind="test", title="测试任务")
    assert client_for(leader).get(reverse("core:job", args=[job.pk])).status_code == 404
