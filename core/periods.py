"""The report period (报告期, DOMAIN §12): the one value every figure, drill-down, page and export takes.

Three kinds, as congress offices report:

- ``year``: a calendar year (统计年度), 1 January to 31 December;
- ``session``: the time since a chosen session (“区第十七届人民代表大会第一次会议以来”), from the
  session's opening day up to a chosen date (default today);
- ``range``: any date range, both days included.

``parse(congress, data)`` reads one from a query string (``?period=session&session=3&until=…``)
and answers bad input with a Chinese message (``PeriodError``); ``Period.query`` writes it back.
An event belongs to the period when its own date, in the congress's time zone, falls on or between
the first and the last day (half-open datetime ranges so indexes serve them).

Reports, suggestions and the API all take a period, so it lives in core. A ``session`` period and
the plenaries quoted for attendance name rows of the meetings app; core reaches those two models
by their label (``apps.get_model``) rather than importing an app (core/tests/test_layers.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from core import cn, dates

MIN_YEAR = 2000

KINDS = {"year": "年度", "session": "会议以来", "range": "日期范围"}


class PeriodError(ValueError):
    """A period that cannot be read; the message is the Chinese answer to the user."""


@dataclass(frozen=True)
class Period:
    kind: str  # year | session | range
    start: dt.date  # first day, included
    end: dt.date  # last day, included
    session_id: int | None = None
    session_name: str = ""  # str(CongressSession): 示范区第十七届人民代表大会第一次会议
    # The plenaries whose attendance the report quotes, one per session, as the office chose them
    # (``?attendance=<meeting>``); a session without a choice quotes its closing plenary.
    quoted_meetings: tuple[int, ...] = ()

    def quoting(self, meeting_ids) -> Period:
        return replace(self, quoted_meetings=tuple(sorted({int(m) for m in meeting_ids})))

    # ------------------------------------------------------------------ construction

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls("year", dt.date(year, 1, 1), dt.date(year, 12, 31))

    @classmethod
    def since_session(cls, session, until: dt.date | None = None) -> Period:
        until = until or dates.today()
        if until < session.starts_on:
            raise PeriodError("截止日期不能早于该次会议的开幕日期。")
        return cls("session", session.starts_on, until, session.pk, str(session))

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        if end < start:
            raise PeriodError("结束日期不能早于开始日期。")
        return cls("range", start, end)

    # ------------------------------------------------------------------ reading

    @property
    def year(self) -> int | None:
        """The calendar year of a ``year`` period (suggestions count by their own ``year`` field then)."""
        return self.start.year if self.kind == "year" else None

    @property
    def reference_day(self) -> dt.date:
        """The day a register (stations, seats) is counted on: the last day, or today if that is later."""
        return min(self.end, dates.today())

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """[first day 00:00, day after the last 00:00) in the congress's time zone."""
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time(), tzinfo=tz)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=tz)
        return start, end

    def q(self, field_name: str, *, date: bool = False) -> Q:
        """``field_name`` within the period (``date=True`` for a DateField)."""
        if date:
            return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lte": self.end})
        start, end = self.bounds()
        return Q(**{f"{field_name}__gte": start, f"{field_name}__lt": end})

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month the period touches, in order."""
        out, y, m = [], self.start.year, self.start.month
        while (y, m) <= (self.end.year, self.end.month):
            out.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def previous(self) -> Period:
        """The period compared against: the year before, or as many days just before the first day."""
        if self.kind == "year":
            return Period.of_year(self.start.year - 1)
        days = (self.end - self.start).days
        end = self.start - dt.timedelta(days=1)
        return Period("range", end - dt.timedelta(days=days), end)

    # ------------------------------------------------------------------ wording

    @property
    def label(self) -> str:
        """How reports name the period: 2026年 / 示范区第十七届人民代表大会第一次会议以来 / 2026年3月1日至10月31日."""
        if self.kind == "year":
            return f"{self.start.year}年"
        if self.kind == "session":
            return f"{self.session_name}以来"
        return f"{cn.date_cn(self.start)}至{cn.date_cn(self.end)}"

    @property
    def short_label(self) -> str:
        """For the comparison column and the previous period: 上年 / 上一时段."""
        return "上年" if self.kind == "year" else "上一时段"

    @property
    def as_of(self) -> str:
        """（数据统计至2026年11月22日） or （2025年全年数据）."""
        if self.kind == "year" and self.end < dates.today():
            return f"（{self.start.year}年全年数据）"
        return f"（数据统计至{cn.date_cn(self.reference_day)}）"

    @property
    def slug(self) -> str:
        """A file-name part: 2026, session3-20261122, 20260301-20261031."""
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "session":
            return f"session{self.session_id}-{self.end:%Y%m%d}"
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"

    def params(self) -> list[tuple[str, str]]:
        if self.kind == "year":
            out = [("period", "year"), ("year", str(self.start.year))]
        elif self.kind == "session":
            out = [("period", "session"), ("session", str(self.session_id)), ("until", self.end.isoformat())]
        else:
            out = [("period", "range"), ("from", self.start.isoformat()), ("to", self.end.isoformat())]
        return out + [("attendance", str(m)) for m in self.quoted_meetings]

    @property
    def query(self) -> str:
        """The query string that reads back to this period (for links and downloads)."""
        return urlencode(self.params())


def as_period(value) -> Period:
    """A Period, or a calendar year given as an int (the year paths and older callers)."""
    if isinstance(value, Period):
        return value
    return Period.of_year(int(value))


def default_year() -> int:
    return dates.today().year


def check_year(year: int) -> int:
    if not MIN_YEAR <= year <= default_year() + 1:
        raise PeriodError(f"年度“{year}”无效：应为 {MIN_YEAR} 至 {default_year() + 1} 之间的年份。")
    return year


def _date(value, label: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise PeriodError(f"请正确填写{label}（例如 2026-03-01）。") from None
    if not MIN_YEAR <= day.year <= default_year() + 1:
        raise PeriodError(f"{label}应在 {MIN_YEAR} 年至 {default_year() + 1} 年之间。")
    return day


def parse(congress, data) -> Period:
    """The period named by a query string (``data`` is a QueryDict or dict); no ``period`` = this year.

    Raises PeriodError with a Chinese message on bad input; a session of another congress is
    refused the same as a missing one.
    """
    period = _parse(congress, data)
    raw = data.getlist("attendance") if hasattr(data, "getlist") else data.get("attendance") or []
    raw = [raw] if isinstance(raw, str) else list(raw)
    chosen = [str(v).strip() for v in raw if str(v).strip()]
    if not chosen:
        return period
    if not all(v.isdigit() for v in chosen):
        raise PeriodError("请选择引用出席情况的全体会议。")
    Meeting = apps.get_model("meetings", "Meeting")
    found = Meeting.objects.filter(congress=congress, kind=Meeting.Kind.PLENARY, pk__in=chosen)
    if found.count() != len(set(chosen)):
        raise PeriodError("请选择本级人民代表大会会议的全体会议。")
    return period.quoting(chosen)


def _parse(congress, data) -> Period:
    kind = (data.get("period") or "").strip() or "year"
    if kind == "year":
        raw = (data.get("year") or "").strip()
        if not raw:
            return Period.of_year(default_year())
        if not raw.isdigit():
            raise PeriodError("请选择正确的年度。")
        return Period.of_year(check_year(int(raw)))
    if kind == "session":
        CongressSession = apps.get_model("meetings", "CongressSession")
        raw = (data.get("session") or "").strip()
        session = (
            CongressSession.objects.select_related("congress", "term")
            .filter(congress=congress, pk=raw)
            .first()
            if raw.isdigit()
            else None
        )
        if session is None:
            raise PeriodError("请选择本级人民代表大会的一次会议。")
        until = _date(data.get("until"), "截止日期") if (data.get("until") or "").strip() else None
        return Period.since_session(session, until)
    if kind == "range":
        return Period.between(_date(data.get("from"), "开始日期"), _date(data.get("to"), "结束日期"))
    raise PeriodError("请选择统计时段：年度、会议以来或日期范围。")


def session_choices(congress) -> list:
    CongressSession = apps.get_model("meetings", "CongressSession")
    return list(
        CongressSession.objects.filter(congress=congress)
        .select_related("congress", "term")
        .order_by("-starts_on")
    )


def year_choices() -> list[int]:
    this = default_year()
    return list(range(this, this - 6, -1))
