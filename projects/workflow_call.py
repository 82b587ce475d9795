"""The year's call (征集): open → screening → locked → submitted → announced.

征集 → 筛选 (proposals are taken into candidate projects, declined or merged: workflow_proposal)
→ 确定候选项目名单 → 提请大会 → 票决 (workflow_ballot) → 公布票决结果.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from core import audit, notify, workflow
from core.dates import today
from core.workflow import TransitionRefused
from meetings.models import CongressSession
from projects import permissions as perms
from projects import rules, workflow_proposal
from projects.models import Call, Project, Proposal, SupervisionGroup
from projects.workflow_ballot import ballot_outcome
from registry.queries import deputies_holding_seat, unit_handlers

C, P, PR = Call.Status, Proposal.Status, Project.Status

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "close_call": ({C.OPEN}, C.SCREENING),
    "lock_candidates": ({C.SCREENING}, C.LOCKED),
    "submit_candidates": ({C.LOCKED}, C.SUBMITTED),
    "announce_result": ({C.SUBMITTED}, C.ANNOUNCED),
}

ACTION_LABELS = {
    "close_call": "结束征集",
    "lock_candidates": "确定候选项目名单",
    "submit_candidates": "提请大会票决",
    "announce_result": "公布票决结果",
}

PERMISSIONS = {
    "close_call": perms.can_close_call,
    "lock_candidates": perms.can_lock_candidates,
    "submit_candidates": perms.can_submit_candidates,
    "announce_result": perms.can_announce_result,
}


def allowed_actions(call: Call, user) -> list[str]:
    return [verb for verb in workflow.available(TRANSITIONS, call.status) if PERMISSIONS[verb](user, call)]


def _step(verb: str, call: Call, *, actor, request, **options) -> Call:
    return workflow.transition(
        verb,
        call,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        permission=PERMISSIONS[verb],
        request=request,
        **options,
    )


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
    days = rules.SETTINGS.value(congress, "call_days")
    if closes_on < today():
        raise TransitionRefused(f"征集截止日期 {closes_on:%Y-%m-%d} 已过，不能开始征集；请填写今后的日期。")
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


def close_call(call: Call, *, actor, request=None) -> Call:
    def apply(locked: Call) -> None:
        if today() <= locked.closes_on:
            raise TransitionRefused(f"征集截止日期为 {locked.closes_on:%Y-%m-%d}，征集期未满，不能提前结束。")

    def tell(locked: Call) -> None:
        unit = perms.screening_unit(locked.congress)
        if unit is not None:
            notify.send(
                [a.user for a in unit_handlers(unit)],
                title=f"{locked.title}已结束，请筛选候选项目",
                kind="close_call",
                congress=locked.congress_id,
                url=reverse("projects:call_detail", args=[locked.pk]),
            )

    return _step("close_call", call, actor=actor, request=request, apply=apply, notify=tell)


PROJECT_FIELDS = ("title", "content", "budget", "lead_unit", "target", "deadline")


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
        workflow_proposal.take(project, proposals)
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
        workflow_proposal.take(locked, proposals)
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
    candidates: list[str] = []

    def apply(locked: Call) -> None:
        open_count = locked.proposals.filter(status=P.SUBMITTED).count()
        if open_count:
            raise TransitionRefused(
                f"还有 {open_count} 条建议未处理：每条建议须纳入候选项目，或选择未采纳的原因。"
            )
        drafts = list(locked.projects.filter(status=PR.DRAFT).order_by("number", "pk"))
        adopt = rules.SETTINGS.value(locked.congress, "adopt")
        if len(drafts) <= adopt:
            raise TransitionRefused(f"候选项目 {len(drafts)} 个，须多于拟票决产生的 {adopt} 个（差额票决）。")
        for number, project in enumerate(drafts, start=1):
            project.number, project.status = number, PR.CANDIDATE
        Project.objects.bulk_update(drafts, ["number", "status"])
        candidates.extend(p.title for p in drafts)
        locked.locked_at = timezone.now()

    return _step(
        "lock_candidates",
        call,
        actor=actor,
        request=request,
        queryset=Call.objects.select_related("congress"),
        apply=apply,
        changes={"candidates": candidates},
    )


def submit_candidates(call: Call, *, actor, session: CongressSession, request=None) -> Call:
    """提请: the candidate list goes to the session's deputies before the plenary votes on it."""

    def apply(locked: Call) -> None:
        if session.congress_id != locked.congress_id:
            raise TransitionRefused("请选择本级人大的会议。")
        locked.session, locked.submitted_at = session, timezone.now()

    def tell(locked: Call) -> None:
        deputies = deputies_holding_seat(locked.congress).filter(user__isnull=False).select_related("user")
        notify.send(
            [d.user for d in deputies],
            title=f"{locked.year} 年度民生实事候选项目名单已提请{session}",
            kind="submit_candidates",
            congress=locked.congress_id,
            url=reverse("projects:call_detail", args=[locked.pk]),
        )

    return _step("submit_candidates", call, actor=actor, request=request, apply=apply, notify=tell)


def announce_result(call: Call, *, actor, request=None) -> Call:
    """公告: per-project votes and the adopted projects; the public page shows them from now on."""
    outcome: dict = {}
    adopted_projects: list[Project] = []

    def apply(locked: Call) -> None:
        outcome.update(ballot_outcome(locked))
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
        adopted_projects.extend(p for p in projects if p.status == PR.ADOPTED)
        SupervisionGroup.objects.bulk_create(SupervisionGroup(project=p) for p in adopted_projects)
        locked.announced_at = now

    def tell(locked: Call) -> None:
        for project in adopted_projects:
            notify.send(
                [a.user for a in unit_handlers(project.lead_unit)],
                title=f"民生实事项目“{project.title}”已票决通过，请制定实施方案",
                kind="announce_result",
                congress=locked.congress_id,
                url=reverse("projects:project_detail", args=[project.pk]),
            )

    return _step(
        "announce_result",
        call,
        actor=actor,
        request=request,
        apply=apply,
        changes=lambda locked: {"adopted": outcome["adopted"], "shortfall": outcome["shortfall"]},
        notify=tell,
    )
