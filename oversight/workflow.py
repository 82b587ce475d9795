"""Oversight and appointments: the only code that assigns a .status in this app.

Every transition locks its row, checks the source status and the permission (permissions.can_<verb>),
writes one audit row with the actor and saves only the fields it changed, all in one transaction;
notifications go out when it commits (core.notify). Votes on appointments are meetings.Vote rows
opened and counted by meetings.workflow (quorum, 2*yes > M against the frozen body size);
satisfaction votes are counted here with meetings.rules.evaluation_grade.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, RoleAssignment
from accounts.permissions import deputy_of
from core import audit, dates, notify, workflow
from core.ballot_box import box as ballot_box
from core.ballot_box import crypto
from core.dates import today
from core.workflow import TransitionRefused
from meetings import rules as meeting_rules
from meetings import workflow as meetings_workflow
from meetings.models import AgendaItem, Attendance, Meeting, Vote
from oversight import permissions, rules
from oversight.models import (
    Activity,
    ActivityDocument,
    Appointment,
    DeliberationOpinions,
    Evaluation,
    EvaluationParticipation,
    HandlingReport,
    Participant,
    SupervisionPlan,
)
from registry import bodies
from registry import queries as registry_queries
from registry import workflow as registry_workflow
from registry.models import Deputy, OfficeHolding

P, A, OP, E, AP = (
    SupervisionPlan.Status,
    Activity.Status,
    DeliberationOpinions.Status,
    Evaluation.Status,
    Appointment.Status,
)

PLAN_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "publish": ({P.DRAFT}, P.PUBLISHED),
}
ACTIVITY_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "start": ({A.PLANNED}, A.IN_PROGRESS),
    "deliberate": ({A.IN_PROGRESS}, A.DELIBERATED),
    # 视察 and 调研 may conclude without a sitting; the others only once deliberated (rules.DELIBERATED_KINDS).
    "conclude": ({A.IN_PROGRESS, A.DELIBERATED}, A.CONCLUDED),
}
OPINIONS_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "approve": ({OP.DRAFT}, OP.APPROVED),
    "send": ({OP.APPROVED}, OP.SENT),
    "submit_report": ({OP.SENT}, OP.REPORTED),
    "send_back": ({OP.REPORTED}, OP.SENT),
    "review": ({OP.REPORTED}, OP.REVIEWED),
    "close": ({OP.REVIEWED}, OP.CLOSED),
}
EVALUATION_TRANSITIONS: workflow.Table = {
    "open_evaluation": ({E.DRAFT}, E.OPEN),
    # electronic: the totals await the tellers (counting), unless the box is empty
    "close_evaluation": ({E.OPEN}, {E.COUNTING, E.CLOSED}),
    # closed once `threshold` tellers' shares verify; counting until then
    "submit_decryption_share": ({E.COUNTING}, {E.COUNTING, E.CLOSED}),
    # paper; an electronic evaluation's paper forms once its box is decrypted
    "enter_evaluation_counts": ({E.OPEN, E.COUNTING}, E.CLOSED),
}
APPOINTMENT_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "preliminary_review": ({AP.RECEIVED}, AP.REVIEWED),
    "schedule": ({AP.REVIEWED}, AP.SCHEDULED),
    "put_to_vote": ({AP.SCHEDULED}, AP.VOTING),
    "record_result": ({AP.VOTING}, AP.PASSED),  # or AP.REJECTED: the vote decides
    "take_oath": ({AP.PASSED}, AP.SWORN),
    "withdraw": ({AP.RECEIVED, AP.REVIEWED, AP.SCHEDULED}, AP.WITHDRAWN),
}
TABLES = {
    SupervisionPlan: PLAN_TRANSITIONS,
    Activity: ACTIVITY_TRANSITIONS,
    DeliberationOpinions: OPINIONS_TRANSITIONS,
    Evaluation: EVALUATION_TRANSITIONS,
    Appointment: APPOINTMENT_TRANSITIONS,
}
TRANSITIONS = {verb: row for table in TABLES.values() for verb, row in table.items()}

ACTION_LABELS = {
    "publish": "公布",
    "start": "开始实施",
    "deliberate": "登记会议审议",
    "conclude": "完成",
    "approve": "审定",
    "send": "送交机关",
    "submit_report": "报送研究处理情况",
    "send_back": "退回重报",
    "review": "审查通过",
    "close": "办结",
    "open_evaluation": "开始测评",
    "close_evaluation": "结束测评",
    "submit_decryption_share": "提交解密份额",
    "enter_evaluation_counts": "录入测评结果",
    "preliminary_review": "初审",
    "schedule": "列入会议",
    "put_to_vote": "提请表决",
    "record_result": "登记表决结果",
    "take_oath": "登记宪法宣誓",
    "withdraw": "撤回",
}


# The one reader of per-congress settings (core.congress_settings), for this app's section.
setting = rules.SETTINGS.value


def allowed_actions(obj, user) -> list[str]:
    """The verbs that apply to ``obj`` now: draws the buttons, checked again on POST."""
    table = TABLES[type(obj)]
    verbs = [
        verb
        for verb, (sources, _t) in table.items()
        if obj.status in sources and permissions.can(verb, user, obj)
    ]
    if isinstance(obj, Activity) and obj.status == A.IN_PROGRESS and obj.kind in rules.DELIBERATED_KINDS:
        verbs = [v for v in verbs if v != "conclude"]
    if isinstance(obj, Evaluation):
        if obj.method == Evaluation.Method.PAPER:
            hidden = {"close_evaluation", "submit_decryption_share"}
        else:
            hidden = set() if _awaits_paper_counts(obj) else {"enter_evaluation_counts"}
        verbs = [v for v in verbs if v not in hidden]
    if isinstance(obj, Appointment) and not obj.takes_oath:
        verbs = [v for v in verbs if v != "take_oath"]
    return verbs


def _step(verb: str, obj, *, actor, request=None, apply=None, note: str = "", notify=None):
    """core.workflow.transition with this app's tables and permissions.can(verb, ...)."""
    return workflow.transition(
        verb,
        obj,
        actor=actor,
        table=TABLES[type(obj)],
        labels=ACTION_LABELS,
        permission=lambda user, locked: permissions.can(verb, user, locked),
        apply=apply,
        note=note,
        notify=notify,
        request=request,
    )


def _check_date(value, label: str, *, not_after_today: bool = True) -> dt.date:
    if not isinstance(value, dt.date):
        raise TransitionRefused(f"请填写{label}。")
    if not_after_today and value > today():
        raise TransitionRefused(f"{label}不能晚于今天。")
    return value


def _committee_meeting(meeting, congress_id: int, *, allow_closed: bool = True) -> Meeting:
    if meeting is None:
        raise TransitionRefused("请选择常委会会议。")
    if meeting.congress_id != congress_id or meeting.kind != Meeting.Kind.COMMITTEE_MEETING:
        raise TransitionRefused("请选择本级人大常委会的常委会会议。")
    if not allow_closed and meeting.status == Meeting.Status.CLOSED:
        raise TransitionRefused("该会议已经结束。")
    return meeting


def _staff_users(congress_id: int):
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            congress_id=congress_id, role=Role.STAFF, is_active=True
        ).select_related("user")
    ]


def _unit_users(unit):
    return [a.user for a in registry_queries.unit_handlers(unit)]


def _record_create(obj, *, actor, request, fields: list[str], action: str = "create") -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=obj,
        congress=obj.congress_id,
        request=request,
        changes={k: [None, v] for k, v in audit.snapshot(obj, fields).items()},
    )


# --------------------------------------------------------------------------- plan


def create_plan(plan: SupervisionPlan, *, actor, request=None) -> SupervisionPlan:
    with transaction.atomic():
        if not permissions.is_staff_of(actor, plan.congress_id):
            raise PermissionDenied("您没有权限进行此操作。")
        if SupervisionPlan.objects.filter(congress_id=plan.congress_id, year=plan.year).exists():
            raise TransitionRefused(f"{plan.year}年度监督工作计划已存在。")
        plan.status = P.DRAFT
        plan.save()
        _record_create(plan, actor=actor, request=request, fields=["year", "title"])
    return plan


def publish(plan: SupervisionPlan, *, actor, adopted_on: dt.date, request=None) -> SupervisionPlan:
    """主任会议通过后公布 (监督法第六十三条 as cited in DOMAIN §6)."""
    _check_date(adopted_on, "主任会议通过日期")

    def apply(locked):
        if not locked.content.strip():
            raise TransitionRefused("计划内容为空，不能公布。")
        locked.adopted_on = adopted_on
        locked.published_on = today()

    return _step("publish", plan, actor=actor, request=request, apply=apply)


# --------------------------------------------------------------------------- activities


def create_activity(activity: Activity, *, actor, request=None) -> Activity:
    with transaction.atomic():
        if not permissions.is_staff_of(actor, activity.congress_id):
            raise PermissionDenied("您没有权限进行此操作。")
        activity.status = A.PLANNED
        activity.save()
        _record_create(
            activity, actor=actor, request=request, fields=["kind", "title", "unit", "starts_on", "plan"]
        )
    return activity


def update_activity(activity: Activity, *, actor, before: dict, request=None) -> Activity:
    """Save edited descriptive fields (dates, organ, report dates); never the status."""
    with transaction.atomic():
        if not permissions.can_manage_activity(actor, activity):
            raise PermissionDenied("您没有权限进行此操作。")
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        activity.status = locked.status
        changes = audit.diff(before, audit.snapshot(activity))
        changes.pop("status", None)
        if changes:
            activity.save(update_fields=list(changes))
            audit.record(
                actor=actor,
                action="update",
                obj=activity,
                congress=activity.congress_id,
                changes=changes,
                request=request,
            )
    return activity


def start(activity: Activity, *, actor, request=None) -> Activity:
    return _step("start", activity, actor=actor, request=request)


def deliberate(activity: Activity, *, actor, meeting: Meeting, request=None) -> Activity:
    """The committee meeting heard and deliberated the report."""

    def apply(locked):
        _committee_meeting(meeting, locked.congress_id)
        if timezone.localdate(meeting.starts_at) < locked.starts_on:
            raise TransitionRefused("审议会议不能早于活动开始日期。")
        locked.meeting = meeting

    return _step("deliberate", activity, actor=actor, request=request, apply=apply, note=str(meeting))


def conclude(activity: Activity, *, actor, on: dt.date, request=None) -> Activity:
    _check_date(on, "完成日期")

    def apply(locked):
        if locked.status == A.IN_PROGRESS and locked.kind in rules.DELIBERATED_KINDS:
            raise TransitionRefused(f"{locked.get_kind_display()}须经常委会会议审议后才能完成。")
        if on < locked.starts_on:
            raise TransitionRefused("完成日期不能早于开始日期。")
        locked.concluded_on = on
        if locked.ends_on is None:
            locked.ends_on = on

    return _step("conclude", activity, actor=actor, request=request, apply=apply)


def add_participant(activity: Activity, *, actor, deputy: Deputy, role: str, request=None) -> Participant:
    if role not in Participant.Role.values:
        raise TransitionRefused("请选择参加人员的身份。")
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if not permissions.can_manage_activity(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        # Deputies of every level working in the area join its inspections and 专题询问 (DOMAIN §11).
        if deputy.congress_id not in bodies.related_ids(locked.congress):
            raise TransitionRefused("请选择本级或上下级人大的代表。")
        if (
            role == Participant.Role.MEMBER
            and not registry_queries.committee_members_holding_seat(locked.congress, locked.starts_on)
            .filter(deputy=deputy)
            .exists()
        ):
            raise TransitionRefused(f"{deputy.name}在活动开始时不是常委会组成人员，请选择“邀请代表”。")
        try:
            with transaction.atomic():
                row = Participant.objects.create(activity=locked, deputy=deputy, role=role)
        except IntegrityError:
            raise TransitionRefused(f"{deputy.name}已在参加人员名单中。") from None
        audit.record(
            actor=actor,
            action="add_participant",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"participant": [None, deputy.pk], "role": [None, role]},
            note=deputy.name,
        )
    return row


def remove_participant(row: Participant, *, actor, request=None) -> None:
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=row.activity_id)
        if not permissions.can_manage_activity(actor, activity):
            raise PermissionDenied("您没有权限进行此操作。")
        deputy_id, name = row.deputy_id, row.deputy.name
        row.delete()
        audit.record(
            actor=actor,
            action="remove_participant",
            obj=activity,
            congress=activity.congress_id,
            request=request,
            changes={"participant": [deputy_id, None]},
            note=name,
        )


def add_document(activity: Activity, document: ActivityDocument, *, actor, request=None) -> ActivityDocument:
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if not permissions.can_manage_activity(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        document.activity = locked
        document.uploaded_by = actor
        document.save()
        audit.record(
            actor=actor,
            action="add_document",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"document": [None, document.pk], "kind": [None, document.kind]},
            note=document.title,
        )
    return document


# --------------------------------------------------------------------------- deliberation opinions


def create_opinions(
    activity: Activity, *, actor, unit, title: str, content: str, request=None
) -> DeliberationOpinions:
    title, content = (title or "").strip(), (content or "").strip()
    if not title or not content:
        raise TransitionRefused("请填写标题和审议意见。")
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if not permissions.can_manage_activity(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status == A.PLANNED:
            raise TransitionRefused("活动尚未开始，不能起草审议意见。")
        if unit is None or unit.congress_id != locked.congress_id:
            raise TransitionRefused("请选择送交的机关。")
        opinions = DeliberationOpinions.objects.create(
            congress_id=locked.congress_id, activity=locked, unit=unit, title=title[:200], content=content
        )
        _record_create(opinions, actor=actor, request=request, fields=["activity", "unit", "title"])
    return opinions


def approve(opinions: DeliberationOpinions, *, actor, on: dt.date, request=None) -> DeliberationOpinions:
    _check_date(on, "审定日期")

    def apply(locked):
        locked.approved_on = on

    return _step("approve", opinions, actor=actor, request=request, apply=apply)


def send(
    opinions: DeliberationOpinions,
    *,
    actor,
    on: dt.date,
    resolution_due: dt.date | None = None,
    resolution_ref: str = "",
    request=None,
) -> DeliberationOpinions:
    """送交机关 with the reporting deadline: a resolution's own, else the local default in months (监督法第十七条)."""
    _check_date(on, "送交日期")
    resolution_ref = (resolution_ref or "").strip()
    if resolution_due is not None:
        if resolution_due <= on:
            raise TransitionRefused("决议规定的期限应晚于送交日期。")
        if not resolution_ref:
            raise TransitionRefused("决议自定期限时，请填写决议名称。")

    def apply(locked):
        if locked.approved_on and on < locked.approved_on:
            raise TransitionRefused("送交日期不能早于审定日期。")
        locked.sent_on = on
        locked.due_on = rules.due_date(
            on,
            setting(locked.congress, "opinions_due_months"),
            resolution_due,
            dates.calendar_of(locked.congress),
        )
        locked.due_by_resolution = resolution_due is not None
        locked.resolution_ref = resolution_ref[:200] if resolution_due is not None else ""

    def tell(locked):
        notify.send(
            _unit_users(locked.unit),
            title=f"请研究处理审议意见：{locked.title}",
            body=f"请于{locked.due_on:%Y年%m月%d日}前书面报送研究处理情况。",
            url=reverse("oversight:deliberation_opinions_detail", args=[locked.pk]),
            kind="send",
            congress=locked.congress_id,
        )

    return _step("send", opinions, actor=actor, request=request, apply=apply, notify=tell)


def submit_report(
    opinions: DeliberationOpinions, *, actor, content: str, file=None, request=None
) -> DeliberationOpinions:
    """The organ's handling report (研究处理情况), dated today; a late one is kept and flagged overdue."""
    content = (content or "").strip()
    if not content:
        raise TransitionRefused("请填写研究处理情况。")
    on = today()

    def apply(locked):
        if locked.sent_on and on < locked.sent_on:
            raise TransitionRefused("报送日期不能早于送交日期。")
        number = (locked.handling_reports.aggregate(n=Max("number"))["n"] or 0) + 1
        report = HandlingReport(
            opinions=locked, number=number, content=content, submitted_on=on, submitted_by=actor
        )
        if file:
            report.file = file
        report.save()
        locked.reported_on = on

    def tell(locked):
        notify.send(
            _staff_users(locked.congress_id),
            title=f"{locked.unit}报送了研究处理情况：{locked.title}",
            url=reverse("oversight:deliberation_opinions_detail", args=[locked.pk]),
            kind="submit_report",
            congress=locked.congress_id,
        )

    return _step("submit_report", opinions, actor=actor, request=request, apply=apply, notify=tell)


def _last_report(locked: DeliberationOpinions) -> HandlingReport:
    return locked.handling_reports.order_by("-number").first()


def send_back(opinions: DeliberationOpinions, *, actor, reason: str, request=None) -> DeliberationOpinions:
    reason = workflow.stated(reason, "退回理由")

    def apply(locked):
        report = _last_report(locked)
        report.outcome, report.review_note = HandlingReport.Outcome.SENT_BACK, reason
        report.save(update_fields=["outcome", "review_note"])
        locked.reported_on = None

    def tell(locked):
        notify.send(
            _unit_users(locked.unit),
            title=f"研究处理情况被退回，请重新报送：{locked.title}",
            body=reason,
            url=reverse("oversight:deliberation_opinions_detail", args=[locked.pk]),
            kind="send_back",
            congress=locked.congress_id,
        )

    return _step("send_back", opinions, actor=actor, request=request, apply=apply, notify=tell, note=reason)


def review(opinions: DeliberationOpinions, *, actor, note: str = "", request=None) -> DeliberationOpinions:
    note = (note or "").strip()

    def apply(locked):
        report = _last_report(locked)
        report.outcome, report.review_note = HandlingReport.Outcome.ACCEPTED, note
        report.save(update_fields=["outcome", "review_note"])

    return _step("review", opinions, actor=actor, request=request, apply=apply, note=note)


def close(opinions: DeliberationOpinions, *, actor, on: dt.date, request=None) -> DeliberationOpinions:
    _check_date(on, "办结日期")

    def apply(locked):
        if locked.evaluations.exclude(status=E.CLOSED).exists():
            raise TransitionRefused("满意度测评尚未结束，不能办结。")
        locked.closed_on = on

    return _step("close", opinions, actor=actor, request=request, apply=apply)


def is_overdue(opinions: DeliberationOpinions, on: dt.date | None = None) -> bool:
    if opinions.status in (OP.DRAFT, OP.APPROVED):
        return False
    return rules.is_overdue(opinions.due_on, on or today(), opinions.reported_on)


# --------------------------------------------------------------------------- satisfaction votes


def create_evaluation(
    opinions: DeliberationOpinions, *, actor, meeting: Meeting, method: str, request=None
) -> Evaluation:
    if method not in Evaluation.Method.values:
        raise TransitionRefused("请选择测评方式。")
    with transaction.atomic():
        locked = DeliberationOpinions.objects.select_for_update().get(pk=opinions.pk)
        if not permissions.can_manage_opinions(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status not in (OP.REPORTED, OP.REVIEWED):
            raise TransitionRefused("机关报送研究处理情况后才能进行满意度测评。")
        _committee_meeting(meeting, locked.congress_id, allow_closed=False)
        if locked.evaluations.exclude(status=E.CLOSED).exists():
            raise TransitionRefused("该审议意见已有尚未结束的满意度测评。")
        evaluation = Evaluation.objects.create(
            congress_id=locked.congress_id, opinions=locked, meeting=meeting, method=method
        )
        _record_create(evaluation, actor=actor, request=request, fields=["opinions", "meeting", "method"])
    return evaluation


def _refresh_screen(evaluation: Evaluation) -> None:
    """The meeting's big screen shows an evaluation opening or closing at once (not after its cache)."""
    from meetings.queries import forget_screen_state

    transaction.on_commit(lambda: forget_screen_state(evaluation.meeting_id))


def open_evaluation(evaluation: Evaluation, *, actor, request=None) -> Evaluation:
    """Freeze M and the number present; refused without a quorum (组织法第五十一条: 2*present > M)."""

    def apply(locked):
        meeting = Meeting.objects.select_for_update().get(pk=locked.meeting_id)
        if meeting.status != Meeting.Status.OPEN:
            raise TransitionRefused("会议尚未开始或已经结束，不能开始测评。")
        present = meeting.attendances.filter(status=Attendance.Status.PRESENT).count()
        if not meeting_rules.quorum_met("committee", meeting.body_size, present):
            needed = meeting_rules.quorum_threshold("committee", meeting.body_size)
            raise TransitionRefused(
                f"出席 {present} 人，不足法定人数（应到 {meeting.body_size} 人，至少需 {needed} 人出席），不能开始测评。"
            )
        locked.body_size, locked.present, locked.opened_at = meeting.body_size, present, timezone.now()
        if locked.method == Evaluation.Method.ELECTRONIC:
            key = ballot_box.key_for(meetings_workflow.key_owner(meeting.pk))
            if key is None:
                raise TransitionRefused(
                    "电子测评需先在会议页面登记计票人密钥（计票人密钥仪式），才能开始测评。"
                )
            locked.ballot_box = ballot_box.open_box(
                key=key,
                owner=f"oversight.evaluation:{locked.pk}",
                spec=EVALUATION_SPEC,
                labels=EVALUATION_LABELS,
            )

    return _step(
        "open_evaluation", evaluation, actor=actor, request=request, apply=apply, notify=_refresh_screen
    )


EVALUATION_SPEC = crypto.one_of(len(Evaluation.Grade.values))  # one slot per grade, in Grade order
EVALUATION_LABELS = [label for _value, label in Evaluation.Grade.choices]


def cast_evaluation(
    evaluation: Evaluation, *, actor, choice: str = "", sealed: object = None, request=None
) -> str:
    """One present member's 满意 / 基本满意 / 不满意, once, into the evaluation's ballot box.

    `sealed` is the ballot encrypted in the browser (core/static/core/seal_form.js); without
    JavaScript the form's choice is encrypted at once on the server (box.seal_on_server). Only the
    ciphertext is stored; returns its fingerprint (the receipt). No audit row for a stored ballot
    (see meetings.workflow.cast); a refused one is audited without its content.
    """
    if sealed is None and choice not in Evaluation.Grade.values:
        raise TransitionRefused("请选择满意、基本满意或不满意。")
    deputy = deputy_of(actor, evaluation.congress_id, holding_role=False)
    if deputy is None:
        raise PermissionDenied("只有组成人员本人可以测评。")
    attendance = Attendance.objects.filter(meeting_id=evaluation.meeting_id, deputy=deputy).first()
    if attendance is None:
        raise PermissionDenied("您不是本次会议的组成人员。")

    def check(locked: Evaluation) -> None:
        if locked.status != E.OPEN or locked.method != Evaluation.Method.ELECTRONIC:
            raise TransitionRefused("该事项当前不在电子测评中。")
        if (
            attendance.status != Attendance.Status.PRESENT
            or attendance.signed_in_at is None
            or attendance.signed_in_at > locked.opened_at
        ):
            raise TransitionRefused("测评开始时您未签到出席，不能参加本项测评。")

    current = Evaluation.objects.select_related("ballot_box__key").get(pk=evaluation.pk)
    if current.ballot_box is None:
        raise TransitionRefused("该事项当前不在电子测评中。")
    box_ = current.ballot_box
    try:
        if sealed is None:
            ballot = ballot_box.seal_on_server(
                box_, [int(value == choice) for value in Evaluation.Grade.values]
            )
        else:
            ballot = ballot_box.read_sealed(box_, sealed)
        return ballot_box.cast(
            box_,
            ballot,
            poll=current,
            participation=EvaluationParticipation(evaluation=current, deputy=deputy),
            check=check,
            already_voted="您已测评，不能重复测评。",
        )
    except (ballot_box.BallotRefused, TransitionRefused) as error:
        ballot_box.audit_refusal(actor=actor, box=box_, reason=str(error), request=request)
        if isinstance(error, TransitionRefused):
            raise
        raise TransitionRefused(str(error)) from None


def has_evaluated(evaluation: Evaluation, deputy: Deputy) -> bool:
    return EvaluationParticipation.objects.filter(evaluation=evaluation, deputy=deputy).exists()


def _grade(locked: Evaluation, satisfied: int, basically: int, dissatisfied: int) -> None:
    cast = satisfied + basically + dissatisfied
    if cast > locked.present:
        raise TransitionRefused(f"满意、基本满意、不满意之和（{cast}）不能大于出席人数（{locked.present}）。")
    # 测评结果 against all members (M frozen when the meeting opened), DOMAIN §3 / §6 (local).
    result = meeting_rules.evaluation_grade(locked.body_size, satisfied, basically, dissatisfied)
    locked.satisfied, locked.basically_satisfied, locked.dissatisfied = satisfied, basically, dissatisfied
    locked.not_voted = locked.present - cast
    locked.grade = result.grade
    locked.closed_at = timezone.now()


def close_evaluation(evaluation: Evaluation, *, actor, request=None) -> Evaluation:
    """结束测评: the box is closed and its sum awaits the tellers (submit_decryption_share)."""

    def apply(locked):
        if locked.method != Evaluation.Method.ELECTRONIC:
            raise TransitionRefused("书面测评请录入测评结果。")
        box_ = ballot_box.close(locked.ballot_box)
        if box_.totals is not None and not locked.paper_issued:  # an empty box: nothing to decrypt
            _grade(locked, *box_.totals)
            return E.CLOSED
        return E.COUNTING

    return _step(
        "close_evaluation", evaluation, actor=actor, request=request, apply=apply, notify=_refresh_screen
    )


def submit_decryption_share(evaluation: Evaluation, *, actor, document, request=None) -> Evaluation:
    """提交解密份额: one teller's share; with `threshold` verified shares the grades' totals are
    decrypted and the evaluation is graded (rules.evaluation_grade). A bad share changes nothing."""

    def apply(locked):
        totals = ballot_box.submit_decryption_share(locked.ballot_box, document, actor=actor, request=request)
        if totals is None or locked.paper_issued:  # paper forms: staff enter their totals next
            return E.COUNTING
        _grade(locked, *totals)
        return E.CLOSED

    try:
        return _step(
            "submit_decryption_share",
            evaluation,
            actor=actor,
            request=request,
            apply=apply,
            notify=_refresh_screen,
        )
    except ballot_box.BallotRefused as error:
        ballot_box.audit_refusal(
            actor=actor,
            box=evaluation.ballot_box,
            reason=str(error),
            action="refuse_decryption_share",
            request=request,
        )
        raise TransitionRefused(str(error)) from None


def _awaits_paper_counts(evaluation: Evaluation) -> bool:
    """An electronic evaluation that handed out paper forms, its box decrypted: their totals are
    entered next (enter_evaluation_counts) and added to the box's."""
    return (
        evaluation.method == Evaluation.Method.ELECTRONIC
        and evaluation.status == E.COUNTING
        and bool(evaluation.paper_issued)
        and evaluation.ballot_box is not None
        and evaluation.ballot_box.totals is not None
    )


def issue_paper_ballot(evaluation: Evaluation, *, actor, deputy: Deputy, request=None) -> Evaluation:
    """发给纸质测评票 during an electronic evaluation (as elections.issue_paper_ballot): recorded as the
    member's participation (core.ballot_box.box.take_paper_ballot), so the device refuses them
    afterwards, a member who has evaluated on the device gets no paper form, and each is counted
    once. After the box is decrypted staff enter the paper forms' totals (enter_evaluation_counts)."""
    if not permissions.can_issue_paper_ballot(actor, evaluation):
        raise PermissionDenied("您没有权限进行此操作。")

    def check(locked: Evaluation) -> None:
        if locked.method != Evaluation.Method.ELECTRONIC or locked.status != E.OPEN:
            raise TransitionRefused("只有正在进行的电子测评可以另发纸质测评票。")
        attendance = Attendance.objects.filter(meeting_id=locked.meeting_id, deputy=deputy).first()
        if (
            attendance is None
            or attendance.status != Attendance.Status.PRESENT
            or attendance.signed_in_at is None
            or attendance.signed_in_at > locked.opened_at
        ):
            raise TransitionRefused(f"{deputy.name} 测评开始时未签到出席，不能领取测评票。")

    with transaction.atomic():
        locked = ballot_box.take_paper_ballot(
            evaluation,
            EvaluationParticipation(evaluation=evaluation, deputy=deputy),
            check=check,
            already_voted=f"{deputy.name} 已经测评或已领取纸质测评票，每人只能测评一次。",
        )
        Evaluation.objects.filter(pk=locked.pk).update(paper_issued=F("paper_issued") + 1)
        audit.record(
            actor=actor,
            action="issue_paper_ballot",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            note=f"发给 {deputy.name} 纸质测评票",
        )
        _refresh_screen(locked)
    evaluation.refresh_from_db()
    return evaluation


def enter_evaluation_counts(
    evaluation: Evaluation,
    *,
    actor,
    satisfied: int,
    basically_satisfied: int,
    dissatisfied: int,
    request=None,
) -> Evaluation:
    for label, value in (("满意", satisfied), ("基本满意", basically_satisfied), ("不满意", dissatisfied)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise TransitionRefused(f"{label}票数必须是非负整数。")

    def apply(locked):
        device = [0, 0, 0]
        if locked.method != Evaluation.Method.PAPER:
            if not _awaits_paper_counts(locked):
                raise TransitionRefused("电子测评由系统计票，不能手工录入。")
            paper = satisfied + basically_satisfied + dissatisfied
            if paper > locked.paper_issued:
                raise TransitionRefused(
                    f"纸质测评票的满意、基本满意、不满意之和（{paper}）"
                    f"不能多于发出的纸质测评票（{locked.paper_issued} 张）。"
                )
            device = list(locked.ballot_box.totals)
        elif locked.status != E.OPEN:
            raise TransitionRefused("测评不在进行中。")
        _grade(locked, satisfied + device[0], basically_satisfied + device[1], dissatisfied + device[2])

    return _step(
        "enter_evaluation_counts",
        evaluation,
        actor=actor,
        request=request,
        apply=apply,
        notify=_refresh_screen,
    )


# --------------------------------------------------------------------------- appointments


def create_appointment(appointment: Appointment, *, actor, request=None) -> Appointment:
    with transaction.atomic():
        if not permissions.is_staff_of(actor, appointment.congress_id):
            raise PermissionDenied("您没有权限进行此操作。")
        if appointment.received_on > today():
            raise TransitionRefused("收到日期不能晚于今天。")
        appointment.status = AP.RECEIVED
        appointment.save()
        _record_create(
            appointment,
            actor=actor,
            request=request,
            fields=["kind", "requesting_unit", "person_name", "post", "received_on"],
        )
    return appointment


def preliminary_review(appointment: Appointment, *, actor, note: str = "", request=None) -> Appointment:
    note = (note or "").strip()

    def apply(locked):
        locked.review_note = note

    return _step("preliminary_review", appointment, actor=actor, request=request, apply=apply, note=note)


def schedule(
    appointment: Appointment, *, actor, meeting: Meeting, late_reason: str = "", request=None
) -> Appointment:
    """列入常委会会议: the request must have arrived ``appointment_lead_days`` days before (local, default 10)."""
    late_reason = (late_reason or "").strip()

    def apply(locked):
        _committee_meeting(meeting, locked.congress_id, allow_closed=False)
        lead = setting(locked.congress, "appointment_lead_days")
        meeting_on = timezone.localdate(meeting.starts_at)
        if not rules.received_in_time(locked.received_on, meeting_on, lead) and not late_reason:
            raise TransitionRefused(
                f"提请材料应在会议举行{lead}日前送达（收到 {locked.received_on:%Y-%m-%d}，会议 {meeting_on:%Y-%m-%d}，"
                f"相距 {dates.days_between(locked.received_on, meeting_on)} 日）。确需列入的，请填写逾期说明。"
            )
        locked.meeting = meeting
        locked.late_reason = (
            late_reason[:300] if not rules.received_in_time(locked.received_on, meeting_on, lead) else ""
        )

    return _step("schedule", appointment, actor=actor, request=request, apply=apply, note=str(meeting))


def blocking_removals(appointment: Appointment) -> list[Appointment]:
    """Removals for the same post at the same meeting still to be voted (DOMAIN §7)."""
    if appointment.meeting_id is None:
        return []
    others = list(Appointment.objects.filter(meeting_id=appointment.meeting_id).exclude(pk=appointment.pk))
    pending = {AP.RECEIVED, AP.REVIEWED, AP.SCHEDULED, AP.VOTING}
    keys = rules.blocking_removals(
        appointment.kind,
        appointment.post,
        [rules.PendingItem(o.pk, o.kind, o.post, o.status in pending) for o in others],
    )
    return [o for o in others if o.pk in keys]


def put_to_vote(
    appointment: Appointment,
    *,
    actor,
    method: str = Vote.Method.ELECTRONIC,
    secret: bool = True,
    request=None,
) -> Appointment:
    """Open the vote at the meeting through meetings.workflow (quorum checked there, 组织法第五十一条)."""
    if method not in Vote.Method.values:
        raise TransitionRefused("请选择表决方式。")

    def apply(locked):
        meeting = locked.meeting
        if meeting is None or meeting.status != Meeting.Status.OPEN:
            raise TransitionRefused("会议尚未开始或已经结束，不能提请表决。")
        blocking = blocking_removals(locked)
        if blocking:
            raise TransitionRefused("同一职务应先表决免职：" + "；".join(str(b) for b in blocking) + "。")
        held = registry_workflow.post_problem(
            locked.congress_id,
            kind=locked.kind,
            post_name=locked.post,
            person_name=locked.person_name,
            on=today(),
        )
        if held:
            raise TransitionRefused(held)
        order = (meeting.agenda_items.aggregate(n=Max("order"))["n"] or 0) + 1
        item = meetings_workflow.add_agenda_item(
            meeting,
            actor=actor,
            order=order,
            title=str(locked),
            kind=AgendaItem.Kind.APPOINTMENT,
            request=request,
        )
        vote = meetings_workflow.create_vote(
            meeting,
            actor=actor,
            title=str(locked)[:300],
            secret=secret,
            method=method,
            agenda_item=item,
            request=request,
        )
        vote = meetings_workflow.open_vote(vote, actor=actor, request=request)
        locked.vote = vote

    return _step("put_to_vote", appointment, actor=actor, request=request, apply=apply)


def record_result(
    appointment: Appointment, *, actor, counts: dict | None = None, request=None
) -> Appointment:
    """Read the closed vote: passed iff 2*yes > M (counted by meetings.rules.count_vote).

    For a hand count, ``counts`` (yes/no/abstain) are entered on the vote first, in the same transaction.
    """

    def apply(locked):
        vote = Vote.objects.get(pk=locked.vote_id)
        if counts is not None and vote.status == Vote.Status.OPEN:
            vote = meetings_workflow.enter_paper_counts(vote, actor=actor, request=request, **counts)
        if vote.status != Vote.Status.CLOSED:
            raise TransitionRefused("表决尚未结束。")
        locked.decided_on = timezone.localdate(vote.closed_at)
        if vote.passed:
            _record_office_holder(locked, actor=actor, request=request)
        return AP.PASSED if vote.passed else AP.REJECTED

    return _step("record_result", appointment, actor=actor, request=request, apply=apply)


def take_oath(appointment: Appointment, *, actor, on: dt.date, request=None) -> Appointment:
    """宪法宣誓 of a person appointed (or decided as acting head) by the standing committee."""
    _check_date(on, "宣誓日期")

    def apply(locked):
        if not locked.takes_oath:
            raise TransitionRefused("免职和接受辞职不需要宪法宣誓。")
        if locked.decided_on and on < locked.decided_on:
            raise TransitionRefused("宣誓日期不能早于表决通过日期。")
        locked.oath_on = on
        holding = OfficeHolding.objects.filter(
            congress_id=locked.congress_id, source=f"oversight.appointment:{locked.pk}"
        ).first()
        if holding is not None:
            registry_workflow.record_oath(holding, on=on, actor=actor, request=request)

    return _step("take_oath", appointment, actor=actor, request=request, apply=apply)


def withdraw(appointment: Appointment, *, actor, reason: str, request=None) -> Appointment:
    reason = workflow.stated(reason, "撤回原因")
    return _step("withdraw", appointment, actor=actor, request=request, note=reason)


def _record_office_holder(appointment: Appointment, *, actor, request) -> None:
    """A passed 任免 updates the register of office holders on the decision's date (DOMAIN §7)."""
    registry_workflow.record_appointment(
        appointment.congress_id,
        kind=appointment.kind,
        post_name=appointment.post,
        person_name=appointment.person_name,
        on=appointment.decided_on,
        decision=f"{appointment.meeting or '常委会'}：{appointment}"[:200],
        source=f"oversight.appointment:{appointment.pk}",
        actor=actor,
        request=request,
    )
