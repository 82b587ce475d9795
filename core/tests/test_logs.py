"""Log lines: JSON in production (one object per line with the request id, user and path), plain
text for the demo; phone and ID numbers masked in both."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse

from core.logs import JsonFormatter, RequestIdFilter, TextFormatter, scrub
from core.middleware import RequestIdMiddleware

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def captured():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("renda.test_logs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield logger, handler, stream
    logger.removeHandler(handler)


@pytest.mark.django_db
def test_a_json_line_carries_the_request_the_user_and_no_personal_data(rf, clerk, captured):
    logger, handler, stream = captured
    handler.setFormatter(JsonFormatter())
    request = rf.get("/suggestions/")
    request._cached_user = clerk  # as AuthenticationMiddleware leaves it once the user is loaded

    def view(request):
        logger.warning("短信发送失败：%s，身份证 %s", "13800138000", "11010119900307803X")
        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(request)

    line = json.loads(stream.getvalue())
    assert line["request_id"] == response["X-Request-ID"]
    assert (line["user_id"], line["path"]) == (clerk.pk, "/suggestions/")
    assert (line["level"], line["logger"]) == ("WARNING", "renda.test_logs")
    assert line["message"] == "短信发送失败：138****8000，身份证 110101********803X"
    assert dt.datetime.fromisoformat(line["time"]).tzinfo is not None
    assert stream.getvalue().count("\n") == 1


def test_a_traceback_stays_on_the_one_line(captured):
    logger, handler, stream = captured
    handler.setFormatter(JsonFormatter())
    try:
        raise ValueError("手机 13900139000 无法送达")
    except ValueError:
        logger.exception("发送失败")
    line = json.loads(stream.getvalue())
    assert "ValueError" in line["exception"] and "139****9000" in line["exception"]
    assert line["request_id"] == "-" and line["user_id"] is None and line["path"] is None


def test_the_demos_text_lines_are_masked_too(captured):
    logger, handler, stream = captured
    handler.setFormatter(TextFormatter("%(levelname)s [%(request_id)s] %(message)s"))
    logger.info("致 +86 13800138000 的短信")
    assert stream.getvalue().strip() == "INFO [-] 致 138****8000 的短信"


def test_numbers_that_are_not_phones_stay():
    assert scrub("第 20260101 号，共 12345678901234 元") == "第 20260101 号，共 12345678901234 元"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"RENDA_PRODUCTION": "true", "SECRET_KEY": "k" * 60}, "json"),
        ({}, "plain"),
        ({"LOG_FORMAT": "json"}, "json"),
    ],
)
def test_production_logs_json_by_default_and_the_demo_text(env, expected):
    code = "import config.settings as s; print(s.LOG_FORMAT)"
    clean = {"PATH": os.environ.get("PATH", ""), **env}
    out = subprocess.run(
        [sys.executable, "-c", code], check=False, cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert out.stdout.strip() == expected, out.stderr
