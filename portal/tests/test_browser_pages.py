"""Every page each demo account reaches renders in Chinese at phone width with no console errors."""

import pytest
from django.test import Client

from accounts.models import User
from core.tests.crawl import crawl
from portal.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("username", ["staff", "leader", "deputy", "unit", "station"])
def test_pages_work_on_a_phone_without_console_errors(demo, phone_page, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    pages = crawl(client, per_shape=1).pages
    phone_page.login(username, DEMO_PASSWORD)
    problems = []
    for path in pages:
        response = phone_page.goto(path)
        phone_page.page.wait_for_load_state("networkidle")
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
        if phone_page.page.get_attribute("html", "lang") != "zh-CN":
            problems.append(f"{path}: 页面语言不是中文")
        if phone_page.overflows_horizontally():
            problems.append(f"{path}: 页面在手机宽度下横向溢出")
    assert problems == [] and phone_page.errors == [], (problems, phone_page.errors)
