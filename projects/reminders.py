"""Deadline reminders of livelihood projects: each milestone of an adopted project's plan."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accounts.models import Role
from accounts.queries import role_holders
from core import reminders
from projects.models import Milestone, Project


def due_items():
    rows = Milestone.objects.filter(
        done_on__isnull=True, project__status=Project.Status.ADOPTED
    ).select_related("project", "project__lead_unit")
    for m in rows.iterator(chunk_size=500):
        project = m.project
        congress_id = project.congress_id
        yield reminders.Due(
            key=f"projects.milestone:{m.pk}",
            due_on=m.due_on,
            congress_id=congress_id,
            title=f"民生实事项目节点“{m.title}”计划完成日期",
            subject=f"{project.title}（牵头单位：{project.lead_unit}）",
            url=reverse("projects:project_detail", args=[project.pk]),
            recipients=role_holders(congress_id, Role.UNIT_HANDLER, unit_id=project.lead_unit_id),
            escalate_to=role_holders(congress_id, Role.STAFF),
        )


def send_reminders(*, on: dt.date | None = None) -> int:
    return reminders.send(due_items(), source="projects", on=on)
