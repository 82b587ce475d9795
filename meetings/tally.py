"""``renda tally``: an independent recount from one JSON document (docs/tally.md).

The input is a vote, an election, a project ballot or an evaluation.  This module only reads
and checks the JSON shape and turns rules.py's results into plain dicts: every counting rule
lives in rules.py, so the web app and this recount cannot disagree.  ``main`` never raises;
any bad input ends with a Chinese message naming the field on stderr and exit status 2.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from core.ballot_box import recount

from . import rules
from .rules import RuleInputError

EXIT_OK = 0
EXIT_INTERNAL_ERROR = 1
EXIT_BAD_INPUT = 2

USAGE = "用法：renda tally FILE（FILE 为 - 时从标准输入读取）"


class TallyInputError(Exception):
    """Input unusable before any field can be named: arguments, file, JSON syntax."""


class _Fields:
    """One JSON object whose fields are each read once; a field left unread is unknown.

    Unknown fields are errors, not ignored: a misspelt optional field such as
    ``ballot_returned`` would otherwise silently fall back to its default.
    """

    def __init__(self, data: object, path: str, shape: str):
        if not isinstance(data, dict):
            if path:
                raise RuleInputError(path, f"必须是对象，形如 {shape}")
            raise TallyInputError(f"输入必须是一个 JSON 对象，形如 {shape}")
        self._data = data
        self._path = path
        self._unread = set(data)

    def _name(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key

    def required(self, key: str) -> object:
        if key not in self._data:
            raise RuleInputError(self._name(key), "缺失")
        self._unread.discard(key)
        return self._data[key]

    def optional(self, key: str, default: object) -> object:
        self._unread.discard(key)
        value = self._data.get(key)
        return default if value is None else value

    def done(self) -> None:
        for key in self._data:
            if key in self._unread:
                raise RuleInputError(self._name(key), "不是此类输入的字段（拼写有误？）")


def _revote(revote: rules.Revote | None, places_key: str) -> dict | None:
    if revote is None:
        return None
    return {"candidates": list(revote.candidates), places_key: revote.places}


def _vote(fields: _Fields) -> dict:
    values = {key: fields.required(key) for key in ("body", "body_size", "present", "yes", "no", "abstain")}
    fields.done()
    result = rules.count_vote(**values)
    return {
        "kind": "vote",
        **values,
        "quorum_met": result.quorum_met,
        "passed": result.passed,
        "not_voted": result.not_voted,
        "threshold": result.threshold,
    }


def _election_ballot(data: object, path: str) -> rules.ElectionBallot:
    # A key left out is an empty list: {"for": ["甲"]} is a ballot with nothing else marked.
    fields = _Fields(data, path, '{"for": [...], "against": [...], "write_in": [...]}')
    ballot = rules.ElectionBallot(
        for_=fields.optional("for", []),
        against=fields.optional("against", []),
        write_in=fields.optional("write_in", []),
    )
    fields.done()
    return ballot


def _device(data: object) -> rules.DeviceTotals | None:
    """The decrypted totals of the device ballots (core.ballot_box), counted next to the paper ballots."""
    if data is None:
        return None
    fields = _Fields(data, "device", '{"ballots": n, "counts": {名称: [票数, ...]}}')
    ballots, counts = fields.required("ballots"), fields.required("counts")
    fields.done()
    if not isinstance(counts, dict) or not all(isinstance(row, list) for row in counts.values()):
        raise RuleInputError("device.counts", "必须是“名称 → 票数列表”的对象")
    return rules.DeviceTotals(ballots, {str(name): tuple(row) for name, row in counts.items()})  # type: ignore[arg-type]


def _election(fields: _Fields) -> dict:
    body_size = fields.required("body_size")
    present = fields.required("present")
    ballots_issued = fields.required("ballots_issued")
    ballots_returned = fields.optional("ballots_returned", None)
    seats = fields.required("seats")
    candidates = fields.required("candidates")
    ballots = fields.required("ballots")
    # A re-vote among persons tied at the last seat (组织法 29) is won by most votes, not 2*v > N.
    tie_revote = fields.optional("tie_revote", False)
    device = _device(fields.optional("device", None))
    fields.done()
    if not isinstance(tie_revote, bool):
        raise TallyInputError("字段 tie_revote 应为 true 或 false")
    if isinstance(ballots, list):  # anything else is reported by rules as "ballots"
        ballots = [_election_ballot(ballot, f"ballots[{index}]") for index, ballot in enumerate(ballots)]
    count = rules.count_revote if tie_revote else rules.count_election
    result = count(
        body_size, present, ballots_issued, ballots_returned, seats, candidates, ballots, device=device
    )
    return {
        "kind": "election",
        "quorum_met": result.quorum_met,
        "round_valid": result.round_valid,
        "valid_ballots": result.valid_ballots,
        "void_ballots": result.void_ballots,
        "counts": {
            name: {"for": count.for_, "against": count.against, "abstain": count.abstain}
            for name, count in result.counts.items()
        },
        "elected": list(result.elected),
        "revote": _revote(result.revote, "seats"),
        "supplementary_seats": result.supplementary_seats,
    }


def _project_ballot(fields: _Fields) -> dict:
    values = {
        "body_size": fields.required("body_size"),
        "present": fields.required("present"),
        "ballots_issued": fields.required("ballots_issued"),
        "ballots_returned": fields.optional("ballots_returned", None),
        "adopt": fields.required("adopt"),
        "require_majority_of_all": fields.optional("require_majority_of_all", False),
        "candidates": fields.required("candidates"),
        "ballots": fields.required("ballots"),
    }
    # approval (default): each ballot lists at most `adopt` ticked projects;
    # per_line: each ballot maps a project to the marks on its line (yes / no / abstain).
    mode = fields.optional("mode", "approval")
    device = _device(fields.optional("device", None))
    fields.done()
    if mode not in ("approval", "per_line"):
        raise TallyInputError("字段 mode 应为 approval 或 per_line")
    count = rules.count_project_ballot if mode == "approval" else rules.count_project_ballot_per_line
    result = count(**values, device=device)  # type: ignore[arg-type]
    return {
        "kind": "project_ballot",
        "quorum_met": result.quorum_met,
        "round_valid": result.round_valid,
        "valid_ballots": result.valid_ballots,
        "void_ballots": result.void_ballots,
        "counts": dict(result.counts),
        "adopted": list(result.adopted),
        "revote": _revote(result.revote, "places"),
        "shortfall": result.shortfall,
    }


def _evaluation(fields: _Fields) -> dict:
    base = fields.required("base")
    items = fields.required("items")
    fields.done()
    if not isinstance(items, dict):
        raise RuleInputError(
            "items", '必须是对象，形如 {"P1": {"satisfied": 0, "basically_satisfied": 0, "dissatisfied": 0}}'
        )
    votes = {}
    for name, data in items.items():
        item = _Fields(data, f"items.{name}", '{"satisfied": 0, "basically_satisfied": 0, "dissatisfied": 0}')
        votes[name] = rules.EvaluationVotes(
            satisfied=item.required("satisfied"),
            basically_satisfied=item.required("basically_satisfied"),
            dissatisfied=item.required("dissatisfied"),
        )
        item.done()
    results = rules.evaluate_items(base, votes)
    return {
        "kind": "evaluation",
        "items": {
            name: {"grade": result.grade, "satisfaction_rate": result.satisfaction_rate}
            for name, result in results.items()
        },
    }


KINDS: dict[str, Callable[[_Fields], dict]] = {
    "vote": _vote,
    "election": _election,
    "project_ballot": _project_ballot,
    "evaluation": _evaluation,
}


def tally(data: object) -> dict:
    """Count one parsed JSON document; raises TallyInputError, RuleInputError or RecountError on bad input.

    ``{"kind": "ballot_box", ...}`` is an exported encrypted ballot box: verified, not counted
    from marks (core.ballot_box.recount).
    """
    if isinstance(data, dict) and data.get("kind") == "ballot_box":
        return recount.verify(data)
    fields = _Fields(data, "", '{"kind": "election", ...}')
    kind = fields.required("kind")
    count = KINDS.get(kind) if isinstance(kind, str) else None
    if count is None:
        shown = f"“{kind}”" if isinstance(kind, str) else json.dumps(kind, ensure_ascii=False)
        raise RuleInputError("kind", f"的值 {shown} 未知，应为 {'、'.join(KINDS)} 之一")
    return count(fields)


def _reject_duplicate_keys(pairs: list[tuple[str, object]]) -> dict:
    # Plain json keeps the last of two equal keys; in a recount that hides a data-entry error.
    data: dict = {}
    for key, value in pairs:
        if key in data:
            raise TallyInputError(f"输入中的 JSON 对象有重复的字段“{key}”")
        data[key] = value
    return data


def _reject_constant(name: str) -> object:
    raise TallyInputError(f"输入不是合法的 JSON（{name} 不是 JSON 数值）")


def _load(argv: Sequence[str], stdin: TextIO) -> object:
    if len(argv) != 1:
        raise TallyInputError(f"需要且只需要一个参数 FILE。{USAGE}")
    source = argv[0]
    try:
        text = stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TallyInputError(
            f"{'标准输入' if source == '-' else '文件 ' + source} 不是 UTF-8 编码的文本"
        ) from None
    except OSError as error:
        raise TallyInputError(f"无法读取文件 {source}：{error.strerror or error}") from None
    # Editors on Windows often save UTF-8 with a byte-order mark, which json rejects.
    text = text.removeprefix("\ufeff")
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise TallyInputError(
            f"输入不是合法的 JSON（第 {error.lineno} 行第 {error.colno} 列：{error.msg}）"
        ) from None
    except (ValueError, RecursionError) as error:  # e.g. an integer too long, nesting too deep
        raise TallyInputError(f"输入不是合法的 JSON（{error}）") from None


def main(argv: Sequence[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Run ``renda tally FILE``; ``argv`` holds the arguments after the command name.

    Exit status: 0 counted (JSON on stdout), 2 bad input (message on stderr, nothing on
    stdout), 1 an internal error (a bug; message on stderr).
    """
    try:
        if list(argv) in (["-h"], ["--help"]):
            stdout.write(USAGE + "\n")
            return EXIT_OK
        output = json.dumps(tally(_load(argv, stdin)), ensure_ascii=False, indent=2)
    except (TallyInputError, RuleInputError, recount.RecountError) as error:
        stderr.write(f"错误：{error}\n")
        return EXIT_BAD_INPUT
    except Exception as error:  # noqa: BLE001 — a recount reports its own failure, never a traceback
        stderr.write(f"错误：计票程序内部出错（{type(error).__name__}: {error}），请报告此问题\n")
        return EXIT_INTERNAL_ERROR
    try:
        # One write: Django's OutputWrapper appends a newline to every write that lacks one.
        stdout.write(output + "\n")
    except OSError:  # e.g. the reader of a pipe went away
        return EXIT_INTERNAL_ERROR
    return EXIT_OK
