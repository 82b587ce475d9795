"""The 审议意见 draft as a Word document (公文 style, GB/T 9704 via core.documents), and the link to a
meeting's group deliberation from the meeting's page for those who may open it."""

import io

import docx
import pytest
from django.urls import reverse

from conftest import client_for
from core import documents as word
from core.audit import AuditEntry
from deliberation import workflow
from deliberation.tests.helpers import deputy_record, first_group, meeting_with_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(congress, deputy, co_signer):
    return meeting_with_agenda(congress)


def _docx(response):
    return docx.Document(io.BytesIO(response.content))


def test_the_saved_draft_downloads_as_a_word_document_in_official_style(meeting, clerk, deputy):
    group = first_group(meeting, clerk, deputy)
    item = meeting.agenda_items.get(order=1)
    workflow.record_speech(
        group, actor=clerk, deputy=deputy_record(deputy), agenda_item=item, summary="赞成。"
    )
    workflow.save_opinion(
        item, actor=clerk, text="第一代表团\n代表们认为，报告实事求是。\n\n建议加大教育投入。"
    )
    response = client_for(clerk).get(reverse("deliberation:opinion_docx", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == word.CONTENT_TYPE
    assert "attachment;" in response["Content-Disposition"]
    document = _docx(response)
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    assert lines[0] == "对政府工作报告的审议意见"
    assert "分组审议了政府工作报告" in lines[1]
    assert lines[2:5] == ["第一代表团", "代表们认为，报告实事求是。", "建议加大教育投入。"]
    assert lines[-2].endswith("秘书处") and lines[-1].endswith("日")
    section = document.sections[0]
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    title_run = document.paragraphs[0].runs[0]
    assert title_run.font.name == word.TITLE_FONT
    heading_run = next(p for p in document.paragraphs if p.text == "第一代表团").runs[0]
    assert heading_run.font.name == word.HEADING_FONT
    assert AuditEntry.objects.filter(action="export_opinion", actor_id=clerk.pk).count() == 1


def test_before_anything_is_saved_the_draft_from_the_speeches_is_exported(meeting, clerk, deputy):
    group = first_group(meeting, clerk, deputy)
    item = meeting.agenda_items.get(order=2)
    workflow.record_speech(
        group, actor=clerk, deputy=deputy_record(deputy), agenda_item=item, summary="建议细化指标。"
    )
    lines = [
        p.text
        for p in _docx(client_for(clerk).get(reverse("deliberation:opinion_docx", args=[item.pk]))).paragraphs
    ]
    assert "张代表代表：建议细化指标。" in lines


def test_nothing_to_export_is_told_in_chinese(meeting, clerk):
    item = meeting.agenda_items.get(order=1)
    response = client_for(clerk).get(reverse("deliberation:opinion_docx", args=[item.pk]), follow=True)
    assert "本议题还没有发言记录" in response.content.decode()


def test_only_staff_may_export(meeting, clerk, deputy, leader, outsider):
    first_group(meeting, clerk, deputy)
    url = reverse("deliberation:opinion_docx", args=[meeting.agenda_items.get(order=1).pk])
    for user in (deputy, leader, outsider):
        assert client_for(user).get(url).status_code == 404


def test_the_meeting_page_links_to_group_deliberation_for_staff_only(meeting, clerk, leader):
    link = reverse("deliberation:meeting_groups", args=[meeting.pk])
    page = reverse("meetings:meeting_detail", args=[meeting.pk])
    assert link in client_for(clerk).get(page).content.decode()
    leader_page = client_for(leader).get(page)
    assert leader_page.status_code == 200 and link not in leader_page.content.decode()
    assert client_for(leader).get(link).status_code == 404


def test_a_convenor_who_may_see_the_meeting_page_gets_the_link(meeting, clerk, leader, congress):
    from conftest import make_deputy

    make_deputy(congress, name="李主任", user=leader)
    first_group(meeting, clerk, leader)
    page = client_for(leader).get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert reverse("deliberation:meeting_groups", args=[meeting.pk]) in page
