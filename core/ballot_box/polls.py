"""What every ballot counted by two tellers shares: the projects' 票决 (projects.ProjectBallot) and a
residents' council's 票选 (councils.CouncilBallot).

Both freeze their candidates and rules when arranged, open an encrypted ballot box for phones or
hand out paper sheets that two tellers (计票人) read independently, and are counted when the box is
decrypted or the two readings agree (docs/secret-ballot.md). The fields, properties and checks
below are that common part; each concrete model keeps its own status, method, candidates and
settings (their labels and choices differ), and each app keeps its own steps (workflow.py).

No app is imported here (core/tests/test_layers.py): the number of tellers comes from the
caller (meetings.rules.TELLERS, the one home of that rule, shared with elections).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.conf import settings
from django.db import models

from core.workflow import TransitionRefused


class TwoTellerBallot(models.Model):
    """Abstract: a ballot on phones (one ballot box) or on paper (two tellers' readings).

    The concrete model declares ``method`` (``"electronic"`` / ``"paper"``), ``status``,
    ``candidates`` and ``settings``; an electronic ballot that hands out no paper sheets keeps
    ``paper_issued`` 0 and ``paper_returned`` None (projects.ProjectBallot overrides both).
    """

    tellers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name="计票人",
        help_text="纸质选票须指定两名工作人员，分别独立录入每一张选票",
    )
    ballots_issued = models.PositiveIntegerField("发出选票", null=True, blank=True)
    ballots_returned = models.PositiveIntegerField("收回选票", null=True, blank=True)
    result = models.JSONField("计票结果", null=True, blank=True)
    opened_at = models.DateTimeField("开始投票", null=True, blank=True)
    closed_at = models.DateTimeField("计票完成", null=True, blank=True)
    # An electronic ballot's encrypted ballots (core.ballot_box): set when it opens.
    ballot_box = models.OneToOneField(
        "core.BallotBox",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="票箱",
    )

    # How many places a ballot fills when its frozen settings do not say.
    ADOPT_DEFAULT = 0
    paper_issued: int = 0
    paper_returned: int | None = None

    class Meta:
        abstract = True

    @property
    def adopt(self) -> int:
        return int(self.settings.get("adopt", self.ADOPT_DEFAULT))  # type: ignore[attr-defined]

    @property
    def mode(self) -> str:
        return self.settings.get("ballot_mode", "approval")  # type: ignore[attr-defined]

    @property
    def void_round(self) -> bool:
        """More ballots returned than issued: the round is void and voted again (DOMAIN §3)."""
        return (self.ballots_returned or 0) > (self.ballots_issued or 0)

    @property
    def sheets(self) -> int:
        """How many paper sheets the two tellers enter: every returned ballot of a paper ballot,
        the paper ballots returned during an electronic one (as elections.Round.sheets)."""
        if self.method == "paper":  # type: ignore[attr-defined]
            return self.ballots_returned or 0
        return self.paper_returned or 0


# --------------------------------------------------------------------------- the ballot form


def choices_from_form(ballot: TwoTellerBallot, data) -> dict[str, object]:
    """A ballot form without JavaScript as {candidate: choice}: approval ticks ``pick`` = 1..n
    (True/False), per line each ``mark-<i>`` is yes/no/abstain ('' when left blank)."""
    candidates = ballot.candidates  # type: ignore[attr-defined]
    if ballot.mode == "approval":
        picked = set(data.getlist("pick"))
        return {t: str(i) in picked for i, t in enumerate(candidates, start=1)}
    return {t: data.get(f"mark-{i}", "") for i, t in enumerate(candidates, start=1)}


# --------------------------------------------------------------------------- checks of the steps


def check_tellers(tellers: Sequence, *, needed: int, is_staff: Callable[[object], bool], body: str) -> list:
    """Paper sheets are entered by ``needed`` different staff members of the body, independently."""
    tellers = list(dict.fromkeys(tellers))
    if len(tellers) != needed:
        raise TransitionRefused("纸质选票须指定两名不同的计票人，分别独立录入每一张选票。")
    if any(not is_staff(u) for u in tellers):
        raise TransitionRefused(f"计票人须为{body}的工作人员。")
    return tellers


def require_tellers(ballot: TwoTellerBallot, *, needed: int) -> None:
    """A paper ballot opens only with its two tellers named."""
    if ballot.method == "paper" and ballot.tellers.count() != needed:  # type: ignore[attr-defined]
        raise TransitionRefused("纸质选票须指定两名计票人，分别独立录入每一张选票。")


def record_paper_counts(
    ballot: TwoTellerBallot, issued: int | None, returned: int | None, *, who: str
) -> None:
    """Closing a paper ballot: staff enter the ballots issued (at most one per ``who`` present) and
    returned; more returned than issued is kept as counted, and voids the round."""
    if issued is None or returned is None:
        raise TransitionRefused("请填写发出选票数和收回选票数。")
    present = ballot.present or 0  # type: ignore[attr-defined]
    if issued > present:
        raise TransitionRefused(f"发出选票数（{issued}）不能多于出席{who}数（{present}）。")
    ballot.ballots_issued, ballot.ballots_returned = issued, returned


def check_sheet_numbers(first: int, entered: int, returned: int, *, what: str = "收回选票数") -> int:
    """The sheets a teller enters are numbered within 1..returned; returns the last number."""
    last = first + entered - 1
    if first < 1 or last > returned:
        raise TransitionRefused(
            f"选票编号应在 1 至 {returned} 之间（{what}），本次录入为第 {first} 至 {last} 张。"
        )
    return last


def check_sheets_agreed(ballot: TwoTellerBallot, mismatches: Sequence, agreed: bool) -> None:
    """Counted only when both tellers entered every sheet alike (a void round needs no sheets)."""
    if not ballot.void_round and not agreed:
        raise TransitionRefused(
            f"两名计票人的录入还有 {len(mismatches)} 张选票不一致或未录入，核对一致后才能计票。"
        )
