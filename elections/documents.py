"""Word documents: the announcement of results (公告) and the printable paper ballot (选票)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from core import cn
from elections.models import Election, OfficeGroup, Round
from elections.workflow import group_outcome

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


def _title(doc, text: str) -> None:
    # 公文格式: 标题 二号小标宋, 居中; 正文 三号仿宋.
    _paragraph(doc, text, font=TITLE_FONT, size=22, align=WD_ALIGN_PARAGRAPH.CENTER)


def _cell(cell, text: str, size: float = 12, bold: bool = False) -> None:
    cell.text = ""
    p = cell.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run(text), BODY_FONT, size, bold)


def _session_name(election: Election) -> str:
    session = election.meeting.session
    return str(session) if session else str(election.congress)


def _save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def announcement(election: Election) -> bytes:
    """公告 (DOMAIN §2 step 8): for every office group and every counted round, ballots issued /
    returned / valid / void, each person's for / against / abstain / write-in votes, the
    scrutineers, and the elected."""
    doc = Document()
    _title(doc, f"{_session_name(election)}")
    _title(doc, "选举结果公告")
    _paragraph(doc, "")
    for group in election.office_groups.all():
        outcome = group_outcome(group)
        _paragraph(
            doc,
            f"{cn.chinese_number(group.order)}、{group.post}（应选 {group.seats} 名）",
            font=HEADING_FONT,
            size=16,
        )
        for round_ in group.rounds.filter(status=Round.Status.CLOSED).order_by("number"):
            result = round_.result
            _paragraph(
                doc,
                f"第{cn.chinese_number(round_.number)}轮（{round_.get_kind_display()}，应选 {round_.seats} 名）："
                f"发出选票 {round_.ballots_issued} 张，收回选票 {round_.ballots_returned} 张，"
                f"有效票 {result['valid_ballots']} 张，无效票 {result['void_ballots']} 张。"
                f"全体代表 {round_.body_size} 名，出席 {round_.present} 名。",
            )
            if not result["round_valid"]:
                _paragraph(doc, "收回选票多于发出选票，本轮选举无效，已重新选举。")
            names = set(round_.candidate_names)
            table = doc.add_table(rows=1, cols=5)
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, text in zip(table.rows[0].cells, ("姓名", "赞成票", "反对票", "弃权票", "另选他人票")):
                _cell(cell, text, bold=True)
            for name, c in result["counts"].items():
                row = table.add_row().cells
                if name in names:
                    values = (name, str(c["for"]), str(c["against"]), str(c["abstain"]), "—")
                else:
                    values = (name, "—", "—", "—", str(c["for"]))
                for cell, text in zip(row, values):
                    _cell(cell, text)
            scrutineers = "、".join(d.name for d in round_.scrutineers.all()) or "—"
            _paragraph(doc, f"监票人：{scrutineers}。")
            if result["elected"]:
                _paragraph(doc, f"获得全体代表过半数选票当选：{'、'.join(result['elected'])}。")
            if result["revote"]:
                _paragraph(
                    doc,
                    f"{'、'.join(result['revote']['candidates'])}得票相等，"
                    f"对其再次投票，确定 {result['revote']['seats']} 名。",
                )
            if result["supplementary_seats"]:
                _paragraph(doc, f"当选人数不足应选名额，不足的 {result['supplementary_seats']} 名另行选举。")
        elected = "、".join(outcome["elected"]) or "无"
        _paragraph(doc, f"{group.post}当选人：{elected}。", bold=True)
        if outcome["vacant"]:
            _paragraph(doc, f"尚缺 {outcome['vacant']} 名，暂作缺额处理。")
    _paragraph(doc, "")
    _paragraph(doc, f"{_session_name(election)}主席团", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _paragraph(doc, cn.date_cn(election.announced_at), align=WD_ALIGN_PARAGRAPH.RIGHT)
    return _save(doc)


def printable_ballot(group: OfficeGroup, round_: Round | None = None) -> bytes:
    """A paper ballot for one office group (DOMAIN §2: ○ for, × against, blank abstain)."""
    round_ = round_ or group.rounds.exclude(status=Round.Status.CANCELLED).order_by("-number").first()
    names = round_.candidate_names if round_ else [c.name for c in group.candidates.all()]
    seats = round_.seats if round_ else group.seats
    revote = round_ is not None and round_.counting_kind == Round.Kind.REVOTE
    doc = Document()
    _title(doc, _session_name(group.election))
    kind = f"（{round_.get_kind_display()}）" if round_ and round_.kind != Round.Kind.REGULAR else ""
    _title(doc, f"{group.post}选举票{kind}")
    _paragraph(doc, f"应选 {seats} 名，候选人 {len(names)} 名", align=WD_ALIGN_PARAGRAPH.CENTER)
    cols = len(names) + (0 if revote else seats)
    table = doc.add_table(rows=2, cols=cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, name in zip(table.rows[0].cells, names):
        _cell(cell, name, size=14)
    for cell in table.rows[0].cells[len(names) :]:
        _cell(cell, "另选他人")
    for cell in table.rows[1].cells:
        _cell(cell, " \n ")
    _paragraph(doc, "")
    _paragraph(doc, "说明", font=HEADING_FONT, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    lines = [
        "一、对候选人可以投赞成票，可以投反对票，也可以弃权。",
        "二、赞成的，在候选人姓名下方的空格内划“〇”；反对的，划“×”；弃权的，不划任何符号。",
    ]
    if revote:
        lines.append("三、本次为对票数相等的候选人再次投票，不能另选他人。")
    else:
        lines.append(
            "三、投反对票的，可以另选他人：在“另选他人”栏内写上其姓名，并在姓名下方空格内划“〇”。"
            + (
                "另选的人须为本级人民代表大会代表。"
                if group.write_in_rule == OfficeGroup.WriteInRule.DEPUTY
                else ""
            )
        )
    lines += [
        f"四、所投赞成票（含另选他人）多于应选名额 {seats} 名的，选票作废；等于或少于的有效。",
        "五、书写请用规定的笔，符号要准确、清楚；无法辨认的符号视为弃权。",
    ]
    for line in lines:
        _paragraph(doc, line, size=14)
    return _save(doc)
