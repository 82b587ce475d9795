"""会中控制台: the agenda in order, the item under deliberation with its material, each vote under
its item with the next step, for the office; nobody else."""

import pytest

from conftest import client_for
from meetings import workflow
from meetings.tests.console_helpers import agenda_of, material_with_versions
from meetings.tests.helpers import open_meeting_with, sign_in_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def sitting(clerk, deputy, co_signer, congress):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    items = agenda_of(meeting, clerk)
    material_with_versions(meeting, items[1], clerk)
    return meeting, items


def test_console_lists_the_agenda_in_order_with_its_materials(clerk, sitting):
    meeting, items = sitting
    page = client_for(clerk).get(f"/meetings/{meeting.pk}/console/").content.decode()
    assert page.index("1. 关于示范区2026年") < page.index("2. 示范区人民代表大会关于2027年预算的决议")
    assert "《关于2027年预算的决议》第2版·表决稿" in page
    material = items[1].materials.get()
    assert f"/materials/{material.pk}/read/?v=2" in page
    assert "下一项：1." in page  # nothing taken up yet: the next item is the first


def test_a_vote_is_listed_under_its_agenda_item_with_its_next_step(clerk, sitting):
    meeting, items = sitting
    vote = workflow.create_vote(
        meeting, actor=clerk, title=items[1].title, secret=False, method="electronic", agenda_item=items[1]
    )
    page = client_for(clerk).get(f"/meetings/{meeting.pk}/console/").content.decode()
    line = page[page.index(f'data-key="vote:{vote.pk}"') :]
    assert "开始表决" in line[:2000] and "在大屏显示" in line[:2000]
    assert "表决文本：" in line[:2000] and "第2版·表决稿" in line[:2000]


def test_a_leader_watches_the_console_without_its_buttons(leader, sitting):
    meeting, _items = sitting
    page = client_for(leader).get(f"/meetings/{meeting.pk}/console/").content.decode()
    assert "会中控制台" in page and "转入此项" not in page and "创建表决" not in page


def test_a_deputy_is_refused_and_another_congress_gets_404(deputy, outsider, sitting):
    meeting, _items = sitting
    assert client_for(deputy).get(f"/meetings/{meeting.pk}/console/").status_code == 403
    assert client_for(outsider).get(f"/meetings/{meeting.pk}/console/").status_code == 404


def test_the_meeting_page_links_to_the_console(clerk, sitting):
    meeting, _items = sitting
    page = client_for(clerk).get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/meetings/{meeting.pk}/console/" in page
