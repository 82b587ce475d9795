"""The livelihood-project cycle (DOMAIN §3): the only code that assigns a .status in this app.

Every transition locks its row, checks the source status and the permission, writes one audit
row with the actor, saves only the fields it changed, all in one transaction; notifications go
out on commit.  Counting is meetings.rules (the same code as `renda tally`).

Two writes deliberately have no audit row:
- a public online proposal: the Proposal row (channel, time) is itself the record, and a
  per-congress audit chain head would serialise every submission of a busy call;
- a cast ballot (project ballot or evaluation): an audit entry carries the actor and a time and
  would let a reader line voters up with ballots (see meetings.workflow).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, RoleAssignment
from core import audit, notify, secret_ballot
from core.workflow import TransitionRefused
from meetings import rules as counting
from meetings.models import Attendance, CongressSession, Meeting
from projects import permissions as perms
from projects import rules
from projects.models import (
    Attachment,
    Call,
    Evaluation,
    Milestone,
    ProgressReport,
    Project,
    ProjectBallot,
    Proposal,
    SupervisionActivity,
    SupervisionGroup,
    Supporter,
    TellerEntry,
)
from registry.models import Deputy
from registry.queries import deputies_holding_seat, deputy_count

C, P, PR = Call.Status, Proposal.Status, Project.Status
B, E, G, A = ProjectBallot.Status, Evaluation.Status, SupervisionGroup.Status, SupervisionActivity.Status

# The whole lifecycle on one screen: verb → (source statuses, target status).
TRANSITIONS: dict[str, tuple[set[str], str]] = {
    # call (征集 → 筛选 → 确定候选项目 → 提请大会 → 公布票决结果)
    "close_call": ({C.OPEN}, C.SCREENING),
    "lock_candidates": ({C.SCREENING}, C.LOCKED),
    "submit_candidates": ({C.LOCKED}, C.SUBMITTED),
    "announce_result": ({C.SUBMITTED}, C.ANNOUNCED),
    # proposal
    "merge": ({P.SUBMITTED}, P.MERGED),
    "decline": ({P.SUBMITTED}, P.NOT_TAKEN),
    "take": ({P.SUBMITTED, P.TAKEN}, P.TAKEN),  # linked to a candidate project (draw_up / edit_project)
    # project ballot (票决)
    "open_ballot": ({B.DRAFT}, B.OPEN),
    "close_ballot": ({B.OPEN}, B.COUNTING),
    "count_ballot": ({B.COUNTING}, B.CLOSED),
    # supervision
    "confirm_group": ({G.FORMING, G.CONFIRMED}, G.CONFIRMED),
    "send_findings": ({A.RECORDED}, A.SENT),
    "reply": ({A.SENT}, A.REPLIED),
    # evaluation (测评)
    "open_evaluation": ({E.DRAFT}, E.OPEN),
    "close_evaluation": ({E.OPEN}, E.COUNTING),
    "count_evaluation": ({E.COUNTING}, E.CLOSED),
}

ACTION_LABELS = {
    "close_call": "结束征集",
    "lock_candidates": "确定候选项目名单",
    "submit_candidates": "提请大会票决",
    "announce_result": "公布票决结果",
    "merge": "合并",
    "decline": "不予采纳",
    "take": "纳入候选项目",
    "open_ballot": "开始投票",
    "close_ballot": "结束投票",
    "count_ballot": "计票",
    "confirm_group": "确定监督小组",
    "send_findings": "送承办单位",
    "reply": "答复",
    "open_evaluation": "开始测评",
    "close_evaluation": "结束测评",
    "count_evaluation": "计票并公布",
}


class AlreadyVoted(TransitionRefused):
    def __init__(self):
        super().__init__("您已投票，不能重复投票。")


def _guard(verb: str, obj, allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied("您没有权限进行此操作。")
    sources, _target = TRANSITIONS[verb]
    if obj.status not in sources:
        raise TransitionRefused(f"当前状态为“{obj.get_status_display()}”，不能{ACTION_LABELS[verb]}。")


def _move(verb: str, obj) -> list[str]:
    before = obj.status
    obj.status = TRANSITIONS[verb][1]
    return [before, obj.status]


def _users_with(congress_id: int, role: str, **where):
    return [
        a.user
        for a in RoleAssignment.objects.filter(
            congress_id=congress_id, role=role, is_active=True, **where
        ).select_related("user")
    ]


def setting(congress, key: str):
    return perms.settings_of(congress)[key]


def allowed_actions(obj, user) -> list[str]:
    """The verbs that apply to ``obj`` now for ``user``: draws the buttons, checked again on POST."""
    checks = {
        Call: {
            "close_call": perms.can_close_call,
            "lock_candidates": perms.can_lock_candidates,
            "submit_candidates": perms.can_submit_candidates,
            "announce_result": perms.can_announce_result,
        },
        Proposal: {"merge": perms.can_merge, "decline": perms.can_decline},
        ProjectBallot: {
            v: (lambda u, o: perms.can_run_ballot(u, o.congress_id))
            for v in ("open_ballot", "close_ballot", "count_ballot")
        },
        Evaluation: {
            v: (lambda u, o: perms.can_run_ballot(u, o.congress_id))
            for v in ("open_evaluation", "close_evaluation", "count_evaluation")
        },
        SupervisionActivity: {"send_findings": perms.can_send_findings, "reply": perms.can_reply},
    }[type(obj)]
    return [verb for verb, check in checks.items() if obj.status in TRANSITIONS[verb][0] and check(user, obj)]


# =========================================================================== collection (征集)


def open_call(
    congress,
    *,
    actor,
    year: int,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    description: str = "",
    request=None,
) -> Call:
    if not perms.can_open_call(actor, congress):
        raise PermissionDenied("您没有权限进行此操作。")
    days = setting(congress, "call_days")
    if closes_on < opens_on:
        raise TransitionRefused("征集截止日期不能早于开始日期。")
    if not rules.call_long_enough(opens_on, closes_on, days):
        raise TransitionRefused(f"征集期不少于 {days} 天（本人大设置），请延后截止日期。")
    with transaction.atomic():
        if Call.objects.filter(congress=congress, year=year).exists():
            raise TransitionRefused(f"{year} 年度的项目征集已经存在。")
        call = Call.objects.create(
            congress=congress,
            year=year,
            title=title.strip(),
            opens_on=opens_on,
            closes_on=closes_on,
            description=description.strip(),
        )
        audit.record(
            actor=actor,
            action="open_call",
            obj=call,
            congress=congress,
            request=request,
            changes=audit.snapshot(call, ["year", "title", "opens_on", "closes_on"]),
        )
    return call


def accepting(call: Call, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return call.status == C.OPEN and call.opens_on <= today <= call.closes_on


def _new_code(year: int) -> str:
    return rules.tracking_code(year, secrets.token_bytes(8))


def _save_files(files: Sequence, **owner) -> None:
    for upload in files:
        upload.seek(0)
        content_type, extension = rules.sniff(upload.read(16))
        upload.seek(0)
        attachment = Attachment(
            original_name=(upload.name or "附件")[:150], content_type=content_type, size=upload.size, **owner
        )
        # The stored name is random: the citizen's file name never reaches the file system.
        attachment.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
        attachment.save()


def submit_proposal(
    call: Call,
    *,
    data: Mapping,
    files: Sequence = (),
    channel: str = Proposal.Channel.ONLINE,
    actor=None,
    deputy: Deputy | None = None,
    station=None,
    request=None,
) -> tuple[Proposal, bool]:
    """Store a proposal and its checked attachments; returns (proposal, duplicate).

    A near-identical proposal (same fingerprint in the same call) is not stored twice: the
    submission is linked to the proposal already received (Supporter row, counter +1), and that
    proposal's tracking code is returned. The unique constraint decides, so racing duplicates too.
    """
    if channel != Proposal.Channel.ONLINE and not perms.can_submit_on_behalf(actor, call.congress):
        raise PermissionDenied("您没有权限代为提交建议。")
    if channel == Proposal.Channel.ONLINE and not accepting(call):
        raise TransitionRefused("本年度项目建议征集未在进行中。")
    if channel != Proposal.Channel.ONLINE and call.status != C.OPEN:
        raise TransitionRefused("征集已经结束，不能再录入建议。")
    fields = {k: data[k] for k in ("title", "description", "location", "category", "name", "mobile")}
    fields["subdistrict_id"] = getattr(data["subdistrict"], "pk", data["subdistrict"])
    fields["title"], fields["description"] = fields["title"].strip(), fields["description"].strip()
    fingerprint = rules.fingerprint(fields["title"], fields["description"])
    entered_by = actor if getattr(actor, "is_authenticated", False) else None
    for _attempt in range(5):
        try:
            # One INSERT, no savepoint: the unique constraint aborts the whole transaction on a
            # duplicate, so the duplicate is handled after it (a busy call takes hundreds a second).
            # A lone INSERT needs no BEGIN/COMMIT round trips; attachments and audit rows go with it.
            alone = not files and channel == Proposal.Channel.ONLINE and not connection.in_atomic_block
            with contextlib.nullcontext() if alone else transaction.atomic():
                proposal = Proposal.objects.create(
                    congress_id=call.congress_id,
                    call=call,
                    tracking_code=_new_code(call.year),
                    fingerprint=fingerprint,
                    channel=channel,
                    deputy=deputy,
                    station=station,
                    entered_by=entered_by,
                    **fields,
                )
                _save_files(files, proposal=proposal)
                if channel != Proposal.Channel.ONLINE:
                    audit.record(
                        actor=actor,
                        action="submit",
                        obj=proposal,
                        congress=call.congress_id,
                        request=request,
                        changes=audit.snapshot(
                            proposal, ["tracking_code", "title", "channel", "deputy", "station"]
                        ),
                    )
            return proposal, False
        except IntegrityError:
            with transaction.atomic():
                existing = (
                    Proposal.objects.select_for_update().filter(call=call, fingerprint=fingerprint).first()
                )
                if existing is not None:
                    Supporter.objects.create(
                        proposal=existing, name=fields["name"], mobile=fields["mobile"], channel=channel
                    )
                    Proposal.objects.filter(pk=existing.pk).update(supporters=F("supporters") + 1)
                    return existing, True
            # otherwise the random tracking code collided: draw another
    raise TransitionRefused("系统繁忙，请稍后重试。")  # pragma: no cover — five collisions of 39 random bits


def close_call(call: Call, *, actor, request=None) -> Call:
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        _guard("close_call", locked, perms.can_close_call(actor, locked))
        if timezone.localdate() <= locked.closes_on:
            raise TransitionRefused(f"征集截止日期为 {locked.closes_on:%Y-%m-%d}，征集期未满，不能提前结束。")
        change = _move("close_call", locked)
        locked.save(update_fields=["status"])
        audit.record(
            actor=actor,
            action="close_call",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"status": change},
        )
        unit = perms.screening_unit(locked.congress)
        if unit is not None:
            notify.send(
                _users_with(locked.congress_id, Role.UNIT_HANDLER, unit=unit),
                title=f"{locked.title}已结束，请筛选候选项目",
                kind="close_call",
                congress=locked.congress_id,
                url=reverse("projects:call_detail", args=[locked.pk]),
            )
    return locked


def merge(proposal: Proposal, *, actor, into: Proposal, request=None) -> Proposal:
    """并案: a near-duplicate the fingerprint missed is folded into another proposal of the call."""
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _guard("merge", locked, perms.can_merge(actor, locked))
        target = Proposal.objects.select_for_update().get(pk=into.pk)
        if target.pk == locked.pk or target.call_id != locked.call_id:
            raise TransitionRefused("只能合并到同一年度征集中的另一条建议。")
        if target.status == P.MERGED:
            raise TransitionRefused(f"{target.tracking_code} 本身已合并到其他建议，请合并到最终的那一条。")
        change = _move("merge", locked)
        locked.merged_into = target
        locked.save(update_fields=["status", "merged_into"])
        Proposal.objects.filter(pk=target.pk).update(supporters=F("supporters") + 1 + locked.supporters)
        audit.record(
            actor=actor,
            action="merge",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"status": change, "merged_into": [None, target.pk]},
        )
    return locked


def tag_reserve_pool(proposal: Proposal, *, actor, on: bool, request=None) -> Proposal:
    """储备库: a tag, not a status — a proposal of any status can be kept for later years."""
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not perms.can_tag_reserve_pool(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.in_reserve_pool == on:
            return locked
        locked.in_reserve_pool = on
        locked.save(update_fields=["in_reserve_pool"])
        audit.record(
            actor=actor,
            action="tag_reserve_pool",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"in_reserve_pool": [not on, on]},
        )
    return locked


# =========================================================================== screening (筛选)


def decline(proposal: Proposal, *, actor, reason: str, note: str = "", request=None) -> Proposal:
    if reason not in rules.DECLINE_REASONS:
        raise TransitionRefused("请选择未采纳的原因。")
    note = (note or "").strip()
    if reason == "other" and not note:
        raise TransitionRefused("选择“其他原因”时请填写说明。")
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().select_related("call__congress").get(pk=proposal.pk)
        _guard("decline", locked, perms.can_decline(actor, locked))
        if locked.call.status not in (C.OPEN, C.SCREENING):
            raise TransitionRefused("候选项目名单已经确定，不能再改变建议的处理结果。")
        change = _move("decline", locked)
        locked.decline_reason, locked.decline_note = reason, note[:300]
        fields = ["status", "decline_reason", "decline_note"]
        if reason == "reserve_pool" and not locked.in_reserve_pool:
            locked.in_reserve_pool = True
            fields.append("in_reserve_pool")
        locked.save(update_fields=fields)
        audit.record(
            actor=actor,
            action="decline",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"status": change, "decline_reason": [None, reason]},
            note=note,
        )
    return locked


PROJECT_FIELDS = ("title", "content", "budget", "lead_unit", "target", "deadline")


def _link_proposals(project: Project, proposals: Sequence[Proposal]) -> None:
    for proposal in proposals:
        if proposal.call_id != project.call_id:
            raise TransitionRefused(f"建议 {proposal.tracking_code} 不属于本年度征集。")
        if proposal.status not in TRANSITIONS["take"][0]:
            raise TransitionRefused(
                f"建议 {proposal.tracking_code} 当前为“{proposal.get_status_display()}”，不能纳入候选项目。"
            )
    before = set(project.proposals.values_list("pk", flat=True))
    project.proposals.set(proposals)
    Proposal.objects.filter(pk__in=[p.pk for p in proposals]).update(status=TRANSITIONS["take"][1])
    dropped = before - {p.pk for p in proposals}
    # A proposal no other project takes goes back to 已收到 (to be taken or declined again).
    Proposal.objects.filter(pk__in=dropped, projects__isnull=True).update(status=P.SUBMITTED)


def draw_up(call: Call, *, actor, proposals: Sequence[Proposal], request=None, **fields) -> Project:
    """The screening unit turns proposals into a candidate project (拟定, status draft)."""
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        if not perms.can_draw_up(actor, locked):
            raise PermissionDenied("您没有权限拟定候选项目。")
        if locked.status != C.SCREENING:
            raise TransitionRefused("只有征集结束、筛选期间才能拟定候选项目。")
        if locked.projects.filter(title=fields["title"].strip()).exists():
            raise TransitionRefused(f"已有名为“{fields['title'].strip()}”的项目。")
        number = (locked.projects.aggregate(m=Max("number"))["m"] or 0) + 1
        values = {k: fields[k] for k in PROJECT_FIELDS}
        values["title"] = values["title"].strip()
        project = Project.objects.create(
            congress_id=locked.congress_id, call=locked, number=number, created_by=actor, **values
        )
        _link_proposals(project, proposals)
        audit.record(
            actor=actor,
            action="draw_up",
            obj=project,
            congress=locked.congress_id,
            request=request,
            changes={**audit.snapshot(project, list(PROJECT_FIELDS)), "proposals": [p.pk for p in proposals]},
        )
    return project


def edit_project(
    project: Project, *, actor, proposals: Sequence[Proposal], request=None, **fields
) -> Project:
    with transaction.atomic():
        locked = Project.objects.select_for_update().select_related("call__congress").get(pk=project.pk)
        if not perms.can_draw_up(actor, locked.call):
            raise PermissionDenied("您没有权限修改候选项目。")
        if locked.status != PR.DRAFT or locked.call.status != C.SCREENING:
            raise TransitionRefused("候选项目名单已经确定，不能再修改。")
        title = fields["title"].strip()
        if locked.call.projects.filter(title=title).exclude(pk=locked.pk).exists():
            raise TransitionRefused(f"已有名为“{title}”的项目。")
        before = {
            **audit.snapshot(locked, list(PROJECT_FIELDS)),
            "proposals": sorted(locked.proposals.values_list("pk", flat=True)),
        }
        changed = []
        for name in PROJECT_FIELDS:
            value = title if name == "title" else fields[name]
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                changed.append(name)
        if changed:
            locked.save(update_fields=changed)
        _link_proposals(locked, proposals)
        after = {**audit.snapshot(locked, list(PROJECT_FIELDS)), "proposals": sorted(p.pk for p in proposals)}
        audit.record(
            actor=actor,
            action="edit_project",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes=audit.diff(before, after),
        )
    return locked


def lock_candidates(call: Call, *, actor, request=None) -> Call:
    """确定候选项目名单: every proposal taken, declined with a reason or merged; more candidates
    than projects to adopt (差额, DOMAIN §3 票决)."""
    with transaction.atomic():
        locked = Call.objects.select_for_update().select_related("congress").get(pk=call.pk)
        _guard("lock_candidates", locked, perms.can_lock_candidates(actor, locked))
        open_count = locked.proposals.filter(status=P.SUBMITTED).count()
        if open_count:
            raise TransitionRefused(
                f"还有 {open_count} 条建议未处理：每条建议须纳入候选项目，或选择未采纳的原因。"
            )
        drafts = list(locked.projects.filter(status=PR.DRAFT).order_by("number", "pk"))
        adopt = setting(locked.congress, "adopt")
        if len(drafts) <= adopt:
            raise TransitionRefused(f"候选项目 {len(drafts)} 个，须多于拟票决产生的 {adopt} 个（差额票决）。")
        for number, project in enumerate(drafts, start=1):
            project.number, project.status = number, PR.CANDIDATE
        Project.objects.bulk_update(drafts, ["number", "status"])
        change = _move("lock_candidates", locked)
        locked.locked_at = timezone.now()
        locked.save(update_fields=["status", "locked_at"])
        audit.record(
            actor=actor,
            action="lock_candidates",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"status": change, "candidates": [p.title for p in drafts]},
        )
    return locked


def submit_candidates(call: Call, *, actor, session: CongressSession, request=None) -> Call:
    """提请: the candidate list goes to the session's deputies before the plenary votes on it."""
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        _guard("submit_candidates", locked, perms.can_submit_candidates(actor, locked))
        if session.congress_id != locked.congress_id:
            raise TransitionRefused("请选择本级人大的会议。")
        change = _move("submit_candidates", locked)
        locked.session, locked.submitted_at = session, timezone.now()
        locked.save(update_fields=["status", "session", "submitted_at"])
        audit.record(
            actor=actor,
            action="submit_candidates",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"status": change, "session": [None, session.pk]},
        )
        deputies = [
            d.user
            for d in deputies_holding_seat(locked.congress).filter(user__isnull=False).select_related("user")
        ]
        notify.send(
            deputies,
            title=f"{locked.year} 年度民生实事候选项目名单已提请{session}",
            kind="submit_candidates",
            congress=locked.congress_id,
            url=reverse("projects:call_detail", args=[locked.pk]),
        )
    return locked


# =========================================================================== ballot (票决)


def _one_item_open(meeting: Meeting) -> None:
    if (
        ProjectBallot.objects.filter(meeting=meeting, status=B.OPEN).exists()
        or Evaluation.objects.filter(meeting=meeting, status=E.OPEN).exists()
        or meeting.votes.filter(status="open").exists()
    ):
        raise TransitionRefused("本次会议已有正在进行的表决或票决，请先结束。")


def _plenary(call: Call, meeting: Meeting) -> None:
    if meeting.congress_id != call.congress_id or meeting.kind != Meeting.Kind.PLENARY:
        raise TransitionRefused("票决和测评须在本级人民代表大会的全体会议上进行。")
    if meeting.status == Meeting.Status.CLOSED:
        raise TransitionRefused("会议已经结束。")


FROZEN_BALLOT_SETTINGS = ("ballot_mode", "adopt", "require_majority_of_all", "tie_rule")


def _check_tellers(congress_id: int, tellers: Sequence) -> list:
    """Paper sheets are entered by two different staff members of the congress, independently."""
    tellers = list(dict.fromkeys(tellers))
    if len(tellers) != counting.TELLERS:
        raise TransitionRefused("纸质选票须指定两名不同的计票人，分别独立录入每一张选票。")
    if any(not perms.is_staff(u, congress_id) for u in tellers):
        raise TransitionRefused("计票人须为本级人大的工作人员。")
    return tellers


def create_ballot(
    call: Call, *, actor, meeting: Meeting, method: str, tellers: Sequence = (), request=None
) -> ProjectBallot:
    """Arrange the ballot; a paper ballot names its two tellers (计票人) now."""
    with transaction.atomic():
        locked = Call.objects.select_for_update().select_related("congress").get(pk=call.pk)
        if not perms.can_run_ballot(actor, locked.congress_id):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status != C.SUBMITTED:
            raise TransitionRefused("候选项目名单提请大会后才能票决。")
        _plenary(locked, meeting)
        if locked.ballots.exclude(status=B.CLOSED).exists():
            raise TransitionRefused("已有尚未完成的票决。")
        tellers = _check_tellers(locked.congress_id, tellers) if method == ProjectBallot.Method.PAPER else []
        candidates = list(
            locked.projects.filter(status=PR.CANDIDATE).order_by("number").values_list("title", flat=True)
        )
        frozen = {k: setting(locked.congress, k) for k in FROZEN_BALLOT_SETTINGS}
        ballot = ProjectBallot.objects.create(
            congress_id=locked.congress_id,
            call=locked,
            meeting=meeting,
            method=method,
            candidates=candidates,
            settings=frozen,
            title=f"{locked.year}年度民生实事项目票决",
        )
        ballot.tellers.set(tellers)
        audit.record(
            actor=actor,
            action="create_ballot",
            obj=ballot,
            congress=locked.congress_id,
            request=request,
            changes={
                "meeting": meeting.pk,
                "method": method,
                "candidates": candidates,
                "settings": frozen,
                "tellers": sorted(u.pk for u in tellers),
            },
        )
    return ballot


def choose_tellers(ballot: ProjectBallot, *, actor, tellers: Sequence, request=None) -> ProjectBallot:
    """Change a paper ballot's two tellers, e.g. for a re-vote; only before any sheet is entered."""
    with transaction.atomic():
        locked = ProjectBallot.objects.select_for_update().get(pk=ballot.pk)
        if not perms.can_run_ballot(actor, locked.congress_id):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.method != ProjectBallot.Method.PAPER:
            raise TransitionRefused("电子票决由系统计票，不需要计票人。")
        if locked.status == B.CLOSED or locked.teller_entries.exists():
            raise TransitionRefused("已开始录入选票，不能再更换计票人。")
        tellers = _check_tellers(locked.congress_id, tellers)
        before = sorted(locked.tellers.values_list("pk", flat=True))
        locked.tellers.set(tellers)
        audit.record(
            actor=actor,
            action="choose_tellers",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"tellers": [before, sorted(u.pk for u in tellers)]},
        )
    return locked


def _present_ids(meeting: Meeting) -> list[int]:
    return list(
        Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT)
        .order_by("deputy_id")
        .values_list("deputy_id", flat=True)
    )


def _freeze_attendance(obj, meeting: Meeting) -> None:
    """Quorum (组织法 14: 3*present >= 2*N), then N, the present and whom a ballot is issued to."""
    if meeting.status != Meeting.Status.OPEN:
        raise TransitionRefused("会议尚未开始或已经结束。")
    _one_item_open(meeting)
    present = _present_ids(meeting)
    size = meeting.body_size or deputy_count(meeting.congress, meeting.starts_at.date())
    if not present or not counting.quorum_met("congress", size, min(len(present), size)):
        raise TransitionRefused(
            f"出席代表 {len(present)} 名，不足全体代表 {size} 名的三分之二（组织法第十四条）。"
        )
    obj.body_size, obj.present = size, len(present)
    obj.issued_to = present if obj.method == "electronic" else []
    obj.opened_at = timezone.now()


def open_ballot(ballot: ProjectBallot, *, actor, request=None) -> ProjectBallot:
    with transaction.atomic():
        locked = ProjectBallot.objects.select_for_update().get(pk=ballot.pk)
        _guard("open_ballot", locked, perms.can_run_ballot(actor, locked.congress_id))
        if locked.method == ProjectBallot.Method.PAPER and locked.tellers.count() != counting.TELLERS:
            raise TransitionRefused("纸质选票须指定两名计票人，分别独立录入每一张选票。")
        meeting = Meeting.objects.select_for_update().get(pk=locked.meeting_id)
        _freeze_attendance(locked, meeting)
        change = _move("open_ballot", locked)
        locked.save(update_fields=["status", "body_size", "present", "issued_to", "opened_at"])
        audit.record(
            actor=actor,
            action="open_ballot",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"status": change, "body_size": locked.body_size, "present": locked.present},
        )
    _forget_screen(locked.meeting_id)
    return locked


def ballot_content(ballot: ProjectBallot, choices: Mapping[str, object], *, electronic: bool):
    """A ballot in the tally format: the ticked titles (approval), or {title: [mark]} (per line)."""
    titles = ballot.candidates
    if ballot.mode == "approval":
        ticked = [t for t in titles if choices.get(t)]
        if electronic and len(ticked) > ballot.adopt:
            raise TransitionRefused(
                f"您选择了 {len(ticked)} 个项目，最多只能选择 {ballot.adopt} 个，否则选票作废；请减少选择。"
            )
        return ticked
    content = {}
    for title in titles:
        mark = choices.get(title) or "abstain"
        if mark not in counting.PROJECT_MARKS:
            raise TransitionRefused(f"对“{title}”的选择无法识别。")
        content[title] = [mark]
    return content


def _issued(locked, deputy: Deputy, meeting_id: int) -> None:
    present = Attendance.objects.filter(
        meeting_id=meeting_id, deputy=deputy, status=Attendance.Status.PRESENT
    ).exists()
    if not present or deputy.pk not in locked.issued_to:
        raise TransitionRefused("您未在本次会议签到出席（或开始投票后才签到），不能参加本次投票。")


def cast_ballot(ballot: ProjectBallot, *, deputy: Deputy, choices: Mapping[str, object]) -> None:
    """One electronic ballot, once; Participation and Ballot share nothing. No audit row."""
    content = ballot_content(ballot, choices, electronic=True)
    with transaction.atomic():
        locked = ProjectBallot.objects.select_for_update().get(pk=ballot.pk)
        if locked.congress_id != deputy.congress_id:
            raise PermissionDenied
        if locked.status != B.OPEN or locked.method != ProjectBallot.Method.ELECTRONIC:
            raise TransitionRefused("本次票决未在电子投票中。")
        _issued(locked, deputy, locked.meeting_id)
        secret_ballot.cast(
            locked.participations, locked.papers, deputy=deputy, already_voted=AlreadyVoted(), content=content
        )


def close_ballot(
    ballot: ProjectBallot,
    *,
    actor,
    ballots_issued: int | None = None,
    ballots_returned: int | None = None,
    request=None,
) -> ProjectBallot:
    """End voting. Electronic: issued = deputies present at the opening, returned = ballots cast,
    and the count follows at once. Paper: staff enter issued and returned, then the sheets."""
    with transaction.atomic():
        locked = ProjectBallot.objects.select_for_update().get(pk=ballot.pk)
        _guard("close_ballot", locked, perms.can_run_ballot(actor, locked.congress_id))
        if locked.method == ProjectBallot.Method.ELECTRONIC:
            locked.ballots_issued, locked.ballots_returned = len(locked.issued_to), locked.papers.count()
        else:
            if ballots_issued is None or ballots_returned is None:
                raise TransitionRefused("请填写发出选票数和收回选票数。")
            if ballots_issued > locked.present:
                raise TransitionRefused(
                    f"发出选票数（{ballots_issued}）不能多于出席代表数（{locked.present}）。"
                )
            locked.ballots_issued, locked.ballots_returned = ballots_issued, ballots_returned
        change = _move("close_ballot", locked)
        locked.save(update_fields=["status", "ballots_issued", "ballots_returned"])
        audit.record(
            actor=actor,
            action="close_ballot",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={
                "status": change,
                "ballots_issued": locked.ballots_issued,
                "ballots_returned": locked.ballots_returned,
            },
        )
        if locked.method == ProjectBallot.Method.ELECTRONIC:
            locked = count_ballot(locked, actor=actor, request=request)
    _forget_screen(locked.meeting_id)
    return locked


def parse_sheets(ballot: ProjectBallot, text: str, first: int = 1) -> list:
    """Paper sheets typed one per line, numbered from ``first``; raises TransitionRefused naming
    every bad sheet. A sheet ticking more than n is kept as read: the count voids it (DOMAIN §3)."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    contents, errors = [], []
    titles = ballot.candidates
    for number, line in enumerate(lines, start=first):
        try:
            if ballot.mode == "approval":
                contents.append(
                    [titles[n - 1] for n in sorted(rules.parse_approval_sheet(line, len(titles)))]
                )
            else:
                marks = rules.parse_per_line_sheet(line, len(titles))
                contents.append({t: m for t, m in zip(titles, marks) if m})
        except ValueError as error:
            errors.append(f"第 {number} 张：{error}")
    if errors:
        raise TransitionRefused("；".join(errors[:10]) + ("……" if len(errors) > 10 else ""))
    return contents


def enter_sheets(
    ballot: ProjectBallot, *, teller, text: str, first: int = 1, request=None
) -> list[TellerEntry]:
    """One teller's reading of paper sheets ``first``, ``first``+1, …, one per line; entering a
    sheet again replaces that teller's reading of it. Each teller sees only their own entries."""
    with transaction.atomic():
        locked = ProjectBallot.objects.select_for_update().get(pk=ballot.pk)
        if not perms.can_enter_sheets(teller, locked):
            raise PermissionDenied("只有本次票决指定的计票人可以录入选票。")
        if locked.method != ProjectBallot.Method.PAPER:
            raise TransitionRefused("电子票决由系统计票。")
        if locked.status != B.COUNTING:
            raise TransitionRefused("只有结束投票、收回选票后才能录入选票。")
        contents = parse_sheets(locked, text, first)
        if not contents:
            raise TransitionRefused("请录入选票，每行一张。")
        returned = locked.ballots_returned or 0
        last = first + len(contents) - 1
        if first < 1 or last > returned:
            raise TransitionRefused(
                f"选票编号应在 1 至 {returned} 之间（收回选票数），本次录入为第 {first} 至 {last} 张。"
            )
        before = {
            e.sheet: e.content
            for e in locked.teller_entries.filter(teller=teller, sheet__gte=first, sheet__lte=last)
        }
        entries = [
            TellerEntry.objects.update_or_create(
                ballot=locked, teller=teller, sheet=number, defaults={"content": content}
            )[0]
            for number, content in enumerate(contents, start=first)
        ]
        audit.record(
            actor=teller,
            action="enter_sheets",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={
                "sheets": [first, last],
                "corrected": sorted(n for n, c in before.items() if c != contents[n - first]),
            },
        )
    return entries


def sheet_comparison(ballot: ProjectBallot) -> tuple[list, list[dict], bool]:
    """(tellers, every sheet where the two tellers differ or one is missing, complete and agreed).

    A paper ballot is counted only when both tellers entered every sheet 1..ballots_returned and
    agree on every one (meetings.rules.compare_teller_readings, shared with elections).
    """
    tellers = list(ballot.tellers.order_by("pk"))
    entries: dict[int, dict[int, object]] = {}
    for entry in ballot.teller_entries.all():
        entries.setdefault(entry.sheet, {})[entry.teller_id] = entry.content
    differing, agreed = counting.compare_teller_readings(
        [t.pk for t in tellers], entries, ballot.ballots_returned or 0
    )
    mismatches = [
        {
            "sheet": sheet,
            "readings": [
                (
                    teller,
                    None if content is None else rules.sheet_line(ballot.mode, ballot.candidates, content),
                )
                for teller, content in zip(tellers, row)
            ],
        }
        for sheet, row in differing
    ]
    return tellers, mismatches, agreed


def export_document(ballot: ProjectBallot) -> dict:
    """The anonymised ballots in the `renda tally` project_ballot format (docs/tally.md)."""
    document = {
        "kind": "project_ballot",
        "body_size": ballot.body_size,
        "present": ballot.present,
        "ballots_issued": ballot.ballots_issued,
        "ballots_returned": ballot.ballots_returned,
        "adopt": ballot.adopt,
        "require_majority_of_all": bool(ballot.settings.get("require_majority_of_all")),
        "candidates": list(ballot.candidates),
        "ballots": list(ballot.papers.order_by("id").values_list("content", flat=True)),
    }
    if ballot.mode != "approval":
        document["mode"] = "per_line"
    return document


def result_dict(result: counting.ProjectBallotResult) -> dict:
    """meetings.rules.ProjectBallotResult as the `renda tally` project_ballot output."""
    data = {
        "kind": "project_ballot",
        "quorum_met": result.quorum_met,
        "round_valid": result.round_valid,
        "valid_ballots": result.valid_ballots,
        "void_ballots": result.void_ballots,
        "counts": dict(result.counts),
        "adopted": list(result.adopted),
        "revote": (
            {"candidates": list(result.revote.candidates), "places": result.revote.places}
            if result.revote
            else None
        ),
        "shortfall": result.shortfall,
    }
    if result.line_counts is not None:
        data["line_counts"] = {
            name: {"yes": c.yes, "no": c.no, "abstain": c.abstain, "ignored": c.ignored}
            for name, c in result.line_counts.items()
        }
    return data


def count(ballot: ProjectBallot) -> counting.ProjectBallotResult:
    doc = export_document(ballot)
    doc.pop("kind")
    mode = doc.pop("mode", "approval")
    counter = counting.count_project_ballot if mode == "approval" else counting.count_project_ballot_per_line
    return counter(**doc)


def count_ballot(ballot: ProjectBallot, *, actor, request=None) -> ProjectBallot:
    with transaction.atomic():
        locked = ProjectBallot.objects.select_for_update().get(pk=ballot.pk)
        _guard("count_ballot", locked, perms.can_run_ballot(actor, locked.congress_id))
        if locked.method == ProjectBallot.Method.PAPER:
            void_round = (locked.ballots_returned or 0) > (locked.ballots_issued or 0)
            tellers, mismatches, agreed = sheet_comparison(locked)
            if not void_round and not agreed:
                raise TransitionRefused(
                    f"两名计票人的录入还有 {len(mismatches)} 张选票不一致或未录入，核对一致后才能计票。"
                )
            contents = (
                []
                if void_round
                else list(
                    locked.teller_entries.filter(teller=tellers[0])
                    .order_by("sheet")
                    .values_list("content", flat=True)
                )
            )
            # The agreed sheets become the ballot's papers, in random order like electronic ones.
            secret_ballot.shuffle_ballots(locked.papers, [{"content": c} for c in contents])
        else:
            secret_ballot.shuffle_ballots(locked.papers)
            secret_ballot.rewrite_participations(locked.participations)
        try:
            result = count(locked)
        except counting.RuleInputError as error:
            raise TransitionRefused(f"计票数据有误：{error}") from None
        locked.result = result_dict(result)
        locked.closed_at = timezone.now()
        change = _move("count_ballot", locked)
        locked.save(update_fields=["status", "result", "closed_at"])
        follow_up = _follow_up(locked, result)
        audit.record(
            actor=actor,
            action="count_ballot",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={
                "status": change,
                "adopted": locked.result["adopted"],
                "follow_up": follow_up.pk if follow_up else None,
            },
        )
    _forget_screen(locked.meeting_id)
    return locked


def _follow_up(ballot: ProjectBallot, result) -> ProjectBallot | None:
    """A void round is voted again (重选); a tie at place n is re-voted among exactly the tied
    projects when the tie rule says so (组织法 29 by analogy); with `presidium` staff record the
    主席团's decision instead (decide_tie)."""
    follow_up = None
    if not (result.quorum_met and result.round_valid):
        follow_up = ProjectBallot.objects.create(
            congress_id=ballot.congress_id,
            call_id=ballot.call_id,
            meeting_id=ballot.meeting_id,
            follows=ballot.follows,
            method=ballot.method,
            candidates=ballot.candidates,
            settings=ballot.settings,
            title=f"{ballot.title}（重新投票）",
        )
    elif result.revote and ballot.settings.get("tie_rule") == "revote":
        settings = {**ballot.settings, "adopt": result.revote.places, "require_majority_of_all": False}
        follow_up = ProjectBallot.objects.create(
            congress_id=ballot.congress_id,
            call_id=ballot.call_id,
            meeting_id=ballot.meeting_id,
            follows=ballot,
            method=ballot.method,
            candidates=list(result.revote.candidates),
            settings=settings,
            title=f"{ballot.title}（票数相等项目再次投票）",
        )
    if follow_up is not None:
        # The same tellers count the re-vote unless staff choose others (choose_tellers).
        follow_up.tellers.set(ballot.tellers.all())
    return follow_up


def decide_tie(ballot: ProjectBallot, *, actor, chosen: Sequence[str], request=None) -> ProjectBallot:
    """主席团决定 which of the projects tied at place n are adopted (tie rule `presidium`)."""
    with transaction.atomic():
        locked = ProjectBallot.objects.select_for_update().get(pk=ballot.pk)
        if not perms.can_run_ballot(actor, locked.congress_id):
            raise PermissionDenied("您没有权限进行此操作。")
        revote = (locked.result or {}).get("revote")
        if locked.status != B.CLOSED or not revote or locked.settings.get("tie_rule") != "presidium":
            raise TransitionRefused("本次票决没有需要主席团决定的票数相等项目。")
        chosen = list(dict.fromkeys(chosen))
        if len(chosen) != revote["places"] or not set(chosen) <= set(revote["candidates"]):
            raise TransitionRefused(f"请从票数相等的项目中选择 {revote['places']} 个。")
        locked.presidium_decision = chosen
        locked.save(update_fields=["presidium_decision"])
        audit.record(
            actor=actor,
            action="decide_tie",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"presidium_decision": [None, chosen]},
        )
    return locked


def ballot_outcome(call: Call) -> dict:
    """Adopted projects over the decisive ballot and its re-votes; whether anything is pending."""
    ballots = list(call.ballots.order_by("pk"))
    main = None
    for ballot in ballots:
        if (
            ballot.follows_id is None
            and ballot.status == B.CLOSED
            and ballot.result
            and ballot.result["quorum_met"]
            and ballot.result["round_valid"]
        ):
            main = ballot
    if main is None:
        return {"main": None, "adopted": [], "pending": True, "shortfall": 0, "counts": {}}
    adopted, current, pending = list(main.result["adopted"]), main, False
    shortfall = main.result["shortfall"]
    while current.result.get("revote"):
        if current.settings.get("tie_rule") == "presidium":
            if current.presidium_decision:
                adopted += current.presidium_decision
            else:
                pending = True
            break
        valid = [
            b
            for b in ballots
            if b.follows_id == current.pk
            and b.status == B.CLOSED
            and b.result
            and b.result["quorum_met"]
            and b.result["round_valid"]
        ]
        if not valid:
            pending = True
            break
        current = valid[-1]
        adopted += current.result["adopted"]
        shortfall += current.result["shortfall"]
    return {
        "main": main,
        "adopted": adopted,
        "pending": pending,
        "shortfall": shortfall,
        "counts": main.result["counts"],
    }


def announce_result(call: Call, *, actor, request=None) -> Call:
    """公告: per-project votes and the adopted projects; the public page shows them from now on."""
    with transaction.atomic():
        locked = Call.objects.select_for_update().get(pk=call.pk)
        _guard("announce_result", locked, perms.can_announce_result(actor, locked))
        outcome = ballot_outcome(locked)
        if outcome["main"] is None:
            raise TransitionRefused("尚无有效的票决结果。")
        if outcome["pending"]:
            raise TransitionRefused("第 n 位票数相等，尚需再次投票或由主席团决定。")
        now = timezone.now()
        adopted = set(outcome["adopted"])
        projects = list(locked.projects.filter(status=PR.CANDIDATE))
        for project in projects:
            project.votes = outcome["counts"].get(project.title, 0)
            project.status = PR.ADOPTED if project.title in adopted else PR.NOT_ADOPTED
            project.adopted_at = now if project.title in adopted else None
        Project.objects.bulk_update(projects, ["votes", "status", "adopted_at"])
        SupervisionGroup.objects.bulk_create(
            SupervisionGroup(project=p) for p in projects if p.status == PR.ADOPTED
        )
        change = _move("announce_result", locked)
        locked.announced_at = now
        locked.save(update_fields=["status", "announced_at"])
        audit.record(
            actor=actor,
            action="announce_result",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"status": change, "adopted": outcome["adopted"], "shortfall": outcome["shortfall"]},
        )
        for project in projects:
            if project.status == PR.ADOPTED:
                notify.send(
                    _users_with(locked.congress_id, Role.UNIT_HANDLER, unit_id=project.lead_unit_id),
                    title=f"民生实事项目“{project.title}”已票决通过，请制定实施方案",
                    kind="announce_result",
                    congress=locked.congress_id,
                    url=reverse("projects:project_detail", args=[project.pk]),
                )
    return locked


# =========================================================================== implementation (实施)


def add_milestone(project: Project, *, actor, title: str, due_on: dt.date, request=None) -> Milestone:
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not perms.can_plan(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status != PR.ADOPTED:
            raise TransitionRefused("只有票决通过、正在实施的项目才能制定实施方案。")
        milestone = Milestone.objects.create(project=locked, title=title.strip(), due_on=due_on)
        audit.record(
            actor=actor,
            action="add_milestone",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"milestone": [None, {"title": milestone.title, "due_on": due_on}]},
        )
    return milestone


def complete_milestone(milestone: Milestone, *, actor, done_on: dt.date, request=None) -> Milestone:
    with transaction.atomic():
        locked = Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
        if not perms.can_plan(actor, locked.project):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.done_on is not None:
            raise TransitionRefused("该节点已经完成。")
        if done_on > timezone.localdate():
            raise TransitionRefused("完成日期不能晚于今天。")
        locked.done_on = done_on
        locked.save(update_fields=["done_on"])
        audit.record(
            actor=actor,
            action="complete_milestone",
            obj=locked.project,
            congress=locked.project.congress_id,
            request=request,
            changes={"milestone": locked.title, "done_on": [None, done_on]},
        )
    return locked


def report_progress(
    project: Project,
    *,
    actor,
    reported_on: dt.date,
    percent: int,
    text: str,
    spent: Decimal,
    photos: Sequence = (),
    request=None,
) -> ProgressReport:
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not perms.can_report_progress(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status not in (PR.ADOPTED, PR.EVALUATED):
            raise TransitionRefused("只有票决通过的项目才报告进度。")
        report = ProgressReport.objects.create(
            project=locked,
            reported_on=reported_on,
            percent=percent,
            text=text.strip(),
            spent=spent,
            author=actor,
        )
        _save_files(photos, report=report)
        audit.record(
            actor=actor,
            action="report_progress",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"percent": percent, "spent": spent, "reported_on": reported_on},
        )
    return report


# =========================================================================== supervision (监督)


def confirm_group(
    project: Project, *, actor, members: Sequence[Deputy], head: Deputy | None, request=None
) -> SupervisionGroup:
    with transaction.atomic():
        group, _ = SupervisionGroup.objects.get_or_create(project=project)
        locked = SupervisionGroup.objects.select_for_update().select_related("project").get(pk=group.pk)
        _guard("confirm_group", locked, perms.can_confirm_group(actor, locked.project))
        if not members:
            raise TransitionRefused("请选择监督小组成员。")
        if any(d.congress_id != project.congress_id for d in members):
            raise TransitionRefused("监督小组成员须为本级人大代表。")
        if head is not None and head not in members:
            raise TransitionRefused("组长须为监督小组成员。")
        before = sorted(locked.members.values_list("pk", flat=True))
        change = _move("confirm_group", locked)
        locked.head, locked.confirmed_at = head, timezone.now()
        locked.save(update_fields=["status", "head", "confirmed_at"])
        locked.members.set(members)
        audit.record(
            actor=actor,
            action="confirm_group",
            obj=locked.project,
            congress=project.congress_id,
            request=request,
            changes={
                "status": change,
                "members": [before, sorted(d.pk for d in members)],
                "head": head.pk if head else None,
            },
        )
        notify.send(
            [d.user for d in members if d.user_id],
            kind="confirm_group",
            congress=project.congress_id,
            title=f"您已列入民生实事项目“{project.title}”代表监督小组",
            url=reverse("projects:project_detail", args=[project.pk]),
        )
    return locked


def record_activity(
    project: Project,
    *,
    actor,
    kind: str,
    held_on: dt.date,
    participants: Sequence[Deputy],
    findings: str,
    request=None,
) -> SupervisionActivity:
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if not perms.can_record_activity(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status not in (PR.ADOPTED, PR.EVALUATED):
            raise TransitionRefused("只有票决通过的项目才开展监督活动。")
        activity = SupervisionActivity.objects.create(
            project=locked, kind=kind, held_on=held_on, findings=findings.strip(), recorded_by=actor
        )
        activity.participants.set(participants)
        audit.record(
            actor=actor,
            action="record_activity",
            obj=activity,
            congress=locked.congress_id,
            request=request,
            changes={"kind": kind, "held_on": held_on, "participants": [d.pk for d in participants]},
        )
    return activity


def send_findings(activity: SupervisionActivity, *, actor, request=None) -> SupervisionActivity:
    with transaction.atomic():
        locked = SupervisionActivity.objects.select_for_update().select_related("project").get(pk=activity.pk)
        _guard("send_findings", locked, perms.can_send_findings(actor, locked))
        change = _move("send_findings", locked)
        locked.sent_at = timezone.now()
        locked.save(update_fields=["status", "sent_at"])
        project = locked.project
        audit.record(
            actor=actor,
            action="send_findings",
            obj=locked,
            congress=project.congress_id,
            request=request,
            changes={"status": change},
        )
        notify.send(
            _users_with(project.congress_id, Role.UNIT_HANDLER, unit_id=project.lead_unit_id),
            title=f"代表监督小组对“{project.title}”提出意见，请答复",
            kind="send_findings",
            congress=project.congress_id,
            url=reverse("projects:project_detail", args=[project.pk]),
        )
    return locked


def reply(activity: SupervisionActivity, *, actor, text: str, request=None) -> SupervisionActivity:
    text = (text or "").strip()
    if not text:
        raise TransitionRefused("请填写答复内容。")
    with transaction.atomic():
        locked = SupervisionActivity.objects.select_for_update().select_related("project").get(pk=activity.pk)
        _guard("reply", locked, perms.can_reply(actor, locked))
        change = _move("reply", locked)
        locked.reply, locked.replied_at = text[:3000], timezone.now()
        locked.save(update_fields=["status", "reply", "replied_at"])
        audit.record(
            actor=actor,
            action="reply",
            obj=locked,
            congress=locked.project.congress_id,
            request=request,
            changes={"status": change},
        )
        notify.send(
            [locked.recorded_by],
            title=f"“{locked.project.title}”承办单位已答复监督意见",
            kind="reply",
            congress=locked.project.congress_id,
            url=reverse("projects:project_detail", args=[locked.project_id]),
        )
    return locked


# =========================================================================== evaluation (测评)


def create_evaluation(call: Call, *, actor, meeting: Meeting, method: str, request=None) -> Evaluation:
    with transaction.atomic():
        locked = Call.objects.select_for_update().select_related("congress").get(pk=call.pk)
        if not perms.can_run_ballot(actor, locked.congress_id):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status != C.ANNOUNCED:
            raise TransitionRefused("票决结果公布后才能对项目进行测评。")
        _plenary(locked, meeting)
        if (
            locked.evaluations.exclude(status=E.CLOSED).exists()
            or locked.evaluations.filter(status=E.CLOSED).exists()
        ):
            raise TransitionRefused("本年度项目已有测评。")
        items = list(
            locked.projects.filter(status=PR.ADOPTED).order_by("number").values_list("title", flat=True)
        )
        if not items:
            raise TransitionRefused("没有需要测评的项目。")
        frozen = {"evaluation_base": setting(locked.congress, "evaluation_base")}
        evaluation = Evaluation.objects.create(
            congress_id=locked.congress_id,
            call=locked,
            meeting=meeting,
            method=method,
            items=items,
            settings=frozen,
            title=f"{locked.year}年度民生实事项目满意度测评",
        )
        audit.record(
            actor=actor,
            action="create_evaluation",
            obj=evaluation,
            congress=locked.congress_id,
            request=request,
            changes={"meeting": meeting.pk, "items": items, "settings": frozen},
        )
    return evaluation


def open_evaluation(evaluation: Evaluation, *, actor, request=None) -> Evaluation:
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        _guard("open_evaluation", locked, perms.can_run_ballot(actor, locked.congress_id))
        meeting = Meeting.objects.select_for_update().get(pk=locked.meeting_id)
        _freeze_attendance(locked, meeting)
        change = _move("open_evaluation", locked)
        locked.save(update_fields=["status", "body_size", "present", "issued_to", "opened_at"])
        audit.record(
            actor=actor,
            action="open_evaluation",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"status": change, "body_size": locked.body_size, "present": locked.present},
        )
    _forget_screen(locked.meeting_id)
    return locked


def cast_evaluation(evaluation: Evaluation, *, deputy: Deputy, marks: Mapping[str, str]) -> None:
    missing = [t for t in evaluation.items if marks.get(t) not in counting.GRADES]
    if missing:
        raise TransitionRefused(f"请对每个项目作出评价：{'、'.join(missing)}。")
    content = {t: marks[t] for t in evaluation.items}
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if locked.congress_id != deputy.congress_id:
            raise PermissionDenied
        if locked.status != E.OPEN or locked.method != Evaluation.Method.ELECTRONIC:
            raise TransitionRefused("测评未在电子投票中。")
        _issued(locked, deputy, locked.meeting_id)
        secret_ballot.cast(
            locked.participations, locked.papers, deputy=deputy, already_voted=AlreadyVoted(), content=content
        )


def close_evaluation(
    evaluation: Evaluation,
    *,
    actor,
    ballots_issued: int | None = None,
    ballots_returned: int | None = None,
    request=None,
) -> Evaluation:
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        _guard("close_evaluation", locked, perms.can_run_ballot(actor, locked.congress_id))
        if locked.method == Evaluation.Method.ELECTRONIC:
            locked.ballots_issued, locked.ballots_returned = len(locked.issued_to), locked.papers.count()
        else:
            if ballots_issued is None or ballots_returned is None:
                raise TransitionRefused("请填写发出和收回的测评票数。")
            if ballots_issued > locked.present or ballots_returned > ballots_issued:
                raise TransitionRefused("发出测评票不能多于出席代表，收回不能多于发出。")
            locked.ballots_issued, locked.ballots_returned = ballots_issued, ballots_returned
        change = _move("close_evaluation", locked)
        locked.save(update_fields=["status", "ballots_issued", "ballots_returned"])
        audit.record(
            actor=actor,
            action="close_evaluation",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={
                "status": change,
                "ballots_issued": locked.ballots_issued,
                "ballots_returned": locked.ballots_returned,
            },
        )
        if locked.method == Evaluation.Method.ELECTRONIC:
            counts = {t: dict.fromkeys(counting.GRADES, 0) for t in locked.items}
            for content in locked.papers.values_list("content", flat=True):
                for title, mark in content.items():
                    counts[title][mark] += 1
            secret_ballot.shuffle_ballots(locked.papers)
            secret_ballot.rewrite_participations(locked.participations)
            locked = count_evaluation(locked, actor=actor, counts=counts, request=request)
    _forget_screen(locked.meeting_id)
    return locked


def evaluation_document(evaluation: Evaluation, counts: Mapping | None = None) -> dict:
    """The counts in the `renda tally` evaluation format (docs/tally.md)."""
    base = rules.evaluation_base(
        evaluation.settings.get("evaluation_base", "deputies"),
        evaluation.body_size or 1,
        evaluation.present or 0,
        evaluation.ballots_returned or 0,
    )
    counts = counts if counts is not None else evaluation.counts
    return {
        "kind": "evaluation",
        "base": base,
        "items": {t: {g: int(counts[t][g]) for g in counting.GRADES} for t in evaluation.items},
    }


def count_evaluation(
    evaluation: Evaluation, *, actor, counts: Mapping[str, Mapping[str, int]], request=None
) -> Evaluation:
    """Grade every project with meetings.rules.evaluate_items and publish the result."""
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        _guard("count_evaluation", locked, perms.can_run_ballot(actor, locked.congress_id))
        for title in locked.items:
            row = counts.get(title) or {}
            total = sum(int(row.get(g, 0)) for g in counting.GRADES)
            if total > (locked.ballots_returned or 0):
                raise TransitionRefused(
                    f"“{title}”的票数合计 {total}，多于收回的测评票 {locked.ballots_returned} 张。"
                )
        document = evaluation_document(locked, counts)
        try:
            results = counting.evaluate_items(
                document["base"], {t: counting.EvaluationVotes(**c) for t, c in document["items"].items()}
            )
        except counting.RuleInputError as error:
            raise TransitionRefused(f"测评数据有误：{error}") from None
        locked.counts = document["items"]
        locked.result = {
            "kind": "evaluation",
            "items": {
                t: {"grade": r.grade, "satisfaction_rate": r.satisfaction_rate} for t, r in results.items()
            },
        }
        locked.closed_at = timezone.now()
        change = _move("count_evaluation", locked)
        locked.save(update_fields=["status", "counts", "result", "closed_at"])
        projects = list(locked.call.projects.filter(title__in=locked.items))
        for project in projects:
            r = results[project.title]
            project.grade, project.satisfaction_rate = r.grade, r.satisfaction_rate
            project.evaluation_counts = document["items"][project.title]
            project.status = PR.EVALUATED
        Project.objects.bulk_update(projects, ["grade", "satisfaction_rate", "evaluation_counts", "status"])
        audit.record(
            actor=actor,
            action="count_evaluation",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"status": change, "result": locked.result},
        )
    return locked


def _forget_screen(meeting_id: int) -> None:
    from meetings.queries import forget_screen_state

    transaction.on_commit(lambda: forget_screen_state(meeting_id))
