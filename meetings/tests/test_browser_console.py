"""The chair's console at 390 px (a clerk on a phone in the hall) and the agenda on the 1920×1080 screen."""

import os

import pytest

from conftest import Page
from meetings import workflow
from meetings.tests.console_helpers import agenda_of, material_with_versions
from meetings.tests.helpers import open_meeting_with, sign_in_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("RENDA_SHOTS", "/tmp")


def test_console_fits_a_phone_and_the_agenda_fits_the_hall_screen(
    phone_page, chromium, live_server, clerk, deputy, congress
):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    items = agenda_of(meeting, clerk)
    material_with_versions(meeting, items[1], clerk)
    workflow.create_votes(meeting, actor=clerk, agenda_items=items[:2], secret=False, method="electronic")
    workflow.take_up_agenda_item(meeting, actor=clerk, item=items[1])
    workflow.show_on_screen(meeting, actor=clerk, display="agenda")

    phone_page.login("clerk")
    phone_page.goto(f"/meetings/{meeting.pk}/console/")
    assert "正在审议" in phone_page.page.content()
    assert not phone_page.overflows_horizontally()

    context = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    screen = Page(context.new_page(), live_server.url)
    screen.login("clerk")
    screen.goto(f"/meetings/{meeting.pk}/screen/")
    agenda = screen.page.locator("[data-screen-agenda]")
    assert (
        agenda.locator(".screen-agenda-current")
        .inner_text()
        .startswith("2示范区人民代表大会关于2027年预算的决议")
    )
    assert screen.page.evaluate("document.documentElement.scrollHeight <= window.innerHeight + 1")
    screen.page.screenshot(path=f"{SHOTS}/screen-agenda.png")
    phone_page.page.screenshot(path=f"{SHOTS}/console-phone.png", full_page=True)
    context.close()
