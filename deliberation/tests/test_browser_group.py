"""In headless Chromium at 390px: a convenor records a speech on a phone; the pages fit the screen."""

import pytest

from deliberation.models import Speech
from deliberation.tests.helpers import deputy_record, first_group, meeting_with_agenda

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def narrow_page(chromium, live_server):
    from conftest import Page

    context = chromium.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="zh-CN"
    )
    page = Page(context.new_page(), live_server.url)
    yield page
    context.close()


def test_convenor_records_a_speech_on_a_phone(narrow_page, clerk, deputy, co_signer, congress):
    meeting = meeting_with_agenda(congress)
    group = first_group(meeting, clerk, deputy, deputy_record(co_signer))
    narrow_page.login("deputy")
    narrow_page.goto(f"/deliberation/groups/{group.pk}/")
    page = narrow_page.page
    assert not narrow_page.overflows_horizontally()
    page.select_option("select[name=deputy]", str(deputy_record(co_signer).pk))
    page.select_option("select[name=agenda_item]", label="1. 政府工作报告")
    page.fill("textarea[name=summary]", "建议加大教育投入。")
    page.get_by_role("button", name="记录").click()
    page.wait_for_selector("text=已记录发言")
    assert Speech.objects.get().summary == "建议加大教育投入。"
    assert not narrow_page.overflows_horizontally()
    assert narrow_page.errors == []


def test_staff_pages_fit_a_phone(narrow_page, clerk, deputy, congress):
    meeting = meeting_with_agenda(congress)
    first_group(meeting, clerk, deputy)
    narrow_page.login("clerk")
    for path in (
        f"/deliberation/meetings/{meeting.pk}/",
        f"/deliberation/agenda-items/{meeting.agenda_items.first().pk}/opinion/",
    ):
        narrow_page.goto(path)
        assert not narrow_page.overflows_horizontally(), path
    assert narrow_page.errors == []
