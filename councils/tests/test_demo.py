"""The demo council has members, one counted and published 票选 and a second one open on phones."""

import pytest

from conftest import client_for
from councils.models import CouncilBallot
from registry.models import Congress, CouncilMember

pytestmark = pytest.mark.django_db


def test_the_demo_council_has_members_a_published_result_and_an_open_ballot(demo, django_user_model):
    council = Congress.objects.get(code="demo-council")
    categories = set(CouncilMember.objects.filter(congress=council).values_list("category", flat=True))
    assert categories == {"resident", "deputy", "community_staff"}
    published, opened = CouncilBallot.objects.filter(congress=council).order_by("held_on")
    assert published.status == "published" and published.result["adopted"]
    assert opened.status == "open" and opened.method == "electronic" and opened.participations.count() == 4

    page = client_for(None).get(f"/p/{council.code}/councils/{published.pk}/").content.decode()
    assert "青云街道居民议事会" in page and "入选" in page
    resident = client_for(django_user_model.objects.get(username="resident"))
    assert opened.title in resident.get("/councils/vote/").content.decode()
    assert "议事会票选：请投票" in resident.get("/").content.decode()
    office = client_for(django_user_model.objects.get(username="council")).get(f"/councils/{opened.pk}/")
    assert office.status_code == 200 and "已投票 4 名" in office.content.decode()
    district = client_for(django_user_model.objects.get(username="staff")).get("/councils/")
    assert published.title in district.content.decode()
