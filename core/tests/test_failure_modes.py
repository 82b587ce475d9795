"""When something behind renda fails: Redis down, the database refusing, a view crashing."""

import io
import json
import logging

import psycopg_pool
import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import path

from config import urls as root_urls
from conftest import PASSWORD
from core import views as core_views
from stations.tests.helpers import code_from, post_message

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": {"BACKEND": "core.cache.FallbackRedisCache", "LOCATION": CLOSED_PORT}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    from django.core.cache import cache

    assert cache.get("anything") is None  # unreachable, degrades to a miss
    yield


@pytest.mark.django_db
def test_with_redis_down_sign_in_and_pages_work(redis_down, clerk):
    client = Client()
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "clerk", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/suggestions/").status_code == 200


@pytest.mark.django_db
def test_with_redis_down_the_public_form_works(redis_down, station):
    client = Client()
    response = post_message(client, station)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert code_from(response)


@pytest.mark.django_db
def test_with_redis_down_rate_limits_still_count_in_the_process(redis_down):
    from core import ratelimit

    assert [ratelimit.allow("t", "x", limit=2, window=60) for _ in range(3)] == [True, True, False]


def crash(request):
    raise RuntimeError("boom")


def forbid(request):
    raise PermissionDenied("no")


def database_gone(request):
    raise psycopg_pool.PoolTimeout("couldn't get a connection after 30.00 sec")


def database_restarted(request):
    raise OperationalError("terminating connection due to administrator command")


urlpatterns = [
    path("crash/", crash),
    path("forbid/", forbid),
    path("pool/", database_gone),
    path("restart/", database_restarted),
    *root_urls.urlpatterns,
]
handler500 = core_views.server_error
handler403 = core_views.permission_denied


@pytest.fixture
def crashing_client(db):
    with override_settings(ROOT_URLCONF="core.tests.test_failure_modes"):
        yield Client(raise_request_exception=False)


@pytest.mark.parametrize("url", ["/crash/", "/pool/", "/restart/"])
def test_a_500_is_a_chinese_page_with_the_request_id_that_is_logged(crashing_client, url, caplog):
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = crashing_client.get(url)
    assert response.status_code == 500
    page = response.content.decode()
    request_id = response["X-Request-ID"]
    assert "系统出错" in page and request_id in page and len(request_id) == 12
    assert response["Cache-Control"] == "no-store"
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.exc_info is not None
    from core.logs import RequestIdFilter

    RequestIdFilter().filter(record)  # as the handler would; the id was set while the request ran
    assert "Internal Server Error" in record.getMessage()


def test_the_request_id_is_on_every_log_line(crashing_client):
    from config import settings as production
    from core.logs import request_id

    assert (
        "%(request_id)s" in production.LOGGING["formatters"]["plain"]["fmt"]
    )  # JSON lines: core/tests/test_logs.py
    assert request_id.get() == "-"  # outside a request


def test_a_403_logs_one_line_without_a_traceback(crashing_client):
    from core.logs import NoTracebackForClientErrors

    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep()
    handler.addFilter(NoTracebackForClientErrors())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = crashing_client.get("/forbid/")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 403 and "没有权限" in response.content.decode()
    assert records and all(r.exc_info is None for r in records)


def test_the_ballot_short_path_answers_json_in_chinese_when_the_pool_times_out(monkeypatch, caplog):
    from meetings import device_api

    class Pool:
        def connection(self):
            raise psycopg_pool.PoolTimeout("couldn't get a connection after 30.00 sec")

    monkeypatch.setattr(device_api, "_pool", lambda: Pool())
    app = device_api.wrap(lambda environ, start_response: pytest.fail("Django should not be reached"))
    body = b"choice=yes"
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/meetings/api/votes/7/cast/",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_X_BALLOT_TOKEN": device_api.issue_ballot_token(3, 5),
        "wsgi.input": io.BytesIO(body),
    }
    seen = {}
    with caplog.at_level(logging.ERROR, logger="renda.meetings.device_api"):
        payload = json.loads(b"".join(app(environ, lambda status, headers: seen.update(status=status))))
    assert seen["status"].startswith("503")
    assert payload["error"] == device_api.DATABASE_UNAVAILABLE
    assert any(payload["request_id"] in r.getMessage() and r.exc_info for r in caplog.records)
