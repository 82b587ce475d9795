"""Pure rules for deputy performance records (履职档案, DOMAIN §8): the scoring table and the count.

代表法第五十八条: the standing committee records each deputy's performance and publishes the
deputies' basic information and performance. How performance is scored is local practice
(DOMAIN §8 *(local)*): the table below is only the default; each congress edits its own
(Congress.settings["performance"]).

No ORM here. Points and caps are kept in tenths of a point (integers: DOMAIN §0 forbids
floats), so a congress may give half points; the base and the grade bands are whole points.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

TENTHS = 10

# The countable items, in display order: key → (label, unit, where the count comes from).
# The set is fixed by code (each key has a query behind it); a congress sets points and caps,
# and gives 0 points to an item it does not score.
ITEMS: dict[str, tuple[str, str, str]] = {
    "meeting_present": ("出席会议", "次", "会议签到：出席、列席"),
    "meeting_on_leave": ("请假", "次", "会议签到：请假"),
    "meeting_absent": ("无故缺席", "个半天", "会议签到：缺席（每次会议按半天计）"),
    "speech": ("审议发言", "次", "履职记录：审议发言"),
    "consultation": ("对征求意见稿提出意见", "次", "征求代表意见：提出意见的征求意见事项"),
    "suggestion_lead": (
        "领衔提出建议",
        "件",
        "代表建议（不含草稿和退回；转交其他人大办理的计入本级，其他人大接收的不重复计入）",
    ),
    "suggestion_co_signed": ("附议建议", "件", "代表建议：已确认的附议"),
    "motion_lead": (
        "领衔提出议案",
        "件",
        "议案（不含草稿和退回；转交其他人大办理的计入本级，其他人大接收的不重复计入）",
    ),
    "motion_co_signed": ("附议议案", "件", "议案：已确认的附议"),
    "oversight": ("参加执法检查、视察、调研等", "次", "常委会监督活动的参加人员"),
    "project_group": ("参加民生实事项目监督小组", "个", "民生实事项目代表监督小组成员"),
    "reception": ("联络站接待群众", "次", "联络站接待日（已接待）的接待代表"),
    "message": ("办理群众留言", "件", "联络站留言：给本人且已办结"),
    "station_activity": ("参加联络站活动", "次", "联络站主题活动、调研"),
    "training": ("参加履职学习培训", "次", "履职记录：学习培训"),
    "duty_report": ("向选民述职", "次", "履职记录：述职"),
    "voter_contact": ("联系选民", "次", "履职记录：联系选民"),
    "award": ("获得表彰奖励", "项", "履职记录：表彰奖励"),
}

# DOMAIN §8's typical table: base 60, +3 per suggestion, +3 per organised inspection, −1 per
# half-day of unexcused absence; ≥80 good, 60–79 fair, <60 poor. The other values are local.
DEFAULT_TABLE: dict[str, Any] = {
    "base": 60,
    "good_min": 80,
    "fair_min": 60,
    "items": {
        "meeting_present": {"points": 0, "cap": None},
        "meeting_on_leave": {"points": 0, "cap": None},
        "meeting_absent": {"points": -10, "cap": None},
        "speech": {"points": 10, "cap": 50},
        "consultation": {"points": 10, "cap": 50},
        "suggestion_lead": {"points": 30, "cap": 150},
        "suggestion_co_signed": {"points": 10, "cap": 50},
        "motion_lead": {"points": 50, "cap": 100},
        "motion_co_signed": {"points": 20, "cap": 60},
        "oversight": {"points": 30, "cap": 150},
        "project_group": {"points": 20, "cap": 60},
        "reception": {"points": 20, "cap": 100},
        "message": {"points": 10, "cap": 50},
        "station_activity": {"points": 10, "cap": 50},
        "training": {"points": 10, "cap": 30},
        "duty_report": {"points": 50, "cap": 50},
        "voter_contact": {"points": 10, "cap": 50},
        "award": {"points": 50, "cap": 100},
    },
}

GOOD, FAIR, POOR = "good", "fair", "poor"
GRADE_LABELS = {GOOD: "好", FAIR: "较好", POOR: "一般"}


@dataclass(frozen=True)
class Item:
    key: str
    points: int  # tenths per unit; negative deducts
    cap: int | None  # tenths: the most this item adds (or, if negative, deducts); None = no cap

    @property
    def label(self) -> str:
        return ITEMS[self.key][0]

    @property
    def unit(self) -> str:
        return ITEMS[self.key][1]


@dataclass(frozen=True)
class Table:
    base: int  # whole points
    good_min: int  # whole points: score ≥ good_min is good
    fair_min: int  # whole points: good_min > score ≥ fair_min is fair
    items: tuple[Item, ...]
    version: int = 0

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: how many, points per unit, what they came to, whether capped."""

    key: str
    label: str
    unit: str
    count: int
    points: int
    raw: int
    awarded: int
    capped: bool


class Result(NamedTuple):
    score: int  # tenths
    lines: list[Line]
    grade: str


def table_from_settings(data: dict | None) -> Table:
    """The congress's stored table (missing keys take the default) as a Table."""
    data = data or {}
    items_data = {**DEFAULT_TABLE["items"], **(data.get("items") or {})}
    items = tuple(
        Item(
            key,
            int(items_data[key]["points"]),
            None if items_data[key].get("cap") is None else int(items_data[key]["cap"]),
        )
        for key in ITEMS
    )
    return Table(
        base=int(data.get("base", DEFAULT_TABLE["base"])),
        good_min=int(data.get("good_min", DEFAULT_TABLE["good_min"])),
        fair_min=int(data.get("fair_min", DEFAULT_TABLE["fair_min"])),
        items=items,
        version=int(data.get("version", 0)),
    )


def table_to_settings(table: Table) -> dict:
    return {
        "version": table.version,
        "base": table.base,
        "good_min": table.good_min,
        "fair_min": table.fair_min,
        "items": {i.key: {"points": i.points, "cap": i.cap} for i in table.items},
    }


def grade(score: int, table: Table) -> str:
    """DOMAIN §8 default: ≥80 good, 60–79 fair, <60 poor ("以上" includes the number, DOMAIN §0)."""
    if score >= table.good_min * TENTHS:
        return GOOD
    if score >= table.fair_min * TENTHS:
        return FAIR
    return POOR


def score(counts: dict[str, int], table: Table) -> Result:
    """Base + Σ count × points per item, each item's total limited to its cap; all in tenths.

    A cap limits the size of the item's total: +3 × 6 suggestions = 18 with cap 15 gives 15;
    −1 × 12 half-days with cap 10 gives −10.
    """
    total = table.base * TENTHS
    lines = []
    for item in table.items:
        count = int(counts.get(item.key, 0) or 0)
        raw = count * item.points
        awarded = raw
        if item.cap is not None and abs(raw) > item.cap:
            awarded = item.cap if raw > 0 else -item.cap
        total += awarded
        lines.append(Line(item.key, item.label, item.unit, count, item.points, raw, awarded, awarded != raw))
    return Result(total, lines, grade(total, table))


def format_tenths(value: int | None) -> str:
    """Tenths as points for display: 690 → "69", 695 → "69.5", -10 → "-1"."""
    if value is None:
        return ""
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(int(value)), TENTHS)
    return f"{sign}{whole}" if not tenth else f"{sign}{whole}.{tenth}"


def parse_tenths(text: str) -> int:
    """ "3" → 30, "0.5" → 5, "-1" → -10; raises ValueError (Chinese) for anything else."""
    text = (text or "").strip().replace("－", "-").replace("．", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError("请输入数字，例如 3 或 0.5。") from None
    if not value.is_finite():
        raise ValueError("请输入数字，例如 3 或 0.5。")
    tenths = value * TENTHS
    if tenths != tenths.to_integral_value():
        raise ValueError("分值最多保留一位小数，例如 0.5。")
    return int(tenths)


MAX_POINTS = 1000  # tenths: no single unit is worth more than 100 points
MAX_CAP = 1000


def table_problems(table: Table) -> list[str]:
    """Every reason the table cannot be saved, in Chinese (empty when it can)."""
    problems = []
    if not 0 <= table.base <= 100:
        problems.append("基础分应在 0 到 100 之间。")
    if not 0 <= table.fair_min <= 100 or not 0 <= table.good_min <= 100:
        problems.append("等次分数线应在 0 到 100 之间。")
    if table.good_min <= table.fair_min:
        problems.append("“好”的分数线应高于“较好”的分数线。")
    for item in table.items:
        if abs(item.points) > MAX_POINTS:
            problems.append(f"“{item.label}”每{item.unit}分值不能超过 100 分。")
        if item.cap is not None and not 0 <= item.cap <= MAX_CAP:
            problems.append(f"“{item.label}”的上限应在 0 到 100 分之间（扣分项填写扣分上限的绝对值）。")
    return problems


def quarter_end_month(quarter: int) -> int:
    """Quarterly publication (DOMAIN §8): quarter q covers 1 January to the end of month 3q."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("季度应为 1 到 4。")
    return quarter * 3
