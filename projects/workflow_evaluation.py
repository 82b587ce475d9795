"""The satisfaction evaluation (测评) of the adopted projects: draft → open → counting → closed.

Graded with meetings.rules.evaluate_items. An electronic evaluation goes through the one ballot
box (core.ballot_box): each deputy's marks are encrypted on the device and only the totals per
project and grade are decrypted, by the tellers (counting --submit_decryption_share--> closed).
During an electronic evaluation staff may hand a deputy a paper form instead (issue_paper_ballot,
shared with the project ballot); staff then enter the paper forms' totals, as for a paper
evaluation, and they are added to the box's decrypted totals (count_evaluation).
A stored evaluation writes no audit row (as a ballot).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import audit, workflow
from core.ballot_box import crypto
from core.workflow import TransitionRefused
from meetings import rules as counting
from meetings.models import Meeting
from projects import permissions as perms
from projects import rules
from projects.models import Call, Evaluation, Project
from projects.workflow_ballot import (
    can_run,
    cast,
    close_paper,
    forget_screen,
    freeze_attendance,
    open_box,
    plenary,
    ready_to_count,
    submit_share,
)
from registry.models import Deputy

C, PR, E = Call.Status, Project.Status, Evaluation.Status

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "open_evaluation": ({E.DRAFT}, E.OPEN),
    "close_evaluation": ({E.OPEN}, E.COUNTING),
    "submit_decryption_share": ({E.COUNTING}, ()),
    "count_evaluation": ({E.COUNTING}, E.CLOSED),
}

ACTION_LABELS = {
    "open_evaluation": "开始测评",
    "close_evaluation": "结束测评",
    "submit_decryption_share": "提交解密份额",
    "count_evaluation": "计票并公布",
}


def allowed_actions(evaluation: Evaluation, user) -> list[str]:
    if not can_run(user, evaluation):
        return []
    # An electronic evaluation is counted when the tellers' shares decrypt its box; with paper forms
    # returned, staff enter their totals once the box is decrypted (count_evaluation).
    if evaluation.method == Evaluation.Method.PAPER:
        hidden = "submit_decryption_share"
    elif evaluation.paper_returned and evaluation.ballot_box and evaluation.ballot_box.totals is not None:
        hidden = ""
    else:
        hidden = "count_evaluation"
    return [verb for verb in workflow.available(TRANSITIONS, evaluation.status) if verb != hidden]


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


def evaluation_spec(items: int) -> crypto.BallotSpec:
    """Per project a 满意, a 基本满意 and a 不满意 slot, exactly one of them marked."""
    grades = len(counting.GRADES)
    return crypto.BallotSpec(
        ((0, 1),) * (items * grades),
        tuple((tuple(range(i * grades, i * grades + grades)), (1,)) for i in range(items)),
    )


def evaluation_values(evaluation: Evaluation, marks: Mapping[str, str]) -> list[int]:
    return [int(marks[title] == grade) for title in evaluation.items for grade in counting.GRADES]


def seal_slots(evaluation: Evaluation) -> list[list[str]]:
    """The form inputs behind each slot, for the device's script (core/static/core/seal_form.js)."""
    return [[f"grade-{i}", grade] for i in range(1, len(evaluation.items) + 1) for grade in counting.GRADES]


def open_evaluation(evaluation: Evaluation, *, actor, request=None) -> Evaluation:
    def apply(locked: Evaluation) -> None:
        meeting = Meeting.objects.select_for_update().get(pk=locked.meeting_id)
        freeze_attendance(locked, meeting)
        labels = dict(zip(counting.GRADES, ("满意", "基本满意", "不满意"), strict=True))
        open_box(
            locked,
            meeting,
            spec=evaluation_spec(len(locked.items)),
            labels=[f"{title}·{labels[g]}" for title in locked.items for g in counting.GRADES],
        )

    return _step(
        "open_evaluation", evaluation, actor=actor, request=request, apply=apply, unaudited={"issued_to"}
    )


def cast_evaluation(
    evaluation: Evaluation,
    *,
    deputy: Deputy,
    marks: Mapping[str, str] | None = None,
    sealed: object = None,
    request=None,
) -> str:
    """One electronic evaluation, once, into the evaluation's box; returns the receipt's fingerprint."""
    values = None
    if sealed is None:
        marks = marks or {}
        missing = [t for t in evaluation.items if marks.get(t) not in counting.GRADES]
        if missing:
            raise TransitionRefused(f"请对每个项目作出评价：{'、'.join(missing)}。")
        values = evaluation_values(evaluation, marks)
    return cast(
        evaluation,
        deputy=deputy,
        values=values,
        sealed=sealed,
        refused_status="测评未在电子投票中。",
        already_voted="您已测评，不能重复测评。",
        request=request,
    )


def close_evaluation(
    evaluation: Evaluation,
    *,
    actor,
    ballots_issued: int | None = None,
    ballots_returned: int | None = None,
    paper_returned: int | None = None,
    request=None,
) -> Evaluation:
    def apply(locked: Evaluation) -> None:
        if locked.method == Evaluation.Method.ELECTRONIC:
            close_paper(locked, paper_returned, "测评票")
        else:
            if ballots_issued is None or ballots_returned is None:
                raise TransitionRefused("请填写发出和收回的测评票数。")
            if ballots_issued > locked.present or ballots_returned > ballots_issued:
                raise TransitionRefused("发出测评票不能多于出席代表，收回不能多于发出。")
            locked.ballots_issued, locked.ballots_returned = ballots_issued, ballots_returned

    with transaction.atomic():
        locked = _step("close_evaluation", evaluation, actor=actor, request=request, apply=apply)
        if ready_to_count(locked):
            locked = count_evaluation(locked, actor=actor, request=request)
    return locked


def device_counts(evaluation: Evaluation) -> dict[str, dict[str, int]]:
    """An electronic evaluation's decrypted totals: {project: {grade: votes}}."""
    totals = list(evaluation.ballot_box.totals or [])
    grades = counting.GRADES
    return {
        title: dict(zip(grades, totals[len(grades) * i : len(grades) * i + len(grades)], strict=True))
        for i, title in enumerate(evaluation.items)
    }


def submit_decryption_share(evaluation: Evaluation, *, actor, document, request=None) -> Evaluation:
    """提交解密份额 for an electronic evaluation; the last share grades it (count_evaluation)."""
    return submit_share(
        evaluation,
        actor=actor,
        document=document,
        request=request,
        step=_step,
        count=lambda locked: count_evaluation(locked, actor=actor, request=request),
    )


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
    evaluation: Evaluation,
    *,
    actor,
    counts: Mapping[str, Mapping[str, int]] | None = None,
    request=None,
) -> Evaluation:
    """Grade every project with meetings.rules.evaluate_items and publish the result.

    ``counts`` are the paper forms' totals entered by staff: all of a paper evaluation, the paper
    forms returned during an electronic one, which are added to the box's decrypted totals."""

    def apply(locked: Evaluation) -> None:
        electronic = locked.method == Evaluation.Method.ELECTRONIC
        if electronic and (locked.ballot_box is None or locked.ballot_box.totals is None):
            raise TransitionRefused("票箱尚未解密：须由计票人提交解密份额。")
        paper_returned = (locked.paper_returned or 0) if electronic else (locked.ballots_returned or 0)
        if counts is None and (paper_returned or not electronic):
            raise TransitionRefused("请为每个项目填写纸质测评票中满意、基本满意、不满意的票数。")
        paper = counts or {}
        what = "纸质测评票" if electronic else "测评票"
        for title in locked.items:
            row = paper.get(title) or {}
            total = sum(int(row.get(g, 0)) for g in counting.GRADES)
            if total > paper_returned:
                raise TransitionRefused(
                    f"“{title}”的{what}数合计 {total}，多于收回的{what} {paper_returned} 张。"
                )
        device = device_counts(locked) if electronic else {}
        summed = {
            title: {
                g: int((device.get(title) or {}).get(g, 0)) + int((paper.get(title) or {}).get(g, 0))
                for g in counting.GRADES
            }
            for title in locked.items
        }
        document = evaluation_document(locked, summed)
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

    return _step(
        "count_evaluation",
        evaluation,
        actor=actor,
        request=request,
        apply=apply,
        changes=lambda locked: {"paper_counts": dict(counts)} if counts is not None else {},
    )
