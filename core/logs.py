"""Logging helpers: every line carries the request id; client errors (4xx) log no traceback; JSON
lines for production (LOG_FORMAT=json); phone and ID numbers masked in every line."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from contextvars import ContextVar

from core import cn

request_id: ContextVar[str] = ContextVar("renda_request_id", default="-")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class NoTracebackForClientErrors(logging.Filter):
    """A 403 or 404 is the visitor's mistake, not ours: one line, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


# Personal data never reaches a log line: a mobile number keeps its first 3 and last 4 digits, an
# ID number its region (6) and last 4 characters (core.cn's masks, as on the pages).
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)")


def scrub(text: str) -> str:
    """``text`` with every ID number and mobile number masked."""
    text = ID_NUMBER.sub(lambda m: cn.mask_id_number(m.group()), text)
    return MOBILE.sub(lambda m: cn.mask_phone(m.group()[-11:]), text)


def _context() -> dict:
    """The request id, and the signed-in user's id and the path of the request being served."""
    from core.audit import current_request

    request = current_request()
    user = getattr(request, "_cached_user", None)  # only if already loaded: a log line makes no query
    return {
        "request_id": request_id.get(),
        "user_id": user.pk if user is not None and user.is_authenticated else None,
        "path": getattr(request, "path", None),
    }


class TextFormatter(logging.Formatter):
    """The demo's plain lines, with personal data masked."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line (LOG_FORMAT=json, production's default): time, level, logger,
    message, request_id, user_id, path, and the traceback if any; personal data masked."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
            **_context(),
        }
        if record.exc_info:
            entry["exception"] = scrub(self.formatException(record.exc_info))
        elif record.exc_text:
            entry["exception"] = scrub(record.exc_text)
        return json.dumps(entry, ensure_ascii=False, default=str)
