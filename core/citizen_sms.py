"""SMS to a citizen who asked for it (短信通知我办理进展): the tracking code, then each change the public sees.

A citizen has no account, so the in-app inbox and NOTIFICATION_BACKENDS cannot reach them: the
text goes straight to the SMS gateway (core.channels.send_sms) from the job queue
(core.jobs.send_text), with the same retry and backoff, and only after the transaction that
caused it commits. The wording is each congress's (settings section ``citizen_sms``); the
deployment's SMS_TRACKING_TEMPLATE / SMS_STATUS_TEMPLATE are the defaults. Logs show the number
masked (core.cn.mask_phone).
"""

from __future__ import annotations

import string

from django.conf import settings
from django.db import transaction

from core.congress_settings import Section, Setting, register

PLACEHOLDERS = "占位符：{sign} 短信签名，{item} 事项（留言、项目建议），{code} 查询码"

SECTION = register(
    Section(
        "citizen_sms",
        "短信告知群众",
        (
            Setting(
                "tracking_template",
                settings.SMS_TRACKING_TEMPLATE,
                "受理短信",
                f"群众勾选“短信通知我办理进展”后，提交时收到的短信。{PLACEHOLDERS}。",
            ),
            Setting(
                "status_template",
                settings.SMS_STATUS_TEMPLATE,
                "办理进展短信",
                f"办理状态（群众在查询页看到的）每次变化时的短信。{PLACEHOLDERS}，{{status}} 新的办理状态。",
            ),
        ),
    )
)


def render(template: str, **values: str) -> str:
    """The text of ``template`` with ``values``; an unknown placeholder stays as written, a broken
    template (a lone brace typed on the settings page) falls back to the deployment's default."""

    class Keep(dict):
        def __missing__(self, key):
            return "{" + key + "}"

    values = {"sign": getattr(settings, "SMS_SIGN", ""), **values}
    values.setdefault("title", values.get("status", ""))  # {title}: the name templates used before {status}
    try:
        return string.Formatter().vformat(template, (), Keep(values))
    except (ValueError, IndexError):
        return ""


def _text(congress, key: str, **values: str) -> str:
    return render(SECTION.value(congress, key), **values) or render(SECTION[key].default, **values)


def send_tracking_code(congress, mobile: str, *, item: str, code: str) -> None:
    """Queue the SMS with the tracking code, to go once the caller's transaction commits."""
    _queue(mobile, _text(congress, "tracking_template", item=item, code=code))


def send_status(congress, mobile: str, *, item: str, code: str, status: str) -> None:
    """Queue the SMS telling the new status the public sees, once the caller's transaction commits."""
    _queue(mobile, _text(congress, "status_template", item=item, code=code, status=status))


def _queue(mobile: str, text: str) -> None:
    from core import jobs

    if mobile and text:
        transaction.on_commit(lambda: jobs.send_text(mobile, text))
