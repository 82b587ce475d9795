"""Printable A4 QR posters (.docx) and the statistics workbook (.xlsx)."""

from __future__ import annotations

import io

import openpyxl
from django.conf import settings
from django.urls import reverse
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from meetings import qr
from stations.models import Message

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _centered(doc, text: str, font: str, size: float, bold: bool = False, space_after: float = 6):
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(space_after)
    _font(p.add_run(text), font, size, bold)
    return p


def _poster(heading: str, name: str, lines: list[str], url: str) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    _centered(doc, heading, TITLE_FONT, 28, space_after=12)
    _centered(doc, name, HEADING_FONT, 22, bold=True, space_after=18)
    picture = doc.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.add_run().add_picture(io.BytesIO(qr.png(url, scale=10)), width=Cm(11))
    _centered(doc, "微信或手机相机扫一扫，给人大代表留言", HEADING_FONT, 18, space_after=12)
    for line in lines:
        _centered(doc, line, BODY_FONT, 14)
    _centered(doc, url, BODY_FONT, 10, space_after=0)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


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
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = f"{year}年联络站统计"
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="F2DCDB")
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r in rows:
        sheet.append(_row(r))
    sheet.append(_row(total))
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for index, width in enumerate([14, 30] + [10] * (len(HEADERS) - 2), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{sheet.max_row - 1}"
    topic_sheet = workbook.create_sheet("留言主题")
    topic_sheet.append(["主题", "留言数"])
    for cell in topic_sheet[1]:
        cell.font, cell.fill = bold, fill
    for label, n in topics:
        topic_sheet.append([label, n])
    topic_sheet.column_dimensions["A"].width = 20
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
