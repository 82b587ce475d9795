"""Printable A4 QR posters (.docx) and the statistics workbook (.xlsx)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from core import documents as word
from core import spreadsheets
from meetings import qr
from stations.models import Message


def _poster(heading: str, name: str, lines: list[str], url: str) -> bytes:
    """An A4 poster in the 公文 page (no page number: it is one sheet on a wall)."""
    doc = word.new_document(page_numbers=False)
    word.centred(doc, heading, font=word.TITLE_FONT, size=28)
    word.centred(doc, name, font=word.HEADING_FONT, size=22, bold=True)
    word.paragraph(doc)
    word.picture(doc, qr.png(url, scale=10), width_mm=110)
    word.centred(doc, "微信或手机相机扫一扫，给人大代表留言", font=word.HEADING_FONT, size=18)
    for line in lines:
        word.centred(doc, line, size=14)
    word.centred(doc, url, size=10)
    return word.save(doc)


def _public(path: str) -> str:
    return settings.PUBLIC_BASE_URL + path


def station_poster(station) -> bytes:
    url = _public(reverse("stations_public:station_detail", args=[station.congress.code, station.pk]))
    lines = [f"地址：{station.address}"]
    if station.opening_hours:
        lines.append(f"开放时间：{station.opening_hours}")
    if station.phone:
        lines.append(f"联系电话：{station.phone}")
    lines.append("留言后凭查询码查看办理情况和答复")
    return _poster("人大代表联络站", station.name, lines, url)


def deputy_poster(deputy) -> bytes:
    url = _public(reverse("stations_public:deputy_detail", args=[deputy.congress.code, deputy.pk]))
    lines = [f"进站联络站：{deputy.station.name}", "留言后凭查询码查看办理情况和答复"]
    return _poster("联系人大代表", f"{deputy.name} 代表", lines, url)


# --------------------------------------------------------------------------- statistics


HEADERS = [
    "街道",
    "联络站",
    "收到留言",
    "已办结",
    "办结率",
    *[label for _value, label in Message.Outcome.choices],
    "平均办结天数",
    "评价数",
    "平均评价（星）",
    "接待日（次）",
    "接待群众（人次）",
    "主题活动",
    "调研",
]


def _row(r: dict) -> list:
    station = r["station"]
    return [
        station.subdistrict.name if station else "合计",
        station.name if station else "",
        r["received"],
        r["closed"],
        r["close_rate"],
        *[r["outcomes"][o] for o in Message.Outcome.values],
        r["mean_days"],
        r["ratings"],
        r["mean_rating"],
        r["receptions"],
        r["visitors"],
        r["themed"],
        r["research"],
    ]


def statistics_xlsx(rows: list[dict], total: dict, topics: list[tuple[str, int]], year: int) -> bytes:
    workbook = spreadsheets.new_workbook()
    sheet = spreadsheets.add_sheet(workbook, f"{year}年联络站统计", HEADERS, freeze="C2")
    for r in rows:
        spreadsheets.append(sheet, _row(r))
    spreadsheets.append(sheet, _row(total), font=spreadsheets.HEADER_FONT)
    spreadsheets.widths(sheet, [14, 30] + [10] * (len(HEADERS) - 2))
    spreadsheets.auto_filter(sheet, len(HEADERS), last_row=sheet.max_row - 1)
    topic_sheet = spreadsheets.add_sheet(workbook, "留言主题", ["主题", "留言数"], topics, freeze=None)
    topic_sheet.column_dimensions["A"].width = 20
    return spreadsheets.workbook_bytes(workbook)
