import pytest

from conftest import client_for
from materials.models import Consultation, Material

pytestmark = pytest.mark.django_db


def test_the_demo_has_materials_for_its_sittings_and_a_consultation(demo):
    from accounts.models import User

    assert Material.objects.filter(status=Material.Status.RELEASED).count() >= 4
    assert Material.objects.filter(versions__number=2).exists()
    assert Consultation.objects.filter(status=Consultation.Status.OPEN).exists()
    page = client_for(User.objects.get(username="deputy")).get("/materials/")
    assert "示范区人民政府工作报告" in page.content.decode()
