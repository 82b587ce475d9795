"""The three registers (seats, office holders, the map) as rows: one table each for the page,
the .xlsx download and the A4 print."""

from __future__ import annotations

import datetime as dt

from core import cn, spreadsheets
from registry import queries
from registry.models import Congress, MapChange, OfficeHolding


def _day(value: dt.date | None) -> str:
    return cn.date_cn(value) if value else ""


def seat_rows(congress: Congress) -> tuple[list[str], list[list[str]]]:
    """Who held which seat when (DOMAIN §10)."""
    headers = ["届次", "代表证号", "姓名", "选区", "任职开始", "任职结束", "结束事由", "依据", "补选接替"]
    rows = []
    for d in queries.seat_history(congress):
        start, end = d.seat_starts_on, d.seat_ends_on
        if d.terminated_on and end == d.terminated_on:
            ground = d.get_end_ground_display() or d.get_status_display()
        elif end:
            ground = "任期届满（换届）"
        else:
            ground = "暂停执行代表职务" if d.status == d.Status.SUSPENDED else ""
        rows.append(
            [
                str(d.term),
                d.number,
                d.name,
                d.constituency.name if d.constituency else "",
                _day(start),
                _day(end),
                ground,
                d.end_decision,
                d.replaces.name if d.replaces else "",
            ]
        )
    return headers, rows


def holding_rows(congress: Congress, holdings=None) -> tuple[list[str], list[list[str]]]:
    headers = [
        "职务",
        "姓名",
        "任职日期",
        "任职依据",
        "任职决定",
        "宪法宣誓",
        "离任日期",
        "离任依据",
        "离任决定",
    ]
    holdings = (
        holdings
        if holdings is not None
        else OfficeHolding.objects.filter(congress=congress)
        .select_related("post")
        .order_by("post__order", "post_id", "starts_on", "id")
    )
    rows = [
        [
            h.post.name,
            h.person_name,
            _day(h.starts_on),
            h.get_basis_display(),
            h.decision,
            _day(h.oath_on),
            _day(h.ends_on),
            h.get_end_basis_display() if h.end_basis else "",
            h.end_decision,
        ]
        for h in holdings
    ]
    return headers, rows


def map_rows(congress: Congress) -> tuple[list[str], list[list[str]]]:
    headers = ["生效日期", "决定日期", "调整类型", "对象", "调整前", "调整后", "决定或批复", "说明"]
    labels = {"township": "乡镇", "subdistrict": "街道"}
    rows = [
        [
            _day(c.effective_on),
            _day(c.decided_on),
            c.get_kind_display(),
            str(c.subdistrict or c.station or ""),
            labels.get(c.old_value, c.old_value),
            labels.get(c.new_value, c.new_value),
            c.decision,
            c.note,
        ]
        for c in MapChange.objects.filter(congress=congress).select_related("subdistrict", "station")
    ]
    return headers, rows


def workbook(title: str, headers: list[str], rows: list[list[str]]) -> bytes:
    """One sheet through core.spreadsheets (formula-safe cells, frozen header, filter)."""
    return spreadsheets.table_bytes(title, [(h, max(10, len(h) * 2 + 4)) for h in headers], rows)


REGISTERS = {
    "seats": ("代表任职历史", seat_rows),
    "office_holders": ("在任人员名册", holding_rows),
    "map": ("区划调整记录", map_rows),
}
