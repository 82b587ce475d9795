"""Lists, the dashboard, the public pages' data, the home page lines and the big-screen item."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone

from accounts.permissions import HeldRoles, deputy_of
from core import dates
from meetings.screen import ScreenItem
from projects import permissions as perms
from projects import rules
from projects.models import (
    Call,
    Evaluation,
    Milestone,
    Project,
    ProjectBallot,
    Proposal,
    SupervisionActivity,
)
from registry.models import Deputy

GRADE_LABELS = dict(Project.Grade.choices)

# --------------------------------------------------------------------------- home, public front page


def home_todos(request):
    """Home-page lines for this app (see core.home)."""
    from accounts.models import Role
    from core.home import Todo

    congress, roles = request.congress, request.roles
    if congress is None:
        return []
    items = []
    call = Call.objects.filter(congress=congress).order_by("-year").first()
    if roles.has(Role.STAFF, Role.LEADER):
        count = call.proposals.filter(status=Proposal.Status.SUBMITTED).count() if call else 0
        items.append(
            Todo(
                "民生实事项目",
                reverse("projects:index"),
                count if call else None,
                f"{call.year} 年度：{call.get_status_display()}" if call else "开启年度项目征集",
            )
        )
    if roles.has(Role.STAFF, Role.LEADER, Role.DEPUTY):
        overdue = sum(1 for row in dashboard_rows(congress) if row.overdue)
        items.append(
            Todo(
                "民生实事项目进度",
                reverse("projects:dashboard"),
                overdue,
                "逾期节点或未按期报告的项目" if overdue else "各项目进度一览",
                urgent=bool(overdue),
            )
        )
    if roles.has(Role.DEPUTY):
        deputy = deputy_of(request.user, congress)
        if deputy is not None:
            for ballot in ProjectBallot.objects.filter(
                congress=congress, status=ProjectBallot.Status.OPEN, method=ProjectBallot.Method.ELECTRONIC
            ):
                if deputy.pk in ballot.issued_to and not ballot.participations.filter(deputy=deputy).exists():
                    items.append(
                        Todo(
                            ballot.title,
                            reverse("projects:ballot_vote", args=[ballot.pk]),
                            hint="正在票决，请投票",
                            urgent=True,
                        )
                    )
            for evaluation in Evaluation.objects.filter(
                congress=congress, status=Evaluation.Status.OPEN, method=Evaluation.Method.ELECTRONIC
            ):
                if (
                    deputy.pk in evaluation.issued_to
                    and not evaluation.participations.filter(deputy=deputy).exists()
                ):
                    items.append(
                        Todo(
                            evaluation.title,
                            reverse("projects:evaluation_vote", args=[evaluation.pk]),
                            hint="正在测评，请投票",
                            urgent=True,
                        )
                    )
    units = HeldRoles.of(request.user, congress.pk).unit_ids
    if units:
        mine = Project.objects.filter(
            congress=congress,
            lead_unit_id__in=units,
            status__in=[Project.Status.ADOPTED, Project.Status.EVALUATED],
        )
        to_reply = SupervisionActivity.objects.filter(
            project__in=mine, status=SupervisionActivity.Status.SENT
        ).count()
        if mine.exists():
            items.append(
                Todo(
                    "我单位的民生实事项目",
                    reverse("projects:dashboard"),
                    mine.count(),
                    f"{to_reply} 条监督意见待答复" if to_reply else "报告进度、答复监督意见",
                    urgent=bool(to_reply),
                )
            )
        if (
            perms.is_screening_handler(request.user, congress)
            and call
            and call.status == Call.Status.SCREENING
        ):
            left = call.proposals.filter(status=Proposal.Status.SUBMITTED).count()
            items.append(
                Todo(
                    "筛选民生实事候选项目",
                    reverse("projects:call_detail", args=[call.pk]),
                    left,
                    "未处理的群众建议",
                    urgent=bool(left),
                )
            )
    return items


def public_sections(congress):
    """Links on the congress's public front page (see portal.views.public_home)."""
    sections = [
        {
            "title": "民生实事项目（群众提、代表定、政府办、人大评）",
            "url": reverse("projects_public:index", args=[congress.code]),
        }
    ]
    call = Call.objects.filter(congress=congress, status=Call.Status.OPEN).order_by("-year").first()
    if call is not None:
        sections.append(
            {
                "title": f"{call.year} 年度民生实事项目征集：我要提建议",
                "url": reverse("projects_public:propose", args=[congress.code]),
            }
        )
    return sections


# --------------------------------------------------------------------------- big screen


def ballot_rows(ballot: ProjectBallot) -> list[tuple[str, str]]:
    result = ballot.result or {}
    rows = [
        ("发出选票", str(ballot.ballots_issued)),
        ("收回选票", str(ballot.ballots_returned)),
        ("有效票", str(result.get("valid_ballots", 0))),
        ("无效票", str(result.get("void_ballots", 0))),
    ]
    rows += [
        (title, f"{votes} 票")
        for title, votes in sorted(result.get("counts", {}).items(), key=lambda kv: -kv[1])
    ]
    return rows


def ballot_outcome_text(ballot: ProjectBallot) -> str:
    result = ballot.result or {}
    if not result.get("quorum_met", True) or not result.get("round_valid", True):
        return "本次票决无效，重新投票"
    parts = []
    if result.get("adopted"):
        parts.append("入选项目：" + "、".join(result["adopted"]))
    if result.get("revote"):
        parts.append("票数相等：" + "、".join(result["revote"]["candidates"]))
    if result.get("shortfall"):
        parts.append(f"不足 {result['shortfall']} 项")
    return "；".join(parts) or "无项目入选"


def current_ballot_item(meeting):
    """The project ballot or evaluation shown on the meeting's big screen (see meetings.screen).

    While open only how many have voted; after closing the per-project votes and the adopted list.
    """
    ballots = ProjectBallot.objects.filter(meeting=meeting)
    evaluations = Evaluation.objects.filter(meeting=meeting)
    ballot = ballots.filter(status=ProjectBallot.Status.OPEN).first()
    if ballot is not None:
        return ScreenItem(
            kind="project_ballot",
            title=ballot.title,
            status="open",
            voted=ballot.participations.count(),
            eligible=len(ballot.issued_to) if ballot.method == "electronic" else ballot.present or 0,
            device_url=reverse("projects:ballot_vote", args=[ballot.pk]),
            key=f"project_ballot:{ballot.pk}",
        )
    evaluation = evaluations.filter(status=Evaluation.Status.OPEN).first()
    if evaluation is not None:
        return ScreenItem(
            kind="evaluation",
            title=evaluation.title,
            status="open",
            voted=evaluation.participations.count(),
            eligible=len(evaluation.issued_to)
            if evaluation.method == "electronic"
            else evaluation.present or 0,
            device_url=reverse("projects:evaluation_vote", args=[evaluation.pk]),
            key=f"evaluation:{evaluation.pk}",
        )
    last_ballot = ballots.filter(status=ProjectBallot.Status.CLOSED).order_by("-closed_at", "-pk").first()
    last_eval = evaluations.filter(status=Evaluation.Status.CLOSED).order_by("-closed_at", "-pk").first()
    if last_eval is not None and (last_ballot is None or last_eval.closed_at >= last_ballot.closed_at):
        rows = [
            (t, f"{GRADE_LABELS[r['grade']]}（满意率 {r['satisfaction_rate']:.2%}）")
            for t, r in last_eval.result["items"].items()
        ]
        return ScreenItem(
            kind="evaluation",
            title=last_eval.title,
            status="closed",
            voted=last_eval.ballots_returned or 0,
            eligible=last_eval.ballots_issued or 0,
            outcome="测评结果已公布",
            result_rows=rows,
            key=f"evaluation:{last_eval.pk}",
            closed_at=last_eval.closed_at.timestamp() if last_eval.closed_at else 0.0,
        )
    if last_ballot is not None:
        return ScreenItem(
            kind="project_ballot",
            title=last_ballot.title,
            status="closed",
            voted=last_ballot.ballots_returned or 0,
            eligible=last_ballot.ballots_issued or 0,
            outcome=ballot_outcome_text(last_ballot),
            result_rows=ballot_rows(last_ballot),
            device_url=reverse("projects:ballot_vote", args=[last_ballot.pk]),
            key=f"project_ballot:{last_ballot.pk}",
            closed_at=last_ballot.closed_at.timestamp() if last_ballot.closed_at else 0.0,
        )
    return None


# --------------------------------------------------------------------------- proposals


def filter_proposals(call: Call, data: dict):
    proposals = call.proposals.select_related("subdistrict").order_by("-created_at", "-pk")
    if data.get("q"):
        q = data["q"].strip()
        proposals = proposals.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(tracking_code=q.upper())
        )
    for name in ("status", "category", "channel"):
        if data.get(name):
            proposals = proposals.filter(**{name: data[name]})
    if data.get("subdistrict"):
        proposals = proposals.filter(subdistrict=data["subdistrict"])
    if data.get("reserve_pool"):
        proposals = proposals.filter(in_reserve_pool=True)
    return proposals


def similar_proposals(proposal: Proposal, limit: int = 5) -> list[tuple[Proposal, float]]:
    """Possible duplicates the fingerprint did not catch (same call, title similarity ≥ 0.6)."""
    mine = rules.normalise(proposal.title)
    others = (
        proposal.call.proposals.exclude(pk=proposal.pk)
        .exclude(status=Proposal.Status.MERGED)
        .only("pk", "title", "tracking_code", "status")[:2000]
    )
    scored = []
    for other in others:
        ratio = difflib.SequenceMatcher(None, mine, rules.normalise(other.title)).ratio()
        if ratio >= 0.6:
            scored.append((other, ratio))
    return sorted(scored, key=lambda pair: -pair[1])[:limit]


def proposal_counts(call: Call) -> dict[str, int]:
    counts = dict.fromkeys(Proposal.Status.values, 0)
    for row in call.proposals.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    counts["total"] = sum(counts[s] for s in Proposal.Status.values)
    counts["reserve_pool"] = call.proposals.filter(in_reserve_pool=True).count()
    return counts


# --------------------------------------------------------------------------- implementation dashboard


@dataclass
class DashboardRow:
    project: Project
    percent: int
    last_report_on: object
    overdue_milestones: int
    report_overdue: bool
    spent: object

    @property
    def overdue(self) -> bool:
        return bool(self.overdue_milestones) or self.report_overdue


def dashboard_rows(congress, projects=None, today=None) -> list[DashboardRow]:
    today = today or dates.today()
    interval = rules.SETTINGS.value(congress, "progress_report_days")
    calendar = dates.calendar_of(congress)
    projects = projects if projects is not None else Project.objects.filter(congress=congress)
    projects = (
        projects.filter(status__in=[Project.Status.ADOPTED, Project.Status.EVALUATED])
        .select_related("lead_unit", "call")
        .annotate(last_report_on=Max("reports__reported_on"))
        .order_by("-call__year", "number")
    )
    rows = []
    for project in projects:
        latest = project.reports.order_by("-reported_on", "-pk").first()
        late = sum(
            rules.milestone_overdue(m.due_on, m.done_on, today) and m.done_on is None
            for m in project.milestones.all()
        )
        since = timezone.localdate(project.adopted_at) if project.adopted_at else today
        done = latest is not None and latest.percent >= 100
        rows.append(
            DashboardRow(
                project=project,
                percent=latest.percent if latest else 0,
                last_report_on=project.last_report_on,
                overdue_milestones=late,
                spent=latest.spent if latest else 0,
                report_overdue=not done
                and project.status == Project.Status.ADOPTED
                and rules.report_overdue(project.last_report_on, since, interval, today, calendar),
            )
        )
    return rows


def milestone_rows(project: Project, today=None):
    today = today or dates.today()
    return [(m, rules.milestone_overdue(m.due_on, m.done_on, today)) for m in project.milestones.all()]


def suggest_members(project: Project, size: int = 10) -> list[Deputy]:
    """Deputies suggested for the supervision group: occupation or workplace matching the project's
    field, then living in (constituency of) a subdistrict the project's proposals came from."""
    from registry.queries import deputies_holding_seat

    words = {
        "education": ["教师", "教育", "学校", "校长"],
        "health": ["医", "卫生", "护"],
        "elderly": ["养老", "社区", "民政"],
        "transport": ["交通", "运输", "公交", "工程"],
        "housing": ["社区", "物业", "建设", "住建"],
        "environment": ["环保", "生态", "环境"],
        "culture": ["文化", "体育"],
        "employment": ["企业", "人社", "就业"],
        "safety": ["公安", "消防", "应急"],
    }
    categories = set(project.proposals.values_list("category", flat=True))
    keywords = [w for c in categories for w in words.get(c, [])] or ["社区"]
    subdistricts = set(project.proposals.values_list("subdistrict_id", flat=True))
    deputies = list(
        deputies_holding_seat(project.congress)
        .filter(status=Deputy.Status.SERVING)
        .select_related("constituency")
    )

    def score(d: Deputy) -> tuple:
        text = f"{d.occupation}{d.workplace}"
        return (
            -sum(w in text for w in keywords),
            0 if d.constituency and d.constituency.subdistrict_id in subdistricts else 1,
            d.number,
        )

    return sorted(deputies, key=score)[:size]


# --------------------------------------------------------------------------- public pages


def public_calls(congress):
    return Call.objects.filter(congress=congress).order_by("-year")


def public_projects(call: Call):
    """What the public sees of a year: candidates once submitted, results once announced."""
    if call.status in (Call.Status.OPEN, Call.Status.SCREENING, Call.Status.LOCKED):
        return Project.objects.none()
    return call.projects.exclude(status=Project.Status.DRAFT).select_related("lead_unit").order_by("number")


def latest_percent(project: Project) -> int:
    latest = project.reports.order_by("-reported_on", "-pk").first()
    return latest.percent if latest else 0


def overdue_milestones(congress, today=None):
    today = today or dates.today()
    return Milestone.objects.filter(project__congress=congress, done_on__isnull=True, due_on__lt=today)


def has_voted(key: str, deputy) -> bool | None:
    """For the deputy's device page (meetings.screen.has_voted): voted in this ballot/evaluation?"""
    kind, _, pk = key.partition(":")
    if not pk.isdigit():
        return None
    if kind == "project_ballot":
        return ProjectBallot.objects.get(pk=int(pk)).participations.filter(deputy=deputy).exists()
    if kind == "evaluation":
        return Evaluation.objects.get(pk=int(pk)).participations.filter(deputy=deputy).exists()
    return None


# --------------------------------------------------------------------------- confirmations

# The steps that cannot be undone, each confirmed with what will happen (core/confirm.py).
CONFIRMED_VERBS = frozenset(
    {
        "close_call",
        "lock_candidates",
        "announce_result",
        "merge",
        "decline",
        "open_ballot",
        "close_ballot",
        "count_ballot",
        "open_evaluation",
        "close_evaluation",
        "count_evaluation",
    }
)


def confirmation(verb: str, obj) -> str:
    """The question asked before `verb` on `obj`, with the counts that matter."""
    if verb == "close_call":
        return f"已收到 {obj.proposals.count()} 条建议。结束征集后不再接收新的建议，转入筛选。确定结束征集？"
    if verb == "lock_candidates":
        return f"候选项目名单共 {obj.projects.count()} 个项目，确定后不能再修改。确定候选项目名单？"
    if verb == "announce_result":
        return "票决结果公布后将在公开页面显示，不能撤回。确定公布？"
    if verb == "merge":
        return f"确定将建议 {obj.tracking_code} 合并到另一条建议？合并后不能撤销。"
    if verb == "decline":
        return f"确定不予采纳建议 {obj.tracking_code}？提出人可以查询到未采纳原因。"
    if verb == "open_ballot":
        return f"开始投票后候选项目（{len(obj.candidates)} 个）不能再修改。确定开始投票？"
    if verb in ("close_ballot", "close_evaluation"):
        what = "投票" if verb == "close_ballot" else "测评"
        taken = obj.participations.count()
        paper = obj.paper_issued if obj.method == "electronic" else 0
        counted = f"已有 {taken} 名代表{what}" + (f"（其中 {paper} 名领取纸质票）" if paper else "")
        missing = len(obj.issued_to) - taken if obj.method == "electronic" else 0
        if missing > 0:
            counted += f"，还有 {missing} 名出席代表未{what}"
        return f"{counted}，结束后不能再{what}。确定结束{what}？"
    if verb == "count_ballot":
        return "计票结果将作为票决结果记录，不能修改。确定计票？"
    if verb == "open_evaluation":
        return f"开始测评后测评项目（{len(obj.items)} 个）不能再修改。确定开始测评？"
    if verb == "count_evaluation":
        if obj.method == "electronic" and obj.paper_returned:
            return (
                f"纸质测评票 {obj.paper_returned} 张的票数将与电子测评票合计，测评结果公布后不能修改。"
                "确定计票并公布？"
            )
        return "测评结果公布后不能修改。确定计票并公布？"
    if verb == "cast_ballot":  # the deputy's own ballot, as an election ballot asks
        return "投票后不能更改，确定投出这张选票？"
    if verb == "cast_evaluation":
        return "提交后不能更改，确定提交这张测评票？"
    raise ValueError(verb)


def confirmations(obj, actions) -> dict[str, str]:
    return {verb: confirmation(verb, obj) for verb in actions if verb in CONFIRMED_VERBS}
