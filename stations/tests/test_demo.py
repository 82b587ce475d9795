"""The demo builds a year of station work, and it is consistent. (Its speed is measured in bench/, not here.)"""

import pytest

from stations.models import Message, Reception

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_year_of_messages_and_receptions(db):
    from portal import demo as demo_module

    demo_module.load(say=lambda _: None)
    assert Message.objects.count() > 3000
    assert Reception.objects.filter(status=Reception.Status.HELD).count() > 500
    assert Reception.objects.filter(status=Reception.Status.SCHEDULED).count() > 0
    assert not Message.objects.filter(status=Message.Status.CLOSED, outcome="").exists()
    assert not Message.objects.filter(outcome=Message.Outcome.DECLINED, decline_reason="").exists()


def test_the_demo_pages_render(demo):
    from accounts.models import User
    from conftest import client_for

    station_user, staff = User.objects.get(username="station"), User.objects.get(username="staff")
    message = Message.objects.filter(station__staff__user=station_user).first()
    reception = Reception.objects.filter(station=message.station).first()
    for user, urls in (
        (
            station_user,
            [
                "/stations/",
                f"/stations/messages/{message.pk}/",
                f"/stations/stations/{message.station_id}/",
                f"/stations/receptions/{reception.pk}/",
                "/stations/statistics/",
                "/",
            ],
        ),
        (
            staff,
            [
                "/stations/?box=office",
                "/stations/?box=all",
                "/stations/statistics/",
                "/stations/statistics.xlsx",
                "/stations/stations/",
            ],
        ),
        (User.objects.get(username="unit"), ["/stations/?box=unit"]),
    ):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 200, url
    public = client_for(None)
    assert public.get(f"/p/demo/stations/{message.station_id}/").status_code == 200
    assert public.get(f"/p/demo/stations/track/{message.tracking_code}/").status_code == 200
