"""The counting rules of meetings.rules, fed the law's own cases (DOMAIN.md §0–§3)."""

import random

import pytest

from meetings import rules
from meetings.rules import ElectionBallot, Nomination, Revote, RuleInputError


def ballot(*marked_for, against=(), write_in=()):
    return ElectionBallot(for_=marked_for, against=against, write_in=write_in)


def ballots_giving(votes, count):
    """``count`` ballots on which each person gets exactly ``votes[person]`` votes for.

    Marks are dealt round-robin, so no ballot holds more than ceil(total/count) marks and no
    person appears twice on one ballot (each has at most ``count`` votes).
    """
    columns = [[] for _ in range(count)]
    position = 0
    for name, number in votes.items():
        for _ in range(number):
            columns[position % count].append(name)
            position += 1
    return [ballot(*column) for column in columns]


def elect(ballots, *, candidates, seats, body_size=9, present=None, issued=None, returned=None):
    present = body_size if present is None else present
    issued = len(ballots) if issued is None else issued
    return rules.count_election(body_size, present, issued, returned, seats, candidates, ballots)


# --------------------------------------------------------------------------- quorum and passing


def test_congress_quorum_is_met_at_exactly_two_thirds():
    assert rules.quorum_met("congress", 300, 200)
    assert rules.quorum_met("congress", 365, 244)


def test_one_fewer_than_two_thirds_is_no_congress_quorum():
    assert not rules.quorum_met("congress", 300, 199)
    assert not rules.quorum_met("congress", 365, 243)


def test_committee_quorum_needs_more_than_half_of_all_members():
    assert rules.quorum_met("committee", 29, 15)
    assert not rules.quorum_met("committee", 29, 14)


def test_exactly_half_of_the_committee_is_no_quorum():
    assert not rules.quorum_met("committee", 30, 15)
    assert rules.quorum_met("committee", 30, 16)


def test_presidium_quorum_defaults_to_two_thirds_and_is_a_local_setting():
    assert rules.quorum_met("presidium", 30, 20)
    assert not rules.quorum_met("presidium", 30, 19)
    assert rules.quorum_met("presidium", 30, 16, presidium_quorum=(1, 2))


@pytest.mark.parametrize("body", rules.BODIES)
def test_quorum_threshold_is_the_smallest_number_present_that_meets_quorum(body):
    for size in range(1, 400):
        least = rules.quorum_threshold(body, size)
        assert rules.quorum_met(body, size, least)
        assert not rules.quorum_met(body, size, least - 1)


def test_exactly_half_is_not_a_majority():
    assert not rules.is_majority(15, 30)
    assert rules.is_majority(16, 30)
    assert not rules.passes("committee", 30, 15)


def test_threshold_is_the_smallest_passing_yes_count():
    assert rules.threshold(365) == 183
    assert rules.threshold(364) == 183
    for size in range(1, 1000):
        assert rules.is_majority(rules.threshold(size), size)
        assert not rules.is_majority(rules.threshold(size) - 1, size)


def test_vote_is_decided_against_all_deputies_not_those_present():
    result = rules.count_vote("congress", 365, 244, yes=182, no=0, abstain=0)
    assert result.quorum_met
    assert not result.passed
    assert result.threshold == 183
    assert rules.count_vote("congress", 365, 244, yes=183, no=0, abstain=0).passed


def test_committee_appointment_needs_a_majority_of_all_members():
    assert rules.count_vote("committee", 29, 20, yes=15, no=3, abstain=2).passed
    assert not rules.count_vote("committee", 29, 20, yes=14, no=3, abstain=3).passed


def test_vote_without_quorum_does_not_pass():
    result = rules.count_vote("congress", 9, 5, yes=5, no=0, abstain=0)
    assert not result.quorum_met
    assert not result.passed


def test_not_voted_is_present_minus_yes_no_and_abstain():
    result = rules.count_vote("congress", 365, 338, yes=300, no=20, abstain=10)
    assert (result.quorum_met, result.passed, result.not_voted, result.threshold) == (True, True, 8, 183)


def test_more_votes_than_deputies_present_is_refused():
    with pytest.raises(RuleInputError) as error:
        rules.count_vote("congress", 365, 338, yes=300, no=30, abstain=10)
    assert error.value.field == "yes + no + abstain"


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        (("congress", 365, 366, 0, 0, 0), "present"),
        (("congress", 365, -1, 0, 0, 0), "present"),
        (("congress", 0, 0, 0, 0, 0), "body_size"),
        (("congress", 365, 338, 1.5, 0, 0), "yes"),
        (("congress", 365, 338, True, 0, 0), "yes"),
        (("plenary", 365, 338, 0, 0, 0), "body"),
    ],
)
def test_impossible_vote_figures_are_refused_naming_the_field(arguments, field):
    with pytest.raises(RuleInputError) as error:
        rules.count_vote(*arguments)
    assert error.value.field == field
    assert str(error.value).startswith(f"字段 {field} ")


# --------------------------------------------------------------------------- elections


def test_election_without_two_thirds_present_elects_nobody():
    result = elect([ballot("甲")] * 5, candidates=["甲"], seats=1, present=5)
    assert not result.quorum_met
    assert result.elected == ()
    assert result.supplementary_seats == 0


def test_more_ballots_returned_than_issued_voids_the_round_and_elects_nobody():
    result = elect([ballot("甲")] * 9, candidates=["甲", "乙"], seats=1, issued=8)
    assert result.quorum_met
    assert not result.round_valid
    assert result.elected == ()
    assert result.revote is None
    assert result.supplementary_seats == 0


def test_as_many_ballots_returned_as_issued_is_a_valid_round():
    assert elect([ballot("甲")] * 8, candidates=["甲", "乙"], seats=1, present=9, issued=8).round_valid


def test_more_ballots_entered_than_returned_is_refused():
    with pytest.raises(RuleInputError) as error:
        elect([ballot("甲")] * 8, candidates=["甲"], seats=1, returned=7)
    assert error.value.field == "ballots_returned"


def test_returned_ballots_may_exceed_the_ballots_entered_as_in_the_issue_example():
    result = elect([ballot("甲")] * 8, candidates=["甲"], seats=1, returned=9)
    assert result.valid_ballots == 8


def test_more_ballots_issued_than_deputies_present_is_refused():
    with pytest.raises(RuleInputError) as error:
        elect([ballot("甲")] * 8, candidates=["甲"], seats=1, present=8, issued=9)
    assert error.value.field == "ballots_issued"


def test_ballot_voting_for_more_persons_than_seats_is_void():
    result = elect([ballot("甲", "乙", "丙")], candidates=["甲", "乙", "丙"], seats=2, present=7)
    assert (result.valid_ballots, result.void_ballots) == (0, 1)
    assert result.counts["甲"] == rules.PersonCount(0, 0, 0)


def test_ballot_voting_for_seats_or_fewer_is_valid_including_an_empty_one():
    ballots = [ballot("甲", "乙"), ballot("甲"), ballot(), ballot(against=("甲", "乙"))]
    result = elect(ballots, candidates=["甲", "乙"], seats=2, present=6, issued=4)
    assert (result.valid_ballots, result.void_ballots) == (4, 0)


def test_write_ins_count_against_the_seat_limit():
    result = elect([ballot("甲", write_in=("戊",))], candidates=["甲", "乙"], seats=1, present=6, issued=1)
    assert result.void_ballots == 1


def test_write_ins_count_as_votes_for_and_can_be_elected():
    ballots = [ballot(against=("甲",), write_in=("戊",))] * 5 + [ballot("甲")] * 4
    result = elect(ballots, candidates=["甲"], seats=1)
    assert result.counts["戊"] == rules.PersonCount(for_=5, against=0, abstain=0)
    assert result.elected == ("戊",)


def test_candidate_neither_for_nor_against_on_a_valid_ballot_abstains():
    ballots = [ballot("甲"), ballot(against=("甲",)), ballot(), ballot("乙")]
    result = elect(ballots, candidates=["甲", "乙"], seats=1, present=6)
    assert result.counts["甲"] == rules.PersonCount(for_=1, against=1, abstain=2)
    assert result.counts["乙"] == rules.PersonCount(for_=1, against=0, abstain=3)


def test_counts_list_candidates_in_list_order_then_write_ins_by_name():
    # Write-ins are sorted by code point (庚 U+5E9A before 戊 U+620A), not by ballot order.
    ballots = [ballot(write_in=("戊",)), ballot(write_in=("庚",)), ballot("乙")]
    result = elect(ballots, candidates=["乙", "甲"], seats=1, present=6)
    assert list(result.counts) == ["乙", "甲", "庚", "戊"]


def test_candidate_needs_a_majority_of_all_deputies_not_of_the_ballots():
    # 244 of 365 present: 182 votes is three quarters of the ballots but not 过半数 of all.
    ballots = ballots_giving({"甲": 182, "乙": 183}, 244)
    result = elect(ballots, candidates=["甲", "乙"], seats=2, body_size=365, present=244)
    assert result.elected == ("乙",)
    assert result.supplementary_seats == 1


def test_exactly_half_of_all_deputies_does_not_elect():
    ballots = ballots_giving({"甲": 5}, 10)
    assert elect(ballots, candidates=["甲"], seats=1, body_size=10).elected == ()


def test_everyone_with_a_majority_is_elected_when_they_fit_the_seats():
    result = elect(ballots_giving({"甲": 6, "乙": 8, "丙": 2}, 9), candidates=["甲", "乙", "丙"], seats=2)
    assert result.elected == ("乙", "甲")
    assert result.revote is None
    assert result.supplementary_seats == 0


def test_when_more_pass_than_seats_the_most_votes_win():
    ballots = ballots_giving({"甲": 5, "乙": 7, "丙": 6}, 9)
    result = elect(ballots, candidates=["甲", "乙", "丙"], seats=2)
    assert result.elected == ("乙", "丙")


def test_tie_at_the_last_seat_yields_a_revote_of_exactly_the_tied_persons():
    ballots = ballots_giving({"甲": 7, "乙": 5, "丙": 5, "丁": 1}, 9)
    result = elect(ballots, candidates=["甲", "乙", "丙", "丁"], seats=2)
    assert result.elected == ("甲",)
    assert result.revote == Revote(candidates=("乙", "丙"), places=1)
    assert result.supplementary_seats == 0


def test_tie_straddling_the_last_two_seats_leaves_both_to_the_revote():
    ballots = ballots_giving({"甲": 8, "乙": 6, "丙": 6, "丁": 6}, 9)
    result = elect(ballots, candidates=["甲", "乙", "丙", "丁"], seats=3)
    assert result.elected == ("甲",)
    assert result.revote == Revote(candidates=("乙", "丙", "丁"), places=2)
    assert result.supplementary_seats == 0


def test_tie_inside_the_seats_elects_all_the_tied():
    ballots = ballots_giving({"甲": 7, "乙": 7, "丙": 6, "丁": 3}, 9)
    result = elect(ballots, candidates=["甲", "乙", "丙", "丁"], seats=3)
    assert result.elected == ("甲", "乙", "丙")
    assert result.revote is None


def test_tie_between_persons_without_a_majority_is_no_revote_but_a_shortfall():
    ballots = ballots_giving({"甲": 7, "乙": 3, "丙": 3}, 9)
    result = elect(ballots, candidates=["甲", "乙", "丙"], seats=2)
    assert result.elected == ("甲",)
    assert result.revote is None
    assert result.supplementary_seats == 1


def test_shortfall_leaves_seats_for_a_supplementary_election():
    ballots = ballots_giving({"甲": 5, "乙": 4, "丙": 4, "丁": 3}, 9)
    result = elect(ballots, candidates=["甲", "乙", "丙", "丁"], seats=3)
    assert result.elected == ("甲",)
    assert result.supplementary_seats == 2


def test_supplementary_election_still_needs_a_majority_of_all_deputies():
    # 另行选举 for one seat: 180 of 244 ballots is a majority of those present and of the valid
    # ballots, but not of the 365 deputies.
    ballots = ballots_giving({"乙": 180, "丙": 50}, 244)
    result = rules.count_supplementary_election(365, 244, 244, None, 1, ["乙", "丙"], ballots)
    assert result.elected == ()
    assert result.supplementary_seats == 1


def test_supplementary_election_elects_with_a_majority_of_all_deputies():
    ballots = ballots_giving({"乙": 183, "丙": 50}, 244)
    result = rules.count_supplementary_election(365, 244, 244, None, 1, ["乙", "丙"], ballots)
    assert result.elected == ("乙",)


def test_supplementary_candidates_follow_the_first_round_order():
    ballots = ballots_giving({"甲": 6, "乙": 2, "丙": 4, "丁": 3}, 9)
    result = elect(ballots, candidates=["甲", "乙", "丙", "丁"], seats=2)
    assert result.supplementary_seats == 1
    assert rules.supplementary_candidates(["甲", "乙", "丙", "丁"], result) == ("丙", "丁", "乙")


def test_revote_among_tied_persons_is_won_by_the_most_votes():
    ballots = [ballot("乙")] * 4 + [ballot("丙")] * 3 + [ballot()] * 2
    result = rules.count_revote(9, 9, 9, None, 1, ["乙", "丙"], ballots)
    assert result.elected == ("乙",)


def test_revote_that_ties_again_yields_another_revote():
    ballots = [ballot("乙")] * 4 + [ballot("丙")] * 4 + [ballot()]
    result = rules.count_revote(9, 9, 9, None, 1, ["乙", "丙"], ballots)
    assert result.elected == ()
    assert result.revote == Revote(candidates=("乙", "丙"), places=1)


def test_revote_refuses_write_ins():
    with pytest.raises(RuleInputError) as error:
        rules.count_revote(9, 9, 1, None, 1, ["乙", "丙"], [ballot(write_in=("戊",))])
    assert error.value.field == "ballots[0].write_in"


def test_elected_are_ordered_by_votes_then_list_order_then_write_ins():
    ballots = [ballot("丙", "甲", write_in=("戊",))] * 6 + [ballot("乙")] * 3
    result = elect(ballots, candidates=["甲", "乙", "丙"], seats=3)
    assert result.elected == ("甲", "丙", "戊")


def test_result_does_not_depend_on_the_order_of_the_ballots():
    ballots = [
        *ballots_giving({"甲": 7, "乙": 5, "丙": 5}, 9),
        ballot(write_in=("庚",)),
        ballot(write_in=("戊",)),
    ]
    shuffled = ballots[:]
    random.Random(7).shuffle(shuffled)
    first = elect(ballots, candidates=["甲", "乙", "丙"], seats=2, body_size=12, present=11)
    second = elect(shuffled, candidates=["甲", "乙", "丙"], seats=2, body_size=12, present=11)
    assert first == second
    assert list(first.counts) == list(second.counts)


def test_three_thousand_ballots_are_counted_exactly():
    ballots = ballots_giving({"甲": 2500, "乙": 1600, "丙": 1200, "丁": 700}, 3000)
    result = elect(ballots, candidates=["甲", "乙", "丙", "丁"], seats=2, body_size=3000)
    assert result.valid_ballots == 3000
    assert result.elected == ("甲", "乙")
    assert result.counts["丁"] == rules.PersonCount(for_=700, against=0, abstain=2300)


def test_unknown_candidate_is_refused_naming_the_ballot():
    ballots = [ballot("甲")] * 3 + [ballot("庚")]
    with pytest.raises(RuleInputError) as error:
        elect(ballots, candidates=["甲", "乙"], seats=1)
    assert str(error.value) == "字段 ballots[3].for 中的候选人“庚”不在候选人名单中"


def test_unknown_candidate_voted_against_is_refused():
    with pytest.raises(RuleInputError) as error:
        elect([ballot(against=("庚",))], candidates=["甲"], seats=1, present=6)
    assert error.value.field == "ballots[0].against"


def test_listed_candidate_written_in_is_refused():
    with pytest.raises(RuleInputError) as error:
        elect([ballot(write_in=("甲",))], candidates=["甲"], seats=1, present=6)
    assert error.value.field == "ballots[0].write_in"


def test_same_candidate_for_and_against_on_one_ballot_is_refused():
    with pytest.raises(RuleInputError) as error:
        elect([ballot("甲", against=("甲",))], candidates=["甲"], seats=1, present=6)
    assert error.value.field == "ballots[0].against"


@pytest.mark.parametrize("names", [["甲", "甲"], ["甲 "], [""], [3]])
def test_malformed_names_on_a_ballot_are_refused(names):
    with pytest.raises(RuleInputError) as error:
        elect([ballot(*names)], candidates=["甲"], seats=2, present=6)
    assert error.value.field == "ballots[0].for"


def test_election_needs_candidates_and_at_least_one_seat():
    with pytest.raises(RuleInputError) as error:
        elect([], candidates=[], seats=1, present=6)
    assert error.value.field == "candidates"
    with pytest.raises(RuleInputError) as error:
        elect([], candidates=["甲"], seats=0, present=6)
    assert error.value.field == "seats"


# --------------------------------------------------------------------------- candidate margins


def test_head_post_may_have_one_extra_candidate():
    assert rules.check_candidate_margin("head", 1, 2) is None


def test_head_post_may_be_uncontested_only_with_a_single_nominee():
    assert rules.check_candidate_margin("head", 1, 1) is None
    message = rules.check_candidate_margin("head", 1, 1, nominee_count=2)
    assert "应当差额选举" in message


def test_head_post_with_two_extra_candidates_breaks_the_margin():
    assert rules.check_candidate_margin("head", 1, 3) == (
        "正职（常委会主任、县长/区长、监委主任、法院院长、检察长；乡镇人大主席、乡长/镇长）应选 1 名，候选人 3 名（差额 2 名），"
        "差额应为 0 至 1 名（组织法第二十七条）"
    )


def test_head_post_has_exactly_one_seat():
    assert "只能是 1 名" in rules.check_candidate_margin("head", 2, 3)


@pytest.mark.parametrize(("candidates", "lawful"), [(4, False), (5, True), (7, True), (8, False)])
def test_vice_posts_need_one_to_three_extra_candidates(candidates, lawful):
    assert (rules.check_candidate_margin("vice_head", 4, candidates) is None) is lawful


@pytest.mark.parametrize(("candidates", "lawful"), [(27, False), (28, True), (30, True), (31, False)])
def test_committee_member_margin_is_between_a_tenth_and_a_fifth(candidates, lawful):
    assert (rules.check_candidate_margin("committee_member", 25, candidates) is None) is lawful


def test_committee_member_margin_rounds_up_by_default():
    assert rules.candidate_margin("committee_member", 21) == rules.Margin(3, 5)
    assert rules.candidate_margin("committee_member", 21, rounding="exact") == rules.Margin(3, 4)


def test_exact_rounding_leaves_no_lawful_margin_for_very_few_seats():
    assert rules.candidate_margin("committee_member", 2) == rules.Margin(1, 1)
    assert "进一法" in rules.check_candidate_margin("committee_member", 2, 3, rounding="exact")


@pytest.mark.parametrize(("candidates", "lawful"), [(23, False), (24, True), (30, True), (31, False)])
def test_higher_deputy_margin_is_a_fifth_to_a_half(candidates, lawful):
    message = rules.check_candidate_margin("higher_deputy", 20, candidates)
    assert (message is None) is lawful
    if not lawful:
        assert "选举法第三十一条" in message


def test_by_election_may_be_uncontested_or_competitive():
    assert rules.check_candidate_margin("by_election", 2, 2) is None
    assert rules.check_candidate_margin("by_election", 2, 5) is None


def test_fewer_candidates_than_seats_breaks_the_margin():
    assert "少于应选名额" in rules.check_candidate_margin("by_election", 3, 2)


def test_margin_fixed_by_the_election_rules_must_be_lawful_and_matched():
    assert rules.check_candidate_margin("committee_member", 25, 29, extra=4) is None
    assert "实有 30 名" in rules.check_candidate_margin("committee_member", 25, 30, extra=4)
    assert "不合法" in rules.check_candidate_margin("committee_member", 25, 31, extra=6)


def test_supplementary_election_applies_the_margin_to_the_open_seats():
    # Two committee seats left open: 2/10 to 2/5 rounds up to exactly one extra candidate.
    assert rules.check_candidate_margin("committee_member", 2, 3) is None
    assert rules.check_candidate_margin("committee_member", 2, 4) is not None


def test_unknown_office_is_refused():
    with pytest.raises(RuleInputError) as error:
        rules.candidate_margin("mayor", 1)
    assert error.value.field == "office"


# --------------------------------------------------------------------------- nominations and 预选


def deputies(count, prefix="代表"):
    return tuple(f"{prefix}{number}" for number in range(1, count + 1))


def test_joint_nomination_by_ten_deputies_is_lawful_at_county_level():
    assert rules.check_nominations(3, [Nomination(names=("甲",), nominators=deputies(10))]) == []


def test_joint_nomination_by_nine_deputies_is_refused():
    errors = rules.check_nominations(3, [Nomination(names=("甲",), nominators=deputies(9))])
    assert errors == ["第 1 份提名：只有 9 名代表联名，须 10 名以上代表联名（组织法第二十六条）"]


def test_joint_nomination_size_is_a_setting():
    nomination = Nomination(names=("甲",), nominators=deputies(15))
    assert rules.check_nominations(3, [nomination], min_joint_deputies=20) != []


def test_each_deputy_may_nominate_at_most_as_many_names_as_seats():
    group = deputies(10)
    nominations = [
        Nomination(names=("甲", "乙"), nominators=group),
        Nomination(names=("丙", "丁"), nominators=group),
    ]
    errors = rules.check_nominations(3, nominations)
    assert len(errors) == 10
    assert errors[0] == "代表“代表1”联名提名了 4 名候选人，超过应选名额 3 名（组织法第二十六条）"


def test_presidium_may_not_nominate_more_names_than_seats():
    assert rules.check_nominations(2, [Nomination(names=("甲", "乙"), by_presidium=True)]) == []
    assert rules.check_nominations(2, [Nomination(names=("甲", "乙", "丙"), by_presidium=True)]) != []


def test_preliminary_vote_is_needed_only_when_nominees_exceed_seats_plus_margin():
    assert not rules.preliminary_vote_needed(seats=25, extra=3, nominee_count=28)
    assert rules.preliminary_vote_needed(seats=25, extra=3, nominee_count=29)


def test_preliminary_vote_makes_the_top_seats_plus_margin_formal_candidates():
    votes = {"甲": 50, "乙": 80, "丙": 20, "丁": 70, "戊": 60}
    selection = rules.rank_preliminary_vote(votes, seats=2, extra=1)
    assert selection.chosen == ("乙", "丁", "戊")
    assert selection.revote is None


def test_preliminary_vote_tie_at_the_cut_goes_to_another_vote():
    votes = {"甲": 50, "乙": 80, "丙": 50, "丁": 70}
    selection = rules.rank_preliminary_vote(votes, seats=2, extra=1)
    assert selection.chosen == ("乙", "丁")
    assert selection.revote == Revote(candidates=("甲", "丙"), places=1)


# --------------------------------------------------------------------------- project ballots


PROJECTS = ["P1", "P2", "P3", "P4", "P5"]


def project_ballot(
    ballots, *, adopt=3, require_majority_of_all=False, body_size=9, present=None, issued=None
):
    present = body_size if present is None else present
    issued = len(ballots) if issued is None else issued
    return rules.count_project_ballot(
        body_size, present, issued, None, adopt, require_majority_of_all, PROJECTS, ballots
    )


def test_project_ballot_ticking_more_than_adopt_is_void():
    result = project_ballot([["P1", "P2", "P3", "P4"]], present=6)
    assert (result.valid_ballots, result.void_ballots) == (0, 1)
    assert result.counts["P1"] == 0


def test_project_ballot_ticking_adopt_or_fewer_is_valid_including_none():
    result = project_ballot([["P1", "P2", "P3"], ["P1"], []], present=6)
    assert (result.valid_ballots, result.void_ballots) == (3, 0)
    assert result.counts == {"P1": 2, "P2": 1, "P3": 1, "P4": 0, "P5": 0}


def test_top_projects_by_votes_are_adopted():
    ballots = [["P1", "P2", "P3"]] * 4 + [["P4", "P5", "P2"]] * 3 + [["P5", "P1"]] * 2
    result = project_ballot(ballots)
    assert result.counts == {"P1": 6, "P2": 7, "P3": 4, "P4": 3, "P5": 5}
    assert result.adopted == ("P2", "P1", "P5")
    assert result.revote is None
    assert result.shortfall == 0


def test_tie_at_the_last_place_yields_a_revote_of_exactly_the_tied_projects():
    ballots = [["P1", "P2"]] * 4 + [["P1", "P4"]] * 4 + [["P3"]]
    result = project_ballot(ballots, adopt=2)
    assert result.adopted == ("P1",)
    assert result.revote == Revote(candidates=("P2", "P4"), places=1)
    assert result.shortfall == 0


def test_without_the_majority_requirement_every_project_is_eligible():
    result = project_ballot([["P1"]], adopt=2, present=6, issued=1)
    assert result.adopted == ("P1",)
    # Places 2..: P2–P5 all have 0 ticks, so the second place is a five-way tie.
    assert result.revote == Revote(candidates=("P2", "P3", "P4", "P5"), places=1)


def test_shortfall_when_fewer_projects_have_a_majority_of_all_deputies():
    ballots = [["P1", "P2"]] * 5 + [["P3"]] * 4
    result = project_ballot(ballots, require_majority_of_all=True)
    assert result.adopted == ("P1", "P2")
    assert result.shortfall == 1


def test_majority_of_all_counts_deputies_absent_from_the_ballot():
    # 5 ticks of 6 ballots, but 10 deputies: not 过半数 of all.
    result = project_ballot(
        [["P1"]] * 5 + [[]], require_majority_of_all=True, body_size=10, present=7, issued=6
    )
    assert result.adopted == ()
    assert result.shortfall == 3


def test_project_round_is_void_when_more_ballots_are_returned_than_issued():
    result = project_ballot([["P1"]] * 9, issued=8)
    assert not result.round_valid
    assert result.adopted == ()
    assert result.shortfall == 0


def test_project_ballot_without_quorum_adopts_nothing():
    result = project_ballot([["P1"]] * 5, present=5)
    assert not result.quorum_met
    assert result.adopted == ()


def test_unknown_project_is_refused_naming_the_ballot():
    with pytest.raises(RuleInputError) as error:
        project_ballot([["P1"], ["P9"]], present=6)
    assert str(error.value) == "字段 ballots[1] 中的项目“P9”不在候选项目名单中"


def test_each_line_is_read_on_its_own_and_a_line_with_two_marks_is_ignored():
    ballots = [
        {"P1": ["yes"], "P2": ["yes"], "P3": ["yes"], "P4": ["yes"], "P5": ["yes"]},
        {"P1": ["yes", "no"], "P2": ["no"], "P3": ["abstain"]},
        {"P1": ["yes"], "P2": ["yes"]},
    ]
    result = rules.count_project_ballot_per_line(6, 6, 3, None, 2, False, PROJECTS, ballots)
    assert (result.valid_ballots, result.void_ballots) == (3, 0)
    assert result.line_counts["P1"] == rules.LineCount(yes=2, no=0, abstain=0, ignored=1)
    assert result.line_counts["P2"] == rules.LineCount(yes=2, no=1, abstain=0, ignored=0)
    assert result.line_counts["P5"] == rules.LineCount(yes=1, no=0, abstain=2, ignored=0)
    assert result.adopted == ("P1", "P2")


def test_unknown_mark_on_a_line_is_refused():
    with pytest.raises(RuleInputError) as error:
        rules.count_project_ballot_per_line(6, 6, 1, None, 2, False, PROJECTS, [{"P1": ["maybe"]}])
    assert error.value.field == "ballots[0].P1"


# --------------------------------------------------------------------------- evaluation


def test_exactly_half_of_the_base_satisfied_is_satisfied():
    assert rules.evaluation_grade(10, 5, 0, 5).grade == "satisfied"
    assert rules.evaluation_grade(365, 183, 0, 0).grade == "satisfied"


def test_one_satisfied_vote_short_of_half_is_not_satisfied():
    assert rules.evaluation_grade(10, 4, 2, 4).grade == "basically_satisfied"
    assert rules.evaluation_grade(365, 182, 1, 0).grade == "basically_satisfied"


def test_exactly_half_satisfied_or_basically_satisfied_is_dissatisfied():
    assert rules.evaluation_grade(10, 4, 1, 5).grade == "dissatisfied"
    assert rules.evaluation_grade(365, 100, 82, 0).grade == "dissatisfied"


def test_grade_counts_against_all_deputies_not_the_votes_cast():
    evaluation = rules.evaluation_grade(365, 150, 0, 0)
    assert evaluation.grade == "dissatisfied"
    assert evaluation.satisfaction_rate == 1.0


def test_satisfaction_rate_includes_basically_satisfied_and_has_four_decimals():
    assert rules.evaluation_grade(365, 200, 100, 10).satisfaction_rate == 0.9677
    assert rules.evaluation_grade(365, 2, 0, 1).satisfaction_rate == 0.6667


def test_satisfaction_rate_rounds_half_up():
    # 1/32 = 0.03125: half up gives 0.0313 where round() on a float gives 0.0312.
    assert rules.evaluation_grade(365, 1, 0, 31).satisfaction_rate == 0.0313


def test_satisfaction_rate_is_zero_without_votes():
    assert rules.evaluation_grade(365, 0, 0, 0) == rules.Evaluation("dissatisfied", 0.0)


def test_more_evaluation_votes_than_the_base_are_refused():
    with pytest.raises(RuleInputError) as error:
        rules.evaluate_items(10, {"P1": rules.EvaluationVotes(6, 3, 2)})
    assert (
        str(error.value)
        == "字段 items.P1 中 satisfied + basically_satisfied + dissatisfied 之和（11）不能大于 base（10）"
    )


def test_negative_evaluation_vote_is_refused_naming_the_project():
    with pytest.raises(RuleInputError) as error:
        rules.evaluate_items(10, {"P1": rules.EvaluationVotes(6, -3, 2)})
    assert error.value.field == "items.P1.basically_satisfied"


# --------------------------------------------------------------------------- two tellers


def test_tellers_agree_only_when_both_entered_every_sheet_alike():
    readings = {1: {"a": ["P1"], "b": ["P1"]}, 2: {"a": ["P2"], "b": ["P2"]}}
    assert rules.compare_teller_readings(["a", "b"], readings, 2) == ([], True)


def test_every_differing_or_missing_sheet_is_listed_with_both_readings():
    readings = {1: {"a": ["P1"], "b": ["P1"]}, 2: {"a": ["P2"], "b": ["P3"]}, 3: {"a": []}}
    differing, agreed = rules.compare_teller_readings(["a", "b"], readings, 4)
    assert not agreed
    assert differing == [(2, [["P2"], ["P3"]]), (3, [[], None]), (4, [None, None])]


def test_one_teller_alone_never_agrees():
    assert rules.compare_teller_readings(["a"], {1: {"a": ["P1"]}}, 1) == ([], False)
