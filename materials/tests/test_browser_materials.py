"""In headless Chromium: the office uploads and releases materials; a deputy reads one on a 390px phone
(PDF drawn in the page, watermark with the reader's name), annotates it, answers a consultation; access
ends when the meeting closes."""

import datetime as dt

import pytest
from django.utils import timezone

from materials import convert, workflow
from materials.models import Annotation, Answer, Material
from materials.tests.helpers import docx_upload, later_meeting, pdf_upload
from meetings.models import AgendaItem, Meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE_390 = {"width": 390, "height": 844}


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


def test_office_releases_and_a_deputy_reads_and_annotates_on_a_phone(
    desk, phone, clerk, deputy, congress, monkeypatch, tmp_path
):
    monkeypatch.setattr(convert, "docx_to_pdf", lambda data: None)
    meeting = later_meeting(congress)
    AgendaItem.objects.create(meeting=meeting, order=1, title="审议政府工作报告", kind="report")
    # The office uploads the work report through the page.
    report = tmp_path / "政府工作报告.pdf"
    report.write_bytes(pdf_upload(pages=3).read())
    desk.login(clerk.username)
    desk.goto(f"/materials/meetings/{meeting.pk}/")
    page = desk.page
    page.fill("input[name=title]", "政府工作报告")
    page.select_option("select[name=stage]", "report")
    page.select_option("select[name=confidentiality]", "internal")
    page.fill(
        "input[name=release_at]", (timezone.localtime() - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    )
    page.set_input_files("input[name=file]", str(report))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_load_state()
    page.click("text=发布给代表")
    page.wait_for_load_state()
    material = Material.objects.get(title="政府工作报告")
    assert material.status == Material.Status.RELEASED
    # Two versions of a resolution, released too.
    resolution = workflow.upload(
        actor=clerk,
        meeting=meeting,
        title="关于政府工作报告的决议",
        upload=docx_upload("草案第一稿"),
        release_at=timezone.now() - dt.timedelta(minutes=1),
    )
    workflow.add_version(actor=clerk, material=resolution, upload=docx_upload("表决稿"), stage="final")
    workflow.release(actor=clerk, material=resolution)
    assert not desk.errors, desk.errors

    phone.login(deputy.username)
    phone.goto("/materials/")
    assert "政府工作报告" in phone.page.content() and "关于政府工作报告的决议" in phone.page.content()
    phone.goto(f"/materials/{material.pk}/read/")
    p = phone.page
    p.wait_for_selector("#reader[data-ready='1']", timeout=20000)
    assert p.locator(".material-page canvas").count() >= 1
    watermark = p.locator("[data-testid=watermark]")
    assert watermark.is_visible() and "张代表" in watermark.inner_text()
    assert not phone.overflows_horizontally()
    p.fill("input[name=page]", "2")
    p.fill("textarea[name=note]", "第二页的数字与预算报告不一致")
    p.click("text=保存批注")
    p.wait_for_load_state()
    assert "第二页的数字与预算报告不一致" in p.content()
    assert Annotation.objects.filter(user=deputy, page=2).exists()
    assert not phone.errors, phone.errors

    # The meeting closes: 内部 materials are withdrawn from the deputy's device.
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CLOSED)
    assert phone.goto(f"/materials/{material.pk}/read/").status == 404


def test_a_deputy_answers_a_consultation_paragraph_by_paragraph_on_a_phone(phone, clerk, deputy, congress):
    c = workflow.create_consultation(
        actor=clerk,
        congress=congress,
        title="年度监督工作计划（征求意见稿）",
        text="第一段。\n第二段。",
        deadline=timezone.now() + dt.timedelta(days=5),
        subject="supervision_plan",
    )
    workflow.open_consultation(actor=clerk, consultation=c)
    phone.login(deputy.username)
    phone.goto(f"/materials/consultations/{c.pk}/answer/")
    p = phone.page
    p.fill("section[data-paragraph='2'] textarea", "建议增加养老服务")
    p.click("section[data-paragraph='2'] button")
    p.wait_for_load_state()
    assert "我的意见：建议增加养老服务" in p.content()
    answer = Answer.objects.get(paragraph=2)
    workflow.handle(actor=clerk, answer=answer, handling="adopted")
    phone.goto(f"/materials/consultations/{c.pk}/answer/")
    assert "办公室处理：采纳" in p.content()
    assert not phone.overflows_horizontally() and not phone.errors, phone.errors
