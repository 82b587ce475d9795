import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded photos go to a temporary MEDIA_ROOT, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def message(station):
    from stations.tests.helpers import make_message

    return make_message(station)


@pytest.fixture
def station_deputy(congress, term, station):
    """A deputy with an account who has joined the fixture station (进站代表)."""
    from accounts.models import Role
    from conftest import make_deputy, make_user

    user = make_user("station_deputy", "钱代表", congress, Role.DEPUTY)
    make_deputy(congress, term, name="钱代表", user=user, station=station)
    return user


@pytest.fixture
def other_station_staff(congress, other_station):
    from accounts.models import Role
    from conftest import make_user

    return make_user("other_station_staff", "郑站长", congress, Role.STATION_STAFF, station=other_station)
