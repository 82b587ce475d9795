import pytest

from registry.tests.tree import make_tree, staff_of


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def tree(congress, other_congress):
    return make_tree(congress, other_congress)


@pytest.fixture
def city_clerk(tree):
    """Staff of the city congress office: the receiving side of an upward referral."""
    return staff_of(tree.city, "city_clerk")


@pytest.fixture
def awaiting(station, clerk, station_staff):
    """A message the station forwarded to the district office for referral."""
    from stations import workflow
    from stations.tests.helpers import make_message

    message = make_message(station)
    return workflow.forward_to_office(message, actor=station_staff)
