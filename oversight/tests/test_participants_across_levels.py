"""Supervision activities invite deputies of every level working in the area (DOMAIN §11)."""

import pytest

from conftest import client_for, make_deputy
from core.workflow import TransitionRefused
from oversight import workflow
from oversight.models import Activity, Participant
from oversight.tests.helpers import make_activity
from registry.tests.tree import make_tree

pytestmark = pytest.mark.django_db


def _add(clerk, activity, deputy, role=Participant.Role.INVITED_DEPUTY):
    return client_for(clerk).post(
        f"/oversight/activities/{activity.pk}/participants/", {"deputy": deputy.pk, "role": role}
    )


def test_a_city_deputy_is_invited_to_a_district_inquiry(congress, other_congress, unit, clerk):
    tree = make_tree(congress, other_congress)
    activity = make_activity(congress, unit, kind=Activity.Kind.INQUIRY)
    city_deputy = make_deputy(tree.city, name="周市代表")
    page = client_for(clerk).get(f"/oversight/activities/{activity.pk}/").content.decode()
    assert "周市代表（示范市人大代表）" in page
    assert _add(clerk, activity, city_deputy).status_code == 302
    assert Participant.objects.filter(activity=activity, deputy=city_deputy).exists()


def test_a_township_deputy_joins_an_inspection(congress, other_congress, unit, clerk):
    tree = make_tree(congress, other_congress)
    activity = make_activity(congress, unit)
    town_deputy = make_deputy(tree.township, name="吴镇代表")
    workflow.add_participant(activity, actor=clerk, deputy=town_deputy, role=Participant.Role.INVITED_DEPUTY)
    assert activity.participant_rows.get().deputy == town_deputy


def test_a_sibling_districts_deputy_is_refused(congress, other_congress, unit, clerk):
    make_tree(congress, other_congress)
    activity = make_activity(congress, unit)
    stranger = make_deputy(other_congress, name="邻区代表")
    with pytest.raises(TransitionRefused, match="本级或上下级"):
        workflow.add_participant(activity, actor=clerk, deputy=stranger, role=Participant.Role.INVITED_DEPUTY)
    _add(clerk, activity, stranger)
    assert not Participant.objects.exists()


def test_another_levels_deputy_is_not_a_committee_member_here(congress, other_congress, unit, clerk):
    tree = make_tree(congress, other_congress)
    activity = make_activity(congress, unit)
    with pytest.raises(TransitionRefused, match="邀请代表"):
        workflow.add_participant(
            activity, actor=clerk, deputy=make_deputy(tree.city), role=Participant.Role.MEMBER
        )
