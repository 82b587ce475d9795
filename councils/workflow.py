"""A council's 票选: draft → open → counting → closed → published; the only code that changes a status.

Reading the ballots is the projects' ballot machinery, unchanged (projects.workflow_ballot):
the device's slots (ballot_spec, ballot_values, ballot_content), the paper sheets and the two
tellers' comparison (parse_sheets, sheet_comparison), the count of marks (count, through
meetings.rules). A phone ballot goes through the one ballot box (core.ballot_box.box.cast),
encrypted on the member's phone; the tellers' shares decrypt only the totals. The decision
(quorum, threshold, top n) is the council's own (councils.rules.decide).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import audit, workflow
from core.ballot_box import box as ballot_box
from core.ballot_box import polls
from core.dates import today
from core.workflow import TransitionRefused
from councils import permissions as perms
from councils import queries, rules
from councils.models import CouncilBallot, CouncilParticipation, CouncilTellerEntry, Matter
from meetings import rules as counting
from projects import workflow_ballot as machinery
from registry import rules as registry_rules
from registry.models import Congress, CouncilMember

B = CouncilBallot.Status

TRANSITIONS: dict[str, tuple[set[str], str | tuple]] = {
    "open_ballot": ({B.DRAFT}, B.OPEN),
    "close_ballot": ({B.OPEN}, B.COUNTING),
    "submit_decryption_share": ({B.COUNTING}, ()),
    "count_ballot": ({B.COUNTING}, B.CLOSED),
    "publish_result": ({B.CLOSED}, B.PUBLISHED),
}

ACTION_LABELS = {
    "open_ballot": "开始投票",
    "close_ballot": "结束投票",
    "submit_decryption_share": "提交解密份额",
    "count_ballot": "计票",
    "publish_result": "公布结果",
}


def allowed_actions(ballot: CouncilBallot, user) -> list[str]:
    if not perms.can_run(user, ballot):
        return []
    hidden = "count_ballot" if ballot.method == CouncilBallot.Method.ELECTRONIC else "submit_decryption_share"
    return [verb for verb in workflow.available(TRANSITIONS, ballot.status) if verb != hidden]


def _step(verb: str, ballot: CouncilBallot, *, actor, request, **options) -> CouncilBallot:
    return workflow.transition(
        verb,
        ballot,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        permission=perms.can_run,
        request=request,
        **options,
    )


def key_owner(ballot_id: int) -> str:
    return f"councils.councilballot:{ballot_id}"


def teller_key(ballot: CouncilBallot):
    """The tellers' key of a phone 票选: its own, or for a re-vote without one the key of the 票选 it
    follows (the same tellers at the same sitting decrypt both boxes; each box has its own context).
    A re-vote held later, when those key files may be gone, registers its own key first."""
    seen: set[int] = set()
    while ballot is not None and ballot.pk not in seen:
        seen.add(ballot.pk)
        key = ballot_box.key_for(key_owner(ballot.pk))
        if key is not None:
            return key
        ballot = ballot.follows
    return None


# --------------------------------------------------------------------------- members


def add_member(council: Congress, *, actor, data: Mapping, request=None) -> CouncilMember:
    """Register a member (DOMAIN §11): resident representative, deputy or community staff."""
    with transaction.atomic():
        locked = Congress.objects.select_for_update().get(pk=council.pk)
        if not perms.can_manage_members(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        problem = registry_rules.council_member_problem(
            data["category"], data.get("deputy") is not None, locked.kind
        )
        if problem:
            raise TransitionRefused(problem)
        user = data.get("user")
        if user is not None and queries.members_on(locked).filter(user=user).exists():
            raise TransitionRefused("该登录账户已是本议事会的成员。")
        member = CouncilMember.objects.create(congress=locked, **data)
        audit.record(
            actor=actor,
            action="add_council_member",
            obj=member,
            congress=locked.pk,
            request=request,
            changes={"category": member.category, "user": member.user_id, "deputy": member.deputy_id},
        )
    return member


def end_member(member: CouncilMember, *, actor, on, request=None) -> CouncilMember:
    with transaction.atomic():
        locked = CouncilMember.objects.select_for_update().select_related("congress").get(pk=member.pk)
        if not perms.can_manage_members(actor, locked.congress):
            raise PermissionDenied("您没有权限进行此操作。")
        problem = registry_rules.end_problem(
            locked.starts_on, locked.ends_on, on, already_ended_label="该成员"
        )
        if problem:
            raise TransitionRefused(problem)
        locked.ends_on = on
        locked.save(update_fields=["ends_on"])
        audit.record(
            actor=actor,
            action="end_council_member",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"ends_on": [None, on.isoformat()]},
        )
    return locked


# --------------------------------------------------------------------------- arranging


def _check_tellers(congress_id: int, tellers: Sequence) -> list:
    return polls.check_tellers(
        tellers,
        needed=counting.TELLERS,
        is_staff=lambda u: perms.is_staff_of(u, congress_id),
        body="本议事会",
    )


def create_ballot(
    council: Congress,
    *,
    actor,
    title: str,
    held_on,
    method: str,
    matters: Sequence[tuple[str, str]],
    tellers: Sequence = (),
    request=None,
) -> CouncilBallot:
    """Arrange a 票选 with its candidate matters; the council's rules are frozen now."""
    with transaction.atomic():
        locked = Congress.objects.select_for_update().get(pk=council.pk)
        if not perms.is_council(locked) or not perms.is_staff_of(actor, locked.pk):
            raise PermissionDenied("您没有权限进行此操作。")
        frozen = {key: rules.SETTINGS.value(locked, key) for key in rules.FROZEN}
        problem = rules.matters_problem(len(matters), frozen["adopt"], frozen["ballot_mode"])
        if problem:
            raise TransitionRefused(problem)
        if frozen["ballot_mode"] == "per_line":
            frozen["adopt"] = min(frozen["adopt"], len(matters))
        tellers = _check_tellers(locked.pk, tellers) if method == CouncilBallot.Method.PAPER else []
        ballot = CouncilBallot.objects.create(
            congress=locked,
            title=title,
            held_on=held_on,
            method=method,
            candidates=[t for t, _c in matters],
            settings=frozen,
            created_by=actor,
        )
        Matter.objects.bulk_create(
            Matter(congress=locked, ballot=ballot, number=n, title=t, content=c)
            for n, (t, c) in enumerate(matters, start=1)
        )
        ballot.tellers.set(tellers)
        audit.record(
            actor=actor,
            action="create_council_ballot",
            obj=ballot,
            congress=locked.pk,
            request=request,
            changes={
                "method": method,
                "candidates": ballot.candidates,
                "settings": frozen,
                "tellers": sorted(u.pk for u in tellers),
            },
        )
    return ballot


def edit_matter(matter: Matter, *, actor, title: str, content: str, reason: str, request=None) -> Matter:
    """Correct a candidate matter before its 票选 opens (the frozen list of names follows); the
    reason is kept in the audit log with the old and the new text. Once voting has begun the
    ballot paper is what members saw, and nothing on it changes."""
    title, content, reason = title.strip(), content.strip(), reason.strip()
    with transaction.atomic():
        ballot = CouncilBallot.objects.select_for_update().get(pk=matter.ballot_id)
        locked = Matter.objects.select_for_update().get(pk=matter.pk)
        if not perms.can_run(actor, ballot):
            raise PermissionDenied("您没有权限进行此操作。")
        if ballot.status != B.DRAFT:
            raise TransitionRefused("票选已经开始，候选事项不能再修改。")
        if not reason:
            raise TransitionRefused("请填写修改原因。")
        problem = rules.matter_problem(title, content)
        if problem:
            raise TransitionRefused(f"候选事项{problem}。")
        if ballot.matters.exclude(pk=locked.pk).filter(title=title).exists():
            raise TransitionRefused(f"“{title}”与本次票选的其他候选事项重复。")
        changes = {
            field: [getattr(locked, field), value]
            for field, value in (("title", title), ("content", content))
            if getattr(locked, field) != value
        }
        if not changes:
            raise TransitionRefused("没有修改任何内容。")
        locked.title, locked.content = title, content
        locked.save(update_fields=list(changes))
        if "title" in changes:
            candidates = list(ballot.candidates)
            candidates[locked.number - 1] = title
            ballot.candidates = candidates
            ballot.save(update_fields=["candidates"])
        audit.record(
            actor=actor,
            action="edit_matter",
            obj=locked,
            congress=ballot.congress_id,
            request=request,
            changes=changes,
            note=f"修改原因：{reason}",
        )
    return locked


def register_teller_key(ballot: CouncilBallot, *, actor, document, request=None):
    """The tellers' key of a phone ballot (public part of the key ceremony), before it opens."""
    if not perms.can_run(actor, ballot):
        raise PermissionDenied("您没有权限进行此操作。")
    if ballot.method != CouncilBallot.Method.ELECTRONIC or ballot.status != B.DRAFT:
        raise TransitionRefused("只有尚未开始的手机票选需要登记计票人密钥。")
    try:
        return ballot_box.register_key(
            congress_id=ballot.congress_id,
            owner=key_owner(ballot.pk),
            document=document,
            actor=actor,
            request=request,
        )
    except ballot_box.BallotRefused as error:
        raise TransitionRefused(str(error)) from None


# --------------------------------------------------------------------------- voting


def open_ballot(
    ballot: CouncilBallot, *, actor, present: Sequence[CouncilMember], request=None
) -> CouncilBallot:
    """Record who is present, check the council's quorum, freeze N and open the box."""

    def apply(locked: CouncilBallot) -> None:
        members = queries.members_on(locked.congress, locked.held_on)
        size = members.count()
        present_ids = sorted({m.pk for m in present} & set(members.values_list("pk", flat=True)))
        quorum = locked.settings["quorum"]
        if size == 0:
            raise TransitionRefused("本议事会还没有成员，请先登记议事会成员。")
        if not rules.quorum_met(quorum, size, len(present_ids)):
            raise TransitionRefused(
                f"出席成员 {len(present_ids)} 名，未达到“{rules.SETTINGS['quorum'].display(quorum)}”"
                f"（全体成员 {size} 名，至少 {rules.quorum_needed(quorum, size)} 名），不能开始票选。"
            )
        polls.require_tellers(locked, needed=counting.TELLERS)
        locked.body_size, locked.present, locked.issued_to = size, len(present_ids), present_ids
        locked.opened_at = timezone.now()
        if locked.method == CouncilBallot.Method.ELECTRONIC:
            key = teller_key(locked)
            if key is None:
                raise TransitionRefused("手机票选须先登记计票人密钥（计票人密钥仪式），才能开始。")
            locked.ballot_box = ballot_box.open_box(
                key=key,
                owner=key_owner(locked.pk),
                spec=machinery.ballot_spec(locked),
                labels=machinery.ballot_labels(locked),
            )

    return _step(
        "open_ballot",
        ballot,
        actor=actor,
        request=request,
        apply=apply,
    )


def cast_ballot(
    ballot: CouncilBallot,
    *,
    member: CouncilMember,
    choices: Mapping[str, object] | None = None,
    sealed: object = None,
    request=None,
) -> str:
    """One phone ballot, once, into the ballot's box (the one cast path); returns the receipt."""
    if member.congress_id != ballot.congress_id:
        raise PermissionDenied
    ballot = CouncilBallot.objects.select_related("ballot_box__key").get(pk=ballot.pk)
    refused = "本次票选未在手机投票中。"
    if ballot.ballot_box is None or ballot.method != CouncilBallot.Method.ELECTRONIC:
        raise TransitionRefused(refused)

    def check(locked: CouncilBallot) -> None:
        if locked.status != B.OPEN:
            raise TransitionRefused(refused)
        if member.pk not in locked.issued_to:
            raise TransitionRefused("开始投票时您未登记出席，不能参加本次票选。")

    try:
        if sealed is not None:
            sealed_ballot = ballot_box.read_sealed(ballot.ballot_box, sealed)
        else:
            content = machinery.ballot_content(ballot, choices or {}, electronic=True)
            sealed_ballot = ballot_box.seal_on_server(
                ballot.ballot_box, machinery.ballot_values(ballot, content)
            )
        return ballot_box.cast(
            ballot.ballot_box,
            sealed_ballot,
            poll=ballot,
            participation=CouncilParticipation(ballot=ballot, member=member),
            check=check,
        )
    except (ballot_box.BallotRefused, TransitionRefused) as error:
        ballot_box.audit_refusal(actor=member.user, box=ballot.ballot_box, reason=str(error), request=request)
        if isinstance(error, ballot_box.BallotRefused):
            raise TransitionRefused(str(error)) from None
        raise


def close_ballot(
    ballot: CouncilBallot,
    *,
    actor,
    ballots_issued: int | None = None,
    ballots_returned: int | None = None,
    request=None,
) -> CouncilBallot:
    """End voting. Phone: issued = members present, returned = ballots cast. Paper: as counted."""

    def apply(locked: CouncilBallot) -> None:
        if locked.method == CouncilBallot.Method.ELECTRONIC:
            box_ = ballot_box.close(locked.ballot_box)
            locked.ballots_issued, locked.ballots_returned = len(locked.issued_to), box_.ballots_count
            return
        polls.record_paper_counts(locked, ballots_issued, ballots_returned, who="成员")

    with transaction.atomic():
        closed = _step("close_ballot", ballot, actor=actor, request=request, apply=apply)
        if closed.method == CouncilBallot.Method.ELECTRONIC and closed.ballot_box.totals is not None:
            closed = count_ballot(closed, actor=actor, request=request)  # nobody voted: nothing to decrypt
    return closed


def enter_sheets(ballot: CouncilBallot, *, teller, text: str, first: int = 1, request=None) -> int:
    """One teller's reading of paper sheets ``first``, ``first``+1, …, one per line (re-entry replaces)."""
    with transaction.atomic():
        locked = CouncilBallot.objects.select_for_update().get(pk=ballot.pk)
        if not perms.can_enter_sheets(teller, locked):
            raise PermissionDenied("只有本次票选指定的计票人可以录入选票。")
        if locked.method != CouncilBallot.Method.PAPER or locked.status != B.COUNTING:
            raise TransitionRefused("只有纸质票选结束投票、收回选票后才能录入选票。")
        contents = machinery.parse_sheets(locked, text, first)
        if not contents:
            raise TransitionRefused("请录入选票，每行一张。")
        last = polls.check_sheet_numbers(first, len(contents), locked.sheets)
        for number, content in enumerate(contents, start=first):
            CouncilTellerEntry.objects.update_or_create(
                ballot=locked, teller=teller, sheet=number, defaults={"content": content}
            )
        audit.record(
            actor=teller,
            action="enter_sheets",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            changes={"sheets": [first, last]},
        )
    return len(contents)


def submit_decryption_share(ballot: CouncilBallot, *, actor, document, request=None) -> CouncilBallot:
    """One teller's share for the closed box; the last needed share decrypts the totals and counts."""
    return machinery.submit_share(
        ballot,
        actor=actor,
        document=document,
        request=request,
        step=_step,
        count=lambda locked: count_ballot(locked, actor=actor, request=request),
    )


def tally(ballot: CouncilBallot) -> dict:
    """The marks counted by the projects' machinery, decided by the council's rules."""
    try:
        marks = machinery.count(ballot)
    except counting.RuleInputError as error:
        raise TransitionRefused(f"计票数据有误：{error}") from None
    counts = dict(marks.counts)
    decision = rules.decide(
        ballot.candidates,
        counts,
        adopt=ballot.adopt,
        members=ballot.body_size or 0,
        present=ballot.present or 0,
        quorum=ballot.settings["quorum"],
        threshold=ballot.settings["threshold"],
        round_valid=marks.round_valid,
    )
    result = {
        "quorum_met": decision.quorum_met,
        "round_valid": decision.round_valid,
        "valid_ballots": marks.valid_ballots,
        "void_ballots": marks.void_ballots,
        "counts": counts,
        "adopted": list(decision.adopted),
        "tied": list(decision.tied),
        "tied_places": decision.tied_places,
        "shortfall": decision.shortfall,
        "below_threshold": list(decision.below_threshold),
    }
    if marks.line_counts is not None:
        result["line_counts"] = machinery.line_counts_dict(marks.line_counts)
    return result


def count_ballot(ballot: CouncilBallot, *, actor, request=None) -> CouncilBallot:
    def apply(locked: CouncilBallot) -> None:
        if locked.method == CouncilBallot.Method.PAPER:
            _tellers, mismatches, agreed = machinery.sheet_comparison(locked)
            polls.check_sheets_agreed(locked, mismatches, agreed)
        elif locked.ballot_box is None or locked.ballot_box.totals is None:
            raise TransitionRefused("票箱尚未解密：须由计票人提交解密份额。")
        locked.result = tally(locked)
        locked.closed_at = timezone.now()

    return _step(
        "count_ballot",
        ballot,
        actor=actor,
        request=request,
        apply=apply,
        unaudited={"result"},
        changes=lambda locked: {"adopted": locked.result["adopted"]},
    )


def revote_offered(ballot: CouncilBallot) -> str:
    """The question staff confirm when a counted 票选 needs a follow-up ('' when it needs none)."""
    result = ballot.result or {}
    if ballot.status not in (B.CLOSED, B.PUBLISHED) or not result:
        return ""
    if not (result.get("quorum_met") and result.get("round_valid")):
        return "本次票选无效。确定对全部候选事项重新票选？"
    if result.get("tied"):
        names = "、".join(result["tied"])
        return f"{names} 票数相等，确定对这些事项再次票选，确定其余 {result['tied_places']} 项？"
    return ""


def revote(ballot: CouncilBallot, *, actor, request=None) -> CouncilBallot:
    """Arrange the follow-up of a counted 票选 in one step: among exactly the matters tied at the last
    place, for the places left (组织法 29 by analogy, DOMAIN §3: the most votes win, no threshold
    again: the tied matters reached it already), or, for a void round, the same matters again.

    The same method and tellers; a phone re-vote uses the same tellers' key. With the council's
    setting ``tie_revote`` = ``same_sitting`` (the default) a tie's re-vote opens at once with the
    members present at the counted 票选; with ``later`` it waits as a draft for its own sitting.
    """
    with transaction.atomic():
        locked = CouncilBallot.objects.select_for_update().select_related("congress").get(pk=ballot.pk)
        if not perms.can_run(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        result = locked.result or {}
        decided = result.get("quorum_met") and result.get("round_valid")
        if locked.status not in (B.CLOSED, B.PUBLISHED) or (decided and not result.get("tied")):
            raise TransitionRefused("本次票选没有票数相等、须再次票选的事项。")
        if locked.follow_ups.exists():
            raise TransitionRefused("已经安排了再次票选。")
        if decided:
            candidates = list(result["tied"])
            settings = {**locked.settings, "adopt": result["tied_places"], "threshold": "plurality"}
            title = "（票数相等事项再次票选）"
        else:
            candidates, settings, title = list(locked.candidates), dict(locked.settings), "（重新票选）"
        contents = dict(locked.matters.values_list("title", "content"))
        follow_up = CouncilBallot.objects.create(
            congress=locked.congress,
            follows=locked,
            title=locked.title[: CouncilBallot._meta.get_field("title").max_length - len(title)] + title,
            held_on=today(),
            method=locked.method,
            candidates=candidates,
            settings=settings,
            created_by=actor,
        )
        Matter.objects.bulk_create(
            Matter(congress=locked.congress, ballot=follow_up, number=n, title=t, content=contents.get(t, ""))
            for n, t in enumerate(candidates, start=1)
        )
        follow_up.tellers.set(locked.tellers.all())
        audit.record(
            actor=actor,
            action="revote",
            obj=follow_up,
            congress=locked.congress_id,
            request=request,
            changes={"follows": locked.pk, "candidates": candidates, "settings": settings},
        )
        same_sitting = rules.SETTINGS.value(locked.congress, "tie_revote") == "same_sitting"
        if decided and same_sitting:
            present = list(CouncilMember.objects.filter(pk__in=locked.issued_to or []))
            try:
                with transaction.atomic():
                    follow_up = open_ballot(follow_up, actor=actor, present=present, request=request)
            except TransitionRefused:
                pass  # e.g. members have left since: the draft waits, and opening it says why
    return follow_up


def publish_result(ballot: CouncilBallot, *, actor, request=None) -> CouncilBallot:
    """公告: the matters, the votes and what was adopted, on the council's public pages."""
    return _step(
        "publish_result", ballot, actor=actor, request=request, apply={"published_at": timezone.now()}
    )
