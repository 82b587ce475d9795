"""A closing plenary in real browsers: the clerk on a desktop running the chair's console
(会中控制台), a deputy on a phone, the hall's screen at 1920×1080 showing what the console chose.
A joint nomination entered with 9 co-signers (10 required) is corrected; two offices vote at
once, seen on the phone and the screen; every irreversible step asks with its counts; the result
is announced and the Word 选举结果公告 downloads; then two resolutions are created from the agenda
in one step and voted on their 表决稿, and the screen sums up the sitting."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from conftest import PASSWORD, Page, make_deputy
from core.ballot_box import testing
from elections import workflow
from elections.models import Election, OfficeGroup, Round
from elections.tests.conftest import by_name, close_and_count, group_with_candidates, marks
from meetings import workflow as meetings_workflow
from meetings.models import AgendaItem, Attendance, Vote
from meetings.tests.console_helpers import material_with_versions

# Screenshots of the console and the screen, to look at (RENDA_SHOTS=dir to keep them).
SHOTS = os.environ.get("RENDA_SHOTS", "/tmp")

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


def fits(screen_page) -> bool:
    """Nothing on the hall screen is below the 1080 px the hall sees (no scrolling there).

    The screen reloads itself when what it shows changes; a measure taken while it reloads is
    taken again on the page it reloaded to."""
    for _attempt in range(5):
        try:
            screen_page.page.wait_for_load_state()
            return screen_page.page.evaluate(
                "document.documentElement.scrollHeight <= window.innerHeight + 1"
            )
        except PlaywrightError as error:
            if "Execution context was destroyed" not in str(error):
                raise
    raise AssertionError("大屏反复刷新，无法测量")


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
    agenda = [
        meetings_workflow.add_agenda_item(meeting, actor=clerk, order=order, title=title, kind=kind)
        for order, (title, kind) in enumerate(
            [
                ("选举示范区人大常委会副主任、委员", AgendaItem.Kind.ELECTION),
                ("示范区人民代表大会关于2027年预算的决议", AgendaItem.Kind.RESOLUTION),
                ("示范区人民代表大会关于常委会工作报告的决议", AgendaItem.Kind.RESOLUTION),
            ],
            start=1,
        )
    ]
    Election.objects.filter(pk=election.pk).update(agenda_item=agenda[0])
    # Signed in at the desk before the sitting (a vote on a motion counts only those signed in when it opens).
    meeting.attendances.update(signed_in_at=timezone.now(), method=Attendance.Method.DESK)
    budget = material_with_versions(meeting, agenda[1], clerk, title="关于2027年预算的决议")
    clerk_page, asked = desk.page, Dialogs(desk.page)
    desk.login("clerk")
    console = f"/meetings/{meeting.pk}/console/"

    # The console takes up the first agenda item; the screen follows it.
    hall_screen.login("clerk")
    hall_screen.goto(f"/meetings/{meeting.pk}/screen/")
    screen = hall_screen.page.locator("body")
    desk.goto(console)
    clerk_page.click("button:has-text('下一项：1.')")
    assert "已转入第 1 项议题" in clerk_page.content()
    expect(screen).to_contain_text("正在审议 第1项 选举示范区人大常委会副主任、委员", timeout=5000)

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

    # The screen (showing what is open, as by default) shows both rounds, with 已投票.
    expect(hall_screen.page.locator("[data-screen-items] .screen-item")).to_have_count(2, timeout=5000)
    screen_text = screen.inner_text()
    assert "常委会副主任" in screen_text and "常委会委员" in screen_text
    assert "已投票" in screen_text and "已表决" not in screen_text
    hall_screen.page.screenshot(path=f"{SHOTS}/screen-two-rounds.png")
    assert fits(hall_screen)

    # The deputy's phone: one page offering both ballots; the ballot asks before it is cast.
    phone, phone_asked = phone_page.page, Dialogs(phone_page.page)
    phone_page.login(body[0].user.username, PASSWORD)
    phone_page.goto(f"/meetings/{meeting.pk}/device/")
    assert "目前没有进行中的表决" not in phone.content()
    assert phone.locator(".device-ballot").count() == 2
    assert not phone_page.overflows_horizontally()
    phone.locator(".device-ballot a:has-text('去投票')").first.click()
    phone.click("label[for=m1f]")
    with phone.expect_navigation():  # the form posts once the phone has sealed (encrypted) the marks
        phone.click("form.election-ballot button[type=submit]")
    assert phone_asked.questions[-1] == "投票后不能更改，确定投出这张选票？"
    assert "您已投票" in phone.content() and "选票回执" in phone.content()
    phone.click("text=返回会议表决页")
    # The click waits only until the device page starts loading: wait for what it shows.
    expect(phone.locator(".device-ballot .device-done")).to_have_count(1)

    # The other deputies vote (one leaves the vice-chair's ballot unused).
    for deputy in body[1:8]:
        workflow.cast(first, deputy=deputy, marks={"甲": "for"}, write_ins=[])
    for deputy in body:
        workflow.cast(second, deputy=deputy, marks=marks(["丙", "丁"])[0], write_ins=[])

    # The console puts the committee members' round alone on the screen.
    desk.goto(console)
    clerk_page.locator(f"[data-key='election_round:{second.pk}'] button:has-text('在大屏显示')").click()
    expect(hall_screen.page.locator("[data-screen-items] .screen-item")).to_have_count(1, timeout=5000)
    expect(hall_screen.page.locator("[data-screen-items]")).to_contain_text("常委会委员")
    assert "常委会副主任 · 第1轮" not in hall_screen.page.locator("[data-screen-items]").inner_text()

    # Closing from the console asks with the count of those who have not voted, then comes back.
    clerk_page.locator(f"[data-key='election_round:{first.pk}'] button:has-text('结束投票并计票')").click()
    assert (
        clerk_page.locator(".confirm-page-question").inner_text()
        == "还有 1 名出席代表未投票，确定结束投票并计票？"
    )
    clerk_page.click(".confirm-page button:has-text('确定')")
    assert clerk_page.url.endswith(console)
    # The box is closed; two tellers' decryption shares decrypt its totals and count the round.
    for share in testing.decryption_shares(Round.objects.get(pk=first.pk).ballot_box, (1, 2)):
        workflow.submit_decryption_share(first, actor=clerk, document=share)
    desk.goto(console)
    assert "当选：甲" in clerk_page.locator(f"[data-key='election_round:{first.pk}']").inner_text()
    close_and_count(second, clerk)
    # The round shown on the screen now shows its count.
    expect(hall_screen.page.locator("[data-screen-items]")).to_contain_text("当选：丙、丁", timeout=5000)

    # The console puts all offices' results on the screen: every office with its 当选名单.
    # (Locator waits, not wait_for_function: the page's CSP forbids evaluating strings.)
    desk.goto(console)
    clerk_page.locator(f"[data-key='election:{election.pk}'] button:has-text('在大屏显示')").click()
    expect(screen).to_contain_text("当选名单：常委会副主任：甲；常委会委员：丙、丁", timeout=5000)
    hall_screen.page.screenshot(path=f"{SHOTS}/screen-elected.png")
    assert fits(hall_screen)

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

    # The next item: the budget resolution, deliberated on its 表决稿, shown on the screen.
    desk.goto(console)
    clerk_page.click("button:has-text('下一项：2.')")
    expect(screen).to_contain_text("审议材料：《关于2027年预算的决议》第2版·表决稿", timeout=5000)
    assert "第2版·表决稿" in clerk_page.locator(f"#agenda-{agenda[1].pk} .console-materials").inner_text()

    # Two resolutions created from the agenda in one step (记名, electronic).
    clerk_page.check(f"input[name=agenda_items][value='{agenda[1].pk}']")
    clerk_page.check(f"input[name=agenda_items][value='{agenda[2].pk}']")
    clerk_page.uncheck("input[name=secret]")
    clerk_page.click("button:has-text('创建表决')")
    assert "已按议程创建 2 项表决" in clerk_page.content()
    budget_vote = Vote.objects.get(agenda_item=agenda[1])
    assert Vote.objects.filter(meeting=meeting, status="draft").count() == 2

    # Open the budget vote (asked with the number present), show it, vote, close (asked), result.
    line = clerk_page.locator(f"[data-key='vote:{budget_vote.pk}']")
    line.locator("button:has-text('开始表决')").click()
    assert clerk_page.locator(".confirm-page-question").inner_text().startswith("现有出席 9 人")
    clerk_page.click(".confirm-page button:has-text('确定')")
    line.locator("button:has-text('在大屏显示')").click()
    expect(screen).to_contain_text("表决文本：《关于2027年预算的决议》第2版·表决稿", timeout=5000)
    expect(screen).to_contain_text("已表决")
    clerk_page.screenshot(path=f"{SHOTS}/console.png", full_page=True)

    phone_page.goto(f"/meetings/{meeting.pk}/device/")
    reading = f"/materials/{budget.pk}/read/?v=2"
    assert phone.locator(f".vote-text a[href='{reading}']").count() == 1
    phone.get_by_role("button", name="赞成").click()
    phone.wait_for_selector("text=您已投票", timeout=5000)
    budget_vote.refresh_from_db()
    for deputy in body[1:7]:
        meetings_workflow.cast(budget_vote, actor=deputy.user, choice="yes")
    expect(hall_screen.page.locator("#screen-voted")).to_have_text("7", timeout=5000)

    line.locator("button:has-text('结束表决并计票')").click()
    assert (
        clerk_page.locator(".confirm-page-question").inner_text()
        == "还有 2 名出席人员未表决，确定结束表决并计票？"
    )
    clerk_page.click(".confirm-page button:has-text('确定')")
    assert "通过" in clerk_page.locator(f"[data-key='vote:{budget_vote.pk}']").inner_text()
    expect(hall_screen.page.locator(".screen-outcome")).to_have_text("通过", timeout=5000)
    hall_screen.page.screenshot(path=f"{SHOTS}/screen-vote-result.png")
    assert fits(hall_screen)

    # The summary of the sitting: the resolution with its text voted, and the 当选名单.
    clerk_page.click("button:has-text('显示本次会议表决和选举结果汇总')")
    expect(screen).to_contain_text("本次会议表决和选举结果", timeout=5000)
    summary = hall_screen.page.locator("[data-screen-summary]")
    expect(summary).to_contain_text("示范区人民代表大会关于2027年预算的决议")
    expect(summary).to_contain_text("当选名单：常委会副主任：甲；常委会委员：丙、丁")
    hall_screen.page.screenshot(path=f"{SHOTS}/screen-summary.png")
    assert fits(hall_screen)
    clerk_page.screenshot(path=f"{SHOTS}/console-end.png", full_page=True)
    assert desk.errors == [] and phone_page.errors == []
    assert [e for e in hall_screen.errors if "screen/events" not in e] == []
