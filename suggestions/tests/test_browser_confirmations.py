"""In headless Chromium: the suggestion and station flows ask before each irreversible step,
退回 and 不予受理 need their reason, and a unit that sends an item back lands on a page it may see."""

from __future__ import annotations

import pytest

from conftest import Page
from stations.models import Message
from stations.tests.helpers import act, make_message
from suggestions.models import Suggestion
from suggestions.tests import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(chromium, live_server):
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = Page(context.new_page(), live_server.url)
    page.questions = []

    def accept(dialog):
        page.questions.append(dialog.message)
        dialog.accept()

    page.page.on("dialog", accept)
    yield page
    context.close()


def run(page, verb):
    """Open the verb's panel on a suggestion page and return its form."""
    panel = page.page.locator(f"#action-{verb}")
    panel.locator("summary").click()
    return panel.locator("form")


def test_suggestion_register_assign_and_send_back(desk, congress, clerk, deputy, unit, unit_handler):
    s = f.submitted(congress, deputy)
    desk.login("clerk")
    desk.goto(f"/suggestions/{s.pk}/")
    run(desk, "register").locator("button[type=submit]").click()
    assert "编为" in desk.questions[-1]
    assert Suggestion.objects.get(pk=s.pk).status == "registered"

    form = run(desk, "assign")
    form.locator("select[name=mode]").select_option("sole")
    form.locator(".ts-wrapper input").first.fill(unit.name[:2])
    desk.page.locator(".ts-dropdown .option").first.click()
    form.locator("button[type=submit]").click()
    assert desk.questions[-1].startswith("确定交办")
    assert Suggestion.objects.get(pk=s.pk).status == "assigned"

    desk.page.context.clear_cookies()
    desk.login(unit_handler.username)
    desk.goto(f"/suggestions/{s.pk}/")
    form = run(desk, "send_back")
    form.locator("textarea[name=reason]").fill("不属于本单位职责")
    with desk.page.expect_navigation() as landed:
        form.locator("button[type=submit]").click()
    assert "退回常委会办公室重新交办" in desk.questions[-1]
    assert landed.value.status == 200  # a page the unit may see, not a 404
    assert Suggestion.objects.get(pk=s.pk).status == "registered"
    assert desk.errors == []


def test_station_send_back_and_decline_ask_first(desk, station, station_staff, clerk, unit, unit_handler):
    referred = make_message(station)
    act(station_staff, referred, "forward_to_office", {"note": "涉及区教育局职责。"})
    act(clerk, referred, "refer", {"unit": unit.pk})
    desk.login(unit_handler.username)
    desk.goto(f"/stations/messages/{referred.pk}/")
    desk.page.fill("textarea[name=reason]", "不属于本单位职责。")
    with desk.page.expect_navigation() as landed:
        desk.page.click("button[value=send_back]")
    assert "退回常委会办公室重新转办" in desk.questions[-1]
    assert landed.value.status == 200 and desk.page.url.endswith("/stations/")
    assert Message.objects.get(pk=referred.pk).status == Message.Status.AWAITING_REFERRAL

    other = make_message(station, content="邻居装修纠纷已经起诉，请代表关注。", phone="13700137000")
    desk.page.context.clear_cookies()
    desk.login(station_staff.username)
    desk.goto(f"/stations/messages/{other.pk}/")
    desk.page.select_option("select[name=decline-reason]", "litigation")
    desk.page.fill("textarea[name=decline-reply]", "该事项已起诉至法院，请通过诉讼程序解决。")
    desk.page.click("button[value=decline]")
    assert "不予受理" in desk.questions[-1]
    assert Message.objects.get(pk=other.pk).status == Message.Status.CLOSED
    assert desk.errors == []
