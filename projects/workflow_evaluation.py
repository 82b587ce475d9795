"""The satisfaction evaluation (测评) of the adopted projects: draft → open → counting → closed.

Graded with meetings.rules.evaluate_items; a cast evaluation writes no audit row (as a ballot).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import audit, secret_ballot, workflow
from core.workflow import AlreadyVoted, TransitionRefused
from meetings import rules as counting
from meetings.models import Meeting
from projects import permissions as perms
from projects import rules
from projects.models import Call, Evaluation, Project
from projects.workflow_ballot import can_run, forget_screen, freeze_attendance, issued, plenary
from registry.models import Deputy

C, PR, E = Call.Status, Project.Status, Evaluation.Status

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "open_evaluation": ({E.DRAFT}, E.OPEN),
    "close_evaluation": ({E.OPEN}, E.COUNTING),
    "count_evaluation": ({E.COUNTING}, E.CLOSED),
}

ACTION_LABELS = {
    "open_evaluation": "开始测评",
    "close_evaluation": "结束测评",
    "count_evaluation": "计票并公布",
}


def allowed_actions(evaluation: Evaluation, user) -> list[str]:
    if not can_run(user, evaluation):
        return []
    return workflow.available(TRANSITIONS, evaluation.status)


def _step(verb: str, evaluation: Evaluation, *, actor, request, **options) -> Evaluation:
    return workflow.transition(
        verb,
        evaluation,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        permission=can_run,
        notify=forget_screen,
        request=request,
        **options,
    )


def create_evaluation(call: Call, *, actor, meeting: Meeting, method: str, request=None) -> Evaluation:
    with transaction.atomic():
        locked = Call.objects.select_for_update().select_related("congress").get(pk=call.pk)
        if not perms.can_run_ballot(actor, locked.congress_id):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status != C.ANNOUNCED:
            raise TransitionRefused("票决结果公布后才能对项目进行测评。")
        plenary(locked, meeting)
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
        frozen = {"evaluation_base": rules.SETTINGS.value(locked.congress, "evaluation_base")}
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
    return _step(
        "open_evaluation",
        evaluation,
        actor=actor,
        request=request,
        apply=lambda locked: freeze_attendance(
            locked, Meeting.objects.select_for_update().get(pk=locked.meeting_id)
        ),
        unaudited={"issued_to"},
    )


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
        issued(locked, deputy, locked.meeting_id)
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
    def apply(locked: Evaluation) -> None:
        if locked.method == Evaluation.Method.ELECTRONIC:
            locked.ballots_issued, locked.ballots_returned = len(locked.issued_to), locked.papers.count()
        else:
            if ballots_issued is None or ballots_returned is None:
                raise TransitionRefused("请填写发出和收回的测评票数。")
            if ballots_issued > locked.present or ballots_returned > ballots_issued:
                raise TransitionRefused("发出测评票不能多于出席代表，收回不能多于发出。")
            locked.ballots_issued, locked.ballots_returned = ballots_issued, ballots_returned

    with transaction.atomic():
        locked = _step("close_evaluation", evaluation, actor=actor, request=request, apply=apply)
        if locked.method == Evaluation.Method.ELECTRONIC:
            counts = {t: dict.fromkeys(counting.GRADES, 0) for t in locked.items}
            for content in locked.papers.values_list("content", flat=True):
                for title, mark in content.items():
                    counts[title][mark] += 1
            secret_ballot.shuffle_ballots(locked.papers)
            secret_ballot.rewrite_participations(locked.participations)
            locked = count_evaluation(locked, actor=actor, counts=counts, request=request)
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

    def apply(locked: Evaluation) -> None:
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
        projects = list(locked.call.projects.filter(title__in=locked.items))
        for project in projects:
            r = results[project.title]
            project.grade, project.satisfaction_rate = r.grade, r.satisfaction_rate
            project.evaluation_counts = document["items"][project.title]
            project.status = PR.EVALUATED
        Project.objects.bulk_update(projects, ["grade", "satisfaction_rate", "evaluation_counts", "status"])

    return _step("count_evaluation", evaluation, actor=actor, request=request, apply=apply)
