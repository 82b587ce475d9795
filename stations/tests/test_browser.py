"""In headless Chromium on a 375px phone: leave a message, then read the tracking page."""

import re

import pytest

from stations.models import Message

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def solve(page) -> str:
    """The captcha is a picture; the test reads the answer from the browser's server-side session."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    from core import captcha

    key = next(c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    store = import_string(settings.SESSION_ENGINE).SessionStore(session_key=key)
    return str(store[captcha.SESSION_KEY])


def test_a_citizen_posts_from_a_phone_and_reads_the_tracking_page(phone_page, station, congress):
    phone_page.goto(f"/p/{congress.code}/stations/{station.pk}/")
    page = phone_page.page
    assert station.name in page.content()
    assert not phone_page.overflows_horizontally()
    page.select_option("select[name=topic]", "traffic")
    page.fill("textarea[name=content]", "东湖路口早晚高峰拥堵，希望增设红绿灯。<script>alert(1)</script>")
    page.fill("input[name=phone]", "13800138000")
    assert page.locator("label[for=id_captcha] img").count() == 1
    page.fill("input[name=captcha]", solve(page))
    page.click("button[type=submit]")
    page.wait_for_load_state()
    # Markup is refused with a Chinese message and shown as text, never run.
    assert "留言内容不能包含网页代码" in page.content()
    assert Message.objects.count() == 0
    page.fill("textarea[name=content]", "东湖路口早晚高峰拥堵，希望增设红绿灯。")
    page.fill("input[name=phone]", "13800138000")
    page.fill("input[name=captcha]", solve(page))
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/track/[A-Z0-9]{12}/$"))
    message = Message.objects.get()
    assert page.locator("#tracking-code").inner_text() == message.display_code
    assert "已收到" in page.locator("#message-status").inner_text()
    assert "正在办理中" in page.locator("#message-reply").inner_text()
    assert "13800138000" not in page.content()
    assert not phone_page.overflows_horizontally()

    # Later: the tracking form, typing the code as read aloud.
    phone_page.goto(f"/p/{congress.code}/stations/track/")
    page.fill("input[name=code]", message.display_code.lower())
    page.fill("input[name=last4]", "8000")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf"/track/{message.tracking_code}/$"))
    assert page.locator("#tracking-code").inner_text() == message.display_code
    # The refused post answered 400 (the form with its errors), which Chromium logs; nothing else may fail.
    assert [e for e in phone_page.errors if "status of 400" not in e] == []
    assert len(phone_page.errors) <= 1


def test_the_statistics_chart_draws(chromium, live_server, clerk, station):
    from conftest import Page

    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = Page(context.new_page(), live_server.url)
    page.login("clerk")
    page.goto("/stations/statistics/")
    # Polled from here: wait_for_function evaluates strings in the page, which the CSP forbids.
    drawn = "window.Chart && Object.keys(window.Chart.instances).length === 1"
    for _ in range(30):
        if page.page.evaluate(drawn):
            break
        page.page.wait_for_timeout(100)
    assert page.page.evaluate(drawn)
    assert page.errors == []
    context.close()
