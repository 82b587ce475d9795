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


def test_two_consoles_follow_each_other_and_a_half_filled_form_is_kept(
    chromium, live_server, clerk, congress
):
    """王文书 and 李文书 run the sitting from two consoles: what one does, the other sees by itself."""
    from accounts.models import Role
    from conftest import make_user

    make_user("clerk2", "李文书", congress, Role.STAFF)
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    items = agenda_of(meeting, clerk)
    votes = workflow.create_votes(
        meeting, actor=clerk, agenda_items=items[:1], secret=False, method="electronic"
    )

    consoles = []
    for username in ("clerk", "clerk2"):
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        page = Page(context.new_page(), live_server.url)
        page.login(username)
        page.goto(f"/meetings/{meeting.pk}/console/")
        consoles.append(page)
    wang, li = (console.page for console in consoles)

    # 王文书 has begun to choose agenda items for new votes, and not yet submitted.
    wang.locator("[data-console-part=create-votes] input[type=checkbox]").first.check()

    # 李文书 takes up the second item: 王文书's console shows it under deliberation.
    li.locator(f"#agenda-{items[1].pk} button", has_text="转入此项").click()
    li.wait_for_load_state()
    wang.locator(f"#agenda-{items[1].pk} .badge", has_text="正在审议").wait_for(timeout=10_000)

    # 李文书 puts the agenda on the screen; 王文书's console says so.
    li.locator("[data-console-part=screen] button", has_text="显示议程").click()
    li.wait_for_load_state()
    wang.locator("[data-console-display]", has_text="议程").wait_for(timeout=10_000)

    # The vote is opened (from anywhere): 王文书's console shows it open, with its count.
    workflow.open_vote(votes[0], actor=clerk)
    wang.locator(f"[data-key='vote:{votes[0].pk}'] .badge", has_text="表决中").wait_for(timeout=10_000)

    # And all the while 王文书's half-filled form stayed as it was.
    assert wang.locator("[data-console-part=create-votes] input[type=checkbox]").first.is_checked()
    for console in consoles:
        assert console.errors == []
        console.page.context.close()
