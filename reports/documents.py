"""The Word draft of the work report's statistics paragraphs and the Excel workbook.

Numbers follow the usage of published congress reports (GB/T 15835): counts in Arabic digits
("作出决议、决定11项"), ordinals and terms in Chinese (第十七届、第五次会议, core.cn), dates as
2026年11月22日, rates to one decimal place. A clause whose count is zero is left out, as a
report would; the office edits the draft further.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from core import audit, cn, spreadsheets
from core import documents as word
from core.periods import as_period
from meetings import rules as meeting_rules
from reports import figures as F
from reports import queries


def _pct(rate) -> str:
    return rate.percent.replace(".0%", "%")


@dataclass(frozen=True)
class Sentence:
    """One sentence of the draft and the figures it quotes (their keys in reports.figures.BY_KEY)."""

    text: str
    keys: tuple[str, ...]


class _Clauses:
    """Clauses joined into one sentence; a clause whose count is zero is left out, as a report would."""

    def __init__(self, vals):
        self.vals, self.parts, self.keys = vals, [], []

    def count(self, key: str, template: str) -> None:
        n = self.vals[key].value
        if n:
            self.parts.append(template.format(n=n))
            self.keys.append(key)

    def add(self, text: str, *keys: str) -> None:
        self.parts.append(text)
        self.keys.extend(keys)

    def sentence(self, prefix: str = "", sep: str = "，") -> Sentence | None:
        if not self.parts:
            return None
        return Sentence(f"{prefix}{sep.join(self.parts)}。", tuple(self.keys))


def _rates_clause(labelled: list[tuple[str, object]]) -> str:
    """ "办复率、办结率均达100%，按期答复率80%": rates at 100% named once together, the others each once."""
    full = [label for label, rate in labelled if _pct(rate) == "100%"]
    rest = [f"{label}{_pct(rate)}" for label, rate in labelled if _pct(rate) != "100%"]
    parts = []
    if len(full) > 1:
        parts.append(f"{'、'.join(full)}均达100%")
    elif full:
        parts.append(f"{full[0]}100%")
    return "，".join(parts + rest)


def _by_session(qs) -> list[tuple[object, int]]:
    """(session, count) in the order the sessions were held."""
    from meetings.models import CongressSession

    counts = dict(qs.order_by().values_list("session").annotate(n=Count("pk")))
    sessions = CongressSession.objects.filter(pk__in=counts).order_by("starts_on")
    return [(session, counts[session.pk]) for session in sessions]


def _resolutions_by_session(congress, period) -> list[tuple[object, list]]:
    grouped: dict = {}
    votes = F.session_resolutions(congress, period).select_related("meeting__session")
    for vote in votes.order_by("meeting__starts_at", "agenda_item__order"):
        grouped.setdefault(vote.meeting.session, []).append(vote)
    return list(grouped.items())


def session_lines(congress, period) -> list[str]:
    """ "…第三次全体会议应出席代表365人，出席338人，符合法定人数" for the plenary quoted at each session
    (the office's choice, else the closing plenary: reports.figures.quoted_plenaries)."""
    lines = []
    quoted = F.quoted_plenaries(congress, as_period(period)).select_related(
        "session__congress", "session__term"
    )
    for meeting in quoted.order_by("starts_at"):
        counts = meeting.attendances.aggregate(
            total=Count("pk"), present=Count("pk", filter=Q(status="present"))
        )
        if not counts["total"]:
            continue
        met = meeting_rules.quorum_met("congress", counts["total"], counts["present"])
        lines.append(
            f"{meeting.session}{cn.ordinal(meeting.number, '次全体会议')}应出席代表{counts['total']}人，"
            f"出席{counts['present']}人，{'符合法定人数' if met else '不足法定人数'}"
        )
    return lines


def _votes(counts: dict) -> str:
    return f"赞成{counts['for']}票，反对{counts['against']}票，弃权{counts['abstain']}票"


def election_lines(congress, period) -> list[str]:
    """ "…第一次会议选举产生常委会主任张三（赞成330票，反对5票，弃权3票）" per election announced in the period."""
    from elections.queries import elected_with_votes

    lines = []
    for election in F.elections_announced(congress, as_period(period)).order_by("announced_at", "pk"):
        posts = [
            f"{post}{'、'.join(f'{name}（{_votes(votes)}）' for name, votes in people)}"
            for post, people in elected_with_votes(election)
        ]
        if posts:
            session = election.meeting.session
            where = str(session) if session else str(election.meeting)
            lines.append(f"{where}选举产生{'；'.join(posts)}")
    return lines


def sentences(congress, period, vals=None) -> list[tuple[str, list[Sentence]]]:
    """(heading, sentences) per section in the style of published work reports (DOMAIN §9, §12):
    the period named as reports name it, 作出决议、决定, 听取和审议, units as reports write them,
    each sentence naming the figures it quotes."""
    period = as_period(period)
    vals = vals or queries.values(congress, period, compare=False)
    n = lambda key: vals[key].value  # noqa: E731
    out: list[tuple[str, list[Sentence]]] = []

    c = _Clauses(vals)
    c.count("sessions_held", "组织召开人民代表大会会议{n}次")
    c.count("committee_meetings", "召开常委会会议{n}次")
    c.count("resolutions_decisions", "作出决议、决定{n}项")
    c.count("appointments", "任免地方国家机关工作人员{n}人次")
    opening = "全年" if period.kind == "year" else f"{period.label}，"
    section = [c.sentence(opening)]
    lines = session_lines(congress, period)
    if lines:
        section.append(Sentence("；".join(lines) + "。", ("session_attendance",)))
    for session, votes in _resolutions_by_session(congress, period):
        results = "；".join(f"{v.title}（赞成{v.yes}票，反对{v.no}票，弃权{v.abstain}票）" for v in votes)
        section.append(
            Sentence(f"{session}表决通过决议、决定{len(votes)}项：{results}。", ("session_resolutions",))
        )
    for line in election_lines(congress, period):
        section.append(Sentence(line + "。", ("elections",)))
    out.append(("会议与决定", section))

    c = _Clauses(vals)
    c.count("enforcement_inspections", "开展执法检查{n}项")
    c.count("work_reports", "听取和审议专项工作报告{n}项")
    visits = _Clauses(vals)
    visits.count("inspection_visits", "视察{n}次")
    visits.count("research", "专题调研{n}次")
    visits.count("supervisory_visits", "督导{n}次")
    if visits.parts:
        c.add("开展" + "、".join(visits.parts), *visits.keys)
    c.count("appraisals", "开展工作评议{n}项")
    c.count("inquiries", "开展专题询问{n}次")
    c.count("follow_ups", "开展跟踪监督{n}项")
    c.count("budget_audit_reviews", "审查预算决算和审计工作{n}项")
    c.count("record_reviews", "备案审查规范性文件{n}件")
    follow = _Clauses(vals)
    follow.count("deliberation_opinions", "向有关机关交办审议意见{n}件")
    follow.count("satisfaction_votes", "对研究处理情况开展满意度测评{n}次")
    section = [c.sentence(opening), follow.sentence()]
    if n("key_matters"):
        section.append(Sentence(f"其中重点监督事项{n('key_matters')}项。", ("key_matters",)))
    out.append(("监督工作", section))

    referred, replied, closed = n("suggestions_referred"), n("suggestions_replied"), n("suggestions_closed")
    section = []
    if referred:
        if replied == referred:
            done, keys = "全部办理完毕并答复代表", ("suggestions_referred", "suggestions_replied")
        else:
            done, keys = f"已答复{replied}件", ("suggestions_referred", "suggestions_replied")
        if closed and closed != referred:
            done += f"，办结{closed}件"
            keys += ("suggestions_closed",)
        section.append(Sentence(f"{period.label}交办的{referred}件代表建议{done}。", keys))
        raised = [
            f"{session}期间代表提出的{count}件"
            for session, count in _by_session(F.suggestions_at_sessions(congress, period))
        ]
        if n("suggestions_in_recess"):
            raised.append(f"闭会期间代表提出的{n('suggestions_in_recess')}件")
        organs = _Clauses(vals)
        organs.count("suggestions_to_government", "政府部门办理的{n}件")
        organs.count("suggestions_to_supervisory_commission", "监察委员会办理的{n}件")
        organs.count("suggestions_to_court", "人民法院办理的{n}件")
        organs.count("suggestions_to_procuratorate", "人民检察院办理的{n}件")
        organs.count("suggestions_to_other_units", "其他单位办理的{n}件")
        parts = []
        if raised:
            parts.append("，".join(raised))
        if organs.parts:
            parts.append("交由" + "、".join(organs.parts))
        if parts:
            section.append(
                Sentence(
                    f"其中{'；'.join(parts)}。",
                    ("suggestions_at_sessions", "suggestions_in_recess", *organs.keys),
                )
            )
        if n("priority_suggestions"):
            text = (
                f"确定重点督办建议{n('priority_suggestions')}件，已办结{n('priority_suggestions_closed')}件。"
            )
            section.append(Sentence(text, ("priority_suggestions", "priority_suggestions_closed")))
        labelled = [
            ("办复率", n("reply_rate")),
            ("办结率", n("closed_rate")),
            ("按期答复率", n("on_time_rate")),
        ]
        keys = ("reply_rate", "closed_rate", "on_time_rate")
        sat, sat_basic = n("satisfaction_rate"), n("satisfaction_rate_incl_basic")
        # Every rating 满意: one 满意率, named with the other rates ("办结率、满意率均达100%").
        single = sat.denominator and _pct(sat) == _pct(sat_basic)
        if single:
            labelled.append(("满意率", sat))
            keys += ("satisfaction_rate",)
        section.append(Sentence(f"{_rates_clause(labelled)}。", keys))
        if sat_basic.denominator and not single:
            text = f"代表对答复的满意率（含基本满意）为{_pct(sat_basic)}，其中满意的占{_pct(sat)}"
            keys = ("satisfaction_rate_incl_basic", "satisfaction_rate")
            first = n("satisfaction_rate_incl_basic_first")
            if first.denominator and _pct(first) != _pct(sat_basic):
                text += f"（首次答复后为{_pct(first)}）"
                keys += ("satisfaction_rate_incl_basic_first",)
            section.append(Sentence(text + "。", keys))
        a, ab = n("resolution_rate"), n("resolution_rate_ab")
        text = f"代表所提问题已解决或基本解决的{a.numerator}件，解决率{_pct(a)}"
        if ab.numerator != a.numerator:
            text += f"；得到解决或计划逐步解决的{ab.numerator}件，占交办件数的{_pct(ab)}"
        section.append(Sentence(text + "。", ("resolution_rate", "resolution_rate_ab")))
    if n("motions"):
        section.append(Sentence(f"代表提出议案{n('motions')}件。", ("motions",)))
    if section:
        out.append(("代表建议办理", section))

    section = []
    if n("stations"):
        levels = _Clauses(vals)
        levels.count("stations_subdistrict", "街道人大代表联络站{n}个")
        levels.count("stations_community", "社区人大代表联络站{n}个")
        text = f"全区共有人大代表联络站{n('stations')}个"
        # "其中" only when the levels do not simply restate the total
        if levels.parts and len(levels.parts) > 1:
            text += "，其中" + "、".join(levels.parts)
        section.append(Sentence(text + "。", ("stations", *levels.keys)))
    c = _Clauses(vals)
    c.count("station_themed_activities", "开展主题活动{n}次")
    c.count("station_research", "调研活动{n}次")
    c.count("station_activity_opinions", "在活动中收集意见建议{n}条")
    c.count("receptions", "开展代表接待日{n}次")
    c.count("reception_visitors", "接待群众{n}人次")
    all_online = n("station_messages") and n("online_messages") == n("station_messages")
    if all_online:
        # every message came in online: said once, not again as a sentence of its own
        c.count("station_messages", "通过网上联络站收到群众意见建议{n}条")
        c.keys.append("online_messages")
    else:
        c.count("station_messages", "收到群众意见建议{n}条")
    c.count("station_messages_closed", "办结{n}条")
    section.append(c.sentence("各联络站" if n("stations") else "各人大代表联络站"))
    if not all_online:
        online = _Clauses(vals)
        online.count("online_messages", "其中网上联络站收到群众留言{n}条")
        online.count("online_messages_closed", "办结{n}条")
        section.append(online.sentence())
    out.append(("代表联络站", section))

    adopted, rated = n("projects_adopted"), n("projects_rated")
    section = []
    if adopted:
        section.append(Sentence(f"经代表票决产生民生实事项目{adopted}个。", ("projects_adopted",)))
    if rated:
        section.append(
            Sentence(
                f"对{rated}个民生实事项目开展满意度测评，{n('projects_satisfied')}个项目测评结果为满意。",
                ("projects_rated", "projects_satisfied"),
            )
        )
    out.append(("民生实事项目", section))

    if n("duty_reports"):
        out.append(
            ("代表工作", [Sentence(f"组织代表向选民述职{n('duty_reports')}人次。", ("duty_reports",))])
        )
    return [(heading, [s for s in section if s]) for heading, section in out if any(section)]


def paragraphs(congress, period, vals=None) -> list[tuple[str, str]]:
    """(heading, paragraph) pairs: one paragraph per section, its sentences in order."""
    return [
        (heading, "".join(s.text for s in section)) for heading, section in sentences(congress, period, vals)
    ]


def title(congress) -> str:
    return f"{congress.name}常务委员会工作报告"


def as_of(period) -> str:
    return as_period(period).as_of


# --------------------------------------------------------------------------- Word


def docx(congress, period) -> bytes:
    """常委会工作报告统计段落（草稿） in 公文 style (core.documents)."""
    period = as_period(period)
    doc = word.new_document()
    # The organ's full name, then 工作报告; the period goes in the subtitle, never inside the name.
    word.title(doc, title(congress))
    word.centred(doc, f"（{period.label}统计数据部分·草稿）")
    word.centred(doc, period.as_of, size=14)
    for index, (heading, text) in enumerate(paragraphs(congress, period), start=1):
        word.heading(doc, f"{cn.chinese_number(index)}、{heading}")
        word.paragraph(doc, text)
    audit_appendix(doc, congress, period)
    return word.save(doc)


# --------------------------------------------------------------------------- the report set


def sittings_with_votes(congress, period):
    """The sittings of the period (plenaries and committee meetings) at which votes were taken and
    closed: one 表决结果汇总 each."""
    from meetings.models import Meeting, Vote

    period = as_period(period)
    voted = Vote.objects.filter(congress=congress, status=Vote.Status.CLOSED).values("meeting_id")
    return (
        Meeting.objects.filter(period.q("starts_at"), congress=congress, pk__in=voted)
        .select_related("session__congress", "session__term")
        .order_by("starts_at", "pk")
    )


def sitting_name(meeting) -> str:
    """示范区第十七届人民代表大会第五次会议第二次全体会议 / 示范区人民代表大会常务委员会第三十次会议."""
    if meeting.session_id:
        return f"{meeting.session}{cn.ordinal(meeting.number, '次全体会议')}"
    if meeting.kind == "committee_meeting":
        return f"{meeting.congress.name}常务委员会{cn.ordinal(meeting.number, '次会议')}"
    return meeting.title


def vote_summary(meeting) -> bytes:
    """表决结果汇总 of one sitting (GB/T 9704 A4, core.documents): every closed vote in agenda order with
    应到、出席、赞成、反对、弃权、未按 and the outcome, then the count passed."""
    from meetings.models import Vote

    votes = list(
        Vote.objects.filter(meeting=meeting, status=Vote.Status.CLOSED).order_by(
            "agenda_item__order", "opened_at", "pk"
        )
    )
    name = sitting_name(meeting)
    doc = word.new_document()
    word.title(doc, name)
    word.title(doc, "表决结果汇总")
    word.centred(doc, f"（{cn.date_cn(timezone.localtime(meeting.starts_at))}）")
    passed = sum(1 for v in votes if v.passed)
    word.paragraph(
        doc,
        f"{name}共表决事项{len(votes)}项，通过{passed}项"
        + (f"，未通过{len(votes) - passed}项" if passed != len(votes) else "")
        + "。表决结果如下：",
    )

    def n(value) -> str:
        return "—" if value is None else str(value)

    word.table(
        doc,
        ["序号", "表决事项", "应到", "出席", "赞成", "反对", "弃权", "未按", "结果"],
        [
            (
                i,
                v.title,
                n(v.body_size),
                n(v.present),
                n(v.yes),
                n(v.no),
                n(v.abstain),
                n(v.not_voted),
                "通过" if v.passed else "未通过",
            )
            for i, v in enumerate(votes, start=1)
        ],
    )
    return word.save(doc)


def report_set(congress, period) -> list[dict]:
    """The downloads that go with the report for the period: the draft and the workbook, a 表决结果汇总
    per sitting with votes, and the 选举结果公告 of each election announced (the elections app's own)."""
    from django.urls import reverse

    period = as_period(period)
    items = [
        {
            "label": f"{period.label}工作报告统计数据（草稿）",
            "kind": "Word",
            "url": f"{reverse('reports:period_docx')}?{period.query}",
        },
        {
            "label": f"{period.label}统计数据",
            "kind": "Excel",
            "url": f"{reverse('reports:period_xlsx')}?{period.query}",
        },
    ]
    for meeting in sittings_with_votes(congress, period):
        items.append(
            {
                "label": f"{sitting_name(meeting)}表决结果汇总",
                "kind": "Word",
                "url": reverse("reports:vote_summary", args=[meeting.pk]),
            }
        )
    for election in F.elections_announced(congress, period).order_by("announced_at", "pk"):
        items.append(
            {
                "label": f"{election.title}结果公告",
                "kind": "Word",
                "url": reverse("elections:announcement", args=[election.pk]),
            }
        )
    return items


def audit_appendix(doc, congress, period) -> None:
    """附录: the signed checkpoints of the congress's audit chain written during the period (等保三级 安全审计:
    the chain head, kept outside the database, printed where anyone can later compare it)."""
    period = as_period(period)
    word.heading(doc, "附录：审计日志检查点")
    checkpoints = audit.checkpoints_of(congress.pk, period.start, period.end)
    word.paragraph(
        doc,
        "下列检查点为本级人大审计日志链尾的签名记录，保存在数据库之外。核对时，检查点文件中同一时间的"
        "记录应与本表的链尾序号、链尾校验码和签名指纹一致；安全审计员可在“审计检查点”页面校验审计日志"
        "未被改动、删除或调换。" + ("" if checkpoints else f"{period.label}没有审计检查点。"),
    )
    if checkpoints:
        word.table(
            doc,
            ["时间", "链尾序号", "链尾校验码", "签名指纹"],
            (
                [
                    timezone.localtime(c["at"]).strftime("%Y-%m-%d %H:%M"),
                    c["seq"],
                    c["hash"],
                    c["fingerprint"],
                ]
                for c in checkpoints
            ),
        )


# --------------------------------------------------------------------------- Excel


def xlsx(congress, period, data=None) -> bytes:
    """One workbook, a sheet per area (the figures with the previous year and their definitions) plus the
    breakdowns: suggestions by unit, messages by subdistrict, project progress."""
    period = as_period(period)
    data = data or queries.dashboard(congress, period)
    wb = spreadsheets.new_workbook()

    def table(ws, header, rows, start_row=None):
        r = start_row or (ws.max_row + 2 if ws.max_row > 1 else 1)
        spreadsheets.header(ws, header, row=r)
        for row in rows:
            r += 1
            for c, value in enumerate(row, start=1):
                spreadsheets.write(ws, r, c, value, alignment=spreadsheets.WRAP_TOP)
        return r

    header = ["指标", period.label, period.short_label, "增减", "单位", "分子", "分母", "统计口径"]
    for area, label, vals in data["areas"]:
        ws = spreadsheets.add_sheet(wb, label, freeze=None)
        spreadsheets.write(ws, 1, 1, f"{congress.name} {period.label} {label}", font=spreadsheets.TITLE_FONT)
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
                ("on_time_rate", "按期答复率"),
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
    for r, (heading, text) in enumerate(paragraphs(congress, period, data["values"]), start=1):
        spreadsheets.write(ws, r, 1, heading, font=spreadsheets.HEADER_FONT)
        spreadsheets.write(ws, r, 2, text, alignment=spreadsheets.WRAP_TOP)
    spreadsheets.widths(ws, (16, 100))
    return spreadsheets.workbook_bytes(wb)
