import pytest
from django.urls import reverse

from conftest import client_for, make_deputy
from core.audit import AuditEntry
from core.workflow import TransitionRefused
from deliberation import workflow
from deliberation.models import DiscussionGroup, Speech
from deliberation.tests.helpers import deputy_record, first_group, meeting_with_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(clerk, deputy, co_signer, congress):
    return first_group(meeting_with_agenda(congress), clerk, deputy, deputy_record(co_signer))


def test_convenor_records_a_speech_of_a_member(group, deputy, co_signer):
    item = group.meeting.agenda_items.get(order=1)
    response = client_for(deputy).post(
        reverse("deliberation:record_speech", args=[group.pk]),
        {"deputy": deputy_record(co_signer).pk, "agenda_item": item.pk, "summary": "建议加大教育投入。"},
    )
    assert response.status_code == 302
    speech = Speech.objects.get()
    assert (speech.deputy, speech.agenda_item, speech.recorded_by) == (deputy_record(co_signer), item, deputy)
    assert AuditEntry.objects.filter(action="record_speech", actor_id=deputy.pk).count() == 1


def test_speaker_not_a_member_is_refused(group, clerk, congress):
    stranger = make_deputy(congress, name="孙代表")
    item = group.meeting.agenda_items.first()
    with pytest.raises(TransitionRefused, match="孙代表代表不是第一代表团的成员"):
        workflow.record_speech(group, actor=clerk, deputy=stranger, agenda_item=item, summary="……")
    assert not Speech.objects.exists()


def test_agenda_item_of_another_meeting_is_refused(group, clerk, co_signer, congress):
    other_item = meeting_with_agenda(congress).agenda_items.first()
    with pytest.raises(TransitionRefused, match="不属于本次会议"):
        workflow.record_speech(
            group, actor=clerk, deputy=deputy_record(co_signer), agenda_item=other_item, summary="…"
        )


def test_clerk_edits_and_deletes_a_speech_before_the_summary(group, clerk, co_signer):
    item = group.meeting.agenda_items.first()
    speech = workflow.record_speech(
        group, actor=clerk, deputy=deputy_record(co_signer), agenda_item=item, summary="初稿"
    )
    client = client_for(clerk)
    client.post(
        reverse("deliberation:edit_speech", args=[speech.pk]),
        {"deputy": deputy_record(co_signer).pk, "agenda_item": item.pk, "summary": "修改后"},
    )
    speech.refresh_from_db()
    assert speech.summary == "修改后"
    assert AuditEntry.objects.get(action="edit_speech").changes["summary"] == ["初稿", "修改后"]
    client.post(reverse("deliberation:delete_speech", args=[speech.pk]))
    assert not Speech.objects.exists()
    assert AuditEntry.objects.filter(action="delete_speech", actor_id=clerk.pk).count() == 1


def test_after_the_summary_speeches_are_final(group, clerk, deputy, co_signer):
    item = group.meeting.agenda_items.first()
    speech = workflow.record_speech(
        group, actor=clerk, deputy=deputy_record(co_signer), agenda_item=item, summary="定稿"
    )
    response = client_for(deputy).post(reverse("deliberation:group_action", args=[group.pk, "summarise"]))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.status == DiscussionGroup.Status.SUMMARISED
    assert AuditEntry.objects.filter(action="summarise", actor_id=deputy.pk).count() == 1
    response = client_for(clerk).post(reverse("deliberation:delete_speech", args=[speech.pk]), follow=True)
    assert "已汇总定稿，不能删除" in response.content.decode()
    assert Speech.objects.filter(pk=speech.pk).exists()
    with pytest.raises(TransitionRefused):
        workflow.record_speech(
            group, actor=clerk, deputy=deputy_record(co_signer), agenda_item=item, summary="补充"
        )


def test_only_staff_reopen_a_summarised_group(group, clerk, deputy):
    workflow.summarise(group, actor=deputy)
    assert workflow.allowed_actions(DiscussionGroup.objects.get(pk=group.pk), deputy) == []
    client_for(clerk).post(reverse("deliberation:group_action", args=[group.pk, "reopen"]))
    group.refresh_from_db()
    assert group.status == DiscussionGroup.Status.OPEN


def test_group_page_lists_speeches_by_agenda_item(group, clerk, co_signer):
    item = group.meeting.agenda_items.get(order=2)
    workflow.record_speech(
        group, actor=clerk, deputy=deputy_record(co_signer), agenda_item=item, summary="支持计划。"
    )
    page = client_for(clerk).get(reverse("deliberation:group_detail", args=[group.pk])).content.decode()
    assert "2. 计划执行情况报告" in page
    assert "赵代表代表：" in page
    assert "支持计划。" in page
