"""The project ballot (票决) at the plenary: draft → open → counting → closed.

Counting is meetings.rules (the same code as `renda tally`). An electronic ballot goes through
the one ballot box (core.ballot_box): encrypted on the deputy's device, only the totals decrypted
by the tellers (draft → open → counting --submit_decryption_share--> closed). During an
electronic ballot staff may hand a deputy a paper ballot instead (issue_paper_ballot, as in
elections): the two tellers enter those sheets and one count takes the sheets and the box's
decrypted totals together (meetings.rules.DeviceTotals). A stored ballot writes no audit row: an audit entry carries the actor and a time (see meetings.workflow). The helpers that freeze attendance and guard the meeting serve the
satisfaction evaluation (workflow_evaluation) too.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import audit, workflow
from core.ballot_box import box as ballot_box
from core.ballot_box import crypto, polls
from core.workflow import AlreadyVoted, TransitionRefused
from meetings import rules as counting
from meetings import workflow as meetings_workflow
from meetings.models import Attendance, Meeting
from projects import permissions as perms
from projects import rules
from projects.models import Call, Evaluation, Project, ProjectBallot, TellerEntry
from registry.models import Deputy
from registry.queries import deputy_count

C, PR, B, E = Call.Status, Project.Status, ProjectBallot.Status, Evaluation.Status

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "open_ballot": ({B.DRAFT}, B.OPEN),
    "close_ballot": ({B.OPEN}, B.COUNTING),
    "submit_decryption_share": ({B.COUNTING}, ()),
    "count_ballot": ({B.COUNTING}, B.CLOSED),
}

ACTION_LABELS = {
    "open_ballot": "开始投票",
    "close_ballot": "结束投票",
    "submit_decryption_share": "提交解密份额",
    "count_ballot": "计票",
}


def can_run(user, obj) -> bool:
    """Staff of the congress run its ballots and evaluations."""
    return perms.can_run_ballot(user, obj.congress_id)


def allowed_actions(ballot: ProjectBallot, user) -> list[str]:
    if not can_run(user, ballot):
        return []
    # An electronic ballot is counted when the tellers' shares decrypt its box, unless paper sheets
    # handed out during it await the tellers' entry: then staff count once the sheets agree.
    if ballot.method == ProjectBallot.Method.PAPER:
        hidden = {"submit_decryption_share"}
    else:
        hidden = set() if ballot.sheets else {"count_ballot"}
    return [verb for verb in workflow.available(TRANSITIONS, ballot.status) if verb not in hidden]


def forget_screen(obj) -> None:
    """The meeting's big screen shows a ballot or an evaluation opening or closing at once."""
    from meetings.queries import forget_screen_state

    transaction.on_commit(lambda: forget_screen_state(obj.meeting_id))


def _step(verb: str, ballot: ProjectBallot, *, actor, request, **options) -> ProjectBallot:
    return workflow.transition(
        verb,
        ballot,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        permission=can_run,
        notify=forget_screen,
        request=request,
        **options,
    )


def one_item_open(meeting: Meeting) -> None:
    if (
        ProjectBallot.objects.filter(meeting=meeting, status=B.OPEN).exists()
        or Evaluation.objects.filter(meeting=meeting, status=E.OPEN).exists()
        or meeting.votes.filter(status="open").exists()
    ):
        raise TransitionRefused("本次会议已有正在进行的表决或票决，请先结束。")


def plenary(call: Call, meeting: Meeting) -> None:
    if meeting.congress_id != call.congress_id or meeting.kind != Meeting.Kind.PLENARY:
        raise TransitionRefused("票决和测评须在本级人民代表大会的全体会议上进行。")
    if meeting.status == Meeting.Status.CLOSED:
        raise TransitionRefused("会议已经结束。")


FROZEN_BALLOT_SETTINGS = ("ballot_mode", "adopt", "require_majority_of_all", "tie_rule")


def _check_tellers(congress_id: int, tellers: Sequence) -> list:
    """Paper sheets are entered by two different staff members of the congress, independently."""
    return polls.check_tellers(
        tellers,
        needed=counting.TELLERS,
        is_staff=lambda u: perms.is_staff_of(u, congress_id),
        body="本级人大",
    )


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
        plenary(locked, meeting)
        if locked.ballots.exclude(status=B.CLOSED).exists():
            raise TransitionRefused("已有尚未完成的票决。")
        # An electronic ballot names its tellers now or before it hands out a paper ballot.
        paper = method == ProjectBallot.Method.PAPER
        tellers = _check_tellers(locked.congress_id, tellers) if paper or tellers else []
        candidates = list(
            locked.projects.filter(status=PR.CANDIDATE).order_by("number").values_list("title", flat=True)
        )
        frozen = {k: rules.SETTINGS.value(locked.congress, k) for k in FROZEN_BALLOT_SETTINGS}
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
    """Change the two tellers who enter the paper sheets (of a paper ballot, or the paper ballots
    handed out during an electronic one), e.g. for a re-vote; only before any sheet is entered."""
    with transaction.atomic():
        locked = ProjectBallot.objects.select_for_update().get(pk=ballot.pk)
        if not perms.can_run_ballot(actor, locked.congress_id):
            raise PermissionDenied("您没有权限进行此操作。")
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


def present_ids(meeting: Meeting) -> list[int]:
    return list(
        Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT)
        .order_by("deputy_id")
        .values_list("deputy_id", flat=True)
    )


def freeze_attendance(obj, meeting: Meeting) -> None:
    """Quorum (组织法 14: 3*present >= 2*N), then N, the present and whom a ballot is issued to."""
    if meeting.status != Meeting.Status.OPEN:
        raise TransitionRefused("会议尚未开始或已经结束。")
    one_item_open(meeting)
    present = present_ids(meeting)
    size = meeting.body_size or deputy_count(meeting.congress, timezone.localdate(meeting.starts_at))
    if not present or not counting.quorum_met("congress", size, min(len(present), size)):
        raise TransitionRefused(
            f"出席代表 {len(present)} 名，不足全体代表 {size} 名的三分之二（组织法第十四条）。"
        )
    obj.body_size, obj.present = size, len(present)
    obj.issued_to = present if obj.method == "electronic" else []
    obj.opened_at = timezone.now()


def open_box(obj, meeting: Meeting, *, spec: crypto.BallotSpec, labels: list[str]) -> None:
    """An electronic ballot or evaluation gets its ballot box under the meeting's tellers' key."""
    if obj.method != "electronic":
        return
    key = ballot_box.key_for(meetings_workflow.key_owner(meeting.pk))
    if key is None:
        raise TransitionRefused("电子投票需先在会议页面登记计票人密钥（计票人密钥仪式），才能开始。")
    obj.ballot_box = ballot_box.open_box(
        key=key, owner=f"projects.{type(obj).__name__.lower()}:{obj.pk}", spec=spec, labels=labels
    )


def open_ballot(ballot: ProjectBallot, *, actor, request=None) -> ProjectBallot:
    def apply(locked: ProjectBallot) -> None:
        polls.require_tellers(locked, needed=counting.TELLERS)
        meeting = Meeting.objects.select_for_update().get(pk=locked.meeting_id)
        freeze_attendance(locked, meeting)
        open_box(locked, meeting, spec=ballot_spec(locked), labels=ballot_labels(locked))

    return _step("open_ballot", ballot, actor=actor, request=request, apply=apply, unaudited={"issued_to"})


def ballot_spec(ballot: ProjectBallot) -> crypto.BallotSpec:
    """Approval: one slot per project, at most n ticked (a device ballot is never void); per line:
    a 赞成 and a 反对 slot per project, at most one of them (neither is 弃权)."""
    if ballot.mode == "approval":
        return crypto.per_line(len(ballot.candidates), 1, max_first=ballot.adopt)
    return crypto.per_line(len(ballot.candidates), 2)


def ballot_labels(ballot: ProjectBallot) -> list[str]:
    if ballot.mode == "approval":
        return list(ballot.candidates)
    return [f"{title}·{label}" for title in ballot.candidates for label in ("赞成", "反对")]


def ballot_values(ballot: ProjectBallot, content) -> list[int]:
    """A ballot's content (ballot_content) as the box's slots."""
    if ballot.mode == "approval":
        return [int(title in content) for title in ballot.candidates]
    return [int(content[title] == [mark]) for title in ballot.candidates for mark in ("yes", "no")]


def seal_slots(ballot: ProjectBallot) -> list[list[str]]:
    """The form inputs behind each slot, for the device's script (core/static/core/seal_form.js)."""
    if ballot.mode == "approval":
        return [["pick", str(i)] for i in range(1, len(ballot.candidates) + 1)]
    return [[f"mark-{i}", mark] for i in range(1, len(ballot.candidates) + 1) for mark in ("yes", "no")]


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


def issued(locked, deputy: Deputy, meeting_id: int) -> None:
    present = Attendance.objects.filter(
        meeting_id=meeting_id, deputy=deputy, status=Attendance.Status.PRESENT
    ).exists()
    if not present or deputy.pk not in locked.issued_to:
        raise TransitionRefused("您未在本次会议签到出席（或开始投票后才签到），不能参加本次投票。")


def issue_paper_ballot(poll, *, actor, deputy: Deputy, request=None):
    """发给纸质选票 during an electronic ballot or evaluation (as elections.issue_paper_ballot):
    recorded as the deputy's participation (core.ballot_box.box.take_paper_ballot), so the device
    refuses them afterwards, a deputy who has cast on the device gets no paper ballot, and each
    deputy is counted once. A project ballot's paper sheets are entered by its two tellers, so it
    names them first; an evaluation's paper forms are entered as totals (count_evaluation)."""
    if not perms.can_run_ballot(actor, poll.congress_id):
        raise PermissionDenied("您没有权限进行此操作。")
    what = "选票" if isinstance(poll, ProjectBallot) else "测评票"

    def check(locked) -> None:
        if locked.method != "electronic" or locked.status != "open":
            raise TransitionRefused(f"只有正在进行的电子投票可以另发纸质{what}。")
        if deputy.congress_id != locked.congress_id or deputy.pk not in locked.issued_to:
            raise TransitionRefused(f"{deputy.name} 未在开始投票前签到出席，不能领取{what}。")
        if isinstance(locked, ProjectBallot) and locked.tellers.count() != counting.TELLERS:
            raise TransitionRefused("发放纸质选票前，请先指定两名计票人（分别录入纸质选票）。")

    with transaction.atomic():
        locked = ballot_box.take_paper_ballot(
            poll,
            poll.participations.model(
                **{poll.participations.field.name: poll, "deputy": deputy, "paper": True}
            ),
            check=check,
            already_voted=f"{deputy.name} 已经投票或已领取纸质{what}，每名代表只能投一次。",
        )
        audit.record(
            actor=actor,
            action="issue_paper_ballot",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            note=f"发给 {deputy.name} 纸质{what}",
        )
        forget_screen(locked)  # the screen's count of who has voted includes them
    poll.refresh_from_db()
    return poll


def cast(
    poll,
    *,
    deputy: Deputy,
    values,
    sealed: object = None,
    refused_status: str,
    already_voted: str = "",
    request=None,
) -> str:
    """A project ballot or evaluation into its ballot box (core.ballot_box.box.cast, the one cast
    path): ``sealed`` from the device, or the slot ``values`` encrypted here at once (no
    JavaScript). Returns the fingerprint (the receipt); a refusal is audited without its content."""
    if poll.congress_id != deputy.congress_id:
        raise PermissionDenied
    poll = type(poll).objects.select_related("ballot_box__key").get(pk=poll.pk)
    box_ = poll.ballot_box
    if box_ is None or poll.method != "electronic":
        raise TransitionRefused(refused_status)

    def check(locked) -> None:
        if locked.status != "open":
            raise TransitionRefused(refused_status)
        issued(locked, deputy, locked.meeting_id)

    try:
        ballot = (
            ballot_box.read_sealed(box_, sealed)
            if sealed is not None
            else ballot_box.seal_on_server(box_, values)
        )
        return ballot_box.cast(
            box_,
            ballot,
            poll=poll,
            participation=poll.participations.model(
                **{poll.participations.field.name: poll, "deputy": deputy}
            ),
            check=check,
            already_voted=already_voted,
        )
    except (ballot_box.BallotRefused, TransitionRefused) as error:
        if isinstance(error, AlreadyVoted) and took_paper(poll, deputy):
            what = "选票" if isinstance(poll, ProjectBallot) else "测评票"
            error = AlreadyVoted(f"您已领取纸质{what}，请在纸质{what}上填写，不能再在本机投票。")
        ballot_box.audit_refusal(actor=deputy.user, box=box_, reason=str(error), request=request)
        if isinstance(error, AlreadyVoted):
            raise error from None
        if isinstance(error, ballot_box.BallotRefused):
            raise TransitionRefused(str(error)) from None
        raise


def took_paper(poll, deputy: Deputy) -> bool:
    """Whether the deputy took a paper ballot (issue_paper_ballot) instead of the device."""
    return poll.participations.filter(deputy=deputy, paper=True).exists()


def cast_ballot(
    ballot: ProjectBallot,
    *,
    deputy: Deputy,
    choices: Mapping[str, object] | None = None,
    sealed: object = None,
    request=None,
) -> str:
    """One electronic ballot, once, into the ballot's box; returns the receipt's fingerprint."""
    values = (
        None
        if sealed is not None
        else ballot_values(ballot, ballot_content(ballot, choices or {}, electronic=True))
    )
    return cast(
        ballot,
        deputy=deputy,
        values=values,
        sealed=sealed,
        refused_status="本次票决未在电子投票中。",
        request=request,
    )


def close_paper(locked, paper_returned: int | None, what: str = "选票") -> int:
    """Closing an electronic ballot or evaluation: its box, and the paper ones handed out during it
    (staff enter how many came back). Every deputy present at the opening was issued one ballot, on
    the device or on paper: issued = the present, returned = device ballots + paper returned."""
    paper_issued = locked.paper_issued
    if paper_issued and paper_returned is None:
        raise TransitionRefused(f"本次发出纸质{what} {paper_issued} 张，请填写收回的纸质{what}数。")
    box_ = ballot_box.close(locked.ballot_box)
    locked.paper_returned = (paper_returned or 0) if paper_issued else None
    locked.ballots_issued = len(locked.issued_to)
    locked.ballots_returned = (box_.ballots_count or 0) + (locked.paper_returned or 0)
    return paper_issued


def ready_to_count(poll) -> bool:
    """An electronic ballot or evaluation counts itself once its box is decrypted and no paper
    ones await entry (as elections.workflow.ready_to_count)."""
    return (
        poll.method == "electronic"
        and poll.ballot_box is not None
        and poll.ballot_box.totals is not None
        and not poll.paper_returned
    )


def close_ballot(
    ballot: ProjectBallot,
    *,
    actor,
    ballots_issued: int | None = None,
    ballots_returned: int | None = None,
    paper_returned: int | None = None,
    request=None,
) -> ProjectBallot:
    """End voting. Electronic: issued = deputies present at the opening, returned = ballots cast on
    the device + paper ballots returned; the count follows the tellers' decryption (and the paper
    sheets' entry). Paper: staff enter issued and returned, then the sheets."""

    def apply(locked: ProjectBallot) -> None:
        if locked.method == ProjectBallot.Method.ELECTRONIC:
            close_paper(locked, paper_returned)
        else:
            polls.record_paper_counts(locked, ballots_issued, ballots_returned, who="代表")

    with transaction.atomic():
        locked = _step("close_ballot", ballot, actor=actor, request=request, apply=apply)
        if ready_to_count(locked):
            locked = count_ballot(locked, actor=actor, request=request)  # an empty box: nothing to decrypt
    return locked


def submit_share(poll, *, actor, document, request, step, count):
    """One teller's decryption share of an electronic ballot's or evaluation's closed box (renda
    decryption_share); the last of `threshold` verified shares decrypts the totals and ``count``
    runs at once, unless paper ones await entry (then staff count them with the totals). A share that does not verify is refused, audited without content, changes nothing."""
    decrypted: list[bool] = []

    def apply(locked) -> None:
        totals = ballot_box.submit_decryption_share(locked.ballot_box, document, actor=actor, request=request)
        decrypted.append(totals is not None)

    try:
        with transaction.atomic():
            locked = step("submit_decryption_share", poll, actor=actor, request=request, apply=apply)
            if decrypted and decrypted[0]:
                locked.ballot_box.refresh_from_db()  # the box was decrypted through its own row lock
                if ready_to_count(locked):
                    locked = count(locked)
    except ballot_box.BallotRefused as error:
        ballot_box.audit_refusal(
            actor=actor,
            box=poll.ballot_box,
            reason=str(error),
            action="refuse_decryption_share",
            request=request,
        )
        raise TransitionRefused(str(error)) from None
    return locked


def submit_decryption_share(ballot: ProjectBallot, *, actor, document, request=None) -> ProjectBallot:
    """提交解密份额 for an electronic project ballot; the last share counts it (count_ballot)."""
    return submit_share(
        ballot,
        actor=actor,
        document=document,
        request=request,
        step=_step,
        count=lambda locked: count_ballot(locked, actor=actor, request=request),
    )


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
        if locked.status != B.COUNTING:
            raise TransitionRefused("只有结束投票、收回选票后才能录入选票。")
        if not locked.sheets:
            raise TransitionRefused("本次票决没有收回纸质选票，电子选票由系统计票。")
        contents = parse_sheets(locked, text, first)
        if not contents:
            raise TransitionRefused("请录入选票，每行一张。")
        last = polls.check_sheet_numbers(first, len(contents), locked.sheets, what="收回的纸质选票数")
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

    Paper sheets are counted only when both tellers entered every sheet 1..sheets (all returned
    ballots of a paper ballot, the paper ones returned in an electronic ballot) and agree on every
    one (meetings.rules.compare_teller_readings, shared with elections).
    """
    tellers = list(ballot.tellers.order_by("pk"))
    entries: dict[int, dict[int, object]] = {}
    for entry in ballot.teller_entries.all():
        entries.setdefault(entry.sheet, {})[entry.teller_id] = entry.content
    differing, agreed = counting.compare_teller_readings([t.pk for t in tellers], entries, ballot.sheets)
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
        "ballots": paper_sheets(ballot),
    }
    if ballot.mode != "approval":
        document["mode"] = "per_line"
    device = device_totals(ballot)
    if device is not None:
        document["device"] = device
    return document


def paper_sheets(ballot: ProjectBallot) -> list:
    """The agreed paper sheets (the first teller's readings, which the second's match), in random
    order; none when the round is void."""
    if not ballot.sheets or ballot.void_round:
        return []
    first = ballot.tellers.order_by("pk").first()
    sheets = list(ballot.teller_entries.filter(teller=first).values_list("content", flat=True))
    secrets.SystemRandom().shuffle(sheets)
    return sheets


def device_totals(ballot: ProjectBallot) -> dict | None:
    """An electronic ballot's decrypted totals, per project: [ticks] or [yes, no]."""
    box_ = ballot.ballot_box
    if box_ is None or box_.totals is None:
        return None
    width = 1 if ballot.mode == "approval" else 2
    totals = list(box_.totals)
    return {
        "ballots": box_.ballots_count or 0,
        "counts": {t: totals[width * i : width * i + width] for i, t in enumerate(ballot.candidates)},
    }


def ballot_box_export(poll) -> dict:
    """A counted electronic ballot's or evaluation's ballot box for `renda tally` (core.ballot_box.recount)."""
    participants = [
        f"{number} {name}"
        for number, name in poll.participations.values_list("deputy__number", "deputy__name")
    ]
    return ballot_box.export_document(poll.ballot_box, participants)


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
        data["line_counts"] = line_counts_dict(result.line_counts)
    return data


def line_counts_dict(line_counts) -> dict:
    """A per-line count's 赞成/反对/弃权 (and marks ignored) per candidate, as stored and exported."""
    return {
        name: {"yes": c.yes, "no": c.no, "abstain": c.abstain, "ignored": c.ignored}
        for name, c in line_counts.items()
    }


def count(ballot: ProjectBallot) -> counting.ProjectBallotResult:
    doc = export_document(ballot)
    doc.pop("kind")
    mode = doc.pop("mode", "approval")
    counter = counting.count_project_ballot if mode == "approval" else counting.count_project_ballot_per_line
    device = doc.pop("device", None)
    return counter(
        **doc, device=counting.DeviceTotals(device["ballots"], device["counts"]) if device else None
    )


def count_ballot(ballot: ProjectBallot, *, actor, request=None) -> ProjectBallot:
    follow_ups: list[ProjectBallot | None] = []

    def apply(locked: ProjectBallot) -> None:
        if locked.method == ProjectBallot.Method.ELECTRONIC and (
            locked.ballot_box is None or locked.ballot_box.totals is None
        ):
            raise TransitionRefused("票箱尚未解密：须由计票人提交解密份额。")
        if locked.sheets:
            _tellers, mismatches, agreed = sheet_comparison(locked)
            polls.check_sheets_agreed(locked, mismatches, agreed)
        try:
            result = count(locked)
        except counting.RuleInputError as error:
            raise TransitionRefused(f"计票数据有误：{error}") from None
        locked.result = result_dict(result)
        locked.closed_at = timezone.now()
        follow_ups.append(_follow_up(locked, result))

    return _step(
        "count_ballot",
        ballot,
        actor=actor,
        request=request,
        apply=apply,
        # The whole result is on the ballot's page; the entry names what was adopted and what follows.
        unaudited={"result"},
        changes=lambda locked: {
            "adopted": locked.result["adopted"],
            "follow_up": follow_ups[0].pk if follow_ups[0] else None,
        },
    )


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
