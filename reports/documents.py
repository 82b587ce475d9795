"""The Word draft of the work report's statistics paragraphs and the Excel workbook.

Numbers follow the usage of published congress reports (GB/T 15835): counts in Arabic digits
("做出决议决定11项"), ordinals and terms in Chinese (第十七届、第五次会议, core.cn), dates as
2026年11月22日, rates to one decimal place. A clause whose count is zero is left out, as a
report would; the office edits the draft further.
"""

from __future__ import annotations

from django.db.models import Count, Q

from core import cn, dates, spreadsheets
from core import documents as word
from meetings import rules as meeting_rules
from reports import figures as F
from reports import queries


def _pct(rate) -> str:
    return rate.percent.replace(".0%", "%")


def _clauses(parts) -> str:
    return "，".join(p for p in parts if p)


def _n(vals, key) -> int:
    return vals[key].value


def _count(vals, key, template: str) -> str:
    n = _n(vals, key)
    return template.format(n=n) if n else ""


def session_lines(congress, year: int) -> list[str]:
    """ "应出席代表365人，出席338人，符合法定人数" for the opening plenary of each session of the year."""
    lines = []
    for meeting in F.opening_plenaries(congress, year).select_related("session").order_by("starts_at"):
        counts = meeting.attendances.aggregate(
            total=Count("pk"), present=Count("pk", filter=Q(status="present"))
        )
        if not counts["total"]:
            continue
        met = meeting_rules.quorum_met("congress", counts["total"], counts["present"])
        lines.append(
            f"{meeting.session}应出席代表{counts['total']}人，出席{counts['present']}人，"
            f"{'符合法定人数' if met else '不足法定人数'}"
        )
    return lines


def paragraphs(congress, year: int, vals=None) -> list[tuple[str, str]]:
    """(heading, paragraph) pairs in the style of published work reports (DOMAIN §9)."""
    vals = vals or queries.values(congress, year, compare=False)
    out = []

    meetings = _clauses(
        [
            _count(vals, "sessions_held", "组织召开人民代表大会会议{n}次"),
            _count(vals, "committee_meetings", "召开常委会会议{n}次"),
            _count(vals, "resolutions_decisions", "做出决议决定{n}项"),
            _count(vals, "appointments", "任免地方国家机关工作人员{n}人次"),
        ]
    )
    sessions = "；".join(session_lines(congress, year))
    if meetings or sessions:
        text = f"全年{meetings}。" if meetings else ""
        if sessions:
            text += f"{sessions}。"
        out.append(("会议与决定", text))

    oversight = _clauses(
        [
            _count(vals, "enforcement_inspections", "开展执法检查{n}项"),
            _count(vals, "work_reports", "听取审议专项工作报告{n}项"),
            _count(vals, "inspection_visits_research", "开展视察调研{n}项"),
            _count(vals, "appraisals", "工作评议{n}项"),
            _count(vals, "inquiries", "专题询问{n}次"),
            _count(vals, "budget_audit_reviews", "审查预算决算和审计工作{n}项"),
        ]
    )
    follow = _clauses(
        [
            _count(vals, "deliberation_opinions", "向有关机关交办审议意见{n}件"),
            _count(vals, "satisfaction_votes", "对研究处理情况开展满意度测评{n}次"),
        ]
    )
    if oversight or follow:
        out.append(
            ("监督工作", (f"全年{oversight}。" if oversight else "") + (f"{follow}。" if follow else ""))
        )

    referred, replied = _n(vals, "suggestions_referred"), _n(vals, "suggestions_replied")
    if referred:
        reply, on_time = vals["reply_rate"].value, vals["on_time_rate"].value
        sat, sat_basic = vals["satisfaction_rate"].value, vals["satisfaction_rate_incl_basic"].value
        done = "全部办理完毕并答复代表" if replied == referred else f"已答复{replied}件"
        text = f"{year}年交办的{referred}件代表建议{done}"
        closed = _n(vals, "suggestions_closed")
        if closed and closed != referred:
            text += f"，办结{closed}件"
        text += "。"
        if reply.denominator and sat_basic.denominator and _pct(reply) == _pct(sat_basic) == "100%":
            text += f"办复率、满意率（含基本满意）均达100%，按期办结率{_pct(on_time)}"
        else:
            text += f"办复率{_pct(reply)}，按期办结率{_pct(on_time)}"
            if sat_basic.denominator:
                text += f"；代表对答复的满意率（含基本满意）为{_pct(sat_basic)}"
        if sat.denominator:
            text += f"，其中满意的占{_pct(sat)}"
        a, ab = vals["resolution_rate"].value, vals["resolution_rate_ab"].value
        text += (
            f"；代表所提问题已解决或基本解决的{a.numerator}件，解决率{_pct(a)}，"
            f"得到解决或计划逐步解决的{ab.numerator}件，占{_pct(ab)}。"
        )
        motions = _n(vals, "motions")
        if motions:
            text += f"代表提出议案{motions}件。"
        out.append(("代表建议办理", text))

    stations = _clauses(
        [
            _count(vals, "station_themed_activities", "开展主题活动{n}次"),
            _count(vals, "station_research", "调研活动{n}次"),
            _count(vals, "receptions", "开展代表接待日{n}次"),
            _count(vals, "reception_visitors", "接待群众{n}人次"),
            _count(vals, "station_messages", "收到群众意见建议{n}条"),
            _count(vals, "station_messages_closed", "办结{n}条"),
        ]
    )
    if stations:
        where = f"全区{_n(vals, 'stations')}个人大代表联络站" if _n(vals, "stations") else "各人大代表联络站"
        out.append(("代表联络站", f"{where}{stations}。"))

    adopted, rated = _n(vals, "projects_adopted"), _n(vals, "projects_rated")
    if adopted or rated:
        parts = []
        if adopted:
            parts.append(f"经代表票决产生民生实事项目{adopted}个")
        if rated:
            satisfied = _n(vals, "projects_satisfied")
            parts.append(f"对{rated}个民生实事项目开展满意度测评，{satisfied}个项目测评结果为满意")
        out.append(("民生实事项目", "；".join(parts) + "。"))

    if _n(vals, "duty_reports"):
        out.append(("代表工作", f"组织代表向选民述职{_n(vals, 'duty_reports')}人次。"))
    return out


def as_of(year: int) -> str:
    today = dates.today()
    return f"（数据统计至{cn.date_cn(today)}）" if today.year == year else f"（{year}年全年数据）"


# --------------------------------------------------------------------------- Word


def docx(congress, year: int) -> bytes:
    """常委会工作报告统计段落（草稿） in 公文 style (core.documents)."""
    doc = word.new_document()
    word.title(doc, f"{congress.name}常务委员会{year}年工作报告")
    word.centred(doc, "统计数据部分（草稿）")
    word.centred(doc, as_of(year), size=14)
    for index, (heading, text) in enumerate(paragraphs(congress, year), start=1):
        word.heading(doc, f"{cn.chinese_number(index)}、{heading}")
        word.paragraph(doc, text)
    return word.save(doc)


# --------------------------------------------------------------------------- Excel


def xlsx(congress, year: int, data=None) -> bytes:
    """One workbook, a sheet per area (the figures with the previous year and their definitions) plus the
    breakdowns: suggestions by unit, messages by subdistrict, project progress."""
    data = data or queries.dashboard(congress, year)
    wb = spreadsheets.new_workbook()

    def table(ws, header, rows, start_row=None):
        r = start_row or (ws.max_row + 2 if ws.max_row > 1 else 1)
        spreadsheets.header(ws, header, row=r)
        for row in rows:
            r += 1
            for c, value in enumerate(row, start=1):
                spreadsheets.write(ws, r, c, value, alignment=spreadsheets.WRAP_TOP)
        return r

    header = ["指标", f"{year}年", f"{year - 1}年", "增减", "单位", "分子", "分母", "统计口径"]
    for area, label, vals in data["areas"]:
        ws = spreadsheets.add_sheet(wb, label, freeze=None)
        spreadsheets.write(ws, 1, 1, f"{congress.name} {year}年 {label}", font=spreadsheets.TITLE_FONT)
        rows = []
        for v in vals:
            rate = v.value if v.figure.is_rate else None
            rows.append(
                [
                    v.figure.label,
                    v.display,
                    v.previous_display,
                    v.change,
                    v.figure.unit,
                    rate.numerator if rate else None,
                    rate.denominator if rate else None,
                    v.figure.definition,
                ]
            )
        table(ws, header, rows, start_row=3)
        if area == "suggestions":
            rate_keys = [
                ("reply_rate", "办复率"),
                ("on_time_rate", "按期办结率"),
                ("satisfaction_rate_final", "满意率"),
                ("satisfaction_rate_incl_basic_final", "满意率（含基本满意）"),
                ("resolution_rate_a", "解决率（A类）"),
                ("resolution_rate_ab", "解决率（A+B类）"),
            ]
            table(
                ws,
                ["承办单位", "交办件数"] + [lbl for _, lbl in rate_keys],
                [
                    [r["unit"].name if r["unit"] else r["label"], r["rates"]["reply_rate"].denominator]
                    + [r["rates"][k].percent for k, _ in rate_keys]
                    for r in data["unit_rates"]
                ],
            )
        if area == "stations":
            table(
                ws,
                ["街道", "收到群众意见建议", "已办结"],
                [[r["label"], r["received"], r["closed"]] for r in data["subdistricts"]],
            )
        if area == "projects":
            table(
                ws,
                ["项目", "牵头单位", "完成进度（%）"],
                [[r["label"], str(r["unit"]), r["percent"]] for r in data["projects"]],
            )
        spreadsheets.widths(ws, (30, 14, 14, 16, 8, 8, 8, 60))
    ws = spreadsheets.add_sheet(wb, "报告段落（草稿）", freeze=None)
    for r, (heading, text) in enumerate(paragraphs(congress, year, data["values"]), start=1):
        spreadsheets.write(ws, r, 1, heading, font=spreadsheets.HEADER_FONT)
        spreadsheets.write(ws, r, 2, text, alignment=spreadsheets.WRAP_TOP)
    spreadsheets.widths(ws, (16, 100))
    return spreadsheets.workbook_bytes(wb)
