"""Pure rules of the livelihood-project cycle (DOMAIN §3): settings, intake checks, deadlines.

No Django, no ORM. Counting ballots and grading evaluations is meetings.rules
(count_project_ballot, count_project_ballot_per_line, evaluate_items); this module never counts.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Sequence

from core import dates
from core.congress_settings import Section, Setting, register

# --------------------------------------------------------------------------- per-congress settings

# Congress.settings["projects"]; every key is local practice (DOMAIN §3 *(local)*), shown to staff.
SETTINGS = register(
    Section(
        "projects",
        "民生实事项目",
        (
            Setting(
                "call_days",
                30,
                "征集期（天）",
                "公开征集的最短天数，默认 30 天。",
                min_value=1,
                max_value=366,
            ),
            Setting(
                "ballot_mode",
                "approval",
                "票决方式",
                "限选：每张选票最多选 n 项，多选作废；逐项表决：每个项目分别表示赞成、反对或弃权。",
                kind="choice",
                choices=(("approval", "限选 n 项"), ("per_line", "逐项表决")),
            ),
            Setting("adopt", 10, "确定项目数 n", "票决产生的民生实事项目数。", min_value=1, max_value=100),
            Setting(
                "require_majority_of_all",
                False,
                "须全体代表过半数",
                "是：得票须超过全体代表半数方可入选。",
            ),
            Setting(
                "tie_rule",
                "revote",
                "票数相等的处理",
                "第 n 位有几个项目票数相等时的处理方式。",
                kind="choice",
                choices=(("revote", "对票数相等的项目再次投票"), ("presidium", "由主席团决定")),
            ),
            Setting(
                "evaluation_base",
                "deputies",
                "测评基数",
                "满意度测评等次按哪个人数计算。",
                kind="choice",
                choices=(("deputies", "全体代表"), ("present", "出席代表"), ("ballots", "收回的测评票")),
            ),
            Setting(
                "progress_report_days",
                90,
                "进度报告间隔（天）",
                "承办单位至少每隔这么多天报告一次进度，默认 90 天（每季度）。",
                min_value=1,
                max_value=366,
            ),
            Setting(
                "screening_unit",
                "",
                "筛选单位",
                "负责筛选候选项目的政府部门名称，例如 示范区发展和改革局；空为名称含“发展和改革局”的单位。",
            ),
        ),
    )
)


# --------------------------------------------------------------------------- collection


MOBILE = re.compile(r"^1[3-9]\d{9}$")
TITLE_MAX = 100
DESCRIPTION_MAX = 2000
MAX_FILES = 3
MAX_FILE_BYTES = 5 * 1024 * 1024

# Content sniffing: the browser's content type and the file name can say anything.
MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"%PDF-", "application/pdf", ".pdf"),
)

# Active markup refused on the public form: whatever is stored is still always escaped on output.
ACTIVE_MARKUP = re.compile(
    r"<\s*/?\s*(script|iframe|object|embed|svg|style|link|meta)\b|javascript\s*:|\bon[a-z]+\s*=",
    re.IGNORECASE,
)


def mobile_problem(value: str) -> str | None:
    if not MOBILE.match(value or ""):
        return "手机号码格式不正确：请输入11位手机号码，例如 13800138000。"
    return None


def markup_problem(value: str) -> str | None:
    if ACTIVE_MARKUP.search(value or ""):
        return "内容中不能包含网页代码（如 <script> 标签），请删除后重新提交。"
    return None


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a JPEG, PNG or PDF by its first bytes; None for anything else."""
    for magic, content_type, extension in MAGIC:
        if head.startswith(magic):
            return content_type, extension
    return None


def file_problem(name: str, size: int, head: bytes) -> str | None:
    if size > MAX_FILE_BYTES:
        return f"附件“{name}”大小为 {size / 1024 / 1024:.1f} MB，超过 5 MB 的限制。"
    if size == 0:
        return f"附件“{name}”是空文件。"
    if sniff(head) is None:
        return f"附件“{name}”不是 JPG、PNG 图片或 PDF 文件（按文件内容识别），请重新选择。"
    return None


_KEEP = re.compile(r"[\w]+", re.UNICODE)


def normalise(text: str) -> str:
    """Full-width to half-width, lower case, only letters, digits and CJK: spacing and
    punctuation never make two proposals different."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(_KEEP.findall(text)).replace("_", "")


def fingerprint(title: str, description: str) -> str:
    """Near-identical proposals (same words, other spacing/punctuation/width) share a fingerprint."""
    return hashlib.sha256(f"{normalise(title)}|{normalise(description)}".encode()).hexdigest()[:40]


TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


def tracking_code(year: int, random_bytes: bytes) -> str:
    """MS2026-XXXXXXXX: the year, then 8 symbols from 8 random bytes (~39 bits)."""
    symbols = "".join(TRACKING_ALPHABET[b % len(TRACKING_ALPHABET)] for b in random_bytes[:8])
    return f"MS{year}-{symbols}"


def call_long_enough(opens_on: dt.date, closes_on: dt.date, days: int) -> bool:
    """征集期不少于 days 天, counting both the first and the last day (以上 includes the number)."""
    return dates.days_between(opens_on, closes_on) + 1 >= days


# --------------------------------------------------------------------------- screening

# Negative list (负面清单) and other reasons a proposal is not taken (DOMAIN §3 筛选).
DECLINE_REASONS = {
    "new_burden": "增加群众负担或形成政府债务",
    "assigned_from_above": "属上级统一部署的任务",
    "office_building": "楼堂馆所等非民生类建设",
    "not_public_benefit": "受益面窄，不具普惠性、公益性",
    "not_feasible": "不具备实施条件或资金无法保障",
    "routine_work": "属部门日常工作，已有渠道解决",
    "reserve_pool": "列入储备库，以后年度统筹实施",
    "other": "其他原因（见说明）",
}

CATEGORIES = {
    "education": "教育",
    "health": "医疗卫生",
    "elderly": "养老服务",
    "transport": "交通出行",
    "housing": "住房与社区环境",
    "environment": "生态环境",
    "culture": "文化体育",
    "employment": "就业创业",
    "safety": "公共安全",
    "other": "其他",
}


# --------------------------------------------------------------------------- implementation


def milestone_overdue(due_on: dt.date, done_on: dt.date | None, today: dt.date) -> bool:
    """A milestone is overdue when it is not done and its date has passed, or it was done late."""
    if done_on is None:
        return today > due_on
    return done_on > due_on


def report_overdue(
    last_report_on: dt.date | None,
    since: dt.date,
    interval_days: int,
    today: dt.date,
    calendar: dates.WorkCalendar = dates.WEEKENDS_ONLY,
) -> bool:
    """Progress is reported at least every ``interval_days`` (local default 90, 每季度): counted
    from the last report, or from ``since`` (adoption) when there is none; a period ending on a
    rest day runs to the next working day (core.dates.due_in_days)."""
    start = last_report_on or since
    return today > dates.due_in_days(start, interval_days, calendar)


# --------------------------------------------------------------------------- ballots


def evaluation_base(rule: str, body_size: int, present: int, ballots: int) -> int:
    """测评基数 B (DOMAIN §3, local Zhenhai rule uses all deputies)."""
    value = {"deputies": body_size, "present": present, "ballots": ballots}[rule]
    return max(value, 1)


PER_LINE_MARKS = {"y": "yes", "n": "no", "a": "abstain", "赞": "yes", "反": "no", "弃": "abstain"}


def parse_approval_sheet(line: str, count: int) -> list[int]:
    """A paper sheet as typed by a teller: the numbers of the ticked projects, e.g. ``1 3 7``.

    Raises ValueError with a Chinese message. ``-`` (or ``0``) is a valid ballot with nothing ticked.
    """
    if line.strip() in ("-", "0"):
        return []
    numbers = []
    for token in re.split(r"[\s,，、]+", line.strip()):
        if not token:
            continue
        if not token.isdigit() or not 1 <= int(token) <= count:
            raise ValueError(f"“{token}”不是 1 至 {count} 之间的项目序号")
        if int(token) in numbers:
            raise ValueError(f"项目序号 {token} 重复")
        numbers.append(int(token))
    return numbers


def parse_per_line_sheet(line: str, count: int) -> list[list[str]]:
    """A per-line paper sheet: one symbol per project — Y 赞成, N 反对, A 弃权, - 空白, X 多个记号."""
    symbols = line.strip().replace(" ", "")
    if len(symbols) != count:
        raise ValueError(f"应为 {count} 个记号（每个项目一个），实际 {len(symbols)} 个")
    marks = []
    for symbol in symbols:
        lower = symbol.lower()
        if lower in PER_LINE_MARKS:
            marks.append([PER_LINE_MARKS[lower]])
        elif symbol == "-":
            marks.append([])
        elif lower == "x":
            marks.append(["yes", "no"])  # two marks on one line: the line is ignored
        else:
            raise ValueError(f"记号“{symbol}”无法识别（Y 赞成、N 反对、A 弃权、- 空白、X 多个记号）")
    return marks


def sheet_line(mode: str, titles: Sequence[str], content) -> str:
    """A stored sheet written back the way a teller types it (``1 3 7`` / ``-``; per line ``YNA-X``)."""
    if mode == "approval":
        return " ".join(str(titles.index(t) + 1) for t in content if t in titles) or "-"
    symbols = {"yes": "Y", "no": "N", "abstain": "A"}
    line = ""
    for title in titles:
        marks = content.get(title) or []
        line += "-" if not marks else ("X" if len(marks) > 1 else symbols.get(marks[0], "?"))
    return line
