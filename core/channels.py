"""Notification channels beyond the in-app inbox, each an adapter taking the saved Notification rows.

List the ones a deployment uses in NOTIFICATION_BACKENDS (comma-separated dotted paths), e.g.
``core.channels.email,core.channels.sms,core.channels.wecom``. Each is called from the job queue
(core.jobs.deliver), so a slow or failing gateway is retried and never stalls a page. A channel
raises ChannelError when its gateway refuses; the job then tries again later.

- email: Django's SMTP settings (EMAIL_HOST…), to users with an email address;
- sms: a generic HTTP gateway: POST JSON to SMS_GATEWAY_URL, body built from SMS_TEMPLATE;
- wecom / dingtalk: 企业微信 / 钉钉 group robots by webhook (DingTalk signed when DINGTALK_SECRET is set).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import string
import time
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.mail import send_mail

TIMEOUT = 10


class ChannelError(Exception):
    """A gateway did not accept a message."""


def _post_json(url: str, payload: dict, headers: dict | None = None) -> dict:
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            body = response.read().decode() or "{}"
    except OSError as exc:
        raise ChannelError(f"网关不可达：{exc}") from exc
    try:
        return json.loads(body)
    except ValueError:
        return {}


def _text(row) -> str:
    return f"{row.title}\n{row.body}".strip()


def email(rows) -> None:
    for row in rows:
        if row.user.email:
            send_mail(
                row.title, f"{row.body}\n\n{row.url}".strip(), None, [row.user.email], fail_silently=False
            )


def render_sms(template: str, *, title: str, body: str = "", url: str = "", code: str = "") -> str:
    """The SMS text from the deployment's template; unknown placeholders stay as written."""

    class Keep(dict):
        def __missing__(self, key):
            return "{" + key + "}"

    return string.Formatter().vformat(template, (), Keep(title=title, body=body[:70], url=url, code=code))


def send_sms(mobile: str, text: str) -> None:
    """One SMS through the gateway; raises ChannelError when it does not confirm."""
    url = getattr(settings, "SMS_GATEWAY_URL", "")
    if not url or not mobile:
        return
    token = getattr(settings, "SMS_GATEWAY_TOKEN", "")
    answer = _post_json(
        url,
        {"mobile": mobile, "content": text, "sign": getattr(settings, "SMS_SIGN", "")},
        {"Authorization": f"Bearer {token}"} if token else None,
    )
    if str(answer.get("code", "0")) not in ("0", "200", "OK", "ok"):
        raise ChannelError(f"短信网关拒绝：{answer.get('message', answer)}")


def sms(rows) -> None:
    template = getattr(settings, "SMS_TEMPLATE", "【{sign}】{title}")
    sign = getattr(settings, "SMS_SIGN", "")
    for row in rows:
        mobile = getattr(row.user, "mobile", "")
        if mobile:
            send_sms(
                mobile,
                render_sms(template.replace("{sign}", sign), title=row.title, body=row.body, url=row.url),
            )


def wecom(rows) -> None:
    url = getattr(settings, "WECOM_WEBHOOK_URL", "")
    if not url:
        return
    for row in rows:
        answer = _post_json(url, {"msgtype": "text", "text": {"content": _text(row)}})
        if answer.get("errcode", 0) != 0:
            raise ChannelError(f"企业微信机器人拒绝：{answer.get('errmsg', answer)}")


def dingtalk_signed_url(url: str, secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature: HMAC-SHA256 of "timestamp\\nsecret", base64, URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}&timestamp={timestamp_ms}&sign={sign}"


def dingtalk(rows) -> None:
    url = getattr(settings, "DINGTALK_WEBHOOK_URL", "")
    if not url:
        return
    secret = getattr(settings, "DINGTALK_SECRET", "")
    for row in rows:
        target = dingtalk_signed_url(url, secret, int(time.time() * 1000)) if secret else url
        answer = _post_json(target, {"msgtype": "text", "text": {"content": _text(row)}})
        if answer.get("errcode", 0) != 0:
            raise ChannelError(f"钉钉机器人拒绝：{answer.get('errmsg', answer)}")
