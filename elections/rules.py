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


# --- Township congresses (DOMAIN §11) ------------------------------------------------------------

# A township congress elects its 主席 and 1–2 副主席 and the township's 乡长/镇长 and deputy heads
# (组织法); it has no standing committee and elects no deputies to a higher congress. Its margins
# are those of the "head" and "vice_head" office groups (meetings.rules.candidate_margin):
# 主席 and 乡长/镇长 one extra candidate, or equal with a single nominee; 副主席 and deputy heads
# one to three extra.
TOWNSHIP_OFFICES = ("head", "vice_head", "by_election")
TOWNSHIP_POSTS = (
    # (how the post's name ends, the office whose margin applies); most specific first.
    ("副主席", "vice_head"),
    ("副乡长", "vice_head"),
    ("副镇长", "vice_head"),
    ("主席", "head"),
    ("乡长", "head"),
    ("镇长", "head"),
)


def township_office_of(post: str) -> str | None:
    """The office group a township post belongs to (主席 → head, 副镇长 → vice_head), else None."""
    text = "".join((post or "").split())
    for ending, office in TOWNSHIP_POSTS:
        if text.endswith(ending):
            return office
    return None


def office_problem(body_kind: str, office: str, post: str) -> str | None:
    """Why a body of ``body_kind`` may not hold this office group's election, or None.

    A township congress (registry.rules.TOWNSHIP_CONGRESS) elects only its 主席、副主席 and the
    township's 乡长/镇长、副乡长/副镇长 (and 补选); the post's name says which margin applies.
    """
    from registry.rules import TOWNSHIP_CONGRESS

    if body_kind != TOWNSHIP_CONGRESS:
        return None
    if office not in TOWNSHIP_OFFICES:
        return (
            "乡镇人大没有常委会，也不选举上一级人大代表；只选举主席、副主席和乡长（镇长）、副乡长（副镇长）。"
        )
    expected = township_office_of(post)
    if office == "by_election" or expected is None or expected == office:
        return None
    if expected == "head":
        return f"“{post}”是正职，请选择正职类别（多一名候选人差额选举；只有一名被提名人时可以等额）。"
    return f"“{post}”是副职，请选择副职类别（差额一至三名）。"
