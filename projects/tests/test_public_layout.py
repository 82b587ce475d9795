"""The public 民生实事 pages share the public layout of the station pages: the congress's own name,
no software code name, styled forms, usable on a 390 px phone."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from projects import workflow_call

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def open_call(congress, clerk):
    today = dt.date.today()
    return workflow_call.open_call(
        congress,
        actor=clerk,
        year=today.year,
        title=f"{today.year}年度民生实事项目征集",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=40),
    )


def public_pages(congress, call):
    code = congress.code
    return [
        reverse("projects_public:index", args=[code]),
        reverse("projects_public:propose", args=[code]),
        reverse("projects_public:track", args=[code]),
        reverse("projects_public:year", args=[code, call.year]),
        reverse("stations_public:station_list", args=[code]),
    ]


@pytest.mark.django_db
def test_every_public_page_is_branded_with_the_congress_and_never_with_the_code_name(congress, open_call):
    for url in public_pages(congress, open_call):
        page = Client().get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert congress.name in title and "renda" not in title.lower(), url
        brand = re.search(r'class="navbar-brand[^"]*"[^>]*>(.*?)</a>', page, re.S).group(1)
        assert brand.strip() == congress.display_short_name, url
        assert "public-container" in page and "人大工作平台" not in page, url


@pytest.mark.django_db
def test_the_proposal_form_is_styled_like_the_station_form(congress, open_call):
    page = Client().get(reverse("projects_public:propose", args=[congress.code])).content.decode()
    for name in ("title", "description", "mobile", "captcha"):
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page).group(0)
        assert "form-control" in tag, name
    assert re.search(r'<select[^>]*class="[^"]*form-select[^"]*"[^>]*name="subdistrict"', page) or re.search(
        r'<select[^>]*name="subdistrict"[^>]*class="[^"]*form-select', page
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_proposal_form_fits_a_390_px_phone(chromium, live_server, congress, open_call, tmp_path):
    from conftest import Page

    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = Page(context.new_page(), live_server.url)
    try:
        for url in public_pages(congress, open_call):
            page.goto(url)
            assert not page.overflows_horizontally(), url
        page.goto(reverse("projects_public:propose", args=[congress.code]))
        assert page.page.locator("nav .navbar-brand").inner_text() == congress.display_short_name
        assert page.page.locator("button[type=submit]").is_visible()
        page.page.screenshot(path=str(tmp_path / "projects-public-propose-390.png"), full_page=True)
    finally:
        context.close()
