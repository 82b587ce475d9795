"""Each vote links to the text voted (its agenda item's 表决稿, as it stood when voting opened) on
the deputy's device, the big screen and the vote's result page."""

import pytest

from conftest import client_for
from materials import queries
from materials.models import Material, MaterialVersion
from meetings import workflow
from meetings.tests.console_helpers import agenda_of, material_with_versions
from meetings.tests.helpers import close_and_count, open_meeting_with, sign_in_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(clerk, deputy, co_signer, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    items = agenda_of(meeting, clerk)
    material = material_with_versions(meeting, items[1], clerk, stages=("draft", "final", "revised"))
    vote = workflow.create_vote(
        meeting, actor=clerk, title=items[1].title, secret=False, method="electronic", agenda_item=items[1]
    )
    return meeting, items, material, workflow.open_vote(vote, actor=clerk)


def test_the_final_version_is_the_text_voted_even_when_a_later_version_exists(sitting):
    _meeting, items, material, vote = sitting
    text = queries.text_voted(items[1], vote.opened_at)
    assert text.version == "第2版·表决稿" and text.url == f"/materials/{material.pk}/read/?v=2"


def test_a_version_uploaded_after_voting_opened_is_not_the_text_voted(sitting, clerk):
    _meeting, items, material, vote = sitting
    MaterialVersion.objects.create(
        material=material, number=4, stage="final", original="materials/4.pdf", uploaded_by=clerk
    )
    assert queries.text_voted(items[1], vote.opened_at).version == "第2版·表决稿"


def test_a_staff_only_material_is_never_shown(sitting):
    _meeting, items, material, vote = sitting
    Material.objects.filter(pk=material.pk).update(audience=Material.Audience.STAFF)
    assert queries.text_voted(items[1], vote.opened_at) is None
    assert queries.materials_of(items[1]) == []


def test_the_device_and_the_result_page_link_to_the_text_voted(sitting, clerk, deputy):
    meeting, _items, material, vote = sitting
    link = f"/materials/{material.pk}/read/?v=2"
    device = client_for(deputy).get(f"/meetings/{meeting.pk}/device/").content.decode()
    assert "表决文本：" in device and link in device
    close_and_count(vote, clerk)
    assert link in client_for(deputy).get(f"/meetings/{meeting.pk}/device/").content.decode()
    assert link in client_for(clerk).get(f"/meetings/votes/{vote.pk}/").content.decode()
    # The deputy may open it.
    assert client_for(deputy).get(link).status_code == 200
