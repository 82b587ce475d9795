"""The demo is a fictional city around the demo district, whose own counts stay as they were."""

import pytest

from conftest import client_for
from registry.models import Congress, StationMembership
from registry.queries import deputy_count

pytestmark = pytest.mark.django_db


def test_the_demo_city_has_districts_a_zone_townships_and_a_council(demo):
    district = demo.congress
    city = Congress.objects.get(code="demo-city")
    assert district.parent == city and city.level == Congress.Level.CITY
    assert set(city.children.values_list("kind", flat=True)) == {"congress", "working_body"}
    assert city.children.count() == 3
    kinds = sorted(district.children.values_list("kind", flat=True))
    assert kinds == ["residents_council", "township_congress", "township_congress"]
    assert deputy_count(district) == 365  # the district's fixed counts are untouched
    assert deputy_count(city) == 12
    assert deputy_count(Congress.objects.get(code="demo-qinghe")) == 15


def test_deputies_of_two_levels_share_a_district_station(demo, django_user_model):
    row = StationMembership.objects.select_related("station", "deputy__congress").first()
    assert row.station.congress == demo.congress and row.deputy.congress.code == "demo-city"
    own = row.station.deputies.count()
    assert own > 0  # the district's own deputies are there too
    page = client_for(django_user_model.objects.get(username="staff")).get(
        f"/registry/stations/{row.station_id}/"
    )
    assert "其他层级进站代表（6 人）" in page.content.decode()


def test_the_city_office_sees_the_message_referred_up(demo, django_user_model):
    city_staff = django_user_model.objects.get(username="city")
    page = client_for(city_staff).get("/referrals/")
    text = page.content.decode()
    assert page.status_code == 200 and "转交本机构办理（2 件）" in text and "示范区人民代表大会" in text


def test_the_city_office_takes_the_referred_suggestion_as_its_own(demo, django_user_model):
    from referrals.models import Referral
    from suggestions.models import Suggestion

    city_staff = django_user_model.objects.get(username="city")
    referral = Referral.objects.get(suggestion__isnull=False)
    page = client_for(city_staff).get(f"/referrals/{referral.pk}/").content.decode()
    assert "接收为本机构建议" in page
    response = client_for(city_staff).post(f"/referrals/{referral.pk}/adopt/", {"confirmed": "yes"})
    assert response.status_code == 302
    own = Suggestion.objects.get(congress__code="demo-city")
    assert own.transferred_from_id == referral.suggestion_id and own.status == "registered"
