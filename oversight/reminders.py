"""Deadline reminders of oversight: the organ's written handling report on deliberation opinions (监督法)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accounts.models import Role
from accounts.queries import role_holders
from core import reminders
from oversight.models import DeliberationOpinions


def due_items():
    rows = DeliberationOpinions.objects.filter(
        status=DeliberationOpinions.Status.SENT, due_on__isnull=False
    ).select_related("unit")
    for o in rows.iterator(chunk_size=500):
        yield reminders.Due(
            key=f"oversight.opinions:{o.pk}:report",
            due_on=o.due_on,
            congress_id=o.congress_id,
            title="审议意见研究处理情况报送期限",
            subject=f"{o.title}（{o.unit}）",
            url=reverse("oversight:deliberation_opinions_detail", args=[o.pk]),
            recipients=role_holders(o.congress_id, Role.UNIT_HANDLER, unit_id=o.unit_id),
            escalate_to=role_holders(o.congress_id, Role.STAFF),
        )


def send_reminders(*, on: dt.date | None = None) -> int:
    return reminders.send(due_items(), source="oversight", on=on)
