"""Exports: proposals and projects to .xlsx; the candidate list and the result announcement to .docx."""

from __future__ import annotations

from core import cn, spreadsheets
from core import documents as word
from projects import queries, rules
from projects.models import Call, Project


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

    return spreadsheets.table_bytes(
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
    return spreadsheets.table_bytes(f"{call.year}年度民生实事项目", headers, rows)


# --------------------------------------------------------------------------- docx


def _heading(call: Call) -> str:
    return str(call.session) if call.session_id else call.congress.name


def candidate_list(call: Call) -> bytes:
    """候选项目名单 sent to the deputies before the session (DOMAIN §3 提请)."""
    doc = word.new_document()
    word.title(doc, _heading(call))
    word.title(doc, f"{call.year}年度民生实事候选项目名单")
    candidates = list(
        call.projects.exclude(status=Project.Status.DRAFT).select_related("lead_unit").order_by("number")
    )
    adopt = rules.SETTINGS.value(call.congress, "adopt")
    word.paragraph(
        doc,
        f"经公开征集群众建议 {call.proposals.exclude(status='merged').count()} 条，政府筛选提出候选项目 "
        f"{len(candidates)} 个，提请大会票决产生 {adopt} 个。",
    )
    word.table(
        doc,
        ["序号", "项目名称", "建设内容", "投资估算（万元）", "牵头单位", "完成时限"],
        [
            [p.number, p.title, p.content, p.budget, p.lead_unit.name, cn.date_cn(p.deadline)]
            for p in candidates
        ],
    )
    return word.save(doc)


def announcement(call: Call) -> bytes:
    """公告: per-project votes and the adopted projects (DOMAIN §3 公告)."""
    from projects.workflow_ballot import ballot_outcome

    outcome = ballot_outcome(call)
    ballot = outcome["main"]
    doc = word.new_document()
    word.title(doc, _heading(call))
    word.title(doc, f"关于{call.year}年度民生实事项目票决结果的公告")
    result = ballot.result
    word.paragraph(
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
    word.table(doc, ["序号", "项目名称", "得票数", "结果"], rows)
    word.paragraph(doc, "")
    word.paragraph(
        doc,
        f"根据票决结果，确定以下 {len(adopted)} 个项目为{call.year}年度民生实事项目："
        + "、".join(f"“{t}”" for t in outcome["adopted"])
        + "。",
    )
    if outcome["shortfall"]:
        word.paragraph(doc, f"符合条件的项目不足拟定数 {outcome['shortfall']} 个。")
    word.paragraph(doc, "特此公告。")
    word.signature(doc, f"{_heading(call)}主席团", call.announced_at)
    return word.save(doc)
