"""Registry rules as pure functions: who holds a seat on a date, ID-number checks."""

from __future__ import annotations

import datetime as dt

# GB 11643-1999 check digit weights and characters.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def seat_span(
    elected_on: dt.date, term_starts_on: dt.date, terminated_on: dt.date | None, term_ends_on: dt.date | None
) -> tuple[dt.date, dt.date | None]:
    """The days a seat is held: [start, end).

    代表法: a deputy's term runs from the first session of this congress to the first session
    of the next; a deputy chosen in a 补选 serves from the by-election to the end of the term.
    """
    ends = [d for d in (terminated_on, term_ends_on) if d is not None]
    return max(elected_on, term_starts_on), (min(ends) if ends else None)


def holds_seat(started_on: dt.date, ended_on: dt.date | None, on: dt.date) -> bool:
    """A seat counts towards 实有数 from its first day until (not including) the day it ends.

    DOMAIN §0: 全体代表 / 全体组成人员 is the number currently holding the seat, including
    deputies whose duties are temporarily suspended (代表法 — suspension does not end the seat).
    """
    return started_on <= on and (ended_on is None or ended_on > on)


def id_number_check_digit(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def id_number_problem(value: str) -> str | None:
    """None when the 18-digit resident ID number is well formed, else a Chinese message."""
    value = (value or "").strip().upper()
    if len(value) != 18 or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "身份证号应为18位（最后一位可以是X）"
    try:
        dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "身份证号中的出生日期无效"
    if id_number_check_digit(value[:17]) != value[17]:
        return "身份证号校验位不正确"
    return None


# --- Seats ending, 换届, 补选 (DOMAIN §10) ------------------------------------------------------


def majority_of_all(yes: int, body_size: int) -> bool:
    """过半数 of all (DOMAIN §0): strictly more than half of the whole body, never of those present."""
    return 2 * yes > body_size


def vote_problem(yes, body_size, body_label: str) -> str | None:
    """None when ``yes`` of ``body_size`` is a well-formed vote; else a Chinese message."""
    for label, value in (("赞成票数", yes), (f"{body_label}人数", body_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            return f"{label}须为非负整数。"
    if body_size == 0:
        return f"{body_label}人数不能为零。"
    if yes > body_size:
        return f"赞成票数（{yes}）不能多于{body_label}人数（{body_size}）。"
    return None


def end_problem(
    seat_start: dt.date, seat_end: dt.date | None, on: dt.date, *, already_ended_label: str = ""
) -> str | None:
    """Why a seat (or a holding) cannot end on ``on``, or None. A seat ends once, after it starts."""
    if on < seat_start:
        return f"结束日期（{on:%Y-%m-%d}）不能早于开始日期（{seat_start:%Y-%m-%d}）。"
    if seat_end is not None and seat_end <= on:
        label = already_ended_label or "该席位"
        return f"{label}已于{seat_end:%Y-%m-%d}结束，不能再次结束（一个席位只能结束一次）。"
    return None


def term_change_problem(
    old_number: int,
    old_starts_on: dt.date,
    old_ends_on: dt.date | None,
    new_number: int,
    first_session_on: dt.date,
    new_seats: int,
    today: dt.date | None = None,
) -> str | None:
    """Why the 换届 from one term to the next cannot be made, or None (DOMAIN §10).

    It is made on (or after) the day the new term's first session opens: the seats end that day.
    """
    if new_number != old_number + 1:
        return f"换届只能从第{old_number}届到第{old_number + 1}届。"
    if old_ends_on is not None:
        return f"第{old_number}届已于{old_ends_on:%Y-%m-%d}届满换届，不能再次换届。"
    if first_session_on <= old_starts_on:
        return f"新一届第一次会议日期（{first_session_on:%Y-%m-%d}）须晚于本届起始日期（{old_starts_on:%Y-%m-%d}）。"
    if new_seats == 0:
        return f"第{new_number}届还没有代表，请先导入新一届代表名册。"
    if today is not None and today < first_session_on:
        return f"换届于第{new_number}届第一次会议开幕之日（{first_session_on:%Y-%m-%d}）办理，届时再确认。"
    return None


def by_election_problem(
    vacated_ended_on: dt.date | None, vacated_term_ends_on: dt.date | None, on: dt.date, filled_by: str = ""
) -> str | None:
    """A 补选 fills a vacancy: the seat must have ended before, not be filled, and the term still run."""
    if vacated_ended_on is None or vacated_ended_on > on:
        return "该代表的席位没有出缺（代表资格尚未终止），不能补选。"
    if filled_by:
        return f"该出缺已由{filled_by}补选，不能重复补选。"
    if vacated_term_ends_on is not None and on >= vacated_term_ends_on:
        return f"本届已于{vacated_term_ends_on:%Y-%m-%d}届满，不能再补选本届代表。"
    return None


def absent_without_leave(statuses: list[str]) -> bool:
    """A session counts as missed without approval (代表法) when the deputy attended none of its
    sittings and at least one absence was not on approved leave.

    ``statuses`` are the deputy's attendance values at the session's sittings
    (present / attending_nonvoting / on_leave / absent).
    """
    if not statuses or any(s in ("present", "attending_nonvoting") for s in statuses):
        return False
    return any(s == "absent" for s in statuses)


ABSENCES_THAT_END_A_SEAT = 2  # 代表法: 未经批准两次不出席本级人民代表大会会议


# --- Office holders (DOMAIN §7, §10) -------------------------------------------------------------


def second_holder_problem(post_name: str, is_single: bool, holders: list[str]) -> str | None:
    """For a single post, a removal (or an accepted resignation) comes before the next appointment."""
    if is_single and holders:
        return (
            f"“{post_name}”现由{'、'.join(holders)}担任，同一职务应先免职（或接受辞职）再任命，"
            "不能同时由两人担任。"
        )
    return None


def post_is_single(name: str) -> bool:
    """Deputy heads, members, judges and prosecutors are many; a head post is one person."""
    return not ("副" in name or name.endswith(("委员", "审判员", "检察员", "助理")))


def normalise_post(name: str) -> str:
    return "".join((name or "").split())


POST_KIND_WORDS = (
    # (words in an election's post name, Post.Kind value); first match wins, most specific first.
    (("常委会副主任", "常务委员会副主任"), "committee_vice_chair"),
    (("常委会主任", "常务委员会主任"), "committee_chair"),
    (("常委会秘书长", "常务委员会秘书长"), "committee_secretary_general"),
    (("常委会委员", "常务委员会委员"), "committee_member"),
    (("监察委员会主任", "监委主任"), "supervision_head"),
    (("法院院长",), "court_president"),
    (("检察长",), "procurator_general"),
    (("副区长", "副县长", "副市长"), "government_vice_head"),
    (("区长", "县长", "市长"), "government_head"),
)


def post_kind_of(name: str) -> str | None:
    """The post an election's office group fills, from its name (e.g. 常委会副主任); None if no post."""
    text = normalise_post(name)
    for words, kind in POST_KIND_WORDS:
        # The title ends the name (示范区人民政府区长); 副检察长 and 区长助理 are appointed posts.
        if any(text.endswith(w) and (w.startswith("副") or not text.endswith("副" + w)) for w in words):
            return kind
    return None


# --- Map (DOMAIN §10) ---------------------------------------------------------------------------


def value_on(current: str, changes_after: list[tuple[str, str]]) -> str:
    """What a field was on a past date: undo, newest first, each (old, new) change made after it."""
    value = current
    for old, _new in changes_after:
        value = old
    return value


def exists_on(established_on: dt.date | None, abolished_on: dt.date | None, on: dt.date) -> bool:
    return (established_on is None or established_on <= on) and (abolished_on is None or abolished_on > on)


# --- Bodies and levels (DOMAIN §11) -------------------------------------------------------------

# Kinds of body (Congress.Kind values) and levels (Congress.Level values), as plain strings so the
# rules stay free of the ORM.
CONGRESS = "congress"  # 人民代表大会 with a standing committee (county level and above)
TOWNSHIP_CONGRESS = "township_congress"  # 乡镇人大: 主席团, no standing committee
WORKING_BODY = "working_body"  # 人大工委 of a 街道 or development zone
RESIDENTS_COUNCIL = "residents_council"  # 居民议事会 at 街道 level

LEVEL_ORDER = ("province", "city", "county", "township")

# Statutory minimum of deputies jointly proposing a motion, by level (组织法第二十一条: 县级以上
# 十人以上 (a 代表团 too at province and city level); 乡镇 五人以上).
MOTION_MIN_DEPUTIES = {"province": 10, "city": 10, "county": 10, "township": 5}


def body_problem(kind: str, level: str, parent_kind: str | None, parent_level: str | None) -> str | None:
    """None when a body of ``kind``/``level`` may sit under the given parent, else a Chinese message.

    组织法: a county (and 市辖区) standing committee may set up a 人大工委 in a 街道; cities set up
    working bodies in development zones by local rule (DOMAIN §11). A township congress sits
    under its county; a 居民议事会 is a 街道 body, under the 街道's working body or the district.
    """
    if kind == CONGRESS:
        if level == "township":
            return "乡镇人民代表大会请选择“乡镇人大”类型。"
        if parent_kind is None:
            return None
        if parent_kind != CONGRESS or LEVEL_ORDER.index(parent_level or "township") >= LEVEL_ORDER.index(
            level
        ):
            return "上级须为更高一级的人民代表大会。"
        return None
    if kind == TOWNSHIP_CONGRESS:
        if level != "township":
            return "乡镇人大的层级应为乡镇级。"
        if parent_kind is not None and (parent_kind != CONGRESS or parent_level != "county"):
            return "乡镇人大的上级须为县级（区、县）人民代表大会。"
        return None
    if kind == WORKING_BODY:
        if parent_kind != CONGRESS or parent_level not in ("city", "county"):
            return "人大工委须由设区的市或县级（区、县）人大常委会设立，请选择上级。"
        return None
    if kind == RESIDENTS_COUNCIL:
        if level != "township":
            return "居民议事会设在街道，层级应为乡镇级。"
        if parent_kind not in (WORKING_BODY, CONGRESS) or (
            parent_kind == CONGRESS and parent_level != "county"
        ):
            return "居民议事会须属于街道人大工委或县级（区、县）人民代表大会，请选择上级。"
        return None
    return "未知的机构类型。"


def has_standing_committee(kind: str) -> bool:
    """Only a congress at county level or above elects a standing committee (组织法); a township has a 主席团."""
    return kind == CONGRESS


def holds_sessions(kind: str) -> bool:
    """人大工委 and 居民议事会 hold no session and have no deputies of their own (DOMAIN §11)."""
    return kind in (CONGRESS, TOWNSHIP_CONGRESS)


def meeting_kinds(kind: str) -> tuple[str, ...]:
    """The meetings.Meeting.Kind values a body of ``kind`` holds.

    A township congress has no standing committee: its 主席团 chairs the session and, between
    sessions, convenes the next one and organises deputies' work (组织法; DOMAIN §11). A working
    body holds no session; it calls the deputies of every level stationed in its area to an
    annual deputies' meeting (代表会议), which hears and discusses reports but decides nothing.
    """
    if kind == CONGRESS:
        return ("preparatory_meeting", "plenary", "committee_meeting", "chairs_meeting", "presidium_meeting")
    if kind == TOWNSHIP_CONGRESS:
        return ("preparatory_meeting", "plenary", "presidium_meeting")
    if kind == WORKING_BODY:
        return ("deputies_meeting",)
    return ()


def elected_offices(kind: str) -> tuple[str, ...]:
    """The office categories (meetings.rules.OFFICES keys) a body of ``kind`` elects at its session.

    组织法: a congress at county level and above elects its standing committee's 主任、副主任、委员,
    the government's 正职/副职, 监委主任, 法院院长, 检察长 (head / vice_head / committee_member) and
    the deputies to the next higher congress (选举法). A township congress has no standing committee
    and sends no deputies up: it elects its 主席、副主席 and the 乡长/镇长、副乡长/副镇长 (DOMAIN §11).
    A working body and a residents' council hold no session and elect no one. 补选 fills any of them.
    """
    if kind == CONGRESS:
        return ("head", "vice_head", "committee_member", "higher_deputy", "by_election")
    if kind == TOWNSHIP_CONGRESS:
        return ("head", "vice_head", "by_election")
    return ()


def meeting_votes(meeting_kind: str) -> bool:
    """Whether a meeting of this kind votes: a working body's deputies' meeting decides nothing."""
    return meeting_kind != "deputies_meeting"


def motion_min_deputies(level: str, configured: int | None = None) -> int:
    """Deputies needed jointly for a motion: the number the congress set, else the statutory one of its level."""
    return MOTION_MIN_DEPUTIES.get(level, 10) if configured is None else int(configured)


def ancestors_in(parent_of: dict[int, int | None], body: int) -> list[int]:
    """The chain of parents of ``body`` (nearest first), stopping at a loop."""
    chain: list[int] = []
    current = parent_of.get(body)
    while current is not None and current not in chain and current != body:
        chain.append(current)
        current = parent_of.get(current)
    return chain


def parent_problem(parent_of: dict[int, int | None], body: int, parent: int | None) -> str | None:
    """None unless giving ``body`` this ``parent`` makes a loop in the tree of bodies."""
    if parent is None:
        return None
    if parent == body or body in ancestors_in(parent_of, parent):
        return "上级机构不能是本机构或其下级机构。"
    return None


def council_member_problem(category: str, has_deputy_seat: bool, body_kind: str) -> str | None:
    """None when a 居民议事会 member may be registered so (DOMAIN §11), else a Chinese message."""
    if body_kind != RESIDENTS_COUNCIL:
        return "只有居民议事会登记议事会成员。"
    if category == "deputy" and not has_deputy_seat:
        return "人大代表成员须选择其代表席位。"
    if category != "deputy" and has_deputy_seat:
        return "只有“人大代表”类别的成员选择代表席位。"
    return None


def sees_figures_of(parent_of: dict[int, int | None], viewer: int, body: int) -> bool:
    """A body's office sees its own figures and what its direct children report (DOMAIN §11);
    never a parent's, a sibling's, nor a grandchild's (that one reports to its own parent)."""
    return body == viewer or parent_of.get(body) == viewer


def kinds_under(parent_kind: str, parent_level: str) -> list[str]:
    """The kinds of body that may sit under a parent of this kind and level (at some level), in order."""
    return [
        kind
        for kind in (CONGRESS, TOWNSHIP_CONGRESS, WORKING_BODY, RESIDENTS_COUNCIL)
        if any(body_problem(kind, level, parent_kind, parent_level) is None for level in LEVEL_ORDER)
    ]


def children_problem(kind: str, level: str, children: list[tuple[str, str, str]]) -> str | None:
    """None unless a body turned into ``kind``/``level`` would no longer be a proper parent of one of
    its ``children`` (name, kind, level)."""
    for name, child_kind, child_level in children:
        problem = body_problem(child_kind, child_level, kind, level)
        if problem:
            return f"下级机构“{name}”不能设在该类型的机构之下：{problem}"
    return None
