"""Notifications: queued inside the caller's transaction, delivered when it commits.

    notify.send([handler], title="新交办建议：第17号", url=..., kind="assign", congress=c)

Every notification is stored in-app; settings.NOTIFICATION_BACKENDS may add channels
(core.channels: email, SMS gateway, 企业微信/钉钉 robots), delivered from the job queue.
Nothing is sent for a transaction that rolls back.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from core import jobs
from core.models import Notification

log = logging.getLogger(__name__)


def send(users, *, title: str, body: str = "", url: str = "", kind: str = "", congress=None) -> None:
    users = [u for u in users if u is not None]
    if not users:
        return
    congress_id = getattr(congress, "pk", congress)

    def deliver():
        rows = Notification.objects.bulk_create(
            Notification(
                user=u, congress_id=congress_id, title=title[:200], body=body, url=url[:300], kind=kind
            )
            for u in users
        )
        ids = [row.pk for row in rows]
        for path in getattr(settings, "NOTIFICATION_BACKENDS", []):
            # Other channels go through the job queue: a slow or failing gateway never stalls the
            # request, and a failure is retried with backoff (core.jobs.deliver).
            try:
                jobs.deliver(path, ids)
            except Exception:  # the in-app copy is saved; a channel that fails even to queue is logged
                log.exception("notification backend %s failed", path)

    transaction.on_commit(deliver)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
