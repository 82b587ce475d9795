"""Exports: a deputy's annual performance report (.docx, 公文格式) and the ranking (.xlsx)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core import cn
from performance import rules

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, *, font=BODY_FONT, size=16, bold=False, align=None, indent=True):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent and align is None:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), font, size, bold)
    return p


def _cell(cell, text: str, size: float = 12, bold: bool = False) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), BODY_FONT, size, bold)


def issuer(congress) -> str:
    """代表法第五十八条: the standing committee keeps the record (a township congress: its presidium)."""
    if congress.level == "township":
        return f"{congress.name}主席团"
    return f"{congress.name}常务委员会"


def annual_report(
    deputy, year: int, result: rules.Result, table: rules.Table, entries, *, on: dt.date
) -> bytes:
    """代表年度履职情况报告: basic information, every item with its count and points, score, grade."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    # 公文格式: 标题 二号小标宋居中; 正文 三号仿宋; 一级标题 黑体.
    _paragraph(
        doc,
        f"{deputy.name}代表{year}年度履职情况报告",
        font=TITLE_FONT,
        size=22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(doc, "")
    _paragraph(doc, "一、基本情况", font=HEADING_FONT)
    basics = [f"{deputy.name}，{deputy.get_gender_display()}，{deputy.ethnicity}，{deputy.party}"]
    if deputy.workplace:
        basics.append(deputy.workplace)
    if deputy.delegation_id:
        basics.append(f"所在代表团（组）：{deputy.delegation.name}")
    if deputy.station_id:
        basics.append(f"进站联络站：{deputy.station.name}")
    _paragraph(doc, "；".join(basics) + "。")
    _paragraph(doc, "二、履职情况", font=HEADING_FONT)
    counts = {line.key: line.count for line in result.lines}
    _paragraph(
        doc,
        f"{year}年，出席会议{counts['meeting_present']}次，请假{counts['meeting_on_leave']}次，"
        f"缺席{counts['meeting_absent']}次；审议发言{counts['speech']}次；"
        f"领衔提出议案{counts['motion_lead']}件、建议{counts['suggestion_lead']}件，"
        f"附议议案{counts['motion_co_signed']}件、建议{counts['suggestion_co_signed']}件；"
        f"参加执法检查、视察、调研等活动{counts['oversight']}次，"
        f"参加民生实事项目监督小组{counts['project_group']}个；"
        f"在联络站接待群众{counts['reception']}次，办理群众留言{counts['message']}件，"
        f"参加联络站活动{counts['station_activity']}次；参加履职学习培训{counts['training']}次，"
        f"向选民述职{counts['duty_report']}次，联系选民{counts['voter_contact']}次，"
        f"获得表彰奖励{counts['award']}项。",
    )
    _paragraph(doc, "三、履职积分", font=HEADING_FONT)
    table_doc = doc.add_table(rows=1, cols=5)
    table_doc.style = "Table Grid"
    table_doc.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table_doc.rows[0].cells, ("项目", "数量", "每项分值", "上限", "得分")):
        _cell(cell, text, bold=True)
    base_row = table_doc.add_row().cells
    for cell, text in zip(base_row, ("基础分", "—", "—", "—", str(table.base))):
        _cell(cell, text)
    caps = {item.key: item.cap for item in table.items}
    for line in result.lines:
        if not line.count and not line.points:
            continue
        row = table_doc.add_row().cells
        cap = rules.format_tenths(caps[line.key]) if caps[line.key] is not None else "—"
        for cell, text in zip(
            row,
            (
                line.label,
                f"{line.count}{line.unit}",
                rules.format_tenths(line.points),
                cap,
                rules.format_tenths(line.awarded),
            ),
        ):
            _cell(cell, text)
    total = table_doc.add_row().cells
    for cell, text in zip(total, ("合计", "", "", "", rules.format_tenths(result.score))):
        _cell(cell, text, bold=True)
    _paragraph(
        doc,
        f"按照本级人大常委会确定的评分标准（第{table.version}版），全年履职积分"
        f"{rules.format_tenths(result.score)}分，履职等次为“{rules.GRADE_LABELS[result.grade]}”。",
    )
    if entries:
        _paragraph(doc, "四、其他履职记录", font=HEADING_FONT)
        for entry in entries:
            _paragraph(doc, f"{cn.date_cn(entry.date)}，{entry.get_kind_display()}：{entry.title}。")
    _paragraph(doc, "")
    _paragraph(doc, issuer(deputy.congress), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, cn.date_cn(on), align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def ranking_xlsx(rows: list[dict], year: int) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = f"{year}年履职积分"
    headers = (
        ["名次", "代表证号", "姓名", "代表团（组）"] + [v[0] for v in rules.ITEMS.values()] + ["积分", "等次"]
    )
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        d = row["deputy"]
        score = row["score"]
        ws.append(
            [row["rank"], d.number, d.name, d.delegation.name if d.delegation_id else ""]
            + [row["counts"][k] for k in rules.ITEMS]
            + [
                score // rules.TENTHS if score % rules.TENTHS == 0 else score / rules.TENTHS,
                rules.GRADE_LABELS[row["grade"]],
            ]
        )
    for index, header in enumerate(headers, 1):
        ws.column_dimensions[get_column_letter(index)].width = max(8, min(len(header) * 2 + 2, 16))
    ws.freeze_panes = "E2"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
