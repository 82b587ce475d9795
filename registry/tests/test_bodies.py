"""A tree of bodies in one deployment (DOMAIN §11): kinds, parents, seats at several levels, stations."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from accounts.permissions import deputy_of
from conftest import client_for, make_deputy
from core.models import AuditEntry
from core.workflow import TransitionRefused
from registry import bodies, rules, workflow
from registry.models import Congress, Deputy, StationMembership
from registry.tests.tree import make_tree, seated_deputy

pytestmark = pytest.mark.django_db


# --- rules -------------------------------------------------------------------------------------


def test_a_working_body_needs_a_county_or_city_parent():
    assert rules.body_problem("working_body", "county", None, None)
    assert rules.body_problem("working_body", "county", "congress", "county") is None
    assert rules.body_problem("working_body", "county", "congress", "city") is None
    assert rules.body_problem("working_body", "county", "township_congress", "township")


def test_a_township_congress_sits_under_a_county():
    assert rules.body_problem("township_congress", "township", "congress", "county") is None
    assert rules.body_problem("township_congress", "township", "congress", "city")
    assert rules.body_problem("township_congress", "county", None, None)


def test_a_congress_sits_under_a_higher_congress():
    assert rules.body_problem("congress", "county", "congress", "city") is None
    assert rules.body_problem("congress", "city", "congress", "county")
    assert rules.body_problem("congress", "county", "working_body", "county")


def test_a_residents_council_belongs_to_a_subdistrict_body():
    assert rules.body_problem("residents_council", "township", "working_body", "county") is None
    assert rules.body_problem("residents_council", "township", "congress", "city")


def test_a_township_has_a_presidium_and_no_standing_committee():
    assert not rules.has_standing_committee("township_congress")
    assert "presidium_meeting" in rules.meeting_kinds("township_congress")
    assert "committee_meeting" not in rules.meeting_kinds("township_congress")
    assert rules.meeting_kinds("working_body") == ("deputies_meeting",)
    assert rules.meeting_kinds("residents_council") == ()
    assert not rules.holds_sessions("working_body")


def test_motion_threshold_by_level():
    """组织法第二十一条: county ten deputies, township five; a congress's own setting wins."""
    assert rules.motion_min_deputies("county") == 10
    assert rules.motion_min_deputies("township") == 5
    assert rules.motion_min_deputies("township", 6) == 6


def test_a_body_cannot_be_its_own_ancestor():
    parents = {1: None, 2: 1, 3: 2}
    assert rules.ancestors_in(parents, 3) == [2, 1]
    assert rules.parent_problem(parents, 1, 3)
    assert rules.parent_problem(parents, 3, 1) is None


# --- the tree ----------------------------------------------------------------------------------


def test_the_line_of_a_district_is_its_city_and_its_own_bodies_not_its_sibling(congress, other_congress):
    tree = make_tree(congress, other_congress)
    line = set(bodies.related_ids(congress))
    assert line == {congress.pk, tree.city.pk, tree.working_body.pk, tree.township.pk}
    assert other_congress.pk not in line


def test_only_a_superuser_places_a_body_and_it_is_audited(congress, other_congress, clerk, django_user_model):
    tree = make_tree(congress, other_congress)
    with pytest.raises(PermissionDenied):
        workflow.place_body(
            tree.township, actor=clerk, kind="township_congress", level="township", parent=congress
        )
    admin = django_user_model.objects.create_superuser("root", password="x")
    with pytest.raises(TransitionRefused, match="上级须为更高一级的人民代表大会"):
        workflow.place_body(tree.city, actor=admin, kind="congress", level="province", parent=congress)
    workflow.place_body(
        tree.township, actor=admin, kind="township_congress", level="township", parent=other_congress
    )
    tree.township.refresh_from_db()
    assert tree.township.parent == other_congress
    assert AuditEntry.objects.filter(action="place_body", congress_id=tree.township.pk).exists()


# --- one person, seats at several levels -------------------------------------------------------


def test_one_login_holds_a_seat_in_the_city_and_in_the_district(congress, other_congress):
    tree = make_tree(congress, other_congress)
    user = seated_deputy(congress, "two_levels", "孙代表")
    city_seat = make_deputy(tree.city, name="孙代表", user=user)
    from accounts.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=user, congress=tree.city, role=Role.DEPUTY)
    assert deputy_of(user, tree.city.pk) == city_seat
    assert deputy_of(user, congress.pk).congress == congress
    assert user.seats.count() == 2


def test_a_login_has_one_seat_per_congress(congress, deputy):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        make_deputy(congress, user=deputy)


def test_a_seat_counts_as_the_deputy_only_while_the_deputy_role_is_held(congress, clerk):
    seat = make_deputy(congress, name="王文书", user=clerk)  # a staff member who also sits in the congress
    assert deputy_of(clerk, congress) is None
    assert deputy_of(clerk, congress.pk, holding_role=False) == seat


def test_a_picked_deputy_is_one_of_this_congress_and_bad_values_pick_no_one(congress, other_congress):
    ours, theirs = make_deputy(congress, name="本级代表"), make_deputy(other_congress, name="外区代表")
    assert bodies.picked_deputy(congress.pk, str(ours.pk)) == ours
    assert bodies.picked_deputy(congress.pk, str(theirs.pk)) is None
    for raw in (None, "", "abc", "²", "١", "1" * 10, f"{ours.pk}.0"):
        assert bodies.picked_deputy(congress.pk, raw) is None


# --- stations host deputies of every level -----------------------------------------------------


def test_a_city_deputy_enters_a_district_station(congress, other_congress, station, clerk):
    tree = make_tree(congress, other_congress)
    city_deputy = make_deputy(tree.city, name="周市代表")
    response = client_for(clerk).post(
        f"/registry/stations/{station.pk}/enter/", {"deputy": city_deputy.pk, "starts_on": "2026-03-01"}
    )
    assert response.status_code == 302
    row = StationMembership.objects.get()
    assert (row.station, row.deputy, row.congress) == (station, city_deputy, congress)
    assert AuditEntry.objects.filter(action="enter_station", congress_id=congress.pk).count() == 1
    page = client_for(clerk).get(f"/registry/stations/{station.pk}/").content.decode()
    assert "周市代表" in page and "示范市人大" in page


def test_a_township_deputy_enters_the_district_station_too(congress, other_congress, station, clerk):
    tree = make_tree(congress, other_congress)
    town_deputy = make_deputy(tree.township, name="吴镇代表")
    workflow.enter_station(station, actor=clerk, deputy=town_deputy, on=dt.date(2026, 3, 1))
    assert station.memberships.filter(deputy=town_deputy).exists()


def test_a_sibling_districts_deputy_is_refused(congress, other_congress, station, clerk):
    make_tree(congress, other_congress)
    stranger = make_deputy(other_congress, name="邻区代表")
    with pytest.raises(TransitionRefused, match="本级或上下级"):
        workflow.enter_station(station, actor=clerk, deputy=stranger, on=dt.date(2026, 3, 1))
    response = client_for(clerk).post(
        f"/registry/stations/{station.pk}/enter/", {"deputy": stranger.pk, "starts_on": "2026-03-01"}
    )
    assert response.status_code == 302
    assert not StationMembership.objects.exists()


def test_only_the_stations_own_office_enters_deputies(congress, other_congress, station, outsider):
    tree = make_tree(congress, other_congress)
    city_deputy = make_deputy(tree.city)
    assert client_for(outsider).post(
        f"/registry/stations/{station.pk}/enter/", {"deputy": city_deputy.pk, "starts_on": "2026-03-01"}
    ).status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        workflow.enter_station(station, actor=outsider, deputy=city_deputy, on=dt.date(2026, 3, 1))


def test_a_deputy_leaves_the_station(congress, other_congress, station, clerk):
    tree = make_tree(congress, other_congress)
    row = workflow.enter_station(station, actor=clerk, deputy=make_deputy(tree.city), on=dt.date(2026, 3, 1))
    response = client_for(clerk).post(f"/registry/stations/{station.pk}/members/{row.pk}/leave/")
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.ends_on is not None
    assert Deputy.objects.filter(pk=row.deputy_id).exists()
    assert Congress.objects.count() == 5


def test_a_township_congress_is_offered_no_standing_committee_meetings(congress, other_congress):
    from meetings.forms import MeetingForm

    tree = make_tree(congress, other_congress)
    kinds = {value for value, _ in MeetingForm(congress=tree.township).fields["kind"].choices if value}
    assert kinds == {"preparatory_meeting", "plenary", "presidium_meeting"}
    form = MeetingForm({"kind": "committee_meeting", "number": 1, "title": "x"}, congress=tree.township)
    assert not form.is_valid() and "kind" in form.errors
    # A working body holds no session: only its annual deputies' meeting (代表会议).
    assert [v for v, _ in MeetingForm(congress=tree.working_body).fields["kind"].choices if v] == [
        "deputies_meeting"
    ]
    assert "committee_meeting" in {v for v, _ in MeetingForm(congress=congress).fields["kind"].choices}
