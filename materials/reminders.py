"""Deadline reminders of consultations (征求意见): the deputies consulted who have not answered yet,
on the configured lead days before the deadline. None once it has passed: no answer is taken then."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from core import reminders
from materials.models import Answer, Consultation
from materials.workflow import consulted_users


def due_items():
    rows = Consultation.objects.filter(status=Consultation.Status.OPEN, deadline__gte=timezone.now())
    for c in rows.iterator(chunk_size=100):
        answered = set(Answer.objects.filter(consultation=c).values_list("deputy__user_id", flat=True))
        yield reminders.Due(
            key=f"materials.consultation:{c.pk}:answer",
            due_on=timezone.localdate(c.deadline),
            congress_id=c.congress_id,
            title=f"征求意见截止：{c.title}",
            subject=f"请于 {timezone.localtime(c.deadline):%Y-%m-%d %H:%M} 前提出意见",
            url=reverse("materials:consultation_answer", args=[c.pk]),
            recipients=[u for u in consulted_users(c) if u.pk not in answered],
        )


def send_reminders(*, on: dt.date | None = None) -> int:
    return reminders.send(due_items(), source="materials", on=on)
