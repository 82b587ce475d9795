"""Security headers: a CSP without inline script or style, HSTS and Secure cookies in production, no-store on personal data."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from conftest import client_for

pytestmark = pytest.mark.django_db
ROOT = Path(settings.BASE_DIR)


def test_pages_carry_a_csp_without_unsafe_inline(clerk):
    response = client_for(clerk).get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


def test_no_template_has_inline_script_style_or_event_handler():
    offenders = []
    for path in ROOT.glob("*/templates/**/*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or "<style" in text:
            offenders.append(f"{path}: inline <script>/<style>")
        if re.search(r'\sstyle="', text) or re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{path}: style= or on…= attribute")
    assert offenders == []


def test_htmx_is_told_not_to_inject_its_indicator_style(clerk):
    assert "includeIndicatorStyles" in client_for(clerk).get("/").content.decode()


def test_production_settings_turn_on_hsts_and_secure_cookies(monkeypatch):
    import importlib

    from config import settings as production

    monkeypatch.delenv("SECURE_COOKIES", raising=False)
    monkeypatch.delenv("DEBUG", raising=False)
    monkeypatch.delenv("SECURE_HSTS_SECONDS", raising=False)
    try:
        fresh = importlib.reload(production)
        assert fresh.SESSION_COOKIE_SECURE and fresh.CSRF_COOKIE_SECURE
        assert fresh.SECURE_HSTS_SECONDS >= 31536000
        monkeypatch.setenv("SECURE_COOKIES", "false")
        demo = importlib.reload(production)
        assert not demo.SESSION_COOKIE_SECURE and demo.SECURE_HSTS_SECONDS == 0
    finally:
        monkeypatch.undo()
        importlib.reload(production)


def test_signed_in_pages_are_not_stored_by_browsers_or_proxies(clerk):
    response = client_for(clerk).get("/")
    assert "no-store" in response["Cache-Control"]


def test_public_pages_without_personal_data_may_be_cached(congress):
    response = Client().get(f"/p/{congress.code}/")
    assert "no-store" not in response.get("Cache-Control", "")
