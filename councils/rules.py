"""Pure rules of a residents' council's vote (居民议事会票选, DOMAIN §11 with the ballot of §3).

No Django, no ORM. Reading the marks is the projects' ballot machinery (meetings.rules counts
the sheets and the device totals); this module decides, from those counts, with the council's
own quorum and passing threshold, which matters are adopted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from core.congress_settings import Section, Setting, register
from meetings.rules import select_top

# --------------------------------------------------------------------------- per-council settings

QUORUM_CHOICES = (("two_thirds", "三分之二以上成员出席"), ("majority", "过半数成员出席"))
THRESHOLD_CHOICES = (
    ("majority_of_all", "得票超过全体成员的半数"),
    ("majority_of_present", "得票超过出席成员的半数"),
    ("plurality", "按得票多少确定，不设票数下限"),
)
TIE_REVOTE_CHOICES = (
    ("same_sitting", "当场再次票选（沿用本次出席成员）"),
    ("later", "另行安排再次票选"),
)

# Congress.settings["councils"] of a 居民议事会 body; local practice (DOMAIN §11 *(local)*).
SETTINGS = register(
    Section(
        "councils",
        "居民议事会票选",
        (
            Setting(
                "quorum",
                "two_thirds",
                "议事会出席人数",
                "居民议事会票选时须出席的成员人数，默认三分之二以上成员出席（以上含本数）。仅对居民议事会有效。",
                kind="choice",
                choices=QUORUM_CHOICES,
            ),
            Setting(
                "threshold",
                "majority_of_all",
                "事项通过的票数",
                "一个事项入选所需的赞成票，默认须超过全体成员的半数（过半数不含半数）。仅对居民议事会有效。",
                kind="choice",
                choices=THRESHOLD_CHOICES,
            ),
            Setting(
                "ballot_mode",
                "approval",
                "票选方式",
                "限选：每张选票最多选 n 项，多选作废；逐项表决：每个事项分别表示赞成、反对或弃权。默认限选。",
                kind="choice",
                choices=(("approval", "限选 n 项"), ("per_line", "逐项表决")),
            ),
            Setting(
                "tie_revote",
                "same_sitting",
                "票数相等的再次票选",
                "末位事项票数相等时，对票数相等的事项再次票选（参照地方组织法第二十九条）。默认当场进行："
                "沿用本次出席成员和计票人（手机票选沿用本次计票人密钥），一步开始投票；"
                "也可另行安排：先拟定再次票选，开始投票时重新登记出席。仅对居民议事会有效。",
                kind="choice",
                choices=TIE_REVOTE_CHOICES,
            ),
            Setting(
                "adopt",
                5,
                "确定事项数 n",
                "一次票选最多确定的民生事项数，默认 5 项；限选时候选事项须多于此数。",
                min_value=1,
                max_value=50,
            ),
        ),
    )
)

FROZEN = ("quorum", "threshold", "ballot_mode", "adopt")


def quorum_met(quorum: str, members: int, present: int) -> bool:
    """三分之二以上 is ``3*present >= 2*members``; 过半数 is ``2*present > members`` (DOMAIN §0)."""
    if members <= 0:
        return False
    if quorum == "majority":
        return 2 * present > members
    return 3 * present >= 2 * members


def quorum_needed(quorum: str, members: int) -> int:
    """The fewest members present that meet the quorum."""
    if quorum == "majority":
        return members // 2 + 1
    return -(-2 * members // 3)


def passes(threshold: str, yes: int, members: int, present: int) -> bool:
    """Whether ``yes`` votes reach the council's passing threshold (过半数 = strictly more than half)."""
    if threshold == "plurality":
        return yes > 0
    base = present if threshold == "majority_of_present" else members
    return 2 * yes > base


@dataclass(frozen=True)
class Decision:
    quorum_met: bool
    round_valid: bool
    adopted: tuple[str, ...]
    tied: tuple[str, ...]  # tied at place n: voted again in a new 票选
    tied_places: int
    shortfall: int
    below_threshold: tuple[str, ...]

    @property
    def decided(self) -> bool:
        return self.quorum_met and self.round_valid


def decide(
    candidates: Sequence[str],
    votes: Mapping[str, int],
    *,
    adopt: int,
    members: int,
    present: int,
    quorum: str,
    threshold: str,
    round_valid: bool = True,
) -> Decision:
    """Which matters the council adopts: those reaching the threshold, the top ``adopt`` by votes.

    Without a quorum, or in a void round (more ballots returned than issued), nothing is adopted
    and the council votes again. A tie straddling place n adopts none of the tied matters: they
    go to a new 票选 among exactly them (as 组织法 29 for elections); fewer eligible → shortfall.
    """
    met = quorum_met(quorum, members, present)
    if not (met and round_valid):
        return Decision(met, round_valid, (), (), 0, 0, ())
    ranked = sorted(candidates, key=lambda name: -votes.get(name, 0))  # stable: ballot order breaks nothing
    eligible = [name for name in ranked if passes(threshold, votes.get(name, 0), members, present)]
    below = tuple(name for name in candidates if name not in eligible)
    selection = select_top(eligible, dict(votes), adopt)
    tied = selection.revote.candidates if selection.revote else ()
    places = selection.revote.places if selection.revote else 0
    return Decision(met, True, selection.chosen, tied, places, selection.shortfall, below)


# --------------------------------------------------------------------------- matters

TITLE_MAX = 60
CONTENT_MAX = 500
MATTERS_MAX = 30


def matter_problem(title: str, content: str, others: Sequence[str] = ()) -> str | None:
    """What is wrong with one candidate matter (its name, its explanation, a name already on the
    ballot), as a phrase; None when it can stand on the ballot."""
    if not title:
        return "没有事项名称"
    if len(title) > TITLE_MAX:
        return f"事项名称超过 {TITLE_MAX} 字"
    if len(content) > CONTENT_MAX:
        return f"说明超过 {CONTENT_MAX} 字"
    if title in others:
        return f"“{title}”与前面的事项重复"
    return None


def parse_matters(text: str) -> list[tuple[str, str]]:
    """Candidate matters typed one per line, "名称：说明" (the explanation optional).

    Raises ValueError with a Chinese message naming every bad line.
    """
    matters: list[tuple[str, str]] = []
    errors: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = "".join(ch for ch in raw if ch.isprintable()).strip()
        if not line:
            continue
        title, _sep, content = line.replace(":", "：").partition("：")
        title, content = title.strip(), content.strip()
        problem = matter_problem(title, content, [t for t, _c in matters])
        if problem:
            errors.append(f"第 {number} 行{problem}")
        else:
            matters.append((title, content))
    if errors:
        raise ValueError("；".join(errors[:10]) + "。")
    if not matters:
        raise ValueError("请填写候选事项，每行一项。")
    if len(matters) > MATTERS_MAX:
        raise ValueError(f"一次票选最多 {MATTERS_MAX} 个候选事项。")
    return matters


def matters_problem(count: int, adopt: int, mode: str) -> str | None:
    """Approval mode is a 差额 vote: more candidate matters than places (DOMAIN §3)."""
    if mode == "approval" and count <= adopt:
        return f"限选票选的候选事项（{count} 项）须多于确定事项数 n（{adopt} 项）；请增加候选事项或改为逐项表决。"
    return None
