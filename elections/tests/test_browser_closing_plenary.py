"""A closing plenary in real browsers: the clerk on a desktop, a deputy on a phone, the hall's
screen at 1920×1080.  A joint nomination entered with 9 co-signers (10 required) is corrected;
two offices vote at once, seen on the phone and the screen; every irreversible step asks with
its counts; the result is announced and the Word 选举结果公告 downloads."""

from __future__ import annotations

import io
import zipfile

import pytest

from conftest import PASSWORD, Page, make_deputy
from elections import workflow
from elections.models import Election, OfficeGroup
from elections.tests.conftest import by_name, group_with_candidates, marks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(chromium, live_server):
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = Page(context.new_page(), live_server.url)
    yield page
    context.close()


@pytest.fixture
def hall_screen(chromium, live_server):
    context = chromium.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = Page(context.new_page(), live_server.url)
    yield page
    context.close()


class Dialogs:
    """Accepts every confirmation dialog and keeps its question."""

    def __init__(self, page):
        self.questions: list[str] = []
        page.on("dialog", self._accept)

    def _accept(self, dialog):
        self.questions.append(dialog.message)
        dialog.accept()


def test_closing_plenary_end_to_end(
    desk, phone_page, hall_screen, clerk, body, meeting, election, congress, term
):
    signers = body + [make_deputy(congress, term, name=f"联名{i}") for i in range(3)]
    clerk_page, asked = desk.page, Dialogs(desk.page)
    desk.login("clerk")

    # The vice-chair: 甲 by the presidium, 乙 by deputies — entered with only 9 co-signers.
    desk.goto(f"/elections/{election.pk}/")
    clerk_page.select_option("select[name=office]", "vice_head")
    clerk_page.fill("input[name=post]", "常委会副主任")
    clerk_page.fill("input[name=seats]", "1")
    clerk_page.click("button:has-text('增加')")
    vice = OfficeGroup.objects.get(election=election, post="常委会副主任")
    desk.goto(f"/elections/groups/{vice.pk}/")
    clerk_page.select_option("select[name=kind]", "presidium")
    clerk_page.fill("textarea[name=names]", "甲")
    clerk_page.click("button:has-text('登记提名')")
    clerk_page.select_option("select[name=kind]", "deputies")
    clerk_page.fill("textarea[name=names]", "乙")
    clerk_page.fill("textarea[name=nominators]", "、".join(d.number for d in signers[:9]))
    clerk_page.click("button:has-text('登记提名')")
    assert "9 名代表联名，至少 10 名" in clerk_page.content()
    clerk_page.click("button:has-text('确定正式候选人')")
    assert "被提名人 2 名" in asked.questions[-1]
    assert "须 10 名以上代表联名" in clerk_page.locator(".alert-danger").first.inner_text()

    # Corrected: the missing co-signer is added, with a reason; now the candidates can be fixed.
    nomination = vice.nominations.get(kind="deputies")
    editor = clerk_page.locator(f"#nomination-{nomination.pk} details.nomination-edit")
    editor.locator("summary").click()
    editor.locator("textarea[name$=nominators]").fill("、".join(d.number for d in signers[:10]))
    editor.locator("textarea[name$=reason]").fill("漏录一名联名代表")
    editor.locator("button[type=submit]").click()
    assert "提名已修改" in clerk_page.content()
    clerk_page.click("button:has-text('确定正式候选人')")
    assert "正式候选人已确定" in clerk_page.content()
    vice.refresh_from_db()
    assert vice.status == "candidates_fixed"

    # Round 1 of the vice-chair set up and opened in the browser; the committee members' by the clerk's colleague.
    first = vice.rounds.get()
    desk.goto(f"/elections/rounds/{first.pk}/")
    # 监票人 through the type-ahead picker: typing part of a name finds the deputy.
    clerk_page.locator(".ts-wrapper input").first.fill("庚")
    clerk_page.locator(".ts-dropdown .option:has-text('庚')").first.click()
    assert "庚" in clerk_page.locator(".ts-wrapper .item").first.inner_text()
    clerk_page.click("button:has-text('保存设置')")
    assert "监票人：庚" in clerk_page.content()
    clerk_page.click("button:has-text('开始投票')")
    assert "现有出席代表 9 名" in asked.questions[-1]
    members = group_with_candidates(
        election, clerk, names=("丙", "丁", "戊"), seats=2, office="committee_member", post="常委会委员"
    )
    second = workflow.fix_candidates(members, actor=clerk)
    workflow.set_up_round(
        second, actor=clerk, method="electronic", scrutineers=[by_name(body, "庚")], tellers=[]
    )
    workflow.open_round(second, actor=clerk)

    # The screen shows both rounds, with 已投票.
    hall_screen.login("clerk")
    hall_screen.goto(f"/meetings/{meeting.pk}/screen/")
    screen_text = hall_screen.page.locator("body").inner_text()
    assert "常委会副主任" in screen_text and "常委会委员" in screen_text
    assert "已投票" in screen_text and "已表决" not in screen_text

    # The deputy's phone: one page offering both ballots; the ballot asks before it is cast.
    phone, phone_asked = phone_page.page, Dialogs(phone_page.page)
    phone_page.login(body[0].user.username, PASSWORD)
    phone_page.goto(f"/meetings/{meeting.pk}/device/")
    assert "目前没有进行中的表决" not in phone.content()
    assert phone.locator(".device-ballot").count() == 2
    assert not phone_page.overflows_horizontally()
    phone.locator(".device-ballot a:has-text('去投票')").first.click()
    phone.click("label[for=m1f]")
    phone.click("form.election-ballot button[type=submit]")
    assert phone_asked.questions[-1] == "投票后不能更改，确定投出这张选票？"
    assert "您已投票" in phone.content()
    phone.click("text=返回会议表决页")
    assert phone.locator(".device-ballot .device-done").count() == 1

    # The other deputies vote (one leaves the vice-chair's ballot unused).
    for deputy in body[1:8]:
        workflow.cast(first, deputy=deputy, marks={"甲": "for"}, write_ins=[])
    for deputy in body:
        workflow.cast(second, deputy=deputy, marks=marks(["丙", "丁"])[0], write_ins=[])

    # Closing asks with the count of those who have not voted.
    desk.goto(f"/elections/rounds/{first.pk}/")
    clerk_page.click("button:has-text('结束投票并计票')")
    assert asked.questions[-1] == "还有 1 名出席代表未投票，确定结束投票并计票？"
    assert "当选：甲" in clerk_page.content()
    workflow.close_round(second, actor=clerk)

    # The screen shows every office with its 当选名单.
    # (A locator wait, not wait_for_function: the page's CSP forbids evaluating strings.)
    hall_screen.page.get_by_text("当选名单").first.wait_for(timeout=5000)
    assert "常委会副主任：甲；常委会委员：丙、丁" in hall_screen.page.locator("body").inner_text()

    # Announcement, then the Word 选举结果公告.
    desk.goto(f"/elections/{election.pk}/")
    clerk_page.click("button:has-text('宣布选举结果')")
    assert "2 个职位共当选 3 名" in asked.questions[-1]
    assert Election.objects.get(pk=election.pk).status == "announced"
    with clerk_page.expect_download() as download:
        clerk_page.click("text=下载选举结果公告（Word）")
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as docx:
        text = docx.read("word/document.xml").decode()
    assert "选举结果公告" in text and "常委会委员" in text
    assert desk.errors == [] and phone_page.errors == []
