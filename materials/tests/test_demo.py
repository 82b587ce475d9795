import pytest

from conftest import client_for
from materials.models import Consultation, Material
from meetings.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db


def test_the_demo_has_materials_for_its_sittings_and_a_consultation(demo):
    from accounts.models import User

    assert Material.objects.filter(status=Material.Status.RELEASED).count() >= 4
    assert Material.objects.filter(versions__number=2).exists()
    assert Consultation.objects.filter(status=Consultation.Status.OPEN).exists()
    page = client_for(User.objects.get(username="deputy")).get("/materials/")
    assert "示范区人民政府工作报告" in page.content.decode()


def test_every_report_and_resolution_on_a_demo_agenda_has_its_text(demo):
    items = AgendaItem.objects.filter(kind__in=["report", "resolution"])
    assert items.count() >= 10
    assert not items.filter(materials__isnull=True).exists()
    for meeting in Meeting.objects.filter(agenda_items__kind="resolution").distinct():
        assert Material.objects.filter(meeting=meeting, versions__stage="final").exists(), meeting


def test_each_demo_vote_on_a_resolution_has_its_text_voted(demo):
    from materials.queries import text_voted
    from meetings.models import Vote

    votes = Vote.objects.filter(agenda_item__kind="resolution").select_related("agenda_item")
    assert votes.exists()
    for vote in votes:
        text = text_voted(vote.agenda_item, vote.opened_at)
        assert text is not None, vote.title
