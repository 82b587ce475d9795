"""Pure rules of seats, office holders and the map (DOMAIN §0, §10)."""

from __future__ import annotations

import datetime as dt

import pytest

from registry import rules

D = dt.date


@pytest.mark.parametrize(
    "yes, size, passed", [(13, 25, True), (12, 25, False), (13, 24, True), (12, 24, False)]
)
def test_majority_of_all_is_strictly_more_than_half(yes, size, passed):
    assert rules.majority_of_all(yes, size) is passed


def test_vote_problem_names_the_field():
    assert (
        rules.vote_problem(30, 25, "常委会全体组成人员")
        == "赞成票数（30）不能多于常委会全体组成人员人数（25）。"
    )
    assert "非负整数" in rules.vote_problem(-1, 25, "x")
    assert rules.vote_problem(1, 0, "全体代表") == "全体代表人数不能为零。"
    assert rules.vote_problem(13, 25, "x") is None


def test_a_seat_ends_once_and_not_before_it_starts():
    assert "不能早于开始日期" in rules.end_problem(D(2022, 1, 1), None, D(2021, 12, 31))
    assert "只能结束一次" in rules.end_problem(D(2022, 1, 1), D(2024, 1, 1), D(2024, 6, 1))
    assert rules.end_problem(D(2022, 1, 1), None, D(2024, 6, 1)) is None


def test_by_election_needs_a_vacancy_not_yet_filled_within_the_term():
    assert "没有出缺" in rules.by_election_problem(None, None, D(2024, 6, 1))
    assert "没有出缺" in rules.by_election_problem(D(2024, 7, 1), None, D(2024, 6, 1))
    assert "不能重复补选" in rules.by_election_problem(D(2024, 1, 1), None, D(2024, 6, 1), "某某")
    assert "届满" in rules.by_election_problem(D(2024, 1, 1), D(2024, 5, 1), D(2024, 6, 1))
    assert rules.by_election_problem(D(2024, 1, 1), None, D(2024, 6, 1)) is None


def test_term_change_problems():
    assert "第16届到第17届" in rules.term_change_problem(16, D(2021, 12, 28), None, 18, D(2026, 12, 20), 3)
    assert "不能再次换届" in rules.term_change_problem(
        16, D(2021, 12, 28), D(2026, 12, 20), 17, D(2026, 12, 20), 3
    )
    assert "须晚于" in rules.term_change_problem(16, D(2021, 12, 28), None, 17, D(2021, 12, 1), 3)
    assert "导入新一届代表名册" in rules.term_change_problem(
        16, D(2021, 12, 28), None, 17, D(2026, 12, 20), 0
    )


def test_absence_without_leave_counts_only_sessions_missed_entirely():
    assert rules.absent_without_leave(["absent", "absent"])
    assert rules.absent_without_leave(["on_leave", "absent"])
    assert not rules.absent_without_leave(["on_leave", "on_leave"])
    assert not rules.absent_without_leave(["absent", "present"])
    assert not rules.absent_without_leave([])


def test_a_single_post_needs_the_removal_first():
    message = rules.second_holder_problem("示范区教育局局长", True, ["李某"])
    assert "应先免职" in message and "李某" in message
    assert rules.second_holder_problem("常委会委员", False, ["甲", "乙"]) is None


@pytest.mark.parametrize(
    "name, kind",
    [
        ("常委会副主任", "committee_vice_chair"),
        ("示范区人大常委会主任", "committee_chair"),
        ("常委会委员", "committee_member"),
        ("示范区人民政府区长", "government_head"),
        ("示范区人民政府副区长", "government_vice_head"),
        ("示范区人民检察院检察长", "procurator_general"),
        ("示范区人民检察院副检察长", None),
        ("区长助理", None),
        ("上一级人民代表大会代表", None),
    ],
)
def test_post_kind_from_an_election_post_name(name, kind):
    assert rules.post_kind_of(name) == kind


def test_value_on_undoes_later_changes():
    assert rules.value_on("subdistrict", [("township", "subdistrict")]) == "township"
    assert rules.value_on("丙", [("乙", "丙"), ("甲", "乙")]) == "甲"
    assert rules.value_on("甲", []) == "甲"
