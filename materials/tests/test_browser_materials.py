"""In headless Chromium, issue 20's Done-when: the office uploads a work report and two versions of a
resolution and releases them; a deputy reads them on a 390 px phone (PDF drawn in the page, the
current version and what changed, a watermark with the reader's name and number), annotates; the
material is withdrawn when the meeting closes. A consultation is opened, answered paragraph by
paragraph by three deputies, summarised and handled, and each deputy sees the handling. The demo's
deputy reads the demo's materials on a phone."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from conftest import Page, make_deputy, make_user
from materials.models import Annotation, Answer, Consultation, Material
from materials.sample_pdf import make_pdf
from materials.tests.helpers import PHONE_390, later_meeting
from meetings import workflow as meetings_workflow
from meetings.models import AgendaItem
from registry.models import Deputy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAFT = ["会议听取和审议了区人民政府工作报告。", "会议同意报告提出的今年工作安排。"]
FINAL = [*DRAFT, "会议号召全区人民团结一心，为完成今年目标任务而努力奋斗。"]


def _file(tmp_path, name, title, paragraphs):
    path = tmp_path / name
    path.write_bytes(make_pdf(title, paragraphs))
    return str(path)


def _upload(desk, meeting, path, *, title, stage, item):
    page = desk.page
    desk.goto(f"/materials/meetings/{meeting.pk}/")
    page.fill("input[name=title]", title)
    page.select_option("select[name=stage]", stage)
    page.select_option("select[name=agenda_item]", str(item.pk))
    page.select_option("select[name=confidentiality]", "internal")
    page.fill(
        "input[name=release_at]", (timezone.localtime() - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    )
    page.set_input_files("input[name=file]", path)
    page.click("form[enctype] button[type=submit]")
    page.wait_for_load_state()
    return Material.objects.get(title=title)


def _deputy_phone(chromium, live_server, username):
    context = chromium.new_context(viewport=PHONE_390, is_mobile=True, has_touch=True, locale="zh-CN")
    phone = Page(context.new_page(), live_server.url)
    phone.login(username)
    return phone


def test_the_office_releases_a_report_and_a_resolution_in_two_versions_and_a_deputy_reads_them_on_a_phone(
    desk, phone, clerk, deputy, congress, tmp_path
):
    meeting = later_meeting(congress)
    report_item = AgendaItem.objects.create(meeting=meeting, order=1, title="审议政府工作报告", kind="report")
    resolution_item = AgendaItem.objects.create(
        meeting=meeting, order=2, title="表决关于政府工作报告的决议", kind="resolution"
    )
    desk.login(clerk.username)
    page = desk.page
    # The work report, uploaded and released through the office's pages.
    report = _upload(
        desk,
        meeting,
        _file(tmp_path, "report.pdf", "政府工作报告", ["各位代表：", "过去一年工作回顾。"] * 30),
        title="政府工作报告",
        stage="report",
        item=report_item,
    )
    page.click("text=发布给代表")
    page.wait_for_load_state()
    # The resolution: its draft, then the text to be voted as a second version, then released.
    resolution = _upload(
        desk,
        meeting,
        _file(tmp_path, "draft.pdf", "关于政府工作报告的决议（草案）", DRAFT),
        title="关于政府工作报告的决议",
        stage="draft",
        item=resolution_item,
    )
    page.select_option("select[name=stage]", "final")
    page.fill("input[name=note]", "吸收代表团审议意见")
    page.set_input_files("input[name=file]", _file(tmp_path, "final.pdf", "关于政府工作报告的决议", FINAL))
    page.click("form[action$='/versions/'] button[type=submit]")
    page.wait_for_load_state()
    assert "已上传第 2 版（表决稿）" in page.content()
    page.click("text=发布给代表")
    page.wait_for_load_state()
    report.refresh_from_db()
    resolution.refresh_from_db()
    assert report.status == resolution.status == Material.Status.RELEASED
    assert resolution.versions.count() == 2
    assert not desk.errors, desk.errors

    # A deputy on a phone: both are listed; the resolution opens at its current version.
    phone.login(deputy.username)
    phone.goto("/materials/")
    p = phone.page
    assert "政府工作报告" in p.content() and "关于政府工作报告的决议" in p.content()
    p.click("text=关于政府工作报告的决议")
    p.wait_for_selector("#reader[data-ready='1']", timeout=20000)
    assert "第2版（表决稿）" in p.content() and "现行版本" in p.content()
    p.click("text=与第1版相比的改动")
    assert p.locator(".material-changes .text-success").first.inner_text().startswith("＋")
    assert "团结一心" in p.locator(".material-changes").inner_text()
    p.click("text=第1版·草案")
    p.wait_for_selector("#reader[data-ready='1']", timeout=20000)
    assert "查看现行版本" in p.content()

    # The report, drawn in the page, the reader's name and number across it; a private note.
    phone.goto(f"/materials/{report.pk}/read/")
    p.wait_for_selector("#reader[data-ready='1']", timeout=20000)
    assert p.locator(".material-page canvas").count() >= 1
    watermark = p.locator("[data-testid=watermark]")
    number = Deputy.objects.get(user=deputy).number
    assert watermark.is_visible() and f"张代表 {number}" in watermark.inner_text()
    assert not phone.overflows_horizontally()
    p.fill("input[name=page]", "2")
    p.fill("textarea[name=note]", "第二页的数字与预算报告不一致")
    p.click("text=保存批注")
    p.wait_for_load_state()
    assert "第二页的数字与预算报告不一致" in p.content()
    assert Annotation.objects.filter(user=deputy, page=2, version__material=report).exists()
    assert not phone.errors, phone.errors

    # The office opens and closes the meeting: the 内部 materials are withdrawn from the deputy.
    meetings_workflow.open_meeting(meeting, actor=clerk)
    meetings_workflow.close_meeting(meeting, actor=clerk)
    assert phone.goto(f"/materials/{report.pk}/read/").status == 404
    phone.goto("/materials/")
    assert "政府工作报告" not in p.content()


def test_a_consultation_is_answered_by_three_deputies_summarised_and_handled(
    chromium, live_server, desk, clerk, deputy, co_signer, congress, term
):
    third = make_user("sun", "孙代表", congress, Role.DEPUTY)
    make_deputy(congress, term, name="孙代表", user=third)
    # The office drafts the consultation on its page and sends it out.
    desk.login(clerk.username)
    page = desk.page
    desk.goto("/materials/consultations/")
    page.fill("input[name=title]", "区人大常委会2027年度监督工作计划（征求意见稿）")
    page.select_option("select[name=subject]", "supervision_plan")
    page.fill("textarea[name=text]", "一、听取和审议专项工作报告。\n二、执法检查。\n三、专题询问。")
    deadline = timezone.localtime() + dt.timedelta(days=5)
    page.fill("input[name=deadline]", deadline.strftime("%Y-%m-%dT%H:%M"))
    page.click("button:text-is('保存')")
    page.wait_for_load_state()
    page.click("text=发出征求意见")
    page.wait_for_load_state()
    c = Consultation.objects.get()
    assert c.status == Consultation.Status.OPEN and len(c.paragraphs) == 3

    # Three deputies answer on their phones, paragraph by paragraph.
    said = {
        deputy.username: {1: "建议增加养老服务体系建设", 2: "建议检查消防法实施情况"},
        co_signer.username: {2: "同意", 3: "建议询问停车设施"},
        third.username: {1: "建议听取义务教育报告"},
    }
    phones = {}
    for username, answers in said.items():
        phone = phones[username] = _deputy_phone(chromium, live_server, username)
        phone.goto("/materials/")
        phone.page.click(f"text={c.title}")
        for paragraph, text in answers.items():
            phone.page.fill(f"section[data-paragraph='{paragraph}'] textarea", text)
            phone.page.click(f"section[data-paragraph='{paragraph}'] button")
            phone.page.wait_for_load_state()
            assert f"我的意见：{text}" in phone.page.content()
        assert not phone.overflows_horizontally()
    assert Answer.objects.filter(consultation=c).count() == 5

    # The office reads the answers by paragraph, summarises them and records how each was handled.
    desk.goto(f"/materials/consultations/{c.pk}/")
    first = page.locator("section[data-paragraph='1']").inner_text()
    assert "张代表" in first and "孙代表" in first and "赵代表" not in first
    page.fill("textarea[name=summary]", "共收到 3 位代表的 5 条意见，主要集中在养老服务和执法检查。")
    page.click("text=保存汇总")
    page.wait_for_load_state()
    handling = {
        (deputy.username, 1): ("adopted", ""),
        (deputy.username, 2): ("partly_adopted", "消防法执法检查列入下半年"),
        (co_signer.username, 2): ("adopted", ""),
        (co_signer.username, 3): ("not_adopted", "停车设施询问已在上一年度开展"),
        (third.username, 1): ("adopted", ""),
    }
    for (username, paragraph), (choice, reason) in handling.items():
        answer = Answer.objects.get(consultation=c, deputy__user__username=username, paragraph=paragraph)
        card = page.locator(f"[data-answer='{answer.pk}']")
        card.locator("select[name=handling]").select_option(choice)
        card.locator("input[name=reason]").fill(reason)
        card.locator("button").click()
        page.wait_for_load_state()
    c.refresh_from_db()
    assert c.summary.startswith("共收到 3 位代表")
    assert not Answer.objects.filter(consultation=c, handling="").exists()
    assert not desk.errors, desk.errors

    # Each deputy sees how each of their answers was handled, and nobody else's.
    labels = {"adopted": "采纳", "partly_adopted": "部分采纳", "not_adopted": "未采纳"}
    for (username, paragraph), (choice, reason) in handling.items():
        phone = phones[username]
        phone.goto(f"/materials/consultations/{c.pk}/answer/")
        section = phone.page.locator(f"section[data-paragraph='{paragraph}']").inner_text()
        assert f"办公室处理：{labels[choice]}" in section
        assert reason in section
    assert "停车设施" not in phones[deputy.username].page.content()
    for phone in phones.values():
        assert not phone.errors, phone.errors
        phone.page.context.close()


def test_the_demo_deputy_reads_the_demo_materials_on_a_phone(demo, phone):
    from portal.demo import DEMO_PASSWORD

    phone.login("deputy", DEMO_PASSWORD)
    phone.goto("/materials/")
    p = phone.page
    assert "示范区人民政府工作报告" in p.content()
    p.click("text=示范区人民政府工作报告")
    p.wait_for_selector("#reader[data-ready='1']", timeout=20000)
    assert p.locator(".material-page canvas").count() >= 1
    assert not phone.overflows_horizontally() and not phone.errors, phone.errors
