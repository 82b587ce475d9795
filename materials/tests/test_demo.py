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
