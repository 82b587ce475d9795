"""``renda tally`` (meetings.tally.main), called directly with in-memory streams.

The examples are the ones in docs/tally.md; each must produce exactly the documented output.
"""

import copy
import io
import json
import re
from pathlib import Path

import pytest

from meetings import tally

VOTE = {
    "kind": "vote",
    "body": "congress",
    "body_size": 365,
    "present": 338,
    "yes": 300,
    "no": 20,
    "abstain": 10,
}
VOTE_RESULT = {**VOTE, "quorum_met": True, "passed": True, "not_voted": 8, "threshold": 183}

ELECTION = {
    "kind": "election",
    "body_size": 9,
    "present": 8,
    "ballots_issued": 8,
    "seats": 2,
    "candidates": ["甲", "乙", "丙"],
    "ballots": [
        {"for": ["甲", "乙"], "against": [], "write_in": []},
        {"for": ["甲", "乙"], "against": [], "write_in": []},
        {"for": ["甲", "乙"], "against": [], "write_in": []},
        {"for": ["甲", "丙"], "against": [], "write_in": []},
        {"for": ["甲"], "against": ["乙"], "write_in": ["戊"]},
        {"for": ["乙"], "against": ["丙"], "write_in": []},
        {"for": ["甲", "乙", "丙"], "against": [], "write_in": []},
        {"for": [], "against": [], "write_in": []},
    ],
}
ELECTION_RESULT = {
    "kind": "election",
    "quorum_met": True,
    "round_valid": True,
    "valid_ballots": 7,
    "void_ballots": 1,
    "counts": {
        "甲": {"for": 5, "against": 0, "abstain": 2},
        "乙": {"for": 4, "against": 1, "abstain": 2},
        "丙": {"for": 1, "against": 1, "abstain": 5},
        "戊": {"for": 1, "against": 0, "abstain": 0},
    },
    "elected": ["甲"],
    "revote": None,
    "supplementary_seats": 1,
}

PROJECT_BALLOT = {
    "kind": "project_ballot",
    "body_size": 9,
    "present": 9,
    "ballots_issued": 9,
    "adopt": 2,
    "require_majority_of_all": False,
    "candidates": ["P1", "P2", "P3", "P4"],
    "ballots": [["P1", "P2"]] * 4 + [["P1", "P3"]] * 2 + [["P2"], [], ["P1", "P2", "P3"]],
}
PROJECT_BALLOT_RESULT = {
    "kind": "project_ballot",
    "quorum_met": True,
    "round_valid": True,
    "valid_ballots": 8,
    "void_ballots": 1,
    "counts": {"P1": 6, "P2": 5, "P3": 2, "P4": 0},
    "adopted": ["P1", "P2"],
    "revote": None,
    "shortfall": 0,
}

EVALUATION = {
    "kind": "evaluation",
    "base": 365,
    "items": {
        "P1": {"satisfied": 200, "basically_satisfied": 100, "dissatisfied": 10},
        "P2": {"satisfied": 150, "basically_satisfied": 100, "dissatisfied": 50},
        "P3": {"satisfied": 100, "basically_satisfied": 80, "dissatisfied": 120},
    },
}
EVALUATION_RESULT = {
    "kind": "evaluation",
    "items": {
        "P1": {"grade": "satisfied", "satisfaction_rate": 0.9677},
        "P2": {"grade": "basically_satisfied", "satisfaction_rate": 0.8333},
        "P3": {"grade": "dissatisfied", "satisfaction_rate": 0.6},
    },
}

EXAMPLES = [
    (VOTE, VOTE_RESULT),
    (ELECTION, ELECTION_RESULT),
    (PROJECT_BALLOT, PROJECT_BALLOT_RESULT),
    (EVALUATION, EVALUATION_RESULT),
]


def run(text, argv=("-",)):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = tally.main(list(argv), io.StringIO(text), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def run_json(data):
    return run(json.dumps(data, ensure_ascii=False))


def assert_refused(outcome, *fragments):
    code, stdout, stderr = outcome
    assert code == 2
    assert stdout == ""
    assert stderr.startswith("错误：")
    for fragment in fragments:
        assert fragment in stderr


def changed(example, **fields):
    data = copy.deepcopy(example)
    data.update(fields)
    return data


def without(example, key):
    data = copy.deepcopy(example)
    del data[key]
    return data


# --------------------------------------------------------------------------- the documented examples


@pytest.mark.parametrize(("data", "expected"), EXAMPLES, ids=[data["kind"] for data, _ in EXAMPLES])
def test_each_documented_example_round_trips(data, expected):
    code, stdout, stderr = run_json(data)
    assert (code, stderr) == (0, "")
    assert stdout == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


DOCS = Path(__file__).resolve().parents[2] / "docs" / "tally.md"


def documented_examples():
    text = DOCS.read_text(encoding="utf-8")
    inputs = re.findall(r"```json tally-input\n(.*?)```", text, re.DOTALL)
    outputs = re.findall(r"```json tally-output\n(.*?)```", text, re.DOTALL)
    assert len(inputs) == len(outputs)
    return [
        (json.loads(given), json.loads(expected)) for given, expected in zip(inputs, outputs, strict=True)
    ]


def test_every_example_in_the_docs_gives_the_documented_output():
    examples = documented_examples()
    assert len(examples) == 5
    for given, expected in examples:
        code, stdout, stderr = run_json(given)
        assert (code, stderr) == (0, "")
        assert json.loads(stdout) == expected


def test_output_keeps_chinese_names_readable():
    assert '"甲"' in run_json(ELECTION)[1]


def test_file_is_read_by_path(tmp_path):
    path = tmp_path / "election.json"
    path.write_text(json.dumps(ELECTION, ensure_ascii=False), encoding="utf-8")
    code, stdout, _ = run("", argv=[str(path)])
    assert code == 0
    assert json.loads(stdout) == ELECTION_RESULT


def test_file_saved_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "vote.json"
    path.write_text("\ufeff" + json.dumps(VOTE), encoding="utf-8")
    assert run("", argv=[str(path)])[0] == 0


def test_ballots_returned_defaults_to_the_ballots_entered():
    assert json.loads(run_json(changed(ELECTION, ballots_returned=8))[1]) == ELECTION_RESULT


def test_ballot_may_leave_out_empty_marks():
    data = changed(ELECTION, ballots=[{"for": ["甲"]}] * 5 + [{}] * 3)
    result = json.loads(run_json(data)[1])
    assert result["elected"] == ["甲"]
    assert result["counts"]["乙"] == {"for": 0, "against": 0, "abstain": 8}


def test_election_tie_at_the_last_seat_is_reported_as_a_revote():
    ballots = [{"for": ["甲", "乙"]}] * 4 + [{"for": ["甲", "丙"]}] * 4 + [{"for": ["乙", "丙"]}]
    result = json.loads(run_json(changed(ELECTION, present=9, ballots_issued=9, ballots=ballots))[1])
    assert result["elected"] == ["甲"]
    assert result["revote"] == {"candidates": ["乙", "丙"], "seats": 1}
    assert result["supplementary_seats"] == 0


def test_void_election_round_elects_nobody():
    result = json.loads(run_json(changed(ELECTION, ballots_issued=7, present=7))[1])
    assert result["round_valid"] is False
    assert result["elected"] == []
    assert result["supplementary_seats"] == 0


def test_project_tie_at_the_last_place_is_reported_as_a_revote():
    ballots = [["P1", "P2"]] * 4 + [["P1", "P3"]] * 4 + [["P4"]]
    result = json.loads(run_json(changed(PROJECT_BALLOT, ballots=ballots))[1])
    assert result["adopted"] == ["P1"]
    assert result["revote"] == {"candidates": ["P2", "P3"], "places": 1}


def test_project_shortfall_with_a_majority_of_all_required():
    result = json.loads(run_json(changed(PROJECT_BALLOT, require_majority_of_all=True))[1])
    assert result["adopted"] == ["P1", "P2"]
    result = json.loads(run_json(changed(PROJECT_BALLOT, require_majority_of_all=True, body_size=11))[1])
    assert result["adopted"] == ["P1"]
    assert result["shortfall"] == 1


def test_committee_vote_counts_against_all_members():
    vote = {
        "kind": "vote",
        "body": "committee",
        "body_size": 29,
        "present": 20,
        "yes": 14,
        "no": 3,
        "abstain": 3,
    }
    result = json.loads(run_json(vote)[1])
    assert (result["quorum_met"], result["passed"], result["threshold"]) == (True, False, 15)


def test_help_prints_usage():
    code, stdout, _ = run("", argv=["--help"])
    assert code == 0
    assert "renda tally FILE" in stdout


# --------------------------------------------------------------------------- bad input


def test_malformed_json_is_refused():
    assert_refused(run('{"kind": "vote",'), "不是合法的 JSON", "第 1 行")


def test_negative_number_is_refused_naming_the_field():
    assert_refused(run_json(changed(VOTE, present=-5)), "字段 present 不能为负数")


@pytest.mark.parametrize(
    "field", ["body_size", "present", "ballots_issued", "seats", "candidates", "ballots"]
)
def test_missing_election_field_is_refused_naming_it(field):
    assert_refused(run_json(without(ELECTION, field)), f"字段 {field} 缺失")


@pytest.mark.parametrize("field", ["body", "yes", "no", "abstain"])
def test_missing_vote_field_is_refused_naming_it(field):
    assert_refused(run_json(without(VOTE, field)), f"字段 {field} 缺失")


def test_unknown_candidate_is_refused_naming_the_ballot():
    data = copy.deepcopy(ELECTION)
    data["ballots"][3]["for"] = ["甲", "庚"]
    code, stdout, stderr = run_json(data)
    assert (code, stdout) == (2, "")
    assert stderr == "错误：字段 ballots[3].for 中的候选人“庚”不在候选人名单中\n"


def test_unknown_project_is_refused_naming_the_ballot():
    data = copy.deepcopy(PROJECT_BALLOT)
    data["ballots"][2] = ["P9"]
    assert_refused(run_json(data), "字段 ballots[2] 中的项目“P9”不在候选项目名单中")


@pytest.mark.parametrize(
    ("data", "fragments"),
    [
        (changed(VOTE, kind="motion"), ["字段 kind", "“motion”"]),
        (without(VOTE, "kind"), ["字段 kind 缺失"]),
        (changed(VOTE, present=400), ["字段 present", "body_size"]),
        (changed(VOTE, yes="300"), ["字段 yes 必须是整数"]),
        (changed(VOTE, yes=300.0), ["字段 yes 必须是整数"]),
        (changed(VOTE, yes=True), ["字段 yes 必须是整数"]),
        (changed(VOTE, yes=320), ["字段 yes + no + abstain"]),
        (changed(VOTE, body="plenary"), ["字段 body"]),
        (changed(VOTE, quorum=True), ["字段 quorum 不是此类输入的字段"]),
        (changed(ELECTION, ballot_returned=8), ["字段 ballot_returned"]),
        (changed(ELECTION, ballots_returned=7), ["字段 ballots_returned"]),
        (changed(ELECTION, ballots_issued=9), ["字段 ballots_issued"]),
        (changed(ELECTION, candidates="甲乙丙"), ["字段 candidates"]),
        (changed(ELECTION, candidates=["甲", "甲"]), ["字段 candidates", "重复"]),
        (changed(ELECTION, ballots={"for": []}), ["字段 ballots 必须是选票列表"]),
        (changed(ELECTION, ballots=[["甲"]]), ["字段 ballots[0] 必须是对象"]),
        (changed(ELECTION, ballots=[{"yes": ["甲"]}]), ["字段 ballots[0].yes"]),
        (changed(ELECTION, ballots=[{"for": "甲"}]), ["字段 ballots[0].for"]),
        (changed(ELECTION, ballots=[{"write_in": ["甲"]}]), ["字段 ballots[0].write_in", "“甲”是候选人"]),
        (changed(ELECTION, seats=0), ["字段 seats"]),
        (changed(PROJECT_BALLOT, ballots=[{"P1": True}]), ["字段 ballots[0]"]),
        (changed(PROJECT_BALLOT, require_majority_of_all="no"), ["字段 require_majority_of_all"]),
        (changed(PROJECT_BALLOT, adopt=0), ["字段 adopt"]),
        (changed(EVALUATION, items=[]), ["字段 items 必须是对象"]),
        (changed(EVALUATION, items={}), ["字段 items 不能为空"]),
        (changed(EVALUATION, items={"P1": {"satisfied": 1}}), ["字段 items.P1.basically_satisfied 缺失"]),
        (
            changed(
                EVALUATION, items={"P1": {"satisfied": 300, "basically_satisfied": 60, "dissatisfied": 6}}
            ),
            ["items.P1", "base"],
        ),
        (changed(EVALUATION, base=0), ["字段 base"]),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_field(data, fragments):
    assert_refused(run_json(data), *fragments)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "不是合法的 JSON"),
        ("[1, 2]", "JSON 对象"),
        ('{"kind": "vote", "present": NaN}', "NaN"),
        ('{"kind": "vote", "kind": "election"}', "重复的字段“kind”"),
        ("[" * 100000 + "]" * 100000, "不是合法的 JSON"),
    ],
)
def test_unparsable_input_is_refused(text, fragment):
    assert_refused(run(text), fragment)


def test_missing_file_is_refused(tmp_path):
    assert_refused(run("", argv=[str(tmp_path / "missing.json")]), "无法读取文件")


def test_file_not_in_utf8_is_refused(tmp_path):
    path = tmp_path / "gbk.json"
    path.write_bytes(json.dumps(VOTE | {"body": "人大"}, ensure_ascii=False).encode("gbk"))
    assert_refused(run("", argv=[str(path)]), "UTF-8")


@pytest.mark.parametrize("argv", [[], ["a.json", "b.json"]])
def test_wrong_number_of_arguments_is_refused(argv):
    assert_refused(run("", argv=argv), "renda tally FILE")


WEIRD_VALUES = [None, "", "x", -1, 1.5, True, [], {}, ["甲"], {"a": 1}, 10**30]


@pytest.mark.parametrize(("data", "_"), EXAMPLES, ids=[data["kind"] for data, _ in EXAMPLES])
def test_no_value_in_any_field_makes_the_recount_crash(data, _):
    for field in data:
        for value in WEIRD_VALUES:
            code, stdout, stderr = run_json(changed(data, **{field: value}))
            assert code in (0, 2), (field, value, stderr)
            assert (stdout == "") == (code == 2)


def test_a_tie_revote_file_is_won_by_most_votes_not_a_majority_of_all():
    data = {
        "kind": "election",
        "body_size": 9,
        "present": 9,
        "ballots_issued": 3,
        "seats": 1,
        "candidates": ["甲", "乙"],
        "tie_revote": True,
        "ballots": [{"for": ["甲"]}, {"for": ["甲"]}, {"for": ["乙"]}],
    }
    code, stdout, _ = run_json(data)
    assert code == 0 and json.loads(stdout)["elected"] == ["甲"]
    code, stdout, _ = run_json({**data, "tie_revote": False})
    assert json.loads(stdout)["elected"] == []


def test_tie_revote_must_be_a_boolean():
    assert_refused(run_json({**ELECTION, "tie_revote": "yes"}), "tie_revote")


def test_a_per_line_project_ballot_reads_each_line_on_its_own():
    data = {
        "kind": "project_ballot",
        "body_size": 5,
        "present": 5,
        "ballots_issued": 3,
        "adopt": 1,
        "mode": "per_line",
        "candidates": ["P1", "P2"],
        "ballots": [
            {"P1": ["yes"], "P2": ["no"]},
            {"P1": ["yes", "no"], "P2": ["yes"]},
            {"P1": ["yes"], "P2": []},
        ],
    }
    code, stdout, _ = run_json(data)
    assert code == 0
    result = json.loads(stdout)
    assert result["counts"] == {"P1": 2, "P2": 1} and result["adopted"] == ["P1"]


def test_an_unknown_project_ballot_mode_is_refused():
    data = {
        "kind": "project_ballot",
        "body_size": 5,
        "present": 5,
        "ballots_issued": 0,
        "adopt": 1,
        "mode": "ranked",
        "candidates": ["P1"],
        "ballots": [],
    }
    assert_refused(run_json(data), "mode")
