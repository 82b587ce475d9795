"""Imports, exports and documents as jobs with progress: the one home of "start it, show how far it is".

    job = progress.start(owner=request.user, congress=request.congress, kind="import_roster",
                         title="导入代表名册", target="registry.roster.import_job", args=(...))
    return redirect(job)            # the job page polls until it is done

The target is a function ``target(progress, *args) -> Outcome`` run by the job queue (core.jobs:
in the worker with Redis, at once without). It reports ``progress.set_total(n)`` and
``progress.advance()``; those go to the cache, not the Job row, because a target that writes in
one transaction (an all-or-nothing import) would hide its own progress until it commits. The
outcome (message, every problem, the result file) is saved on the Job row when the target returns.

Secrets a job hands over once (a roster import's initial passwords) never reach the Job row: they
wait in the cache (ONCE_SECONDS) for the one page view and the one download that take them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from huey.contrib.djhuey import HUEY, db_task

from core.models import Job

log = logging.getLogger(__name__)

ONCE_SECONDS = 3600
STEPS = 50  # progress written at most this many times per job


@dataclass
class Outcome:
    """What a job ends with; ``errors`` are rows of the problem table (dicts of Chinese text)."""

    message: str
    ok: bool = True
    errors: Sequence[dict] = ()
    file_name: str = ""
    content: bytes | None = None
    next_url: str = ""
    once: Sequence[dict] = ()  # shown once, never stored in the database (initial passwords)
    once_file: tuple[str, bytes] | None = None  # downloadable once


@dataclass
class Progress:
    job_id: str
    total: int = 0
    done: int = 0
    _written: int = field(default=-1, repr=False)

    def set_total(self, total: int) -> None:
        self.total = max(0, int(total))
        self._write(force=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._write()

    def _write(self, force: bool = False) -> None:
        step = max(1, self.total // STEPS)
        if force or self.done - self._written >= step or self.done >= self.total:
            cache.set(_key(self.job_id), (self.done, self.total), ONCE_SECONDS)
            self._written = self.done


def _key(job_id, part: str = "progress") -> str:
    return f"job-{part}:{job_id}"


def start(*, owner, congress, kind: str, title: str, target: str, args: Sequence[Any] = ()) -> Job:
    """Record the job and queue it (once the caller's transaction, if any, commits: a worker must
    find the Job row). Run in-process (no Redis, tests) it runs now, inside that transaction."""
    job = Job.objects.create(
        owner=owner, congress_id=getattr(congress, "pk", congress), kind=kind, title=title[:200]
    )
    job_id = str(job.pk)
    if HUEY.immediate or not transaction.get_connection().in_atomic_block:
        run(job_id, target, list(args))
    else:
        transaction.on_commit(lambda: run(job_id, target, list(args)))
    return job


@db_task()
def run(job_id: str, target: str, args: list) -> None:
    Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(state=Job.State.RUNNING)
    progress = Progress(job_id)
    try:
        outcome = import_string(target)(progress, *args)
    except Exception:
        log.exception("后台任务 %s（%s）失败", job_id, target)
        outcome = Outcome(
            f"处理时发生错误，没有完成。请重试；如仍失败，请将任务编号 {job_id[:8]} 告知管理员。", ok=False
        )
    if outcome.once or outcome.once_file:
        cache.set(_key(job_id, "once"), list(outcome.once), ONCE_SECONDS)
        cache.set(_key(job_id, "once-file"), outcome.once_file, ONCE_SECONDS)
    Job.objects.filter(pk=job_id).update(
        state=Job.State.DONE if outcome.ok else Job.State.FAILED,
        total=progress.total,
        done=max(progress.done, progress.total) if outcome.ok else progress.done,
        message=outcome.message[:500],
        errors=list(outcome.errors),
        result_name=outcome.file_name[:200],
        result=outcome.content,
        next_url=outcome.next_url[:300],
        finished_at=timezone.now(),
    )
    cache.delete(_key(job_id))


def current(job: Job) -> Job:
    """``job`` with the progress a running target last reported."""
    if not job.finished:
        reported = cache.get(_key(job.pk))
        if reported:
            job.done, job.total = reported
    return job


def take_once(job: Job, part: str = "once"):
    """What the job hands over once (rows, or the file with ``part="once-file"``); None afterwards."""
    key = _key(job.pk, part)
    value = cache.get(key)
    # delete() answers whether this request removed it: of two racing requests only one shows it.
    return value if value is not None and cache.delete(key) else None


def retention_days() -> int:
    """How long a job and its result file are kept after it ends (settings.JOB_RETENTION_DAYS, at least 1)."""
    return max(1, int(getattr(settings, "JOB_RETENTION_DAYS", 30)))


def clean_up(now: dt.datetime | None = None) -> int:
    """Delete the jobs that ended more than the retention period ago, with their result files (kept in
    the row) and whatever they left in the cache; also jobs started that long ago that never ended (a
    worker stopped mid-job). One summary audit entry on the deployment's chain when any went; returns
    how many. A job's page then answers 404, as for a job that never existed."""
    from core import audit

    now = now or timezone.now()
    days = retention_days()
    cutoff = now - dt.timedelta(days=days)
    old = Job.objects.filter(Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff))
    with transaction.atomic():
        by_state = {row["state"]: row["n"] for row in old.values("state").annotate(n=Count("pk")).order_by()}
        ids = [str(pk) for pk in old.values_list("pk", flat=True)]
        if not ids:
            return 0
        for start in range(0, len(ids), 500):  # SQLite allows a limited number of query parameters
            Job.objects.filter(pk__in=ids[start : start + 500]).delete()
        labels = dict(Job.State.choices)
        audit.record(
            actor=None,
            action="clean_up",
            object_type="core.job",
            object_id=cutoff.date().isoformat(),
            object_repr=f"清理{cutoff.date().isoformat()}以前结束的后台任务",
            changes={"deleted": len(ids), "retention_days": days, "by_state": by_state},
            note=f"删除后台任务 {len(ids)} 个及其结果文件（保留 {days} 天）："
            + "，".join(f"{labels.get(state, state)} {n} 个" for state, n in sorted(by_state.items())),
        )
    cache.delete_many([_key(pk, part) for pk in ids for part in ("progress", "once", "once-file")])
    return len(ids)
