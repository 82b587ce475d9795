"""Deadline reminders of liaison stations: referring a message (office), replying to it (unit),
and the reception days the station's deputies are to attend."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accounts.models import Role
from accounts.queries import role_holders
from core import reminders
from stations.models import Message, Reception


def due_items():
    messages = Message.objects.filter(
        status__in=[Message.Status.AWAITING_REFERRAL, Message.Status.REFERRED]
    ).select_related("unit")
    for m in messages.iterator(chunk_size=500):
        url = reverse("stations:message_detail", args=[m.pk])
        subject = f"{m.get_topic_display()}（查询码 {m.display_code}）"
        if m.status == Message.Status.AWAITING_REFERRAL and m.refer_due:
            yield reminders.Due(
                key=f"stations.message:{m.pk}:refer",
                due_on=m.refer_due,
                congress_id=m.congress_id,
                title="群众留言转办期限",
                subject=subject,
                url=url,
                recipients=role_holders(m.congress_id, Role.STAFF),
            )
        elif m.status == Message.Status.REFERRED and m.reply_due and m.unit_id:
            yield reminders.Due(
                key=f"stations.message:{m.pk}:reply",
                due_on=m.reply_due,
                congress_id=m.congress_id,
                title="转办群众留言答复期限",
                subject=subject,
                url=url,
                recipients=role_holders(m.congress_id, Role.UNIT_HANDLER, unit_id=m.unit_id),
                escalate_to=role_holders(m.congress_id, Role.STAFF),
            )
    receptions = Reception.objects.filter(status=Reception.Status.SCHEDULED).select_related("station")
    for r in receptions.prefetch_related("deputies__user").iterator(chunk_size=200):
        yield reminders.Due(
            key=f"stations.reception:{r.pk}",
            due_on=r.date,
            congress_id=r.station.congress_id,
            title=f"接待日：{r.station.name} {r.starts_at:%H:%M}",
            subject=r.place or r.station.address,
            url=reverse("stations:reception_detail", args=[r.pk]),
            recipients=[d.user for d in r.deputies.all() if d.user_id]
            + role_holders(r.station.congress_id, Role.STATION_STAFF, station_id=r.station_id),
        )


def send_reminders(*, on: dt.date | None = None) -> int:
    return reminders.send(due_items(), source="stations", on=on)
