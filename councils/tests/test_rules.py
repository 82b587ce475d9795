"""The council's own quorum and passing threshold, as pure functions (DOMAIN §0, §11)."""

from councils import rules


def test_two_thirds_present_is_a_quorum_including_the_number():
    assert rules.quorum_met("two_thirds", 15, 10) and not rules.quorum_met("two_thirds", 15, 9)
    assert rules.quorum_needed("two_thirds", 15) == 10


def test_a_majority_present_is_strictly_more_than_half():
    assert not rules.quorum_met("majority", 10, 5) and rules.quorum_met("majority", 10, 6)
    assert rules.quorum_needed("majority", 10) == 6


def test_by_default_a_matter_needs_more_than_half_of_all_members():
    # 15 members, 12 present: 8 votes pass; 7 do not (it would, counted against the 12 present)
    decision = rules.decide(
        ["甲", "乙", "丙"],
        {"甲": 8, "乙": 7, "丙": 9},
        adopt=3,
        members=15,
        present=12,
        quorum="two_thirds",
        threshold="majority_of_all",
    )
    assert decision.adopted == ("丙", "甲") and decision.below_threshold == ("乙",)
    assert decision.shortfall == 1


def test_with_the_present_as_base_seven_of_twelve_passes():
    assert rules.passes("majority_of_present", 7, 15, 12)
    assert not rules.passes("majority_of_all", 7, 15, 12)


def test_a_tie_at_the_last_place_goes_to_a_new_vote():
    decision = rules.decide(
        ["甲", "乙", "丙"],
        {"甲": 9, "乙": 6, "丙": 6},
        adopt=2,
        members=10,
        present=10,
        quorum="two_thirds",
        threshold="plurality",
    )
    assert decision.adopted == ("甲",) and decision.tied == ("乙", "丙") and decision.tied_places == 1


def test_without_a_quorum_nothing_is_adopted():
    decision = rules.decide(
        ["甲"], {"甲": 5}, adopt=1, members=10, present=5, quorum="two_thirds", threshold="plurality"
    )
    assert not decision.decided and decision.adopted == ()


def test_matters_are_typed_one_per_line_with_an_optional_explanation():
    assert rules.parse_matters("青云路口加装红绿灯：学生过街不安全\n\n背街小巷路灯修复") == [
        ("青云路口加装红绿灯", "学生过街不安全"),
        ("背街小巷路灯修复", ""),
    ]


def test_a_repeated_matter_is_named_in_the_message():
    try:
        rules.parse_matters("路灯\n路灯")
    except ValueError as error:
        assert "第 2 行“路灯”与前面的事项重复" in str(error)
    else:
        raise AssertionError("a repeated matter must be refused")


def test_an_approval_vote_needs_more_matters_than_places():
    assert rules.matters_problem(2, 2, "approval")
    assert rules.matters_problem(2, 2, "per_line") is None
