"""Exports: proposals and projects to .xlsx; the candidate list and the result announcement to .docx."""

from __future__ import annotations

import io

import openpyxl
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core import cn
from projects import queries, rules
from projects.models import Call, Project

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

TITLE_FONT, BODY_FONT, HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"


# --------------------------------------------------------------------------- xlsx


def _safe(value):
    """Citizens' text never becomes a spreadsheet formula (=HYPERLINK(…) and friends)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _sheet(title: str, headers: list[tuple[str, int]], rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for index, (text, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index, value=text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
        sheet.column_dimensions[get_column_letter(index)].width = width
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=_safe(value))
            if isinstance(value, str):
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def proposals_xlsx(call: Call, proposals, *, with_mobile: bool) -> bytes:
    headers = [
        ("查询码", 18),
        ("标题", 30),
        ("内容", 50),
        ("街道", 12),
        ("具体位置", 20),
        ("类别", 12),
        ("来源", 16),
        ("状态", 14),
        ("储备库", 8),
        ("未采纳原因", 24),
        ("相同建议次数", 10),
        ("提交时间", 18),
    ]
    if with_mobile:
        headers[6:6] = [("姓名", 10), ("手机号码", 14)]

    def row(p):
        values = [
            p.tracking_code,
            p.title,
            p.description,
            p.subdistrict.name,
            p.location,
            rules.CATEGORIES.get(p.category, p.category),
            p.get_channel_display(),
            p.get_status_display(),
            "是" if p.in_reserve_pool else "",
            p.get_decline_reason_display(),
            p.supporters,
            cn.date_cn(p.created_at),
        ]
        if with_mobile:
            values[6:6] = [p.name, p.mobile]
        return values

    return _sheet(
        f"{call.year}年度群众建议", headers, (row(p) for p in proposals.select_related("subdistrict"))
    )


def projects_xlsx(call: Call) -> bytes:
    headers = [
        ("序号", 6),
        ("项目名称", 30),
        ("建设内容", 50),
        ("投资估算（万元）", 14),
        ("牵头单位", 24),
        ("目标任务", 30),
        ("完成时限", 12),
        ("状态", 12),
        ("得票", 8),
        ("完成进度（%）", 10),
        ("测评结果", 10),
        ("满意率", 10),
    ]
    rows = []
    for p in call.projects.select_related("lead_unit").order_by("number"):
        rows.append(
            [
                p.number,
                p.title,
                p.content,
                float(p.budget),
                p.lead_unit.name,
                p.target,
                p.deadline.isoformat(),
                p.get_status_display(),
                p.votes,
                queries.latest_percent(p),
                p.get_grade_display(),
                f"{p.satisfaction_rate:.2%}" if p.satisfaction_rate is not None else "",
            ]
        )
    return _sheet(f"{call.year}年度民生实事项目", headers, rows)


# --------------------------------------------------------------------------- docx


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name, run.font.size, run.font.bold = name, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _paragraph(doc, text: str, *, font=BODY_FONT, size=16, bold=False, align=None):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    else:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    _font(p.add_run(text), font, size, bold)
    return p


def _table(doc, headers: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, headers):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(text), BODY_FONT, 11, True)
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values):
            cell.text = ""
            _font(cell.paragraphs[0].add_run(str(text)), BODY_FONT, 11)


def _save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _heading(call: Call) -> str:
    return str(call.session) if call.session_id else call.congress.name


def candidate_list(call: Call) -> bytes:
    """候选项目名单 sent to the deputies before the session (DOMAIN §3 提请)."""
    doc = Document()
    _paragraph(doc, _heading(call), font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        doc, f"{call.year}年度民生实事候选项目名单", font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    candidates = list(
        call.projects.exclude(status=Project.Status.DRAFT).select_related("lead_unit").order_by("number")
    )
    adopt = rules.SETTINGS.value(call.congress, "adopt")
    _paragraph(
        doc,
        f"经公开征集群众建议 {call.proposals.exclude(status='merged').count()} 条，政府筛选提出候选项目 "
        f"{len(candidates)} 个，提请大会票决产生 {adopt} 个。",
    )
    _table(
        doc,
        ["序号", "项目名称", "建设内容", "投资估算（万元）", "牵头单位", "完成时限"],
        [
            [p.number, p.title, p.content, p.budget, p.lead_unit.name, cn.date_cn(p.deadline)]
            for p in candidates
        ],
    )
    return _save(doc)


def announcement(call: Call) -> bytes:
    """公告: per-project votes and the adopted projects (DOMAIN §3 公告)."""
    from projects.workflow_ballot import ballot_outcome

    outcome = ballot_outcome(call)
    ballot = outcome["main"]
    doc = Document()
    _paragraph(doc, _heading(call), font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        doc,
        f"关于{call.year}年度民生实事项目票决结果的公告",
        font=TITLE_FONT,
        size=22,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    result = ballot.result
    _paragraph(
        doc,
        f"{ballot.meeting}以无记名投票方式对 {len(ballot.candidates)} 个民生实事候选项目进行了票决。"
        f"全体代表 {ballot.body_size} 名，出席 {ballot.present} 名；发出选票 {ballot.ballots_issued} 张，"
        f"收回选票 {ballot.ballots_returned} 张，有效票 {result['valid_ballots']} 张，"
        f"无效票 {result['void_ballots']} 张。各项目得票如下：",
    )
    adopted = set(outcome["adopted"])
    rows = []
    for number, title in enumerate(ballot.candidates, start=1):
        rows.append([number, title, result["counts"].get(title, 0), "入选" if title in adopted else ""])
    _table(doc, ["序号", "项目名称", "得票数", "结果"], rows)
    _paragraph(doc, "")
    _paragraph(
        doc,
        f"根据票决结果，确定以下 {len(adopted)} 个项目为{call.year}年度民生实事项目："
        + "、".join(f"“{t}”" for t in outcome["adopted"])
        + "。",
    )
    if outcome["shortfall"]:
        _paragraph(doc, f"符合条件的项目不足拟定数 {outcome['shortfall']} 个。")
    _paragraph(doc, "特此公告。")
    _paragraph(doc, f"{_heading(call)}主席团", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, cn.date_cn(call.announced_at), align=WD_ALIGN_PARAGRAPH.RIGHT)
    return _save(doc)
