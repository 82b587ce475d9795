"""Lists, inboxes and the register for oversight pages and the home page."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet
from django.urls import reverse

from accounts.models import Role
from accounts.permissions import deputy_of
from core.dates import today
from meetings.models import Meeting
from oversight import rules
from oversight.models import Activity, Appointment, DeliberationOpinions, Evaluation

OP, AP = DeliberationOpinions.Status, Appointment.Status
AWAITING_REPORT = (OP.SENT,)
# The member's own evaluation ballot asks first, as every ballot does (core/confirm.py).
CAST_EVALUATION_QUESTION = "提交后不能更改，确定提交这张测评票？"


def overdue_q(on: dt.date) -> Q:
    """ORM form of rules.is_overdue for opinions sent to an organ."""
    waiting = Q(status=OP.SENT, due_on__lt=on)
    late = Q(reported_on__isnull=False, due_on__isnull=False, reported_on__gt=F("due_on"))
    return waiting | late


def activities(congress, *, year: int | None = None, kind: str = "") -> QuerySet[Activity]:
    qs = Activity.objects.filter(congress=congress).select_related("unit", "meeting")
    if year:
        qs = qs.filter(starts_on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def opinions_for(request, *, status: str = "", overdue: bool = False) -> QuerySet[DeliberationOpinions]:
    """Everything for the office; only the organ's own, once sent, for a unit handler."""
    qs = DeliberationOpinions.objects.filter(congress=request.congress).select_related("unit", "activity")
    if not request.roles.has(Role.STAFF, Role.LEADER):
        qs = qs.filter(
            unit_id__in=request.roles.unit_ids, status__in=[OP.SENT, OP.REPORTED, OP.REVIEWED, OP.CLOSED]
        )
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_q(today()))
    return qs.order_by("due_on", "-id")


def report_timing(activity: Activity, on: dt.date | None = None) -> list[rules.TimingCheck]:
    """The 监督法第十四、十五条 deadlines of an activity whose report goes to a meeting (empty without one)."""
    if activity.meeting_id is None or activity.kind not in rules.DELIBERATED_KINDS:
        return []
    from django.utils import timezone

    meeting_on = timezone.localdate(activity.meeting.starts_at)
    return rules.report_timing(
        meeting_on,
        activity.report_received_on,
        activity.revised_received_on,
        activity.sent_to_members_on,
        on or today(),
    )


def appointment_register(
    congress, *, year: int | None = None, unit_id: int | None = None, kind: str = ""
) -> QuerySet[Appointment]:
    """任免 register: by the year of the meeting (or of receipt while not yet on a meeting) and the requesting organ."""
    qs = Appointment.objects.filter(congress=congress).select_related("requesting_unit", "meeting", "vote")
    if year:
        qs = qs.filter(Q(meeting__starts_at__year=year) | Q(meeting__isnull=True, received_on__year=year))
    if unit_id:
        qs = qs.filter(requesting_unit_id=unit_id)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-received_on", "requesting_unit_id", "id")


def committee_meetings(congress, *, open_only: bool = False) -> QuerySet[Meeting]:
    qs = Meeting.objects.filter(congress=congress, kind=Meeting.Kind.COMMITTEE_MEETING)
    if open_only:
        qs = qs.exclude(status=Meeting.Status.CLOSED)
    return qs.order_by("-starts_at")


def open_evaluations_for_deputy(deputy) -> QuerySet[Evaluation]:
    return Evaluation.objects.filter(
        congress_id=deputy.congress_id,
        status=Evaluation.Status.OPEN,
        method=Evaluation.Method.ELECTRONIC,
        meeting__attendances__deputy=deputy,
    ).select_related("opinions")


def home_todos(request):
    """Home-page lines for this app (see core.home)."""
    from core.home import Todo

    congress, roles = request.congress, request.roles
    if congress is None:
        return []
    items = []
    on = today()
    opinions = DeliberationOpinions.objects.filter(congress=congress)
    list_url = reverse("oversight:deliberation_opinions_list")
    if roles.has(Role.STAFF, Role.LEADER):
        overdue = opinions.filter(status=OP.SENT, due_on__lt=on).count()
        items.append(
            Todo(
                "逾期未报送研究处理情况的审议意见",
                f"{list_url}?overdue=1",
                overdue,
                "超过期限仍未报送" if overdue else "没有逾期事项",
                urgent=bool(overdue),
            )
        )
        items.append(
            Todo(
                "待审查的研究处理情况",
                f"{list_url}?status={OP.REPORTED}",
                opinions.filter(status=OP.REPORTED).count(),
            )
        )
        items.append(
            Todo(
                "待审定的审议意见", f"{list_url}?status={OP.DRAFT}", opinions.filter(status=OP.DRAFT).count()
            )
        )
        pending = Appointment.objects.filter(
            congress=congress, status__in=[AP.RECEIVED, AP.REVIEWED, AP.SCHEDULED, AP.VOTING]
        ).count()
        items.append(Todo("待提请表决的任免事项", reverse("oversight:appointment_list"), pending))
    for unit_id in roles.unit_ids:
        mine = opinions.filter(unit_id=unit_id, status=OP.SENT)
        overdue = mine.filter(due_on__lt=on).count()
        items.append(
            Todo(
                "本单位待报送研究处理情况的审议意见",
                list_url,
                mine.count(),
                f"其中已逾期 {overdue} 件" if overdue else "请在期限内书面报送",
                urgent=bool(overdue),
            )
        )
    deputy = deputy_of(request.user, congress)
    if deputy is not None:
        for evaluation in open_evaluations_for_deputy(deputy):
            items.append(
                Todo(
                    f"满意度测评：{evaluation.opinions.title}",
                    reverse("oversight:cast_evaluation", args=[evaluation.pk]),
                    urgent=True,
                )
            )
    return items


def current_evaluation_item(meeting):
    """The satisfaction evaluation (满意度测评) shown on the meeting's big screen (see meetings.screen).

    While open only how many members have voted (a secret ballot: never partial results);
    afterwards the counts and the grade taken against all members.
    """
    from meetings.screen import ScreenItem

    evaluations = Evaluation.objects.filter(meeting=meeting).select_related("opinions")
    current = evaluations.filter(status=Evaluation.Status.OPEN).order_by("opened_at", "pk").first()
    if current is not None:
        electronic = current.method == Evaluation.Method.ELECTRONIC
        return ScreenItem(
            kind="satisfaction_evaluation",
            title=f"满意度测评：{current.opinions.title}",
            status="open",
            voted=current.participations.count() if electronic else 0,
            eligible=current.present or 0,
            device_url=reverse("oversight:cast_evaluation", args=[current.pk]) if electronic else "",
            key=f"satisfaction_evaluation:{current.pk}",
        )
    closed = evaluations.filter(status=Evaluation.Status.CLOSED).order_by("-closed_at", "-pk").first()
    if closed is None:
        return None
    cast = (closed.satisfied or 0) + (closed.basically_satisfied or 0) + (closed.dissatisfied or 0)
    return ScreenItem(
        kind="satisfaction_evaluation",
        title=f"满意度测评：{closed.opinions.title}",
        status="closed",
        voted=cast,
        eligible=closed.present or 0,
        outcome=f"测评结果：{closed.get_grade_display()}",
        result_rows=[
            ("满意", str(closed.satisfied or 0)),
            ("基本满意", str(closed.basically_satisfied or 0)),
            ("不满意", str(closed.dissatisfied or 0)),
            ("未投", str(closed.not_voted or 0)),
        ],
        key=f"satisfaction_evaluation:{closed.pk}",
        closed_at=closed.closed_at.timestamp() if closed.closed_at else 0.0,
    )


def has_voted(key: str, deputy) -> bool | None:
    """For the deputy's device page (meetings.screen.has_voted)."""
    kind, _, pk = key.partition(":")
    if kind != "satisfaction_evaluation" or not pk.isdigit():
        return None
    return Evaluation.objects.get(pk=int(pk)).participations.filter(deputy=deputy).exists()


# --------------------------------------------------------------------------- confirmations

# The steps that cannot be undone, each confirmed with what will happen (core/confirm.py).
CONFIRMED_VERBS = frozenset(
    {
        "publish",
        "conclude",
        "send_back",
        "close",
        "open_evaluation",
        "close_evaluation",
        "enter_evaluation_counts",
        "put_to_vote",
        "record_result",
        "withdraw",
    }
)


def confirmation(verb: str, obj) -> str:
    """The question asked before `verb` on `obj`, with the counts that matter."""
    if verb == "publish":
        return f"计划共 {obj.activities.count()} 项监督活动，公布后不能再改为草案。确定公布？"
    if verb == "conclude":
        return f"确定完成“{obj.title}”？完成后不能再变更。"
    if verb == "send_back":
        return "确定退回机关重新报送？退回理由将告知机关。"
    if verb == "close":
        return "办结后不能再报送或审查研究处理情况。确定办结？"
    if verb == "open_evaluation":
        return "开始后组成人员即可测评，不能撤回。确定开始满意度测评？"
    if verb == "close_evaluation":
        return f"已有 {obj.participations.count()} 名组成人员测评，结束后不能再测评。确定结束测评并计票？"
    if verb == "enter_evaluation_counts":
        if obj.method == "electronic" and obj.paper_issued:
            return f"纸质测评票（发出 {obj.paper_issued} 张）的票数将与电子测评票合计，即为测评结果，不能修改。确定录入？"
        return "录入的票数即为测评结果，不能修改。确定录入？"
    if verb == "put_to_vote":
        return f"确定将“{obj}”提请表决？表决开始后不能撤回。"
    if verb == "record_result":
        return "表决结果登记后不能修改。确定登记？"
    if verb == "withdraw":
        return f"确定撤回“{obj}”？撤回后不能恢复。"
    raise ValueError(verb)


def confirmations(obj, actions) -> dict[str, str]:
    return {verb: confirmation(verb, obj) for verb in actions if verb in CONFIRMED_VERBS}
