"""Pure rules for stations: tracking codes, repeats, photos, deadlines, statistics. No ORM."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
import unicodedata

from core import dates
from core.congress_settings import Section, Setting, register

# No 0/O, 1/I/L, so a code read aloud over the phone or copied by hand is never ambiguous.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 12  # 31**12 ≈ 2**59: not guessable, even with many tries per second

MAX_CONTENT = 2000
MAX_PHOTO_BYTES = 5 * 1024 * 1024
REPEAT_WINDOW_DAYS = 7

# Per-congress settings (Congress.settings["stations"]); DOMAIN §5 marks them (local).
SETTINGS = register(
    Section(
        "stations",
        "联络站",
        (
            Setting(
                "refer_days",
                10,
                "转办期限（日）",
                "联络站报送的群众意见，常委会办事机构应在多少日内转交承办单位，本地做法，默认10日。",
                min_value=1,
                max_value=60,
            ),
            Setting(
                "reply_days",
                30,
                "承办单位答复期限（日）",
                "承办单位自转办之日起答复群众意见的期限，本地做法，默认30日。",
                min_value=1,
                max_value=180,
            ),
            Setting(
                "reception_notice_days",
                3,
                "接待日提前公告（日）",
                "代表接待日至少提前多少日公告时间、地点和进站代表，本地做法，默认3日。",
                min_value=0,
                max_value=30,
            ),
            Setting(
                "message_ip_limit",
                10,
                "同一网络每小时留言上限",
                "同一网络地址每小时最多可提交的群众留言条数，防止恶意刷留言。",
                min_value=1,
                max_value=1000,
            ),
            Setting(
                "message_phone_limit",
                5,
                "同一手机号每日留言上限",
                "同一手机号码每日最多可提交的群众留言条数。",
                min_value=1,
                max_value=100,
            ),
        ),
    )
)

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# A tag opener as browsers parse it: "<" then a letter, "/letter" or "!" ("a < b" or "<3" stay allowed).
MARKUP_RE = re.compile(r"<(?:/?[a-zA-Z]|!)")


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def format_tracking_code(code: str) -> str:
    """ABCD-EFGH-JKMN: groups of four are easier to read aloud."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_tracking_code(value: str | None) -> str:
    """What a citizen typed (spaces, dashes, lower case, full-width) as the stored code, or ""."""
    text = unicodedata.normalize("NFKC", value or "").upper()
    text = re.sub(r"[\s\-—_·.]", "", text)
    if len(text) != TRACKING_LENGTH or any(ch not in TRACKING_ALPHABET for ch in text):
        return ""
    return text


def normalise_content(text: str) -> str:
    """The content as compared for repeats: NFKC, lower case, no whitespace or punctuation."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def content_digest(text: str) -> str:
    return hashlib.sha256(normalise_content(text).encode()).hexdigest()


def is_mobile(value: str) -> bool:
    return bool(MOBILE_RE.match(value or ""))


def normalise_mobile(value: str | None) -> str:
    text = unicodedata.normalize("NFKC", value or "")
    text = re.sub(r"[\s\-]", "", text)
    if text.startswith("+86"):
        text = text[3:]
    return text


def phone_problem(phone: str) -> str | None:
    """What is wrong with a citizen's (normalised) mobile number on a message, or None. Required: the
    staff call back on it, and a citizen who opts in to SMS (sms_opt_in) is texted on it. The public
    form and the API check it here."""
    if not phone:
        return "请填写手机号码，以便工作人员联系您（不会公开）。"
    if not is_mobile(phone):
        return "手机号码格式不正确，请输入11位手机号码，例如 13800138000。"
    return None


def contains_markup(text: str) -> bool:
    return bool(MARKUP_RE.search(text or ""))


def photo_kind(head: bytes) -> str | None:
    """'jpg' or 'png' from the first bytes of the file (its content, not its name), else None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def photo_problem(size: int, head: bytes) -> str | None:
    if size > MAX_PHOTO_BYTES:
        return f"照片不能超过 {MAX_PHOTO_BYTES // (1024 * 1024)} MB，请压缩后重新上传。"
    if photo_kind(head) is None:
        return "照片只能是 JPG 或 PNG 格式的图片。"
    return None


def is_overdue(due: dt.date | None, today: dt.date) -> bool:
    return due is not None and today > due


def announced_in_time(date: dt.date, today: dt.date, notice_days: int) -> bool:
    """A reception is announced ≥ notice_days ahead (DOMAIN §5, '以上' includes the number)."""
    return dates.days_between(today, date) >= notice_days


def is_publicly_announced(date: dt.date, created_on: dt.date, today: dt.date, notice_days: int) -> bool:
    """Shown on the station page from its scheduling until its day, if scheduled far enough ahead."""
    return date >= today and dates.days_between(created_on, date) >= notice_days


def mean_days(durations: list[dt.timedelta]) -> float | None:
    """Average time to close in days (one decimal), None without closed messages."""
    if not durations:
        return None
    total = sum((d.total_seconds() for d in durations), 0.0)
    return round(total / len(durations) / 86400, 1)


def mean_rating(ratings: list[int]) -> float | None:
    if not ratings:
        return None
    return round(sum(ratings) / len(ratings), 2)


def percent(part: int, whole: int) -> str:
    """'85.7%' with integer arithmetic up to the rounding of the last digit; '—' for 0 of 0."""
    if not whole:
        return "—"
    tenths = (part * 1000 * 2 + whole) // (whole * 2)
    return f"{tenths // 10}.{tenths % 10}%"
