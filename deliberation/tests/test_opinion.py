import pytest
from django.urls import reverse

from conftest import client_for
from core.audit import AuditEntry
from deliberation import rules, workflow
from deliberation.models import DeliberationOpinion
from deliberation.tests.helpers import deputy_record, first_group, meeting_with_agenda

pytestmark = pytest.mark.django_db


def test_draft_text_groups_summaries_by_group():
    text = rules.draft_text(
        [
            ("第一代表团", "张三", "建议加大教育投入。"),
            ("第二代表团", "李四", "同意报告。"),
            ("第一代表团", "王五", " 关注养老服务。\n"),
        ]
    )
    assert (
        text
        == "第一代表团\n张三代表：建议加大教育投入。\n王五代表：关注养老服务。\n\n第二代表团\n李四代表：同意报告。"
    )


def test_draft_text_of_no_speeches_is_empty():
    assert rules.draft_text([]) == ""


def test_opinion_page_starts_from_the_speeches_and_saves_the_office_text(clerk, deputy, co_signer, congress):
    meeting = meeting_with_agenda(congress)
    first = first_group(meeting, clerk, deputy)
    second = workflow.create_group(meeting, actor=clerk, name="第二代表团", convenor=deputy_record(co_signer))
    item = meeting.agenda_items.get(order=1)
    workflow.record_speech(
        first, actor=clerk, deputy=deputy_record(deputy), agenda_item=item, summary="赞成报告。"
    )
    workflow.record_speech(
        second, actor=clerk, deputy=deputy_record(co_signer), agenda_item=item, summary="建议细化。"
    )
    client = client_for(clerk)
    url = reverse("deliberation:opinion", args=[item.pk])
    page = client.get(url).content.decode()
    assert "第一代表团\n张代表代表：赞成报告。\n\n第二代表团\n赵代表代表：建议细化。" in page

    client.post(url, {"text": "代表们认为，报告实事求是。"})
    assert DeliberationOpinion.objects.get(agenda_item=item).text == "代表们认为，报告实事求是。"
    assert AuditEntry.objects.filter(action="save_opinion", actor_id=clerk.pk).count() == 1
    assert "代表们认为，报告实事求是。" in client.get(url).content.decode()


def test_empty_opinion_is_refused(clerk, congress):
    item = meeting_with_agenda(congress).agenda_items.first()
    response = client_for(clerk).post(
        reverse("deliberation:opinion", args=[item.pk]), {"text": ""}, follow=True
    )
    assert "这个字段是必填项" in response.content.decode() or "必填" in response.content.decode()
    assert not DeliberationOpinion.objects.exists()
