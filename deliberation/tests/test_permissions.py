import pytest
from django.urls import reverse

from conftest import client_for
from deliberation import workflow
from deliberation.models import Speech
from deliberation.tests.helpers import deputy_record, first_group, meeting_with_agenda

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(clerk, deputy, congress):
    return first_group(meeting_with_agenda(congress), clerk, deputy)


@pytest.fixture
def speech(group, clerk, deputy):
    item = group.meeting.agenda_items.first()
    return workflow.record_speech(
        group, actor=clerk, deputy=deputy_record(deputy), agenda_item=item, summary="发言"
    )


def pages(group, speech):
    item = group.meeting.agenda_items.first()
    return [
        reverse("deliberation:meeting_groups", args=[group.meeting_id]),
        reverse("deliberation:group_detail", args=[group.pk]),
        reverse("deliberation:edit_speech", args=[speech.pk]),
        reverse("deliberation:opinion", args=[item.pk]),
    ]


def test_outsider_gets_404_everywhere(outsider, group, speech):
    client = client_for(outsider)
    for url in pages(group, speech):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("deliberation:delete_speech", args=[speech.pk])).status_code == 404
    assert Speech.objects.filter(pk=speech.pk).exists()


def test_deputy_who_is_not_the_convenor_gets_404(co_signer, group, speech):
    client = client_for(co_signer)
    for url in pages(group, speech):
        assert client.get(url).status_code == 404, url
    item = group.meeting.agenda_items.first()
    response = client.post(
        reverse("deliberation:record_speech", args=[group.pk]),
        {"deputy": deputy_record(co_signer).pk, "agenda_item": item.pk, "summary": "冒名"},
    )
    assert response.status_code == 404
    assert Speech.objects.count() == 1


def test_leader_and_unit_handler_get_404(leader, unit_handler, group, speech):
    for user in (leader, unit_handler):
        assert client_for(user).get(reverse("deliberation:group_detail", args=[group.pk])).status_code == 404


def test_convenor_sees_their_group_but_not_the_opinion_nor_another_group(
    deputy, co_signer, clerk, group, speech
):
    other = workflow.create_group(
        group.meeting, actor=clerk, name="第二代表团", convenor=deputy_record(co_signer)
    )
    client = client_for(deputy)
    page = client.get(reverse("deliberation:meeting_groups", args=[group.meeting_id])).content.decode()
    assert "第一代表团" in page and "第二代表团" not in page
    assert client.get(reverse("deliberation:group_detail", args=[group.pk])).status_code == 200
    assert client.get(reverse("deliberation:group_detail", args=[other.pk])).status_code == 404
    item = group.meeting.agenda_items.first()
    assert client.get(reverse("deliberation:opinion", args=[item.pk])).status_code == 404


def test_convenor_cannot_set_up_groups(deputy, group):
    response = client_for(deputy).post(
        reverse("deliberation:create_group", args=[group.meeting_id]), {"name": "自建小组"}
    )
    assert response.status_code == 403


def test_convenor_cannot_reopen(deputy, group):
    workflow.summarise(group, actor=deputy)
    response = client_for(deputy).post(reverse("deliberation:group_action", args=[group.pk, "reopen"]))
    assert response.status_code == 403


def test_get_on_a_post_only_action_is_refused(clerk, group):
    assert (
        client_for(clerk).get(reverse("deliberation:group_action", args=[group.pk, "summarise"])).status_code
        == 405
    )


def test_anonymous_is_sent_to_login(group):
    from django.test import Client

    assert Client().get(reverse("deliberation:group_detail", args=[group.pk])).status_code == 302
