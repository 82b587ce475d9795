"""Exports: a deputy's annual performance report (.docx, 公文格式) and the ranking (.xlsx)."""

from __future__ import annotations

import datetime as dt

from core import cn, spreadsheets
from core import documents as word
from performance import rules


def issuer(congress) -> str:
    """代表法第五十八条: the standing committee keeps the record (a township congress: its presidium)."""
    if congress.level == "township":
        return f"{congress.name}主席团"
    return f"{congress.name}常务委员会"


def annual_report(
    deputy, year: int, result: rules.Result, table: rules.Table, entries, *, on: dt.date
) -> bytes:
    """代表年度履职情况报告: basic information, every item with its count and points, score, grade."""
    doc = word.new_document()
    word.title(doc, f"{deputy.name}代表{year}年度履职情况报告")
    word.paragraph(doc)
    word.heading(doc, "一、基本情况")
    basics = [f"{deputy.name}，{deputy.get_gender_display()}，{deputy.ethnicity}，{deputy.party}"]
    if deputy.workplace:
        basics.append(deputy.workplace)
    if deputy.delegation_id:
        basics.append(f"所在代表团（组）：{deputy.delegation.name}")
    if deputy.station_id:
        basics.append(f"进站联络站：{deputy.station.name}")
    word.paragraph(doc, "；".join(basics) + "。")
    word.heading(doc, "二、履职情况")
    counts = {line.key: line.count for line in result.lines}
    word.paragraph(
        doc,
        f"{year}年，出席会议{counts['meeting_present']}次，请假{counts['meeting_on_leave']}次，"
        f"缺席{counts['meeting_absent']}次；审议发言{counts['speech']}次，"
        f"对征求意见稿提出意见{counts['consultation']}次；"
        f"领衔提出议案{counts['motion_lead']}件、建议{counts['suggestion_lead']}件，"
        f"附议议案{counts['motion_co_signed']}件、建议{counts['suggestion_co_signed']}件；"
        f"参加执法检查、视察、调研等活动{counts['oversight']}次，"
        f"参加民生实事项目监督小组{counts['project_group']}个；"
        f"在联络站接待群众{counts['reception']}次，办理群众留言{counts['message']}件，"
        f"参加联络站活动{counts['station_activity']}次；参加履职学习培训{counts['training']}次，"
        f"向选民述职{counts['duty_report']}次，联系选民{counts['voter_contact']}次，"
        f"获得表彰奖励{counts['award']}项。",
    )
    word.heading(doc, "三、履职积分")
    caps = {item.key: item.cap for item in table.items}
    rows = [("基础分", "—", "—", "—", str(table.base))]
    for line in result.lines:
        if not line.count and not line.points:
            continue
        cap = rules.format_tenths(caps[line.key]) if caps[line.key] is not None else "—"
        rows.append(
            (
                line.label,
                f"{line.count}{line.unit}",
                rules.format_tenths(line.points),
                cap,
                rules.format_tenths(line.awarded),
            )
        )
    grid = word.table(doc, ["项目", "数量", "每项分值", "上限", "得分"], rows)
    for target, text in zip(grid.add_row().cells, ("合计", "", "", "", rules.format_tenths(result.score))):
        word.cell(target, text, bold=True)
    word.paragraph(
        doc,
        f"按照本级人大常委会确定的评分标准（第{table.version}版），全年履职积分"
        f"{rules.format_tenths(result.score)}分，履职等次为“{rules.GRADE_LABELS[result.grade]}”。",
    )
    if entries:
        word.heading(doc, "四、其他履职记录")
        for entry in entries:
            word.paragraph(doc, f"{cn.date_cn(entry.date)}，{entry.get_kind_display()}：{entry.title}。")
    word.signature(doc, issuer(deputy.congress), on)
    return word.save(doc)


def ranking_xlsx(rows: list[dict], year: int) -> bytes:
    headers = (
        ["名次", "代表证号", "姓名", "代表团（组）"] + [v[0] for v in rules.ITEMS.values()] + ["积分", "等次"]
    )
    lines = []
    for row in rows:
        d = row["deputy"]
        score = row["score"]
        lines.append(
            [row["rank"], d.number, d.name, d.delegation.name if d.delegation_id else ""]
            + [row["counts"][k] for k in rules.ITEMS]
            + [
                score // rules.TENTHS if score % rules.TENTHS == 0 else score / rules.TENTHS,
                rules.GRADE_LABELS[row["grade"]],
            ]
        )
    workbook = spreadsheets.new_workbook()
    sheet = spreadsheets.add_sheet(workbook, f"{year}年履职积分", headers, lines, freeze="E2")
    spreadsheets.widths(sheet, [max(8, min(len(header) * 2 + 2, 16)) for header in headers])
    return spreadsheets.workbook_bytes(workbook)
