"""Counting rules for votes, elections, livelihood-project ballots and evaluations.

Pure functions over plain data: no Django, no ORM, integer arithmetic only (DOMAIN §0).
Every decision is taken against the full body size N (实有数), never against those present
or the valid ballots, because absent, abstaining and non-voting members all count against a
"majority of all".

Input that cannot be counted raises ``RuleInputError``; its message is Chinese and names the
offending field by the parameter's name (``present``, ``ballots[3].for``), so ``renda tally``
and the web forms can show it to staff unchanged.  Parameter names double as the field names
of the ``renda tally`` JSON formats (docs/tally.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TypeVar

from core.congress_settings import Section, Setting, register

BODIES = ("congress", "committee", "presidium")

# 主席团 quorum as (numerator, denominator) of its members; local rules of procedure set it.
PRESIDIUM_QUORUM = (2, 3)

# The 主席团's local rules (DOMAIN §1, *(local)*): its quorum and what passes, per congress.
PRESIDIUM_QUORUMS = {"two_thirds": (2, 3), "majority": (1, 2)}
PRESIDIUM_PASSINGS = ("majority_of_all", "two_thirds_of_all")

# Congress.settings["meetings"]
SETTINGS = register(
    Section(
        "meetings",
        "会议",
        (
            Setting(
                "presidium_quorum",
                "two_thirds",
                "主席团会议出席人数",
                "主席团会议须有多少成员出席方能举行（本级议事规则）：默认三分之二以上（含本数）；"
                "或“过半数”（超过一半）。",
                kind="choice",
                choices=(("two_thirds", "三分之二以上（默认）"), ("majority", "过半数")),
            ),
            Setting(
                "presidium_passing",
                "majority_of_all",
                "主席团表决通过人数",
                "主席团的决定以全体成员（不是出席成员）计算：默认全体成员的过半数；"
                "或全体成员的三分之二以上。",
                kind="choice",
                choices=(
                    ("majority_of_all", "全体成员的过半数（默认）"),
                    ("two_thirds_of_all", "全体成员的三分之二以上"),
                ),
            ),
        ),
    )
)

GRADES = ("satisfied", "basically_satisfied", "dissatisfied")

OFFICES = {
    "head": "正职（常委会主任、县长/区长、监委主任、法院院长、检察长；乡镇人大主席、乡长/镇长）",
    "vice_head": "副职（常委会副主任、副县长/副区长；乡镇人大副主席、副乡长/副镇长）",
    "committee_member": "常委会委员",
    "higher_deputy": "上一级人民代表大会代表",
    "by_election": "补选",
}

# How a fractional margin bound (S/10, S/5, S/2) becomes a whole number of candidates.
# "round_up" (default): 进一法 on both bounds; "exact": only margins inside the fractions.
ROUNDINGS = ("round_up", "exact")

# Default minimum size of a group of deputies nominating jointly: county level (组织法 26);
# a city congress uses 20, a province 30.
MIN_JOINT_DEPUTIES = 10

PROJECT_MARKS = ("yes", "no", "abstain")


class RuleInputError(ValueError):
    """Input that cannot be counted; ``str()`` is a Chinese message naming the field."""

    def __init__(self, field: str, reason: str):
        self.field = field
        self.reason = reason
        super().__init__(f"字段 {field} {reason}")

    def within(self, path: str) -> RuleInputError:
        """The same error reported under a containing field, e.g. ``items.P1``."""
        joiner = " 中 " if " " in self.field else "."
        return RuleInputError(f"{path}{joiner}{self.field}", self.reason)


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class VoteResult:
    quorum_met: bool
    passed: bool
    not_voted: int
    threshold: int


@dataclass(frozen=True)
class Revote:
    """A tie straddling the last place: vote again among exactly ``candidates`` for ``places``."""

    candidates: tuple[str, ...]
    places: int


@dataclass(frozen=True)
class Selection:
    """Top places filled by votes: ``chosen`` in rank order, a tie to re-vote, places left over."""

    chosen: tuple[str, ...]
    revote: Revote | None
    shortfall: int


@dataclass(frozen=True)
class ElectionBallot:
    """One ballot (or one office column of it); ``for_`` because ``for`` is a keyword."""

    for_: Sequence[str] = ()
    against: Sequence[str] = ()
    write_in: Sequence[str] = ()


@dataclass(frozen=True)
class DeviceTotals:
    """The decrypted totals of the ballots cast on deputies' devices (core.ballot_box).

    Only sums are ever decrypted, so these ballots are counted as totals next to the paper
    ballots read one by one. Each was proven valid when cast (at most S "for", one mark per line),
    so none is void. ``counts`` maps a candidate or project to its marks in order: (for, against)
    on an election, (ticks,) on an approval ballot, (yes, no) on a per-line ballot.
    """

    ballots: int = 0
    counts: Mapping[str, Sequence[int]] = dataclass_field(default_factory=dict)


def _device_totals(device: DeviceTotals | None, known: Sequence[str], marks: int) -> DeviceTotals:
    if device is None:
        return DeviceTotals(0, {name: (0,) * marks for name in known})
    ballots = _whole("device.ballots", device.ballots)
    counts = {}
    for name in known:
        row = tuple(device.counts.get(name, (0,) * marks))
        if len(row) != marks:
            raise RuleInputError(f"device.counts.{name}", f"应为 {marks} 个票数")
        for value in row:
            _whole(f"device.counts.{name}", value)
        if sum(row) > ballots:
            raise RuleInputError(f"device.counts.{name}", f"之和不能大于电子选票数（{ballots}）")
        counts[name] = row
    for name in device.counts:
        if name not in known:
            raise RuleInputError("device.counts", f"中的“{name}”不在名单中")
    return DeviceTotals(ballots, counts)


@dataclass(frozen=True)
class PersonCount:
    for_: int
    against: int
    abstain: int


@dataclass(frozen=True)
class ElectionResult:
    quorum_met: bool
    round_valid: bool
    valid_ballots: int
    void_ballots: int
    counts: Mapping[str, PersonCount]  # candidates in list order, then write-ins by name
    elected: tuple[str, ...]
    revote: Revote | None
    supplementary_seats: int


@dataclass(frozen=True)
class LineCount:
    yes: int
    no: int
    abstain: int
    ignored: int


@dataclass(frozen=True)
class ProjectBallotResult:
    quorum_met: bool
    round_valid: bool
    valid_ballots: int
    void_ballots: int
    counts: Mapping[str, int]  # project -> ticks (approval) or yes votes (per line)
    adopted: tuple[str, ...]
    revote: Revote | None
    shortfall: int
    line_counts: Mapping[str, LineCount] | None = None  # only in the per-line mode


@dataclass(frozen=True)
class EvaluationVotes:
    satisfied: int
    basically_satisfied: int
    dissatisfied: int


@dataclass(frozen=True)
class Evaluation:
    grade: str
    satisfaction_rate: float


@dataclass(frozen=True)
class Margin:
    """Allowed number of candidates beyond the seats; ``max_extra`` None means no limit."""

    min_extra: int
    max_extra: int | None

    def allows(self, extra: int) -> bool:
        return extra >= self.min_extra and (self.max_extra is None or extra <= self.max_extra)

    def describe(self) -> str:
        if self.max_extra is None:
            return f"差额应不少于 {self.min_extra} 名"
        if self.min_extra == self.max_extra:
            return f"差额应为 {self.min_extra} 名"
        return f"差额应为 {self.min_extra} 至 {self.max_extra} 名"


@dataclass(frozen=True)
class Nomination:
    """Names put forward by the 主席团 or by a group of deputies signing jointly."""

    names: Sequence[str]
    nominators: Sequence[str] = ()
    by_presidium: bool = False


# --------------------------------------------------------------------------- validation


def _show(value: object) -> str:
    """A value as staff typed it: text in Chinese quotes, anything else as JSON."""
    if isinstance(value, str):
        return f"“{value}”"
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _whole(field: str, value: object, minimum: int = 0) -> int:
    # bool is an int subclass; true/false as a count is a data-entry mistake, not 1/0.
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleInputError(field, f"必须是整数（收到 {_show(value)}）")
    if value < minimum:
        if minimum == 0:
            raise RuleInputError(field, f"不能为负数（收到 {value}）")
        raise RuleInputError(field, f"必须至少为 {minimum}（收到 {value}）")
    return value


def _flag(field: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise RuleInputError(field, f"必须是 true 或 false（收到 {_show(value)}）")
    return value


def _names(field: str, values: object, *, required: bool = False) -> tuple[str, ...]:
    """A list of distinct, non-blank names."""
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise RuleInputError(field, f"必须是名称列表（收到 {_show(values)}）")
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise RuleInputError(field, f"中的 {_show(value)} 不是有效名称（必须是非空字符串）")
        # "戊 " and "戊" would silently split one person's votes in two.
        if value != value.strip():
            raise RuleInputError(field, f"中的 {_show(value)} 前后有空白字符")
        if value in seen:
            raise RuleInputError(field, f"中的“{value}”重复出现")
        seen.add(value)
    if required and not seen:
        raise RuleInputError(field, "不能为空")
    return tuple(values)


def _body(body: object) -> str:
    if body not in BODIES:
        raise RuleInputError("body", f"的值 {_show(body)} 未知，应为 congress、committee 或 presidium")
    return body


def _check_round(
    body_size: int,
    present: int,
    ballots_issued: int,
    ballots_returned: int | None,
    ballot_count: int,
) -> tuple[bool, bool]:
    """(quorum_met, round_valid) for a secret ballot at a plenary.

    选举法 40–44 / 组织法 28: if more ballots are returned than were issued the round is void
    and re-run (重选); both counts are kept.  ``ballots_returned`` defaults to the number of
    ballots given; it may be larger (ballots kept on paper, as in the issue's example), never smaller.
    """
    met = quorum_met("congress", body_size, present)
    _whole("ballots_issued", ballots_issued)
    if ballots_issued > present:
        raise RuleInputError(
            "ballots_issued", f"（{ballots_issued}）不能大于 present（{present}）：选票只发给出席代表"
        )
    if ballots_returned is None:
        ballots_returned = ballot_count
    _whole("ballots_returned", ballots_returned)
    if ballots_returned < ballot_count:
        raise RuleInputError(
            "ballots_returned",
            f"（{ballots_returned}）小于 ballots 中录入的选票张数（{ballot_count}）：录入的选票不能多于收回的选票",
        )
    return met, ballots_returned <= ballots_issued


_B = TypeVar("_B")


def _ballot_list(ballots: Sequence[_B]) -> Sequence[_B]:
    # Callers outside Python's type checks (forms, JSON) may pass anything: refuse it in Chinese.
    if isinstance(ballots, (str, Mapping)) or not isinstance(ballots, Sequence):
        raise RuleInputError("ballots", f"必须是选票列表（收到 {_show(ballots)}）")
    return ballots


# --------------------------------------------------------------------------- bodies and votes


def quorum_met(
    body: str, body_size: int, present: int, *, presidium_quorum: tuple[int, int] = PRESIDIUM_QUORUM
) -> bool:
    """Whether enough members are present for ``body`` to meet (以上 includes the number).

    - congress: 组织法 14 — 三分之二以上的代表出席: ``3*present >= 2*N``.
    - committee: 组织法 51 — 全体组成人员过半数出席: ``2*present > M``.
    - presidium: local 议事规则, default 三分之二以上: ``3*present >= 2*members``.
    """
    _body(body)
    _whole("body_size", body_size, 1)
    _whole("present", present)
    if present > body_size:
        raise RuleInputError("present", f"（{present}）不能大于 body_size（{body_size}）")
    if body == "committee" or (body == "presidium" and presidium_quorum == PRESIDIUM_QUORUMS["majority"]):
        return 2 * present > body_size
    numerator, denominator = (2, 3) if body == "congress" else presidium_quorum
    return denominator * present >= numerator * body_size


def quorum_threshold(
    body: str, body_size: int, *, presidium_quorum: tuple[int, int] = PRESIDIUM_QUORUM
) -> int:
    """The smallest number present that meets ``body``'s quorum (see ``quorum_met``)."""
    _body(body)
    _whole("body_size", body_size, 1)
    if body == "committee" or (body == "presidium" and presidium_quorum == PRESIDIUM_QUORUMS["majority"]):
        return threshold(body_size)
    numerator, denominator = (2, 3) if body == "congress" else presidium_quorum
    return -(-numerator * body_size // denominator)


def is_majority(votes: int, size: int) -> bool:
    """过半数 is strictly more than half of ``size`` (DOMAIN §0): ``2*votes > size``."""
    return 2 * votes > size


def threshold(size: int) -> int:
    """The smallest vote count that is a majority of ``size``: 365 → 183, 364 → 183."""
    return size // 2 + 1


def passes(body: str, body_size: int, yes: int, *, presidium_passing: str = "majority_of_all") -> bool:
    """Whether ``yes`` votes carry a motion in ``body``: always counted against ALL members.

    congress: 组织法 14, 25 (全体代表的过半数); committee: 组织法 51, 监督法 62 (全体组成人员的
    过半数, 任免 and 撤职 too); presidium: local 议事规则, 全体成员的过半数 by default or
    三分之二以上 (``3*yes >= 2*members``) where the congress chose it.
    """
    _body(body)
    if presidium_passing not in PRESIDIUM_PASSINGS:
        raise RuleInputError("presidium_passing", f"的值 {_show(presidium_passing)} 未知")
    if body == "presidium" and presidium_passing == "two_thirds_of_all":
        return 3 * yes >= 2 * body_size
    return is_majority(yes, body_size)


def passing_threshold(body: str, body_size: int, *, presidium_passing: str = "majority_of_all") -> int:
    """The smallest number of yes votes that passes (see ``passes``)."""
    if body == "presidium" and presidium_passing == "two_thirds_of_all":
        return -(-2 * body_size // 3)
    return threshold(body_size)


def count_vote(
    body: str,
    body_size: int,
    present: int,
    yes: int,
    no: int,
    abstain: int,
    *,
    presidium_quorum: tuple[int, int] = PRESIDIUM_QUORUM,
    presidium_passing: str = "majority_of_all",
) -> VoteResult:
    """A recorded vote (表决): yes / no / abstain / not voted, decided against the full body.

    A motion cannot pass without a quorum (组织法 14, 51), so ``passed`` is false then.
    ``not_voted`` (未按) = present − yes − no − abstain and must not be negative.
    """
    met = quorum_met(body, body_size, present, presidium_quorum=presidium_quorum)
    for field, value in (("yes", yes), ("no", no), ("abstain", abstain)):
        _whole(field, value)
    not_voted = present - yes - no - abstain
    if not_voted < 0:
        raise RuleInputError(
            "yes + no + abstain", f"之和（{yes + no + abstain}）不能大于 present（{present}）"
        )
    return VoteResult(
        quorum_met=met,
        passed=met and passes(body, body_size, yes, presidium_passing=presidium_passing),
        not_voted=not_voted,
        threshold=passing_threshold(body, body_size, presidium_passing=presidium_passing),
    )


# --------------------------------------------------------------------------- ranking


def _ranked(order: Sequence[str], votes: Mapping[str, int]) -> list[str]:
    # A stable sort keeps ``order`` (candidate list order, write-ins after) among equal votes,
    # which only matters for presentation: a tie that decides a place becomes a revote.
    return sorted(order, key=lambda name: -votes[name])


def select_top(ranked: Sequence[str], votes: Mapping[str, int], places: int) -> Selection:
    """Fill ``places`` from ``ranked`` (best first) by votes, the most votes winning.

    组织法 29: when votes are equal and the persons elected cannot be determined, vote again
    among exactly the tied persons.  So a tie straddling the last place is not broken here: the
    persons strictly above the tie are chosen, the tied ones go to ``revote`` for the places
    still open, and those places count neither as filled nor as ``shortfall``.
    ``shortfall`` = places − chosen − revote places (places nobody can fill this round).
    """
    if len(ranked) <= places:
        return Selection(chosen=tuple(ranked), revote=None, shortfall=places - len(ranked))
    last = votes[ranked[places - 1]]
    if votes[ranked[places]] != last:
        return Selection(chosen=tuple(ranked[:places]), revote=None, shortfall=0)
    chosen = tuple(name for name in ranked if votes[name] > last)
    tied = tuple(name for name in ranked if votes[name] == last)
    return Selection(chosen=chosen, revote=Revote(candidates=tied, places=places - len(chosen)), shortfall=0)


# --------------------------------------------------------------------------- candidates and nominations


def candidate_margin(office: str, seats: int, *, rounding: str = "round_up") -> Margin:
    """How many candidates beyond ``seats`` the law allows for ``office`` (差额).

    - head (常委会主任, 县长/区长, 监委主任, 法院院长, 检察长): 0 or 1 (组织法 27); 0 only with a
      single nominee, which ``check_candidate_margin`` checks.
    - vice_head (常委会副主任, 副县长/副区长): 1 to 3 (组织法 27).
    - committee_member (常委会委员): S/10 to S/5 (组织法 27).
    - higher_deputy (deputies to the next-higher congress): S/5 to S/2 (选举法 31).
    - by_election (补选): 0 or more.

    The law gives fractions; the session's 选举办法 fixes the whole number and the rounding is
    local.  Both ways round the lower bound up, since fewer extra candidates than S/10 (S/5)
    would fall short of the law.  ``rounding="round_up"`` (default) applies the 进一法 common in
    选举办法 to both bounds: the range is never empty, so a 另行选举 for a few seats still has a
    lawful margin (r = 2 members: exactly 1), at the cost of allowing one candidate more than the
    upper fraction when it is not whole (S = 21 members: 3 to 5, 5 > 21/5).
    ``rounding="exact"`` rounds the upper bound down, so every allowed margin lies inside the
    law's fractions (S = 21: 3 to 4); for small S (fewer than 5 members, 1 higher deputy) no
    whole number fits and ``check_candidate_margin`` says so.
    """
    if not isinstance(office, str) or office not in OFFICES:
        raise RuleInputError("office", f"的值 {_show(office)} 未知，应为 {'、'.join(OFFICES)}")
    _whole("seats", seats, 1)
    if rounding not in ROUNDINGS:
        raise RuleInputError("rounding", f"的值 {_show(rounding)} 未知，应为 round_up 或 exact")
    if office == "head":
        return Margin(0, 1)
    if office == "vice_head":
        return Margin(1, 3)
    if office == "by_election":
        return Margin(0, None)
    low_divisor, high_divisor = (10, 5) if office == "committee_member" else (5, 2)
    high = -(-seats // high_divisor) if rounding == "round_up" else seats // high_divisor
    return Margin(min_extra=-(-seats // low_divisor), max_extra=high)


def _margin_source(office: str) -> str:
    return "选举法第三十一条" if office == "higher_deputy" else "组织法第二十七条"


def check_candidate_margin(
    office: str,
    seats: int,
    candidate_count: int,
    *,
    nominee_count: int | None = None,
    extra: int | None = None,
    rounding: str = "round_up",
) -> str | None:
    """A Chinese message if ``candidate_count`` candidates for ``seats`` break the margin rule.

    ``extra`` is the margin the session's 选举办法 fixed (组织法 27: 由本级人民代表大会根据
    应选人数在选举办法中规定具体差额数); when given, it must itself be lawful and the list must
    match it exactly.  ``nominee_count`` (default: the candidates) decides whether a head post
    may be uncontested: only with a single nominee.  A supplementary election (另行选举,
    组织法 29) applies the same rule to the r seats still open.  Returns None when lawful.
    """
    margin = candidate_margin(office, seats, rounding=rounding)
    _whole("candidate_count", candidate_count)
    nominees = candidate_count if nominee_count is None else _whole("nominee_count", nominee_count)
    label = OFFICES[office]
    source = "补选可以差额也可以等额" if office == "by_election" else _margin_source(office)
    if office == "head" and seats != 1:
        return f"{label}应选名额只能是 1 名，收到 {seats} 名"
    if candidate_count < seats:
        return f"{label}应选 {seats} 名，候选人只有 {candidate_count} 名，少于应选名额"
    if margin.max_extra is not None and margin.min_extra > margin.max_extra:
        return (
            f"{label}应选 {seats} 名时，法定比例内没有整数差额（取整方式 exact）；"
            f"请按选举办法采用进一法（round_up）（{source}）"
        )
    actual = candidate_count - seats
    if extra is not None:
        if not margin.allows(_whole("extra", extra)):
            return (
                f"选举办法规定的差额 {extra} 名不合法："
                f"{label}应选 {seats} 名时{margin.describe()}（{source}）"
            )
        if actual != extra:
            return (
                f"{label}应选 {seats} 名，选举办法规定差额 {extra} 名，"
                f"正式候选人应为 {seats + extra} 名，实有 {candidate_count} 名"
            )
    elif not margin.allows(actual):
        return (
            f"{label}应选 {seats} 名，候选人 {candidate_count} 名（差额 {actual} 名），"
            f"{margin.describe()}（{source}）"
        )
    if office == "head" and actual == 0 and nominees > 1:
        return (
            f"{label}提名的候选人有 {nominees} 名，应当差额选举（多一人）；"
            "只有一名被提名人时才可以等额选举（组织法第二十七条）"
        )
    return None


def check_nominations(
    seats: int, nominations: Sequence[Nomination], *, min_joint_deputies: int = MIN_JOINT_DEPUTIES
) -> list[str]:
    """Chinese messages for nominations that break 组织法 26; empty when all are lawful.

    Candidates are nominated by the 主席团 or by deputies jointly (county level: 10 or more,
    ``min_joint_deputies``).  The 主席团's list, and all the names each deputy joins in
    nominating, may not exceed the seats (每一代表与其他代表联合提名的人数不得超过应选名额).
    """
    _whole("seats", seats, 1)
    _whole("min_joint_deputies", min_joint_deputies, 1)
    errors = []
    names_by_deputy: dict[str, set[str]] = {}
    for number, nomination in enumerate(nominations, start=1):
        names = _names(f"nominations[{number - 1}].names", nomination.names, required=True)
        if nomination.by_presidium:
            if len(names) > seats:
                errors.append(f"第 {number} 份提名：主席团提名 {len(names)} 名，超过应选名额 {seats} 名")
            continue
        nominators = _names(f"nominations[{number - 1}].nominators", nomination.nominators)
        if len(nominators) < min_joint_deputies:
            errors.append(
                f"第 {number} 份提名：只有 {len(nominators)} 名代表联名，"
                f"须 {min_joint_deputies} 名以上代表联名（组织法第二十六条）"
            )
        for deputy in nominators:
            names_by_deputy.setdefault(deputy, set()).update(names)
    for deputy, named in names_by_deputy.items():
        if len(named) > seats:
            errors.append(
                f"代表“{deputy}”联名提名了 {len(named)} 名候选人，超过应选名额 {seats} 名（组织法第二十六条）"
            )
    return errors


def preliminary_vote_needed(seats: int, extra: int, nominee_count: int) -> bool:
    """组织法 27: if nominees exceed seats + the 选举办法's margin, a 预选 picks the candidates."""
    _whole("seats", seats, 1)
    _whole("extra", extra)
    return _whole("nominee_count", nominee_count) > seats + extra


def rank_preliminary_vote(votes: Mapping[str, int], seats: int, extra: int) -> Selection:
    """The formal candidates from a 预选: the top seats + extra by votes (组织法 27).

    ``votes`` maps each nominee, in list order, to the votes received.  No majority is needed:
    the 预选 only orders nominees.  A tie straddling the last place is not broken but returned as
    ``revote`` (the same rule as for the election itself, 组织法 29).
    """
    _whole("seats", seats, 1)
    _whole("extra", extra)
    _names("votes", list(votes))
    for name, count in votes.items():
        _whole(f"votes.{name}", count)
    return select_top(_ranked(list(votes), votes), votes, seats + extra)


# --------------------------------------------------------------------------- elections


def _count_election(
    body_size: int,
    present: int,
    ballots_issued: int,
    ballots_returned: int | None,
    seats: int,
    candidates: Sequence[str],
    ballots: Sequence[ElectionBallot],
    *,
    tie_revote: bool,
    device: DeviceTotals | None = None,
) -> ElectionResult:
    listed = _names("candidates", candidates, required=True)
    _whole("seats", seats, 1)
    ballots = _ballot_list(ballots)
    sealed = _device_totals(device, listed, 2)
    quorum, round_valid = _check_round(
        body_size, present, ballots_issued, ballots_returned, len(ballots) + sealed.ballots
    )
    known = set(listed)
    votes_for = {name: sealed.counts[name][0] for name in listed}
    votes_against = {name: sealed.counts[name][1] for name in listed}
    write_ins: dict[str, int] = {}
    valid, void = sealed.ballots, 0
    for index, ballot in enumerate(ballots):
        where = f"ballots[{index}]"
        if not isinstance(ballot, ElectionBallot):
            raise RuleInputError(where, "必须是一张选举选票（for、against、write_in）")
        marked_for = _names(f"{where}.for", ballot.for_)
        marked_against = _names(f"{where}.against", ballot.against)
        written = _names(f"{where}.write_in", ballot.write_in)
        for field, names in ((f"{where}.for", marked_for), (f"{where}.against", marked_against)):
            for name in names:
                if name not in known:
                    raise RuleInputError(field, f"中的候选人“{name}”不在候选人名单中")
        voted_for = set(marked_for)
        for name in marked_against:
            if name in voted_for:
                raise RuleInputError(
                    f"{where}.against",
                    f"中的候选人“{name}”同时出现在 for 中：对同一候选人只能赞成、反对或弃权",
                )
        for name in written:
            if name in known:
                raise RuleInputError(f"{where}.write_in", f"中的“{name}”是候选人，应写在 for 中")
        if written and tie_revote:
            raise RuleInputError(f"{where}.write_in", "必须为空：再次投票只在票数相等的候选人中进行")
        # 选举法 40–44, 组织法 28: more persons voted for than seats voids the ballot (or this
        # office's column); seats or fewer, including none, is valid.
        if len(marked_for) + len(written) > seats:
            void += 1
            continue
        valid += 1
        for name in marked_for:
            votes_for[name] += 1
        for name in marked_against:
            votes_against[name] += 1
        for name in written:
            write_ins[name] = write_ins.get(name, 0) + 1

    # Write-ins are ordered by name, not by first appearance, so the result does not depend on
    # the order in which the ballots were entered.
    order = [*listed, *sorted(write_ins)]
    votes = {**votes_for, **write_ins}
    counts = {
        name: PersonCount(votes_for[name], votes_against[name], valid - votes_for[name] - votes_against[name])
        for name in listed
    }
    # A write-in person was never on the ballot, so nobody could vote against or abstain on them.
    counts.update({name: PersonCount(write_ins[name], 0, 0) for name in order[len(listed) :]})

    if not (quorum and round_valid):
        # No quorum or a void round: the round is re-run (重选), so no seat is decided and none
        # is left to a supplementary election.
        return ElectionResult(quorum, round_valid, valid, void, counts, (), None, 0)
    # 组织法 29: only those with more than half of ALL deputies' votes can be elected; in the
    # re-vote after a tie everyone already has that majority and the most votes win.
    passed = [name for name in _ranked(order, votes) if tie_revote or is_majority(votes[name], body_size)]
    selection = select_top(passed, votes, seats)
    return ElectionResult(
        quorum_met=quorum,
        round_valid=round_valid,
        valid_ballots=valid,
        void_ballots=void,
        counts=counts,
        elected=selection.chosen,
        revote=selection.revote,
        supplementary_seats=selection.shortfall,
    )


def count_election(
    body_size: int,
    present: int,
    ballots_issued: int,
    ballots_returned: int | None,
    seats: int,
    candidates: Sequence[str],
    ballots: Sequence[ElectionBallot],
    *,
    device: DeviceTotals | None = None,
) -> ElectionResult:
    """Count one office group's election at a plenary (DOMAIN §2 algorithm).

    1. Quorum: ``3*present >= 2*N`` (组织法 14).
    2. More ballots returned than issued voids the round (选举法 40–44): nobody is elected.
    3. A ballot voting for more persons (candidates + write-ins) than ``seats`` is void; seats
       or fewer, including none, is valid (组织法 28; 另选他人 counts as a vote for).
    4. v(p) = valid ballots voting for p.  A candidate neither for nor against on a valid
       ballot is an abstention; against and abstain are for publication only.
    5. Passed = {p : 2*v(p) > N}, a majority of ALL deputies (组织法 29), N = ``body_size``.
    6. If at most ``seats`` passed, all are elected; otherwise the most votes win and a tie at
       the last seat becomes ``revote`` among exactly the tied persons (组织法 29).
    7. ``supplementary_seats`` = seats − elected − revote seats, left to 另行选举 (组织法 29);
       so when there is a revote, supplementary_seats is 0.

    ``elected`` is ordered by votes, then candidate list order, write-ins after.  Write-in
    persons must be eligible (常委会 posts: deputies of this congress); staff check that.
    """
    return _count_election(
        body_size,
        present,
        ballots_issued,
        ballots_returned,
        seats,
        candidates,
        ballots,
        tie_revote=False,
        device=device,
    )


def count_supplementary_election(
    body_size: int,
    present: int,
    ballots_issued: int,
    ballots_returned: int | None,
    seats: int,
    candidates: Sequence[str],
    ballots: Sequence[ElectionBallot],
    *,
    device: DeviceTotals | None = None,
) -> ElectionResult:
    """另行选举 for the ``seats`` (r) a round left open (组织法 29).

    Counted exactly like ``count_election``: the threshold is still a majority of ALL
    deputies, never of those present or of the valid ballots.  Candidates come by first-round
    order (``supplementary_candidates``) or new nomination, and ``check_candidate_margin``
    applies to the r seats.  If seats remain unfilled, the local default is to leave them
    vacant (暂作缺额处理).
    """
    return count_election(
        body_size, present, ballots_issued, ballots_returned, seats, candidates, ballots, device=device
    )


def count_revote(
    body_size: int,
    present: int,
    ballots_issued: int,
    ballots_returned: int | None,
    seats: int,
    candidates: Sequence[str],
    ballots: Sequence[ElectionBallot],
    *,
    device: DeviceTotals | None = None,
) -> ElectionResult:
    """The re-vote among tied persons for the ``seats`` a tie left open (组织法 29).

    ``candidates`` are exactly ``Revote.candidates``; write-ins are refused.  The tied persons
    already had a majority of all deputies, so here the most votes win (以得票多的当选) and a
    new tie yields another revote.
    """
    return _count_election(
        body_size,
        present,
        ballots_issued,
        ballots_returned,
        seats,
        candidates,
        ballots,
        tie_revote=True,
        device=device,
    )


def supplementary_candidates(candidates: Sequence[str], result: ElectionResult) -> tuple[str, ...]:
    """First-round candidates not elected, by first-round votes: the 另行选举 list when the
    congress takes candidates by first-round order (组织法 29); trim it to r seats + margin."""
    elected = set(result.elected)
    votes = {name: result.counts[name].for_ for name in candidates}
    return tuple(name for name in _ranked(list(candidates), votes) if name not in elected)


# --------------------------------------------------------------------------- livelihood projects


def _decide_projects(
    quorum: bool,
    round_valid: bool,
    valid: int,
    void: int,
    votes: dict[str, int],
    adopt: int,
    require_majority_of_all: bool,
    body_size: int,
    line_counts: dict[str, LineCount] | None = None,
) -> ProjectBallotResult:
    """DOMAIN §3 steps 3–4: eligible projects, top ``adopt`` adopted, tie, shortfall."""
    if not (quorum and round_valid):
        return ProjectBallotResult(quorum, round_valid, valid, void, votes, (), None, 0, line_counts)
    eligible = [
        name
        for name in _ranked(list(votes), votes)
        if not require_majority_of_all or is_majority(votes[name], body_size)
    ]
    selection = select_top(eligible, votes, adopt)
    return ProjectBallotResult(
        quorum_met=quorum,
        round_valid=round_valid,
        valid_ballots=valid,
        void_ballots=void,
        counts=votes,
        adopted=selection.chosen,
        revote=selection.revote,
        shortfall=selection.shortfall,
        line_counts=line_counts,
    )


def _project_setup(
    body_size: int,
    present: int,
    ballots_issued: int,
    ballots_returned: int | None,
    adopt: int,
    require_majority_of_all: bool,
    candidates: Sequence[str],
    ballots: Sequence[_B],
    device_ballots: int = 0,
) -> tuple[tuple[str, ...], Sequence[_B], bool, bool]:
    listed = _names("candidates", candidates, required=True)
    _whole("adopt", adopt, 1)
    _flag("require_majority_of_all", require_majority_of_all)
    ballots = _ballot_list(ballots)
    quorum, round_valid = _check_round(
        body_size, present, ballots_issued, ballots_returned, len(ballots) + device_ballots
    )
    return listed, ballots, quorum, round_valid


def count_project_ballot(
    body_size: int,
    present: int,
    ballots_issued: int,
    ballots_returned: int | None,
    adopt: int,
    require_majority_of_all: bool,
    candidates: Sequence[str],
    ballots: Sequence[Sequence[str]],
    *,
    device: DeviceTotals | None = None,
) -> ProjectBallotResult:
    """Count a livelihood-project ballot in approval mode (DOMAIN §3, local 票决制).

    Legal hook: 组织法 11(3) (county congresses decide 重大事项和项目); the procedure is local.
    1. Quorum and issued/returned check as for elections (组织法 14; 选举法 40–44 by analogy).
    2. Each ballot lists the projects ticked; more than ``adopt`` ticks voids it, 0..adopt is valid.
    3. v(j) = ticks on valid ballots; eligible = all, or {j : 2*v(j) > N} when
       ``require_majority_of_all`` (N = ``body_size``).
    4. The top ``adopt`` eligible are adopted; a tie straddling place ``adopt`` → ``revote``
       (or the 主席团 decides, per the congress's tie rule); fewer eligible → ``shortfall``.
    """
    listed, ballots, quorum, round_valid = _project_setup(
        body_size,
        present,
        ballots_issued,
        ballots_returned,
        adopt,
        require_majority_of_all,
        candidates,
        ballots,
        device.ballots if device else 0,
    )
    sealed = _device_totals(device, listed, 1)
    known = set(listed)
    votes = {name: sealed.counts[name][0] for name in listed}
    valid, void = sealed.ballots, 0
    for index, ballot in enumerate(ballots):
        ticked = _names(f"ballots[{index}]", ballot)
        for name in ticked:
            if name not in known:
                raise RuleInputError(f"ballots[{index}]", f"中的项目“{name}”不在候选项目名单中")
        if len(ticked) > adopt:
            void += 1
            continue
        valid += 1
        for name in ticked:
            votes[name] += 1
    return _decide_projects(
        quorum, round_valid, valid, void, votes, adopt, require_majority_of_all, body_size
    )


def count_project_ballot_per_line(
    body_size: int,
    present: int,
    ballots_issued: int,
    ballots_returned: int | None,
    adopt: int,
    require_majority_of_all: bool,
    candidates: Sequence[str],
    ballots: Sequence[Mapping[str, Sequence[str]]],
    *,
    device: DeviceTotals | None = None,
) -> ProjectBallotResult:
    """Count a project ballot in yes/no/abstain-per-project mode (DOMAIN §3, local).

    Each ballot maps a project to the marks on its line (``yes``, ``no``, ``abstain``).  Each line
    is read on its own, so no ballot is void: a line with two or more marks is ignored, and a
    blank line is an abstention (the local marking rule: blank is 弃权).  v(j) = yes votes;
    adoption then follows ``count_project_ballot`` steps 3–4.
    """
    listed, ballots, quorum, round_valid = _project_setup(
        body_size,
        present,
        ballots_issued,
        ballots_returned,
        adopt,
        require_majority_of_all,
        candidates,
        ballots,
        device.ballots if device else 0,
    )
    sealed = _device_totals(device, listed, 2)
    known = set(listed)
    tallies = {
        name: {
            "yes": sealed.counts[name][0],
            "no": sealed.counts[name][1],
            "abstain": sealed.ballots - sum(sealed.counts[name]),
            "ignored": 0,
        }
        for name in listed
    }
    for index, ballot in enumerate(ballots):
        where = f"ballots[{index}]"
        if not isinstance(ballot, Mapping):
            raise RuleInputError(where, f"必须是“项目 → 记号列表”的对象（收到 {_show(ballot)}）")
        for name, marks in ballot.items():
            if name not in known:
                raise RuleInputError(where, f"中的项目“{name}”不在候选项目名单中")
            marks = _names(f"{where}.{name}", marks)
            for mark in marks:
                if mark not in PROJECT_MARKS:
                    raise RuleInputError(f"{where}.{name}", f"中的记号“{mark}”未知，应为 yes、no 或 abstain")
        for name in listed:
            marks = ballot.get(name, ())
            line = "ignored" if len(marks) > 1 else (marks[0] if marks else "abstain")
            tallies[name][line] += 1
    line_counts = {name: LineCount(**tally) for name, tally in tallies.items()}
    votes = {name: line.yes for name, line in line_counts.items()}
    return _decide_projects(
        quorum,
        round_valid,
        len(ballots) + sealed.ballots,
        0,
        votes,
        adopt,
        require_majority_of_all,
        body_size,
        line_counts,
    )


# --------------------------------------------------------------------------- paper sheets: two tellers

TELLERS = 2


def compare_teller_readings(
    tellers: Sequence[object], readings: Mapping[int, Mapping[object, object]], sheets: int
) -> tuple[list[tuple[int, list[object | None]]], bool]:
    """Every paper sheet 1..``sheets`` on which the tellers differ or one has not entered it.

    ``readings`` maps a sheet number to {teller: what that teller entered}; the list gives, per
    such sheet, the readings in ``tellers`` order (None = not entered).  The count is accepted
    only when exactly two tellers entered every sheet and agree on every one (two tellers
    (计票人) enter each sheet independently, as at an election, so that one misreading cannot
    change a result unnoticed).  Returns (differing sheets, complete and agreed).
    """
    differing = []
    for sheet in range(1, sheets + 1):
        entered = readings.get(sheet, {})
        row = [entered.get(teller) for teller in tellers]
        if any(r is None for r in row) or any(r != row[0] for r in row):
            differing.append((sheet, row))
    return differing, len(tellers) == TELLERS and not differing


# --------------------------------------------------------------------------- evaluation


def _rate(numerator: int, denominator: int) -> float:
    """numerator/denominator rounded half up to 4 decimals, computed on integers."""
    if denominator == 0:
        return 0.0
    return (20000 * numerator + denominator) // (2 * denominator) / 10000


def evaluation_grade(base: int, satisfied: int, basically_satisfied: int, dissatisfied: int) -> Evaluation:
    """Grade one project's evaluation (测评) — local Zhenhai rule, DOMAIN §3.

    B = ``base``, all deputies (or all members), not those who voted:
    - satisfied (满意) if 满意 votes reach half of B (半数以上 includes half): ``2*S >= B``;
    - else basically_satisfied (基本满意) if 满意 + 基本满意 exceed half (过半数): ``2*(S+J) > B``;
    - else dissatisfied (不满意).
    ``satisfaction_rate`` = (S+J)/(S+J+D) over the votes cast, 0 when none were cast.
    """
    _whole("base", base, 1)
    for field, value in (
        ("satisfied", satisfied),
        ("basically_satisfied", basically_satisfied),
        ("dissatisfied", dissatisfied),
    ):
        _whole(field, value)
    cast = satisfied + basically_satisfied + dissatisfied
    if cast > base:
        raise RuleInputError(
            "satisfied + basically_satisfied + dissatisfied", f"之和（{cast}）不能大于 base（{base}）"
        )
    if 2 * satisfied >= base:
        grade = "satisfied"
    elif 2 * (satisfied + basically_satisfied) > base:
        grade = "basically_satisfied"
    else:
        grade = "dissatisfied"
    return Evaluation(grade=grade, satisfaction_rate=_rate(satisfied + basically_satisfied, cast))


def evaluate_items(base: int, items: Mapping[str, EvaluationVotes]) -> dict[str, Evaluation]:
    """``evaluation_grade`` for every project in ``items``, all against the same ``base``."""
    _whole("base", base, 1)
    if not items:
        raise RuleInputError("items", "不能为空")
    results = {}
    for name, votes in items.items():
        try:
            results[name] = evaluation_grade(
                base, votes.satisfied, votes.basically_satisfied, votes.dissatisfied
            )
        except RuleInputError as error:
            raise error.within(f"items.{name}") from None
    return results


# --------------------------------------------------------------------------- township 主席团

VICE_CHAIRS = (1, 2)  # 组织法: a township congress has a 主席 and one or two 副主席 (DOMAIN §11)


def presidium_problem(
    township: bool,
    members: Sequence[int],
    chair: int | None,
    vice_chairs: Sequence[int],
    holding_seat: set[int],
) -> str | None:
    """Why a 主席团 list cannot be recorded, or None.

    Every member holds a seat in the congress; at a township the 主席 and one or two 副主席 are
    among the members (乡、民族乡、镇的人民代表大会主席、副主席为主席团的成员).
    """
    if not members:
        return "请选择主席团成员。"
    if any(m not in holding_seat for m in members):
        return "主席团成员须是本级人大代表（在会议开幕之日持有代表资格）。"
    if not township:
        return None
    if chair is None:
        return "乡镇人大主席团须确定主席。"
    low, high = VICE_CHAIRS
    if not low <= len(vice_chairs) <= high:
        return f"乡镇人大设副主席{low}至{high}人，现为{len(vice_chairs)}人。"
    if chair in vice_chairs:
        return "主席和副主席不能是同一人。"
    if chair not in members or any(v not in members for v in vice_chairs):
        return "主席、副主席是主席团的成员，请把他们列入主席团。"
    return None


def convening_problem(current_starts_on, starts_on, agenda_items: int) -> str | None:
    """Why the 主席团 cannot convene the next session on ``starts_on`` with this agenda, or None."""
    if starts_on is None:
        return "请填写下一次会议的开幕日期。"
    if current_starts_on is not None and starts_on <= current_starts_on:
        return f"下一次会议的开幕日期须晚于本次会议（{current_starts_on:%Y-%m-%d}）。"
    if agenda_items == 0:
        return "请至少列出一项建议议程。"
    return None
