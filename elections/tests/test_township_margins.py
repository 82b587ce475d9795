"""Elections at a township congress (DOMAIN §11, 组织法第二十七条): 主席 and the 乡长/镇长 one extra
candidate, or equal with a single nominee; 副主席 and deputy heads one to three extra; no
standing committee and no deputies to a higher congress."""

from __future__ import annotations

import re

import pytest

from conftest import client_for
from elections import rules as election_rules
from elections import workflow
from elections.models import Nomination
from elections.tests.conftest import group_with_candidates
from meetings import rules
from registry import rules as registry_rules
from registry.models import Congress

pytestmark = pytest.mark.django_db


@pytest.fixture
def township_election(congress, clerk, meeting):
    Congress.objects.filter(pk=congress.pk).update(
        kind=Congress.Kind.TOWNSHIP_CONGRESS, level=Congress.Level.TOWNSHIP
    )
    congress.refresh_from_db()
    return workflow.create_election(
        actor=clerk, congress=congress, meeting=meeting, title="选举镇人大主席、副主席"
    )


def test_each_township_post_takes_the_margin_of_its_office():
    assert election_rules.township_office_of("镇人民代表大会主席") == "head"
    assert election_rules.township_office_of("镇人民代表大会副主席") == "vice_head"
    assert election_rules.township_office_of("青禾镇人民政府镇长") == "head"
    assert election_rules.township_office_of("副镇长") == "vice_head"
    assert election_rules.township_office_of("乡长") == "head"
    assert election_rules.township_office_of("副乡长") == "vice_head"


def test_the_chair_and_the_head_have_one_extra_candidate_or_a_single_nominee():
    assert rules.check_candidate_margin("head", 1, 2) is None
    assert rules.check_candidate_margin("head", 1, 1, nominee_count=1) is None
    assert "只有一名被提名人时才可以等额选举" in rules.check_candidate_margin("head", 1, 1, nominee_count=2)
    assert "差额应为 0 至 1 名" in rules.check_candidate_margin("head", 1, 3)


def test_vice_chairs_and_deputy_heads_have_one_to_three_extra():
    assert rules.check_candidate_margin("vice_head", 2, 3) is None
    assert rules.check_candidate_margin("vice_head", 2, 5) is None
    assert "差额应为 1 至 3 名" in rules.check_candidate_margin("vice_head", 2, 2)
    assert "差额应为 1 至 3 名" in rules.check_candidate_margin("vice_head", 2, 6)


def test_a_congress_with_a_standing_committee_is_not_held_to_the_township_offices():
    assert election_rules.office_problem("congress", "committee_member", "常委会委员") is None


def test_a_township_elects_no_standing_committee_members(clerk, township_election):
    with pytest.raises(workflow.TransitionRefused, match="乡镇人大没有常委会"):
        workflow.add_office_group(
            township_election,
            actor=clerk,
            office="committee_member",
            post="常委会委员",
            seats=5,
            extra=None,
            write_in_rule="deputy",
        )
    assert not township_election.office_groups.exists()


def test_a_township_chair_is_elected_as_a_head_post(clerk, township_election):
    with pytest.raises(workflow.TransitionRefused, match="是正职"):
        workflow.add_office_group(
            township_election,
            actor=clerk,
            office="vice_head",
            post="镇人大主席",
            seats=1,
            extra=None,
            write_in_rule="deputy",
        )


def test_a_township_chair_with_two_candidates_is_fixed(clerk, township_election):
    group = group_with_candidates(
        township_election, clerk, names=("甲", "乙"), seats=1, office="head", post="镇人大主席"
    )
    workflow.fix_candidates(group, actor=clerk)
    assert list(group.candidates.values_list("name", flat=True)) == ["甲", "乙"]


def test_three_nominees_for_a_township_chair_go_through_a_preliminary_vote_to_two(clerk, township_election):
    group = workflow.add_office_group(
        township_election,
        actor=clerk,
        office="head",
        post="镇人大主席",
        seats=1,
        extra=None,
        write_in_rule="deputy",
    )
    for name in ("甲", "乙", "丙"):  # three nominations of one name each
        workflow.nominate(group, actor=clerk, kind=Nomination.Kind.PRESIDIUM, names=[name])
    with pytest.raises(workflow.TransitionRefused, match="须进行预选"):
        workflow.fix_candidates(group, actor=clerk)
    assert not group.candidates.exists()
    workflow.fix_candidates(group, actor=clerk, preliminary_votes={"甲": 8, "乙": 6, "丙": 3})
    assert list(group.candidates.values_list("name", flat=True)) == ["甲", "乙"]


def test_township_vice_chairs_elected_without_an_extra_candidate_are_refused(clerk, township_election):
    group = group_with_candidates(
        township_election, clerk, names=("甲", "乙"), seats=2, office="vice_head", post="镇人大副主席"
    )
    with pytest.raises(workflow.TransitionRefused, match="差额应为 1 至 3 名"):
        workflow.fix_candidates(group, actor=clerk)


def test_township_deputy_heads_with_one_to_three_extra_are_fixed(clerk, township_election):
    group = group_with_candidates(
        township_election, clerk, names=("甲", "乙", "丙", "丁"), seats=2, office="vice_head", post="副镇长"
    )
    workflow.fix_candidates(group, actor=clerk)
    assert group.candidates.count() == 4


def _office_options(page: str) -> list[str]:
    select = re.search(r'<select[^>]*name="office".*?</select>', page, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def test_the_township_office_group_form_offers_only_the_township_categories(clerk, township_election):
    page = client_for(clerk).get(f"/elections/{township_election.pk}/").content.decode()
    assert _office_options(page) == ["head", "vice_head", "by_election"]
    assert "正职（人大主席、乡长/镇长）" in page and "副职（人大副主席、副乡长/副镇长）" in page
    assert "常委会" not in page.split('name="office"', 1)[1].split("</select>", 1)[0]


def test_a_congress_with_a_standing_committee_is_offered_every_category(clerk, election):
    page = client_for(clerk).get(f"/elections/{election.pk}/").content.decode()
    assert _office_options(page) == ["head", "vice_head", "committee_member", "higher_deputy", "by_election"]
    assert "乡镇人大主席" not in page


@pytest.mark.parametrize("office", ["committee_member", "higher_deputy"])
def test_the_server_refuses_a_category_the_township_does_not_elect(clerk, township_election, office):
    response = client_for(clerk).post(
        f"/elections/{township_election.pk}/",
        {"office": office, "post": "常委会委员", "seats": 3, "write_in_rule": "deputy"},
    )
    assert response.status_code == 200
    assert "乡镇人大没有常委会，也不选举上一级人大代表" in response.content.decode()
    assert not township_election.office_groups.exists()


def test_the_township_chair_is_added_from_the_form_and_shown_in_township_words(clerk, township_election):
    response = client_for(clerk).post(
        f"/elections/{township_election.pk}/",
        {"office": "head", "post": "镇人大主席", "seats": 1, "write_in_rule": "deputy"},
        follow=True,
    )
    group = township_election.office_groups.get()
    assert group.office == "head"
    assert "正职（人大主席、乡长/镇长）" in response.content.decode()
    detail = client_for(clerk).get(f"/elections/groups/{group.pk}/").content.decode()
    assert "正职（人大主席、乡长/镇长）" in detail and "常委会主任" not in detail


def test_each_kind_of_body_elects_its_own_offices():
    assert registry_rules.elected_offices("township_congress") == ("head", "vice_head", "by_election")
    assert "committee_member" in registry_rules.elected_offices("congress")
    assert registry_rules.elected_offices("working_body") == ()
    assert registry_rules.elected_offices("residents_council") == ()
    assert "不进行选举" in election_rules.office_problem("working_body", "head", "主任")
    assert election_rules.office_problem("township_congress", "by_election", "副镇长") is None
