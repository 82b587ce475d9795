"""Election settings a congress chooses for itself (DOMAIN §2 marks them (local)).

The counting rules themselves are in meetings.rules, shared with the other votes of a sitting.
"""

from __future__ import annotations

from core.congress_settings import Section, Setting, register
from meetings.rules import MIN_JOINT_DEPUTIES, OFFICES
from registry.rules import CONGRESS, TOWNSHIP_CONGRESS, elected_offices

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


# --- Offices by kind of body (DOMAIN §10, §11) ---------------------------------------------------

# A congress at county level and above elects its standing committee, the heads of the state organs
# and the deputies to the next higher congress; a township congress elects its 主席 and 1–2 副主席
# and the township's 乡长/镇长 and deputy heads (组织法): no standing committee, no deputies sent up.
# Which categories a body elects is registry.rules.elected_offices; the township's margins are those
# of the "head" and "vice_head" office groups (meetings.rules.candidate_margin): 主席 and 乡长/镇长
# one extra candidate, or equal with a single nominee; 副主席 and deputy heads one to three extra.
OFFICE_LABELS = {
    CONGRESS: {
        "head": "正职（常委会主任、人民政府正职、监委主任、法院院长、检察长）",
        "vice_head": "副职（常委会副主任、人民政府副职）",
        "committee_member": "常委会委员",
        "higher_deputy": "上一级人民代表大会代表",
        "by_election": "补选",
    },
    TOWNSHIP_CONGRESS: {
        "head": "正职（人大主席、乡长/镇长）",
        "vice_head": "副职（人大副主席、副乡长/副镇长）",
        "by_election": "补选",
    },
}
POST_EXAMPLES = {CONGRESS: "例如 常委会副主任", TOWNSHIP_CONGRESS: "例如 副主席、镇长"}
TOWNSHIP_POSTS = (
    # (how the post's name ends, the office whose margin applies); most specific first.
    ("副主席", "vice_head"),
    ("副乡长", "vice_head"),
    ("副镇长", "vice_head"),
    ("主席", "head"),
    ("乡长", "head"),
    ("镇长", "head"),
)


def office_choices(body_kind: str) -> list[tuple[str, str]]:
    """The office categories the election form offers a body of ``body_kind``, in its own words."""
    labels = OFFICE_LABELS.get(body_kind, {})
    return [(office, labels.get(office, OFFICES[office])) for office in elected_offices(body_kind)]


def office_label(body_kind: str, office: str) -> str:
    return OFFICE_LABELS.get(body_kind, {}).get(office) or OFFICES.get(office, office)


def office_refusal(body_kind: str) -> str:
    """Why an office category outside registry.rules.elected_offices(body_kind) is refused."""
    if body_kind == TOWNSHIP_CONGRESS:
        return (
            "乡镇人大没有常委会，也不选举上一级人大代表；只选举主席、副主席和乡长（镇长）、副乡长（副镇长）。"
        )
    if not elected_offices(body_kind):
        return "人大工委和居民议事会不举行人民代表大会会议，不进行选举。"
    return "请选择本级人民代表大会选举的职位类别。"


def township_office_of(post: str) -> str | None:
    """The office group a township post belongs to (主席 → head, 副镇长 → vice_head), else None."""
    text = "".join((post or "").split())
    for ending, office in TOWNSHIP_POSTS:
        if text.endswith(ending):
            return office
    return None


def office_problem(body_kind: str, office: str, post: str) -> str | None:
    """Why a body of ``body_kind`` may not hold this office group's election, or None.

    Only the categories the body elects (registry.rules.elected_offices); for a township the
    post's name says which margin applies (主席 is a head post, 副镇长 a deputy one).
    """
    if office not in elected_offices(body_kind):
        return office_refusal(body_kind)
    if body_kind != TOWNSHIP_CONGRESS:
        return None
    expected = township_office_of(post)
    if office == "by_election" or expected is None or expected == office:
        return None
    if expected == "head":
        return f"“{post}”是正职，请选择正职类别（多一名候选人差额选举；只有一名被提名人时可以等额）。"
    return f"“{post}”是副职，请选择副职类别（差额一至三名）。"
