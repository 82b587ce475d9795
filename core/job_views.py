"""The job page: how far an import, export or document is, then its outcome (core.progress).

Only the person who started a job sees it (404 for anyone else). While it runs the page polls its
own status fragment with htmx; without JavaScript the page refreshes itself.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from core import progress
from core.downloads import export
from core.models import Job

POLL_SECONDS = 1


def _job(request, pk) -> Job:
    return progress.current(get_object_or_404(Job.objects.defer("result"), pk=pk, owner=request.user))


def _no_store(response):
    response["Cache-Control"] = "no-store"  # problem lists quote ID and phone numbers; passwords
    return response


@require_GET
@login_required
def job_detail(request, pk):
    job = _job(request, pk)
    context = {"job": job, "poll_seconds": POLL_SECONDS}
    if job.finished:
        # The initial passwords a roster import opened: on this one view only, then gone.
        context["once"] = progress.take_once(job)
    template = "core/job.html#status" if request.htmx else "core/job.html"
    return _no_store(render(request, template, context))


@require_GET
@login_required
def job_download(request, pk):
    job = get_object_or_404(Job, pk=pk, owner=request.user, state=Job.State.DONE)
    if not job.result_name or job.result is None:
        raise Http404("该任务没有结果文件")
    # Each download of a job's file is a bulk export of its own: audited like a one-step export.
    return export(request, bytes(job.result), job.result_name, what=job.title, rows=job.total or None)


@require_GET
@login_required
def job_once_download(request, pk):
    job = get_object_or_404(Job, pk=pk, owner=request.user, state=Job.State.DONE)
    kept = progress.take_once(job, "once-file")
    if not kept:
        return render(
            request,
            "core/error.html",
            {
                "title": "文件已下载过",
                "status": 410,
                "text": "初始密码文件只能下载一次，已经下载过或已过期。",
            },
            status=410,
        )
    name, content = kept
    return export(request, content, name, what=job.title + "（初始密码）", rows=job.total or None)
