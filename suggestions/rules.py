"""Pure rules for suggestions and motions (DOMAIN §4): categories, reminders, motions, rates.

Deadline arithmetic (months, working days, holidays) lives in core.dates.

No ORM here: every function takes plain data and returns plain data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from core.congress_settings import Section, Setting, register

# Per-congress settings (Congress.settings["suggestions"]); DOMAIN §4 marks the (local) ones.
SETTINGS = register(
    Section(
        "suggestions",
        "代表建议",
        (
            Setting(
                "reply_months",
                3,
                "答复期限（月）",
                "承办单位自交办之日起答复的期限。代表法第五十一条规定为三个月。",
                min_value=1,
                max_value=3,
            ),
            Setting(
                "extended_months",
                6,
                "延期后的答复期限（月）",
                "涉及面广、处理难度大，经交办机关同意延期后的答复期限。代表法第五十一条规定最长六个月。",
                min_value=1,
                max_value=6,
            ),
            Setting(
                "opinion_months",
                1,
                "协办意见期限（月）",
                "协办单位向主办单位提出书面意见的期限，本地做法，默认1个月。",
                min_value=1,
                max_value=3,
            ),
            Setting(
                "rehandle_months",
                1,
                "重新办理答复期限（月）",
                "代表不满意、重新办理后再次答复的期限，本地做法，默认1个月。",
                min_value=1,
                max_value=3,
            ),
            Setting(
                "send_back_working_days",
                5,
                "申请退回期限（工作日）",
                "承办单位认为交办不当、申请退回（调整）的期限，本地做法，默认5个工作日。",
                min_value=1,
                max_value=30,
            ),
            Setting(
                "reply_category_scheme",
                "ABCD",
                "答复分类方案",
                "答复函的分类方式，默认 ABCD 四类。",
                kind="choice",
                choices=(
                    ("ABCD", "A、B、C、D 四类"),
                    ("ABC", "A、B、C 三类"),
                    ("甲乙丙", "甲、乙、丙三类"),
                ),
            ),
            Setting(
                "co_signers_give_feedback",
                False,
                "附议代表也填写满意度反馈",
                "附议代表是否也对答复填写满意度反馈（领衔代表的评价决定是否重新办理）。",
            ),
            Setting(
                "motion_min_deputies",
                10,
                "议案联名人数",
                "代表联名提出议案所需的最少人数（含领衔代表）。组织法第二十一条：县级十人以上，乡镇五人以上；"
                "未保存本项时按本机构层级的法定人数计算。",
                min_value=1,
                max_value=100,
            ),
            Setting(
                "motion_deadline",
                "",
                "议案截止日期",
                "本次会议提出议案的截止日期；空为不限。",
                kind="date",
            ),
            Setting(
                "categories",
                [
                    "城乡建设",
                    "交通出行",
                    "教育",
                    "医疗卫生",
                    "社会保障",
                    "生态环境",
                    "经济发展",
                    "农业农村",
                    "社会治理",
                    "文化旅游",
                    "其他",
                ],
                "建议分类",
                "建议内容的分类，每行一个。",
            ),
        ),
    )
)

CATEGORY_SCHEMES = {
    "ABCD": [
        ("A", "A类（已解决或基本解决）"),
        ("B", "B类（正在解决或列入计划解决）"),
        ("C", "C类（因条件限制需以后解决）"),
        ("D", "D类（留作参考）"),
    ],
    "ABC": [
        ("A", "A类（已解决或基本解决）"),
        ("B", "B类（正在解决或列入计划解决）"),
        ("C", "C类（因条件限制需以后解决或留作参考）"),
    ],
    "甲乙丙": [
        ("A", "甲类（已解决或基本解决）"),
        ("B", "乙类（正在解决或列入计划解决）"),
        ("C", "丙类（因条件限制需以后解决或留作参考）"),
    ],
}

SHORT_CATEGORY = {
    "ABCD": {"A": "A", "B": "B", "C": "C", "D": "D"},
    "ABC": {"A": "A", "B": "B", "C": "C"},
    "甲乙丙": {"A": "甲", "B": "乙", "C": "丙"},
}

# B and C promise future action: tracked until delivered (跟踪办理).
FOLLOW_UP_CATEGORIES = {"B", "C"}


def category_choices(scheme: str) -> list[tuple[str, str]]:
    return CATEGORY_SCHEMES.get(scheme, CATEGORY_SCHEMES["ABCD"])


def category_label(scheme: str, code: str) -> str:
    return dict(category_choices(scheme)).get(code, code)


def short_category(scheme: str, code: str) -> str:
    return SHORT_CATEGORY.get(scheme, SHORT_CATEGORY["ABCD"]).get(code, code)


def days_left(due: dt.date | None, today: dt.date) -> int | None:
    return None if due is None else (due - today).days


REMINDER_DAYS = (30, 7, 1)


def reminder_kind(due: dt.date, today: dt.date) -> str | None:
    """Which reminder is due today: "30", "7", "1" days before, "overdue" after; else None."""
    left = (due - today).days
    if left < 0:
        return "overdue"
    if left in REMINDER_DAYS:
        return str(left)
    return None


def motion_problems(
    *,
    co_signers: int,
    min_deputies: int,
    reason: str,
    basis: str,
    plan: str,
    today: dt.date,
    deadline: dt.date | None,
) -> list[str]:
    """Why a motion does not qualify (组织法第二十一条; DOMAIN §4): counts include the lead deputy."""
    problems = []
    if co_signers + 1 < min_deputies:
        problems.append(
            f"议案须由{min_deputies}名以上代表联名提出（含领衔代表），现有{co_signers + 1}名已确认。"
        )
    for text, label in ((reason, "案由"), (basis, "案据"), (plan, "方案")):
        if not (text or "").strip():
            problems.append(f"议案须写明{label}。")
    if deadline is not None and today > deadline:
        problems.append(f"已超过本次会议议案截止日期（{deadline.isoformat()}）。")
    return problems


# --------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Item:
    """What the rates need to know about one referred suggestion."""

    replied: bool
    replied_on_time: bool
    category: str = ""  # final reply category (A/B/C/D) or ""
    first_rating: str = ""  # first-round lead feedback
    final_rating: str = ""  # latest lead feedback


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def percent(self) -> str:
        if not self.denominator:
            return "—"
        # Half-up to one decimal place using integers only (DOMAIN §0).
        tenths = (self.numerator * 1000 * 2 + self.denominator) // (2 * self.denominator)
        return f"{tenths // 10}.{tenths % 10}%"

    def __str__(self) -> str:
        return self.percent


def rates(items: list[Item]) -> dict[str, Rate]:
    """DOMAIN §4 statistics; each labelled by its formula in the UI.

    reply_rate = replied / referred; on_time_rate = replied by the due date / referred;
    satisfaction_rate = 满意 / feedback received; satisfaction_rate_incl_basic = (满意+基本满意) / feedback;
    resolution_rate_a = A / total; resolution_rate_ab = (A+B) / total.
    """
    total = len(items)
    result = {
        "reply_rate": Rate(sum(i.replied for i in items), total),
        "on_time_rate": Rate(sum(i.replied_on_time for i in items), total),
        "resolution_rate_a": Rate(sum(i.category == "A" for i in items), total),
        "resolution_rate_ab": Rate(sum(i.category in ("A", "B") for i in items), total),
    }
    for which in ("first", "final"):
        ratings = [getattr(i, f"{which}_rating") for i in items if getattr(i, f"{which}_rating")]
        result[f"satisfaction_rate_{which}"] = Rate(ratings.count("satisfied"), len(ratings))
        result[f"satisfaction_rate_incl_basic_{which}"] = Rate(
            sum(r in ("satisfied", "basically_satisfied") for r in ratings), len(ratings)
        )
    return result


def is_overdue(*, due: dt.date | None, replied_on: dt.date | None, today: dt.date) -> bool:
    """DOMAIN §4: not replied and today > due, or replied after due."""
    if due is None:
        return False
    if replied_on is None:
        return today > due
    return replied_on > due
