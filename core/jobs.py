"""Background jobs on Huey: notification delivery with retry and backoff, the daily reminders, and the
daily clean-up of finished jobs (core.progress.clean_up).

Production (REDIS_URL set) queues jobs in Redis and runs them in the worker (`renda run_huey`);
without Redis (the demo, tests) jobs run in-process at once, so nothing waits for a worker that
is not there. Huey was chosen over a home-made queue and over PostgreSQL-only libraries because
the same code runs on the demo's SQLite and on production's Redis (docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.module_loading import import_string
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from core import channels, cn, progress
from core.models import Notification

log = logging.getLogger(__name__)

ATTEMPTS = 7
FIRST_DELAY = 30  # seconds before the second attempt; doubled each time: 30 s, 1, 2, 4, 8, 16 min


def backoff(attempt: int) -> int:
    """Seconds to wait after failed attempt number ``attempt`` (1-based), growing exponentially."""
    return FIRST_DELAY * 2 ** (attempt - 1)


@db_task()
def deliver(backend_path: str, notification_ids: list[int], attempt: int = 1) -> int:
    """Hand the saved notifications to one channel; a failure is tried again later, never lost silently."""
    rows = list(Notification.objects.filter(pk__in=notification_ids).select_related("user"))
    if not rows:
        return 0
    try:
        import_string(backend_path)(rows)
    except Exception as exc:  # noqa: BLE001 — any channel failure: log it and try again with backoff
        if attempt >= ATTEMPTS:
            log.error(
                "通知渠道 %s 第 %s 次发送仍失败，已放弃：通知 %s（%s）",
                backend_path,
                attempt,
                notification_ids,
                exc,
            )
            return 0
        log.warning(
            "通知渠道 %s 第 %s 次发送失败，%s 秒后重试：%s", backend_path, attempt, backoff(attempt), exc
        )
        deliver.schedule(args=(backend_path, notification_ids, attempt + 1), delay=backoff(attempt))
        return 0
    return len(rows)


@db_task()
def send_text(mobile: str, text: str, attempt: int = 1) -> bool:
    """One SMS to a number without an inbox (a citizen, core.citizen_sms; a deputy's first password),
    retried with backoff like deliver. The log shows the number masked: a phone is personal data."""
    try:
        channels.send_sms(mobile, text)
    except channels.ChannelError as exc:
        if attempt >= ATTEMPTS:
            log.error("致 %s 的短信第 %s 次发送仍失败，已放弃（%s）", cn.mask_phone(mobile), attempt, exc)
            return False
        log.warning(
            "致 %s 的短信第 %s 次发送失败，%s 秒后重试：%s",
            cn.mask_phone(mobile),
            attempt,
            backoff(attempt),
            exc,
        )
        send_text.schedule(args=(mobile, text, attempt + 1), delay=backoff(attempt))
        return False
    log.info("已向 %s 发送短信", cn.mask_phone(mobile))
    return True


def run_reminders() -> dict[str, int]:
    """Every app's reminder function (settings.REMINDER_PROVIDERS): how many reminders each sent."""
    sent = {}
    for path in getattr(settings, "REMINDER_PROVIDERS", []):
        try:
            sent[path] = import_string(path)() or 0
        except Exception:
            log.exception("提醒任务 %s 失败", path)
            sent[path] = -1
    return sent


def local_crontab(hour: int, minute: int = 0):
    """A daily crontab at the deployment's local time (settings.TIME_ZONE, Beijing by default).

    Huey runs with utc=True (settings.HUEY), so its crontab reads UTC; China keeps no summer time,
    so the local hour is one fixed offset away (a zone with summer time would be an hour off for
    part of the year)."""
    offset = dt.datetime(2026, 1, 1, tzinfo=ZoneInfo(settings.TIME_ZONE)).utcoffset() or dt.timedelta()
    at = dt.datetime(2026, 1, 1, hour, minute) - offset
    return crontab(hour=str(at.hour), minute=str(at.minute))


# 08:00 local time: the day's deadline reminders reach people as their working day begins.
@db_periodic_task(local_crontab(8))
def daily_reminders() -> dict[str, int]:
    return run_reminders()


# 03:30 local time, a quiet hour for the deletes.
@db_periodic_task(local_crontab(3, 30))
def daily_job_clean_up() -> int:
    """Finished jobs and their result files older than settings.JOB_RETENTION_DAYS (core.progress.clean_up)."""
    return progress.clean_up()
