"""Browser contexts for the materials tests: a 390 px phone and an office desk."""

import pytest

from materials.tests.helpers import PHONE_390


@pytest.fixture
def phone(chromium, live_server):
    from conftest import Page

    context = chromium.new_context(viewport=PHONE_390, is_mobile=True, has_touch=True, locale="zh-CN")
    yield Page(context.new_page(), live_server.url)
    context.close()


@pytest.fixture
def desk(chromium, live_server):
    from conftest import Page

    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield Page(context.new_page(), live_server.url)
    context.close()
