"""The page of the tree of bodies on a 390 px phone: a city's long list of bodies below it pages and
searches without running off the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from conftest import Page, make_congress
from registry.tests.tree import make_tree, staff_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_390(chromium, live_server):
    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = Page(context.new_page(), live_server.url)
    yield page
    context.close()


def test_the_city_office_reads_its_tree_on_a_phone(phone_390, congress, other_congress):
    tree = make_tree(congress, other_congress)
    for n in range(60):
        body = make_congress(f"town-{n}", f"第{n:02d}镇人民代表大会")
        body.kind, body.level, body.parent = "township_congress", "township", congress
        body.save()
    staff_of(tree.city, "city_clerk")
    phone_390.login("city_clerk")
    phone_390.goto("/registry/bodies/")
    page = phone_390.page
    assert page.locator("#bodies-below li").count() == 50
    assert "现有代表" in page.locator("#bodies-below").inner_text()
    assert not phone_390.overflows_horizontally()
    page.fill("input[name=q]", "第07镇")
    page.click("form[role=search] button[type=submit]")
    expect(page.locator("#bodies-below li")).to_have_count(1)  # waits for the page searched
    assert not phone_390.overflows_horizontally()
    assert phone_390.errors == []
