"""Election settings a congress chooses for itself (DOMAIN §2 marks them (local)).

The counting rules themselves are in meetings.rules, shared with the other votes of a sitting.
"""

from __future__ import annotations

from core.congress_settings import Section, Setting, register
from meetings.rules import MIN_JOINT_DEPUTIES

# Congress.settings["elections"]
SETTINGS = register(
    Section(
        "elections",
        "选举",
        (
            Setting(
                "margin_rounding",
                "round_up",
                "差额数取整方式",
                "差额比例（五分之一、二分之一等）不是整数时如何取整：默认进一法；"
                "“严格”只允许落在法定比例之内的差额数。",
                kind="choice",
                choices=(("round_up", "进一法（默认）"), ("exact", "严格按法定比例")),
            ),
            Setting(
                "min_joint_deputies",
                MIN_JOINT_DEPUTIES,
                "代表联名提名最少人数",
                "代表联合提名候选人所需的最少人数：县级10人、设区的市20人、省30人（组织法第二十六条）。",
                min_value=1,
                max_value=100,
            ),
            Setting(
                "shortfall_after_supplementary",
                "vacant",
                "另行选举后仍不足应选名额",
                "另行选举后当选人数仍少于应选名额时的处理方式。",
                kind="choice",
                choices=(
                    ("vacant", "暂作缺额处理"),
                    ("another_round", "再次另行选举"),
                    ("defer", "留待下次会议选举"),
                ),
            ),
        ),
    )
)
