"""The public pages of replies to deputies' suggestions share the one public layout of the station
and 民生实事 pages: the congress's own name, no software code name, usable on a 390 px phone."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from suggestions import workflow
from suggestions.tests import factories as f


@pytest.fixture
def published(congress, clerk, deputy, unit, unit_handler):
    suggestion = f.replied(congress, deputy, clerk, unit, unit_handler)
    workflow.feedback(actor=deputy, suggestion=suggestion, rating="satisfied")
    return workflow.publish(actor=clerk, suggestion=suggestion)


def public_pages(congress, suggestion):
    return [f"/p/{congress.code}/suggestions/", f"/p/{congress.code}/suggestions/{suggestion.pk}/"]


@pytest.mark.django_db
def test_the_public_reply_pages_are_branded_with_the_congress_and_never_with_the_code_name(
    congress, published
):
    for url in public_pages(congress, published):
        page = Client().get(url).content.decode()
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        assert congress.name in title and "renda" not in title.lower(), url
        assert title.count(congress.name) == 1, url
        brand = re.search(r'class="navbar-brand[^"]*"[^>]*>(.*?)</a>', page, re.S).group(1)
        assert brand.strip() == congress.display_short_name, url
        assert "public-container" in page and "人大工作平台" not in page, url
        assert f'href="/p/{congress.code}/suggestions/"' in page, url  # back to the list from the bar


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_reply_pages_fit_a_390_px_phone(chromium, live_server, congress, published):
    from conftest import Page

    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = Page(context.new_page(), live_server.url)
    try:
        for url in public_pages(congress, published):
            page.goto(url)
            assert not page.overflows_horizontally(), url
            assert page.page.locator("nav .navbar-brand").inner_text() == congress.display_short_name
        assert page.errors == []
    finally:
        context.close()
