import pytest
from django.urls import reverse

from conftest import client_for, make_deputy
from core.audit import AuditEntry
from core.workflow import TransitionRefused
from deliberation import workflow
from deliberation.models import DiscussionGroup
from deliberation.tests.helpers import deputy_record, first_group, meeting_with_agenda

pytestmark = pytest.mark.django_db


def test_clerk_sets_up_a_group_with_convenor_and_members(clerk, deputy, congress):
    meeting = meeting_with_agenda(congress)
    other = make_deputy(congress, name="钱代表")
    response = client_for(clerk).post(
        reverse("deliberation:create_group", args=[meeting.pk]),
        {
            "name": "第一代表团",
            "convenor": deputy_record(deputy).pk,
            "room": "201会议室",
            "members": [other.pk],
        },
    )
    group = DiscussionGroup.objects.get(meeting=meeting)
    assert response.status_code == 302
    assert set(group.members.all()) == {deputy_record(deputy), other}  # the convenor is a member
    assert group.status == DiscussionGroup.Status.OPEN
    assert AuditEntry.objects.filter(action="create_group", actor_id=clerk.pk).count() == 1


def test_a_deputy_cannot_be_in_two_groups_of_one_meeting(clerk, deputy, co_signer, congress):
    meeting = meeting_with_agenda(congress)
    first_group(meeting, clerk, deputy, deputy_record(co_signer))
    with pytest.raises(TransitionRefused, match="赵代表代表已在第一代表团"):
        workflow.create_group(meeting, actor=clerk, name="第二代表团", members=[deputy_record(co_signer)])
    assert DiscussionGroup.objects.filter(meeting=meeting).count() == 1


def test_adding_a_member_of_another_group_is_refused_with_a_chinese_message(
    clerk, deputy, co_signer, congress
):
    meeting = meeting_with_agenda(congress)
    first_group(meeting, clerk, deputy)
    second = workflow.create_group(meeting, actor=clerk, name="第二代表团", convenor=deputy_record(co_signer))
    response = client_for(clerk).post(
        reverse("deliberation:add_members", args=[second.pk]),
        {"members": [deputy_record(deputy).pk]},
        follow=True,
    )
    assert "同一会议每位代表只能参加一个小组" in response.content.decode()
    assert not second.members.filter(pk=deputy_record(deputy).pk).exists()


def test_the_same_deputy_may_be_in_groups_of_different_meetings(clerk, deputy, congress):
    first_group(meeting_with_agenda(congress), clerk, deputy)
    first_group(meeting_with_agenda(congress), clerk, deputy)
    assert DiscussionGroup.objects.count() == 2
