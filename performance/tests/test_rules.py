"""The counting rule, fed plain numbers (DOMAIN §8's default table)."""

import pytest

from performance import rules

DEFAULT = rules.table_from_settings(None)
HAND_WORKED = {
    "suggestion_lead": 2,
    "suggestion_co_signed": 1,
    "oversight": 1,
    "meeting_absent": 1,
    "meeting_present": 1,
    "meeting_on_leave": 1,
}


def with_item(table, key, points, cap=None):
    items = tuple(rules.Item(i.key, points, cap) if i.key == key else i for i in table.items)
    return rules.Table(table.base, table.good_min, table.fair_min, items, table.version)


def test_hand_worked_record_scores_69_and_is_fair():
    score, lines, grade = rules.score(HAND_WORKED, DEFAULT)
    assert score == 690
    assert grade == rules.FAIR
    awarded = {line.key: line.awarded for line in lines}
    assert awarded["suggestion_lead"] == 60
    assert awarded["suggestion_co_signed"] == 10
    assert awarded["oversight"] == 30
    assert awarded["meeting_absent"] == -10
    assert awarded["meeting_present"] == awarded["meeting_on_leave"] == 0


def test_six_suggestions_at_three_points_are_capped_at_fifteen():
    result = rules.score({"suggestion_lead": 6}, DEFAULT)
    line = next(line for line in result.lines if line.key == "suggestion_lead")
    assert (line.raw, line.awarded, line.capped) == (180, 150, True)
    assert result.score == 750


def test_a_deduction_cap_limits_how_much_is_taken_off():
    table = with_item(DEFAULT, "meeting_absent", -10, cap=50)
    assert rules.score({"meeting_absent": 12}, table).score == 550


@pytest.mark.parametrize(
    "score, grade", [(800, "good"), (799, "fair"), (600, "fair"), (599, "poor"), (1000, "good")]
)
def test_grade_bands_include_their_lower_bound(score, grade):
    assert rules.grade(score, DEFAULT) == grade


def test_changing_the_table_changes_the_score():
    table = with_item(DEFAULT, "suggestion_lead", 50, cap=None)
    assert rules.score(HAND_WORKED, table).score == 730


def test_half_points_are_kept_exactly_in_tenths():
    table = with_item(DEFAULT, "speech", 5, cap=None)
    result = rules.score({"speech": 3}, table)
    assert result.score == 615
    assert rules.format_tenths(result.score) == "61.5"


@pytest.mark.parametrize("text, tenths", [("3", 30), ("0.5", 5), ("-1", -10), (" 2.0 ", 20), ("－1", -10)])
def test_parse_tenths(text, tenths):
    assert rules.parse_tenths(text) == tenths


@pytest.mark.parametrize("text", ["", "abc", "0.25", "NaN", "inf"])
def test_parse_tenths_refuses_in_chinese(text):
    with pytest.raises(ValueError, match=r"[\u4e00-\u9fff]"):
        rules.parse_tenths(text)


def test_table_problems_catch_inverted_bands_and_negative_caps():
    bad = rules.Table(60, 60, 80, (rules.Item("speech", 10, -5),))
    problems = rules.table_problems(bad)
    assert any("分数线" in p for p in problems)
    assert any("上限" in p for p in problems)
    assert rules.table_problems(DEFAULT) == []


def test_stored_table_round_trips_and_fills_missing_items():
    stored = rules.table_to_settings(DEFAULT)
    del stored["items"]["award"]
    assert rules.table_from_settings(stored).item("award").points == 50


@pytest.mark.parametrize("value, text", [(690, "69"), (695, "69.5"), (-10, "-1"), (-5, "-0.5"), (None, "")])
def test_format_tenths(value, text):
    assert rules.format_tenths(value) == text
