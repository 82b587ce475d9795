"""Implementation (实施) of an adopted project: the plan's milestones and progress reports.

No status changes here (an adopted project stays adopted until it is evaluated); each write is
atomic, checks the permission on the locked project and records one audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from core import audit
from core.dates import today
from core.workflow import TransitionRefused
from projects import permissions as perms
from projects.models import Milestone, ProgressReport, Project
from projects.workflow_proposal import save_files

PR = Project.Status


def add_milestone(project: Project, *, actor, title: str, due_on: dt.date, request=None) -> Milestone:
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not perms.can_plan(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status != PR.ADOPTED:
            raise TransitionRefused("只有票决通过、正在实施的项目才能制定实施方案。")
        milestone = Milestone.objects.create(project=locked, title=title.strip(), due_on=due_on)
        audit.record(
            actor=actor,
            action="add_milestone",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"milestone": [None, {"title": milestone.title, "due_on": due_on}]},
        )
    return milestone


def complete_milestone(milestone: Milestone, *, actor, done_on: dt.date, request=None) -> Milestone:
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
        if not perms.can_plan(actor, locked.project):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.done_on is not None:
            raise TransitionRefused("该节点已经完成。")
        if done_on > today():
            raise TransitionRefused("完成日期不能晚于今天。")
        locked.done_on = done_on
        locked.save(update_fields=["done_on"])
        audit.record(
            actor=actor,
            action="complete_milestone",
            obj=locked.project,
            congress=locked.project.congress_id,
            request=request,
            changes={"milestone": locked.title, "done_on": [None, done_on]},
        )
    return locked


def report_progress(
    project: Project,
    *,
    actor,
    reported_on: dt.date,
    percent: int,
    text: str,
    spent: Decimal,
    photos: Sequence = (),
    request=None,
) -> ProgressReport:
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not perms.can_report_progress(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status not in (PR.ADOPTED, PR.EVALUATED):
            raise TransitionRefused("只有票决通过的项目才报告进度。")
        report = ProgressReport.objects.create(
            project=locked,
            reported_on=reported_on,
            percent=percent,
            text=text.strip(),
            spent=spent,
            author=actor,
        )
        save_files(photos, report=report)
        audit.record(
            actor=actor,
            action="report_progress",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"percent": percent, "spent": spent, "reported_on": reported_on},
        )
    return report
