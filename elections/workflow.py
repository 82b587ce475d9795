"""An election's lifecycle (DOMAIN §2). The only code that assigns a status in this app.

Office group:  nominating --fix_candidates--> candidates_fixed (creates round 1)
               candidates_fixed --reopen_nomination--> nominating (while no round has opened)
               nominating/candidates_fixed --delete_group--> (gone; while no round has opened)
Nomination:    edit_nomination / withdraw_nomination while its group is nominating
Round:         draft --open_round--> open --close_round--> counting --count_round--> closed
               (electronic: counting --submit_decryption_share--> counting, the last share counts)
               draft --cancel_round--> cancelled
Election:      preparing --announce--> announced

Counting is meetings.rules (count_election / count_revote / count_supplementary_election); this
module only gathers the ballots, stores the result and creates the follow-up round.  An
electronic round's ballots go through the one ballot box (core.ballot_box): encrypted on the
deputy's device, only their totals decrypted by the tellers. A stored ballot writes no audit row:
an audit entry naming the voter next to the time would undo the secrecy.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from core import audit, dates, workflow
from core.ballot_box import box as ballot_box
from core.ballot_box import crypto
from core.workflow import AlreadyVoted, TransitionRefused  # noqa: F401  (workflow.AlreadyVoted for views and tests)
from elections import rules as election_rules
from elections.models import (
    Candidate,
    Election,
    Nomination,
    OfficeGroup,
    Participation,
    Round,
    RoundCandidate,
    TellerEntry,
)
from elections.permissions import can_enter_sheets, is_staff_of
from elections.rules import SETTINGS
from meetings import rules
from meetings import workflow as meetings_workflow
from meetings.models import Attendance, Meeting
from registry import workflow as registry_workflow
from registry.models import Deputy
from registry.queries import deputies_holding_seat, deputy_count, seat_held_on

E, OG, R = Election.Status, OfficeGroup.Status, Round.Status

# Corrections (edit_nomination, withdraw_nomination, delete_group) leave the status as it is
# (target ()).  Each needs a reason and is refused once a round has opened: then only 重选,
# 另行选举 or a new decision of the congress remain.
TRANSITIONS: dict[str, tuple[set[str], str | tuple[()]]] = {
    "edit_nomination": ({OG.NOMINATING}, ()),
    "withdraw_nomination": ({OG.NOMINATING}, ()),
    "delete_group": ({OG.NOMINATING, OG.CANDIDATES_FIXED}, ()),
    "reopen_nomination": ({OG.CANDIDATES_FIXED}, OG.NOMINATING),
    "fix_candidates": ({OG.NOMINATING}, OG.CANDIDATES_FIXED),
    "open_round": ({R.DRAFT}, R.OPEN),
    "close_round": ({R.OPEN}, R.COUNTING),
    "submit_decryption_share": ({R.COUNTING}, ()),
    "count_round": ({R.COUNTING}, R.CLOSED),
    "cancel_round": ({R.DRAFT}, R.CANCELLED),
    "announce": ({E.PREPARING}, E.ANNOUNCED),
}

ACTION_LABELS = {
    "edit_nomination": "修改提名",
    "withdraw_nomination": "撤回提名",
    "delete_group": "删除职位",
    "reopen_nomination": "重新提名",
    "fix_candidates": "确定正式候选人",
    "open_round": "开始投票",
    "close_round": "结束投票",
    "submit_decryption_share": "提交解密份额",
    "count_round": "计票",
    "cancel_round": "不再进行此轮",
    "announce": "宣布选举结果",
}

MARKS = ("for", "against", "abstain")


class BallotInvalid(TransitionRefused):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("；".join(errors))


# The one reader of per-congress settings (core.congress_settings), for this app's section.
setting = SETTINGS.value


def allowed_actions(obj, user) -> list[str]:
    """The verbs that apply to ``obj`` now; draws the buttons, checked again on POST."""
    model = {Election: "election", OfficeGroup: "group", Round: "round"}[type(obj)]
    verbs = {
        "election": ["announce"],
        "group": ["fix_candidates", "reopen_nomination", "delete_group"],
        "round": ["open_round", "close_round", "submit_decryption_share", "count_round", "cancel_round"],
    }[model]
    congress_id = (
        obj.congress_id
        if model == "election"
        else (obj.election.congress_id if model == "group" else obj.office_group.election.congress_id)
    )
    if not is_staff_of(user, congress_id):
        return []
    verbs = [verb for verb in verbs if obj.status in TRANSITIONS[verb][0]]
    if model == "round":
        # An electronic round is counted when the tellers' shares decrypt its box; a paper round
        # when its two tellers' readings agree.
        if obj.method == Round.Method.PAPER:
            verbs = [v for v in verbs if v != "submit_decryption_share"]
        elif not obj.sheets:
            verbs = [v for v in verbs if v != "count_round"]
    if model == "group" and (obj.election.status != E.PREPARING or voting_started(obj)):
        verbs = [verb for verb in verbs if verb not in ("reopen_nomination", "delete_group")]
    return verbs


def voting_started(group: OfficeGroup) -> bool:
    """A round of the group has opened: from then on its candidates and the group are final."""
    return group.rounds.exclude(status__in=[R.DRAFT, R.CANCELLED]).exists()


def _refresh_screen(meeting_id: int) -> None:
    """The hall's screen and the deputies' devices show the change at once (not after 0.3 s)."""
    from meetings.queries import forget_screen_state

    transaction.on_commit(lambda: forget_screen_state(meeting_id))


def _step(verb: str, obj, *, actor, congress_id: int, request, **options):
    """core.workflow.transition for the congress's election staff (is_staff_of); a round's step
    refreshes the hall's screen and the deputies' devices at once."""
    locked = workflow.transition(
        verb,
        obj,
        actor=actor,
        table=TRANSITIONS,
        labels=ACTION_LABELS,
        permission=lambda user, _locked: is_staff_of(user, congress_id),
        denied="您没有权限办理选举事务。",
        congress=congress_id,
        request=request,
        **options,
    )
    if isinstance(obj, Round):
        _refresh_screen(obj.office_group.election.meeting_id)
    return locked


# --------------------------------------------------------------------------- setup


def create_election(
    *, actor, congress, meeting: Meeting, title: str, agenda_item=None, request=None
) -> Election:
    if meeting.congress_id != congress.pk or meeting.kind != Meeting.Kind.PLENARY:
        raise TransitionRefused("选举须在本级人民代表大会的全体会议上进行。")
    if not is_staff_of(actor, congress.pk):
        raise PermissionDenied("您没有权限办理选举事务。")
    with transaction.atomic():
        election = Election.objects.create(
            congress=congress, meeting=meeting, title=title.strip(), agenda_item=agenda_item
        )
        audit.record(
            actor=actor,
            action="create",
            obj=election,
            congress=congress,
            changes=audit.snapshot(election),
            request=request,
        )
    return election


def add_office_group(
    election: Election,
    *,
    actor,
    office: str,
    post: str,
    seats: int,
    extra: int | None,
    write_in_rule: str,
    request=None,
) -> OfficeGroup:
    if not is_staff_of(actor, election.congress_id):
        raise PermissionDenied("您没有权限办理选举事务。")
    if election.status != E.PREPARING:
        raise TransitionRefused("选举结果已宣布，不能再增加职位。")
    problem = election_rules.office_problem(election.congress.kind, office, post)
    if problem:
        raise TransitionRefused(problem)
    margin = rules.candidate_margin(office, seats, rounding=setting(election.congress, "margin_rounding"))
    if office == "head" and seats != 1:
        raise TransitionRefused(f"{rules.OFFICES[office]}应选名额只能是 1 名。")
    if extra is not None and not margin.allows(extra):
        raise TransitionRefused(
            f"选举办法规定的差额 {extra} 名不合法：应选 {seats} 名时{margin.describe()}（组织法第二十七条）"
        )
    with transaction.atomic():
        order = (election.office_groups.aggregate(m=Max("order"))["m"] or 0) + 1
        group = OfficeGroup.objects.create(
            election=election,
            order=order,
            office=office,
            post=post.strip(),
            seats=seats,
            extra=extra,
            write_in_rule=write_in_rule,
        )
        audit.record(
            actor=actor,
            action="create",
            obj=group,
            congress=election.congress_id,
            changes=audit.snapshot(group),
            request=request,
        )
    return group


def nominate(
    group: OfficeGroup,
    *,
    actor,
    kind: str,
    names: Sequence[str],
    nominators: Sequence[Deputy] = (),
    request=None,
) -> Nomination:
    """Record one nomination as handed in; its lawfulness is shown by nomination_errors."""
    congress_id = group.election.congress_id
    if not is_staff_of(actor, congress_id):
        raise PermissionDenied("您没有权限办理选举事务。")
    if group.status != OG.NOMINATING:
        raise TransitionRefused("正式候选人已确定，不能再提名。")
    names = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    if not names:
        raise TransitionRefused("请填写被提名人姓名。")
    if kind == Nomination.Kind.PRESIDIUM and nominators:
        raise TransitionRefused("主席团提名不需要填写联名代表。")
    with transaction.atomic():
        nomination = Nomination.objects.create(office_group=group, kind=kind, names=names)
        nomination.nominators.set(nominators)
        audit.record(
            actor=actor,
            action="nominate",
            obj=nomination,
            congress=congress_id,
            changes={"names": names, "nominators": [d.pk for d in nominators]},
            request=request,
        )
    return nomination


def _nomination_of(group: OfficeGroup, nomination: Nomination) -> Nomination:
    locked = Nomination.objects.select_for_update().filter(pk=nomination.pk, office_group=group).first()
    if locked is None:
        raise TransitionRefused("该提名已撤回。")
    return locked


def edit_nomination(
    nomination: Nomination,
    *,
    actor,
    names: Sequence[str],
    nominators: Sequence[Deputy] = (),
    reason: str,
    request=None,
) -> OfficeGroup:
    """Correct a nomination as entered (a name, a missing co-signer) before the candidates are fixed."""
    reason = workflow.stated(reason, "修改提名的原因", longest=500)
    names = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    if not names:
        raise TransitionRefused("请填写被提名人姓名。")
    group = nomination.office_group
    congress_id = group.election.congress_id
    changed: dict = {}

    def apply(locked: OfficeGroup) -> None:
        row = _nomination_of(locked, nomination)
        if row.kind == Nomination.Kind.PRESIDIUM and nominators:
            raise TransitionRefused("主席团提名不需要填写联名代表。")
        if any(d.congress_id != congress_id for d in nominators):
            raise TransitionRefused("联名代表须为本级人大代表。")
        before = {"names": row.names, "nominators": sorted(row.nominators.values_list("pk", flat=True))}
        row.names = names
        row.save(update_fields=["names"])
        row.nominators.set(nominators)
        after = {"names": names, "nominators": sorted(d.pk for d in nominators)}
        changed.update({"nomination": row.pk})
        changed.update({k: [before[k], after[k]] for k in before if before[k] != after[k]})

    return _step(
        "edit_nomination",
        group,
        actor=actor,
        congress_id=congress_id,
        request=request,
        apply=apply,
        changes=lambda _locked: changed,
        note=reason,
    )


def withdraw_nomination(nomination: Nomination, *, actor, reason: str, request=None) -> OfficeGroup:
    """A nomination entered by mistake, or withdrawn by its nominators, before candidates are fixed."""
    reason = workflow.stated(reason, "撤回提名的原因", longest=500)
    group = nomination.office_group
    withdrawn: dict = {}

    def apply(locked: OfficeGroup) -> None:
        row = _nomination_of(locked, nomination)
        withdrawn.update(
            nomination=row.pk,
            kind=row.kind,
            names=row.names,
            nominators=sorted(row.nominators.values_list("pk", flat=True)),
        )
        row.delete()

    return _step(
        "withdraw_nomination",
        group,
        actor=actor,
        congress_id=group.election.congress_id,
        request=request,
        apply=apply,
        changes=lambda _locked: withdrawn,
        note=reason,
    )


def _final_once_voting_started(locked: OfficeGroup, message: str) -> None:
    if locked.election.status != E.PREPARING or voting_started(locked):
        raise TransitionRefused(message)


def _remove_rounds_and_candidates(group: OfficeGroup) -> None:
    RoundCandidate.objects.filter(round__office_group=group).delete()
    Round.objects.filter(office_group=group).delete()
    Candidate.objects.filter(office_group=group).delete()


def reopen_nomination(group: OfficeGroup, *, actor, reason: str, request=None) -> OfficeGroup:
    """Undo 确定正式候选人 while round 1 is still a draft: its rounds and candidates are removed."""
    reason = workflow.stated(reason, "重新提名的原因", longest=500)
    removed: list[str] = []

    def apply(locked: OfficeGroup) -> None:
        _final_once_voting_started(locked, "投票已经开始，正式候选人不能再修改；只能依法重选或另行选举。")
        removed.extend(locked.candidates.values_list("name", flat=True))
        _remove_rounds_and_candidates(locked)
        locked.preliminary_votes = {}

    return _step(
        "reopen_nomination",
        group,
        actor=actor,
        congress_id=group.election.congress_id,
        request=request,
        queryset=OfficeGroup.objects.select_related("election"),
        apply=apply,
        changes=lambda _locked: {"candidates": [removed, []]},
        note=reason,
    )


def delete_group(group: OfficeGroup, *, actor, reason: str, request=None) -> Election:
    """An office added by mistake, removed with its nominations while no round has opened."""
    reason = workflow.stated(reason, "删除职位的原因", longest=500)
    snapshot: dict = {}

    def apply(locked: OfficeGroup) -> None:
        _final_once_voting_started(locked, "该职位已经开始投票，不能删除。")
        snapshot.update({**audit.snapshot(locked), "nominees": nominees(locked)})
        _remove_rounds_and_candidates(locked)
        # Through the queryset, so the locked instance keeps its id for the audit entry.
        OfficeGroup.objects.filter(pk=locked.pk).delete()

    _step(
        "delete_group",
        group,
        actor=actor,
        congress_id=group.election.congress_id,
        request=request,
        queryset=OfficeGroup.objects.select_related("election"),
        apply=apply,
        changes=lambda _locked: snapshot,
        note=reason,
    )
    return group.election


def nominees(group: OfficeGroup) -> list[str]:
    """Everyone nominated, in order of first nomination."""
    names: dict[str, None] = {}
    for nomination in group.nominations.all():
        names.update(dict.fromkeys(nomination.names))
    return list(names)


def extra_for(group: OfficeGroup, seats: int | None = None) -> int:
    """The margin used to decide on a 预选: the 选举办法's number, else the most the law allows."""
    seats = seats or group.seats
    if group.extra is not None and seats == group.seats:
        return group.extra
    margin = rules.candidate_margin(
        group.office, seats, rounding=setting(group.election.congress, "margin_rounding")
    )
    return margin.max_extra if margin.max_extra is not None else 10**6


def preliminary_vote_needed(group: OfficeGroup) -> bool:
    names = nominees(group)
    return bool(names) and rules.preliminary_vote_needed(group.seats, extra_for(group), len(names))


def nomination_errors(group: OfficeGroup) -> list[str]:
    """组织法第二十六条 (rules.check_nominations) on the nominations as entered."""
    nominations = [
        rules.Nomination(
            names=n.names,
            nominators=[f"{d.name}（{d.number}）" for d in n.nominators.all()],
            by_presidium=n.kind == Nomination.Kind.PRESIDIUM,
        )
        for n in group.nominations.prefetch_related("nominators")
    ]
    if not nominations:
        return ["尚无提名。"]
    return rules.check_nominations(
        group.seats, nominations, min_joint_deputies=setting(group.election.congress, "min_joint_deputies")
    )


def formal_candidates(
    group: OfficeGroup, preliminary_votes: Mapping[str, int] | None
) -> tuple[list[str], list[str]]:
    """(the formal candidate list, errors): nominations checked, 预选 ranked, margin checked."""
    errors = nomination_errors(group)
    names = nominees(group)
    if errors:
        return [], errors
    formal = names
    if preliminary_vote_needed(group):
        votes = dict(preliminary_votes or {})
        missing = [n for n in names if n not in votes]
        if missing:
            return [], [
                f"被提名人 {len(names)} 名，多于应选名额加差额数（{group.seats} + {extra_for(group)}），"
                f"须进行预选（组织法第二十七条）；请录入预选得票：{'、'.join(missing)}"
            ]
        selection = rules.rank_preliminary_vote({n: votes[n] for n in names}, group.seats, extra_for(group))
        if selection.revote:
            return [], [
                f"预选中 {'、'.join(selection.revote.candidates)} 得票相等，争夺最后 "
                f"{selection.revote.places} 个候选人名额，请对他们再次预选后重新录入。"
            ]
        formal = list(selection.chosen)
    message = rules.check_candidate_margin(
        group.office,
        group.seats,
        len(formal),
        nominee_count=len(names),
        extra=group.extra,
        rounding=setting(group.election.congress, "margin_rounding"),
    )
    if message:
        return [], [message]
    return formal, []


def _deputy_named(congress_id: int, name: str, on=None) -> Deputy | None:
    """The one seat of that name held on the day (a re-elected deputy has a seat in each term)."""
    seats = Deputy.objects.filter(seat_held_on(on or dates.today()), congress_id=congress_id, name=name)
    found = list(seats[:2])
    return found[0] if len(found) == 1 else None


def fix_candidates(
    group: OfficeGroup, *, actor, preliminary_votes: Mapping[str, int] | None = None, request=None
) -> Round:
    """确定正式候选人 and create the first round (in draft)."""
    congress_id = group.election.congress_id
    formal: list[str] = []
    rounds: list[Round] = []

    def apply(locked: OfficeGroup) -> None:
        chosen, errors = formal_candidates(locked, preliminary_votes)
        if errors:
            raise TransitionRefused("；".join(errors))
        formal.extend(chosen)
        prelim = preliminary_vote_needed(locked)
        if prelim:
            locked.preliminary_votes = {n: int(preliminary_votes[n]) for n in nominees(locked)}
        candidates = [
            Candidate.objects.create(
                office_group=locked,
                name=name,
                deputy=_deputy_named(congress_id, name),
                order=order,
                from_preliminary_vote=prelim,
            )
            for order, name in enumerate(formal, start=1)
        ]
        rounds.append(
            _new_round(locked, number=1, kind=Round.Kind.REGULAR, seats=locked.seats, candidates=candidates)
        )

    _step(
        "fix_candidates",
        group,
        actor=actor,
        congress_id=congress_id,
        request=request,
        queryset=OfficeGroup.objects.select_related("election__congress"),
        apply=apply,
        changes=lambda locked: {"candidates": formal},
    )
    return rounds[0]


def _new_round(
    group: OfficeGroup,
    *,
    number: int,
    kind: str,
    seats: int,
    candidates: Sequence[Candidate],
    follows: Round | None = None,
    note: str = "",
) -> Round:
    round_ = Round.objects.create(
        office_group=group,
        number=number,
        kind=kind,
        seats=seats,
        follows=follows,
        note=note,
        method=follows.method if follows else Round.Method.ELECTRONIC,
    )
    RoundCandidate.objects.bulk_create(
        RoundCandidate(round=round_, candidate=c, order=i) for i, c in enumerate(candidates, start=1)
    )
    if follows is not None:
        round_.scrutineers.set(follows.scrutineers.all())
        round_.tellers.set(follows.tellers.all())
    return round_


def set_up_round(
    round_: Round,
    *,
    actor,
    method: str,
    scrutineers: Sequence[Deputy],
    tellers: Sequence,
    candidates: Sequence[Candidate] | None = None,
    new_names: Sequence[str] = (),
    request=None,
) -> Round:
    """Choose the voting method, 监票人 and 计票人; for a 另行选举 also its candidates."""
    group = round_.office_group
    congress_id = group.election.congress_id
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if not is_staff_of(actor, congress_id):
            raise PermissionDenied("您没有权限办理选举事务。")
        if locked.status != R.DRAFT:
            raise TransitionRefused("投票开始后不能再修改本轮设置。")
        before = {
            "method": locked.method,
            "scrutineers": sorted(locked.scrutineers.values_list("pk", flat=True)),
            "tellers": sorted(locked.tellers.values_list("pk", flat=True)),
            "candidates": locked.candidate_names,
        }
        if candidates is not None or new_names:
            if locked.kind != Round.Kind.SUPPLEMENTARY:
                raise TransitionRefused("只有另行选举可以重新确定候选人；再次投票只在票数相等的人中进行。")
            chosen = list(candidates if candidates is not None else locked.candidates.all())
            order = group.candidates.aggregate(m=Max("order"))["m"] or 0
            for name in dict.fromkeys(n.strip() for n in new_names if n.strip()):
                existing = group.candidates.filter(name=name).first()
                if existing is None:
                    order += 1
                    existing = Candidate.objects.create(
                        office_group=group, name=name, order=order, deputy=_deputy_named(congress_id, name)
                    )
                if existing not in chosen:
                    chosen.append(existing)
            locked.round_candidates.all().delete()
            RoundCandidate.objects.bulk_create(
                RoundCandidate(round=locked, candidate=c, order=i) for i, c in enumerate(chosen, start=1)
            )
        candidate_deputies = {c.deputy_id for c in locked.candidates.all() if c.deputy_id}
        clash = [d.name for d in scrutineers if d.pk in candidate_deputies]
        if clash:
            raise TransitionRefused(f"监票人不能是候选人：{'、'.join(clash)}。")
        if any(d.congress_id != congress_id for d in scrutineers):
            raise TransitionRefused("监票人须为本级人大代表。")
        if any(not is_staff_of(u, congress_id) for u in tellers):
            raise TransitionRefused("计票人须为本人大的工作人员。")
        locked.method = method
        locked.save(update_fields=["method"])
        locked.scrutineers.set(scrutineers)
        locked.tellers.set(tellers)
        after = {
            "method": locked.method,
            "scrutineers": sorted(d.pk for d in scrutineers),
            "tellers": sorted(u.pk for u in tellers),
            "candidates": locked.candidate_names,
        }
        audit.record(
            actor=actor,
            action="set_up_round",
            obj=locked,
            congress=congress_id,
            changes=audit.diff(before, after),
            request=request,
        )
    return locked


# --------------------------------------------------------------------------- voting


def present_deputy_ids(meeting: Meeting) -> list[int]:
    return list(
        Attendance.objects.filter(meeting=meeting, status=Attendance.Status.PRESENT)
        .order_by("deputy_id")
        .values_list("deputy_id", flat=True)
    )


def body_size_of(meeting: Meeting) -> int:
    """N frozen when the meeting opened; computed as 实有数 if the meeting has not frozen it."""
    return meeting.body_size or deputy_count(meeting.congress, timezone.localdate(meeting.starts_at))


def open_round(round_: Round, *, actor, request=None) -> Round:
    group = round_.office_group
    election = group.election

    def apply(locked: Round) -> None:
        meeting = Meeting.objects.get(pk=election.meeting_id)
        if meeting.status != Meeting.Status.OPEN:
            raise TransitionRefused("会议尚未开始或已经结束，不能开始投票。")
        names = locked.candidate_names
        if not names:
            raise TransitionRefused("本轮没有候选人。")
        if locked.kind == Round.Kind.SUPPLEMENTARY:
            # 组织法第二十九条: 另行选举 applies the margin rule again, for the r seats still open.
            message = rules.check_candidate_margin(
                group.office, locked.seats, len(names), rounding=setting(election.congress, "margin_rounding")
            )
            if message:
                raise TransitionRefused(f"另行选举：{message}")
        if not locked.scrutineers.exists():
            raise TransitionRefused("请先确定监票人。")
        if locked.method == Round.Method.PAPER and locked.tellers.count() != 2:
            raise TransitionRefused("纸质选票须指定两名计票人，分别独立录入每一张选票。")
        present_ids = present_deputy_ids(meeting)
        size = body_size_of(meeting)
        try:
            quorum = rules.quorum_met("congress", size, len(present_ids))
        except rules.RuleInputError as error:
            raise TransitionRefused(str(error)) from None
        if not quorum:
            raise TransitionRefused(
                f"出席代表 {len(present_ids)} 名，不足全体代表 {size} 名的三分之二，不能进行选举（组织法第十四条）。"
            )
        locked.body_size, locked.present = size, len(present_ids)
        locked.issued_to = present_ids if locked.method == Round.Method.ELECTRONIC else []
        locked.opened_at = timezone.now()
        if locked.method == Round.Method.ELECTRONIC:
            key = ballot_box.key_for(meetings_workflow.key_owner(meeting.pk))
            if key is None:
                raise TransitionRefused(
                    "电子选票需先在会议页面登记计票人密钥（计票人密钥仪式），才能开始投票。"
                )
            locked.ballot_box = ballot_box.open_box(
                key=key,
                owner=f"elections.round:{locked.pk}",
                spec=ballot_spec(len(names), locked.seats),
                labels=[f"{name}·{label}" for name in names for label in ("赞成", "反对")],
            )

    return _step(
        "open_round",
        round_,
        actor=actor,
        congress_id=election.congress_id,
        request=request,
        apply=apply,
        unaudited={"issued_to"},
    )


def ballot_spec(candidates: int, seats: int) -> crypto.BallotSpec:
    """An electronic ballot: per candidate a 赞成 and a 反对 slot, at most one of them (neither is
    弃权), and at most ``seats`` 赞成 marks in all (组织法第二十八条; a device ballot is never void)."""
    return crypto.per_line(candidates, 2, max_first=seats)


def ballot_values(round_: Round, content: Mapping[str, Sequence[str]]) -> list[int]:
    """A ballot's marks as the box's slots, in candidate order: (赞成, 反对) per candidate."""
    return [int(name in content[mark]) for name in round_.candidate_names for mark in ("for", "against")]


def eligible_write_in(group: OfficeGroup, name: str) -> bool:
    """常委会 posts: the write-in person must be a deputy of this congress (DOMAIN §2)."""
    if group.write_in_rule == OfficeGroup.WriteInRule.ANY:
        return True
    election = group.election
    return (
        deputies_holding_seat(election.congress, timezone.localdate(election.meeting.starts_at))
        .filter(name=name)
        .exists()
    )


def make_ballot(
    round_: Round, marks: Mapping[str, str], write_ins: Sequence[str], *, electronic: bool
) -> dict:
    """A ballot in the tally format from marks per candidate; raises BallotInvalid with every problem.

    An electronic ballot marking more persons "for" than seats is refused rather than stored void
    (the deputy is told and can correct it); a paper ballot is recorded as marked and counted void.
    """
    names = round_.candidate_names
    group = round_.office_group
    errors = []
    content = {"for": [], "against": [], "write_in": []}
    for name in names:
        mark = marks.get(name, "abstain") or "abstain"
        if mark not in MARKS:
            errors.append(f"对“{name}”的记号无法识别。")
            continue
        if mark != "abstain":
            content[mark].append(name)
    written = [w.strip() for w in write_ins if w and w.strip()]
    if written and round_.counting_kind == Round.Kind.REVOTE:
        errors.append("再次投票只在票数相等的候选人中进行，不能另选他人（组织法第二十九条）。")
    if len(set(written)) != len(written):
        errors.append("另选他人的姓名不能重复。")
    for name in dict.fromkeys(written):
        if name in names:
            errors.append(f"“{name}”是候选人，请直接在其姓名下投赞成票。")
        elif not eligible_write_in(group, name):
            errors.append(f"另选他人“{name}”不是本级人大代表，不符合{group.post}的任职资格。")
    content["write_in"] = sorted(dict.fromkeys(written))
    if electronic and len(content["write_in"]) > len(content["against"]):
        errors.append("只有对候选人投反对票的，才可以另选他人；另选人数不能多于反对票数。")
    if electronic and len(content["for"]) + len(content["write_in"]) > round_.seats:
        errors.append(
            f"赞成（含另选他人）{len(content['for']) + len(content['write_in'])} 人，"
            f"多于应选名额 {round_.seats} 名，选票将作废；请减少赞成的人数。"
        )
    if errors:
        raise BallotInvalid(errors)
    return content


def cast(
    round_: Round,
    *,
    deputy: Deputy,
    marks: Mapping[str, str] | None = None,
    write_ins: Sequence[str] = (),
    sealed: object = None,
    request=None,
) -> str:
    """A deputy casts an electronic ballot: once, only if present and issued a ballot.

    ``sealed`` is the ballot encrypted on the device (core/static/core/ballot_box.js); without
    JavaScript the marks arrive in clear and the server encrypts them at once. Either way it goes
    through the one ballot box (core.ballot_box.box.cast) and the fingerprint (the receipt) is
    returned. 另选他人 cannot be added up under encryption, so a deputy who wants to write a
    name in asks for a paper ballot (issue_paper_ballot). A refused ballot is audited without
    its content; a stored one is not.
    """
    if round_.office_group.election.congress_id != deputy.congress_id:
        raise PermissionDenied
    if sealed is None:
        if any(w and w.strip() for w in write_ins) and round_.counting_kind != Round.Kind.REVOTE:
            raise BallotInvalid(
                ["电子选票不能另选他人：需要另选他人的代表，请在投票前向工作人员领取纸质选票。"]
            )
        content = make_ballot(round_, marks or {}, write_ins, electronic=True)
    round_ = Round.objects.select_related("office_group__election", "ballot_box__key").get(pk=round_.pk)
    box_ = round_.ballot_box
    if round_.method != Round.Method.ELECTRONIC:
        raise TransitionRefused("本轮使用纸质选票，请在会场填写选票。")
    if box_ is None:
        raise TransitionRefused("本轮投票未在进行中。")

    def check(locked: Round) -> None:
        if locked.status != R.OPEN:
            raise TransitionRefused("本轮投票未在进行中。")
        present = Attendance.objects.filter(
            meeting_id=round_.office_group.election.meeting_id,
            deputy=deputy,
            status=Attendance.Status.PRESENT,
        ).exists()
        if not present or deputy.pk not in locked.issued_to:
            raise TransitionRefused("您未在本次会议签到出席（或开始投票后才签到），不能参加本轮投票。")

    try:
        if sealed is None:
            ballot = ballot_box.seal_on_server(box_, ballot_values(round_, content))
        else:
            ballot = ballot_box.read_sealed(box_, sealed)
        return ballot_box.cast(
            box_,
            ballot,
            poll=round_,
            participation=Participation(round=round_, deputy=deputy),
            check=check,
        )
    except (ballot_box.BallotRefused, TransitionRefused) as error:
        ballot_box.audit_refusal(actor=deputy.user, box=box_, reason=str(error), request=request)
        if isinstance(error, ballot_box.BallotRefused):
            raise TransitionRefused(str(error)) from None
        raise


def has_voted(round_: Round, deputy: Deputy) -> bool:
    return Participation.objects.filter(round=round_, deputy=deputy).exists()


# --------------------------------------------------------------------------- paper ballots


def enter_sheet(
    round_: Round,
    *,
    teller,
    sheet: int,
    marks: Mapping[str, str],
    write_ins: Sequence[str] = (),
    request=None,
) -> TellerEntry:
    """One teller's reading of one paper sheet; re-entering a sheet replaces that teller's reading."""
    content = make_ballot(round_, marks, write_ins, electronic=False)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if not can_enter_sheets(teller, locked):
            raise PermissionDenied("只有本轮指定的计票人可以录入选票。")
        if locked.status != R.COUNTING:
            raise TransitionRefused("只有结束投票、收回选票后才能录入选票。")
        if not 1 <= sheet <= locked.sheets:
            raise TransitionRefused(f"选票编号应在 1 至 {locked.sheets} 之间（收回的纸质选票数）。")
        entry, _ = TellerEntry.objects.update_or_create(
            round=locked, teller=teller, sheet=sheet, defaults={"content": content}
        )
    return entry


def sheet_comparison(round_: Round) -> tuple[list, list[dict], bool]:
    """(tellers, every sheet where the two tellers differ or one is missing, complete and agreed).

    The count of a paper round is accepted only when both tellers entered every sheet
    1..ballots_returned and agree on every one.
    """
    tellers = list(round_.tellers.order_by("pk"))
    entries: dict[int, dict[int, dict]] = {}
    for entry in round_.teller_entries.all():
        entries.setdefault(entry.sheet, {})[entry.teller_id] = entry.content
    differing, agreed = rules.compare_teller_readings([t.pk for t in tellers], entries, round_.sheets)
    mismatches = [{"sheet": sheet, "readings": list(zip(tellers, row))} for sheet, row in differing]
    return tellers, mismatches, agreed


# --------------------------------------------------------------------------- closing and counting


def close_round(
    round_: Round,
    *,
    actor,
    ballots_issued: int | None = None,
    ballots_returned: int | None = None,
    paper_returned: int | None = None,
    request=None,
) -> Round:
    """End voting. Electronic: the box is closed for the tellers' decryption (and the paper ballots
    handed out during the round are collected: staff enter how many came back). Paper: staff enter
    issued and returned."""
    election = round_.office_group.election

    def apply(locked: Round) -> None:
        if locked.method == Round.Method.ELECTRONIC:
            if locked.paper_issued and paper_returned is None:
                raise TransitionRefused(
                    f"本轮发出纸质选票 {locked.paper_issued} 张，请填写收回的纸质选票数。"
                )
            box_ = ballot_box.close(locked.ballot_box)
            locked.paper_returned = (paper_returned or 0) if locked.paper_issued else None
            # Every deputy present at the opening was issued one ballot, on the device or on paper.
            locked.ballots_issued = len(locked.issued_to)
            locked.ballots_returned = (box_.ballots_count or 0) + (locked.paper_returned or 0)
        else:
            if ballots_issued is None or ballots_returned is None:
                raise TransitionRefused("请填写发出选票数和收回选票数。")
            if ballots_issued > locked.present:
                raise TransitionRefused(
                    f"发出选票数（{ballots_issued}）不能多于出席代表数（{locked.present}）。"
                )
            locked.ballots_issued, locked.ballots_returned = ballots_issued, ballots_returned

    with transaction.atomic():
        locked = _step(
            "close_round", round_, actor=actor, congress_id=election.congress_id, request=request, apply=apply
        )
        if ready_to_count(locked):
            locked = count_round(locked, actor=actor, request=request)  # an empty box: nothing to decrypt
    return locked


def ready_to_count(round_: Round) -> bool:
    """An electronic round counts itself once its box is decrypted and no paper sheets await entry."""
    return (
        round_.method == Round.Method.ELECTRONIC
        and round_.ballot_box is not None
        and round_.ballot_box.totals is not None
        and not round_.sheets
    )


def issue_paper_ballot(round_: Round, *, actor, deputy: Deputy, request=None) -> Round:
    """发给纸质选票 during an electronic round: recorded as the deputy's participation (so the
    device refuses them afterwards, and a deputy who has voted on the device gets no paper ballot).
    Who took a paper ballot is as public as who voted; what they mark is read by the tellers."""
    election = round_.office_group.election
    if not is_staff_of(actor, election.congress_id):
        raise PermissionDenied("您没有权限办理选举事务。")

    def check(locked: Round) -> None:
        if locked.method != Round.Method.ELECTRONIC or locked.status != R.OPEN:
            raise TransitionRefused("只有正在进行的电子投票轮次可以另发纸质选票。")
        if deputy.pk not in locked.issued_to:
            raise TransitionRefused(f"{deputy.name} 未在开始投票前签到出席，不能领取选票。")
        if locked.tellers.count() != rules.TELLERS:
            raise TransitionRefused("发放纸质选票前，请先为本轮指定两名计票人（分别录入纸质选票）。")

    with transaction.atomic():
        locked = ballot_box.take_paper_ballot(
            round_,
            Participation(round=round_, deputy=deputy),
            check=check,
            already_voted=f"{deputy.name} 已经投票或已领取纸质选票。",
        )
        Round.objects.filter(pk=locked.pk).update(paper_issued=F("paper_issued") + 1)
        audit.record(
            actor=actor,
            action="issue_paper_ballot",
            obj=locked,
            congress=election.congress_id,
            request=request,
            note=f"发给 {deputy.name} 纸质选票",
        )
    round_.refresh_from_db()
    return round_


def submit_decryption_share(round_: Round, *, actor, document, request=None) -> Round:
    """提交解密份额: one teller's share (renda decryption_share) of the closed box's sum; with
    `threshold` verified shares the totals are decrypted and the round is counted at once. A
    share that does not verify is refused, audited without its content, and changes nothing."""
    election = round_.office_group.election
    decrypted: list[bool] = []

    def apply(locked: Round) -> None:
        totals = ballot_box.submit_decryption_share(locked.ballot_box, document, actor=actor, request=request)
        decrypted.append(totals is not None)

    try:
        with transaction.atomic():
            locked = _step(
                "submit_decryption_share",
                round_,
                actor=actor,
                congress_id=election.congress_id,
                request=request,
                apply=apply,
            )
            if decrypted and decrypted[0]:
                locked.ballot_box.refresh_from_db()
                if ready_to_count(locked):
                    locked = count_round(locked, actor=actor, request=request)
    except ballot_box.BallotRefused as error:
        ballot_box.audit_refusal(
            actor=actor,
            box=round_.ballot_box,
            reason=str(error),
            action="refuse_decryption_share",
            request=request,
        )
        raise TransitionRefused(str(error)) from None
    return locked


COUNTERS = {
    Round.Kind.REGULAR: rules.count_election,
    Round.Kind.REVOTE: rules.count_revote,
    Round.Kind.SUPPLEMENTARY: rules.count_supplementary_election,
}


def paper_sheets(round_: Round) -> list[dict]:
    """A paper round's agreed sheets (the first teller's readings, which the second's match), or
    none when the round is void; in random order, since the sheet numbers say nothing anyway."""
    if not round_.sheets or (round_.ballots_returned or 0) > (round_.ballots_issued or 0):
        return []
    first = round_.tellers.order_by("pk").first()
    sheets = list(round_.teller_entries.filter(teller=first).values_list("content", flat=True))
    secrets.SystemRandom().shuffle(sheets)
    return sheets


def device_totals(round_: Round) -> dict | None:
    """An electronic round's decrypted totals: {"ballots": n, "counts": {name: [for, against]}}."""
    box_ = round_.ballot_box
    if box_ is None or box_.totals is None:
        return None
    totals = list(box_.totals)
    names = round_.candidate_names
    return {
        "ballots": box_.ballots_count or 0,
        "counts": {name: totals[2 * i : 2 * i + 2] for i, name in enumerate(names)},
    }


def export_document(round_: Round) -> dict:
    """The round in the `renda tally` election format (docs/tally.md): the paper sheets one by one,
    the device ballots as their decrypted totals (whose sum the ballot box export proves)."""
    document = {
        "kind": "election",
        "body_size": round_.body_size,
        "present": round_.present,
        "ballots_issued": round_.ballots_issued,
        "ballots_returned": round_.ballots_returned,
        "seats": round_.seats,
        "candidates": round_.candidate_names,
        "ballots": [
            {"for": b["for"], "against": b["against"], "write_in": b["write_in"]}
            for b in paper_sheets(round_)
        ],
    }
    device = device_totals(round_)
    if device is not None:
        document["device"] = device
    if round_.counting_kind == Round.Kind.REVOTE:
        document["tie_revote"] = True
    return document


def ballot_box_export(round_: Round) -> dict:
    """A counted electronic round's ballot box for `renda tally` (core.ballot_box.recount)."""
    participants = [
        f"{number} {name}"
        for number, name in round_.participations.values_list("deputy__number", "deputy__name")
    ]
    return ballot_box.export_document(round_.ballot_box, participants)


def result_dict(result: rules.ElectionResult) -> dict:
    """rules.ElectionResult as the `renda tally` election output (meetings/tally.py)."""
    return {
        "kind": "election",
        "quorum_met": result.quorum_met,
        "round_valid": result.round_valid,
        "valid_ballots": result.valid_ballots,
        "void_ballots": result.void_ballots,
        "counts": {
            name: {"for": c.for_, "against": c.against, "abstain": c.abstain}
            for name, c in result.counts.items()
        },
        "elected": list(result.elected),
        "revote": (
            {"candidates": list(result.revote.candidates), "seats": result.revote.places}
            if result.revote
            else None
        ),
        "supplementary_seats": result.supplementary_seats,
    }


def count(round_: Round) -> rules.ElectionResult:
    doc = export_document(round_)
    doc.pop("tie_revote", None)
    ballots = [
        rules.ElectionBallot(for_=b["for"], against=b["against"], write_in=b["write_in"])
        for b in doc["ballots"]
    ]
    device = doc.get("device")
    return COUNTERS[round_.counting_kind](
        doc["body_size"],
        doc["present"],
        doc["ballots_issued"],
        doc["ballots_returned"],
        doc["seats"],
        doc["candidates"],
        ballots,
        device=rules.DeviceTotals(device["ballots"], device["counts"]) if device else None,
    )


def count_round(round_: Round, *, actor, request=None) -> Round:
    """Count the round with meetings.rules, store the result, create the follow-up round."""
    election = round_.office_group.election
    follow_ups: list[Round | None] = []

    def apply(locked: Round) -> None:
        void_round = (locked.ballots_returned or 0) > (locked.ballots_issued or 0)
        if locked.sheets and not void_round:
            _tellers, mismatches, agreed = sheet_comparison(locked)
            if not agreed:
                raise TransitionRefused(
                    f"两名计票人的录入还有 {len(mismatches)} 张选票不一致或未录入，核对一致后才能计票。"
                )
        if locked.method == Round.Method.ELECTRONIC and (
            locked.ballot_box is None or locked.ballot_box.totals is None
        ):
            raise TransitionRefused("票箱尚未解密：须由计票人提交解密份额。")
        try:
            result = count(locked)
        except rules.RuleInputError as error:
            raise TransitionRefused(f"计票数据有误：{error}") from None
        locked.result = result_dict(result)
        locked.closed_at = timezone.now()
        follow_ups.append(_follow_up(locked, result))

    return _step(
        "count_round",
        round_,
        actor=actor,
        congress_id=election.congress_id,
        request=request,
        apply=apply,
        # The whole result is on the round's page; the entry names who was elected and what follows.
        unaudited={"result"},
        changes=lambda locked: {
            "elected": locked.result["elected"],
            "follow_up": follow_ups[0].pk if follow_ups[0] else None,
        },
    )


def _candidate_for(group: OfficeGroup, name: str) -> Candidate:
    """A tied write-in person joins the re-vote: they become a candidate of the group."""
    found = group.candidates.filter(name=name).first()
    if found:
        return found
    order = (group.candidates.aggregate(m=Max("order"))["m"] or 0) + 1
    return Candidate.objects.create(
        office_group=group, name=name, order=order, deputy=_deputy_named(group.election.congress_id, name)
    )


def supplementary_extra(group: OfficeGroup, seats: int) -> int:
    """How many candidates beyond r a 另行选举 by first-round order takes: the legal minimum,
    and at least one where the law allows a contest (差额)."""
    margin = rules.candidate_margin(
        group.office, seats, rounding=setting(group.election.congress, "margin_rounding")
    )
    preferred = 1 if margin.max_extra is None or margin.max_extra >= 1 else 0
    return max(margin.min_extra, preferred)


def _follow_up(round_: Round, result: rules.ElectionResult) -> Round | None:
    """DOMAIN §2 steps 2, 6, 7: 重选, 再次投票 among exactly the tied, or 另行选举 for r seats."""
    group = round_.office_group
    number = group.rounds.aggregate(m=Max("number"))["m"] + 1
    by_name = {c.name: c for c in round_.candidates.all()}
    if not (result.quorum_met and result.round_valid):
        return _new_round(
            group,
            number=number,
            kind=Round.Kind.RERUN,
            seats=round_.seats,
            follows=round_,
            candidates=[by_name[n] for n in round_.candidate_names],
            note="收回选票多于发出选票，本轮无效，重新选举",
        )
    if result.revote:
        tied = [_candidate_for(group, name) for name in result.revote.candidates]
        return _new_round(
            group,
            number=number,
            kind=Round.Kind.REVOTE,
            seats=result.revote.places,
            follows=round_,
            candidates=tied,
            note="票数相等不能确定当选人，对票数相等的人再次投票（组织法第二十九条）",
        )
    r = result.supplementary_seats
    if r <= 0:
        return None
    if round_.counting_kind == Round.Kind.SUPPLEMENTARY:
        rule = setting(group.election.congress, "shortfall_after_supplementary")
        if rule != "another_round":
            return None
    ranked = rules.supplementary_candidates(round_.candidate_names, result)
    chosen = [by_name[n] for n in ranked[: r + supplementary_extra(group, r)]]
    return _new_round(
        group,
        number=number,
        kind=Round.Kind.SUPPLEMENTARY,
        seats=r,
        follows=round_,
        candidates=chosen,
        note=f"当选人数不足应选名额，不足的 {r} 名另行选举（组织法第二十九条）；"
        "候选人按第一次投票得票多少的顺序确定，也可以重新提名",
    )


def cancel_round(round_: Round, *, actor, reason: str, request=None) -> Round:
    """A draft round that will not be held, e.g. the congress defers the 另行选举 (组织法第二十九条)."""
    election = round_.office_group.election
    reason = workflow.stated(reason, "不再进行此轮的原因")
    return _step(
        "cancel_round",
        round_,
        actor=actor,
        congress_id=election.congress_id,
        request=request,
        apply={"note": reason[:200]},
        note=reason,
    )


# --------------------------------------------------------------------------- outcome


def group_outcome(group: OfficeGroup) -> dict:
    """Elected over all closed rounds, whether rounds are still pending, seats left vacant."""
    elected: list[str] = []
    pending = False
    for round_ in group.rounds.all():
        if round_.status == R.CLOSED and round_.result:
            elected.extend(round_.result["elected"])
        elif round_.status in (R.DRAFT, R.OPEN, R.COUNTING):
            pending = True
    decided = group.status == OG.CANDIDATES_FIXED and not pending
    return {
        "elected": elected,
        "pending": pending,
        "decided": decided,
        "vacant": group.seats - len(elected) if decided else 0,
    }


def announce(election: Election, *, actor, request=None) -> Election:
    elected: dict[str, list[str]] = {}

    def apply(locked: Election) -> None:
        groups = list(locked.office_groups.all())
        if not groups:
            raise TransitionRefused("尚未设置职位。")
        unfinished = [g.post for g in groups if not group_outcome(g)["decided"]]
        if unfinished:
            raise TransitionRefused(f"以下职位的选举尚未完成：{'、'.join(unfinished)}。")
        elected.update({g.post: group_outcome(g)["elected"] for g in groups})
        locked.announced_at = timezone.now()
        _record_office_holders(locked, groups, actor=actor, request=request)

    return _step(
        "announce",
        election,
        actor=actor,
        congress_id=election.congress_id,
        request=request,
        apply=apply,
        changes=lambda locked: {"elected": elected},
    )


def _record_office_holders(election: Election, groups: list[OfficeGroup], *, actor, request) -> None:
    """The elected take their posts in the register on the announcement date (DOMAIN §10):
    a vice-chair or member elected in a 补选 joins the standing committee (and M) that day."""
    on = timezone.localdate(election.announced_at)
    results = []
    for group in groups:
        by_name = {c.name: c.deputy for c in group.candidates.select_related("deputy")}
        elected = []
        for name in group_outcome(group)["elected"]:
            deputy = _deputy_named(election.congress_id, name, on) or by_name.get(name)
            elected.append((name, deputy))
        results.append((group.post, group.office, elected))
    try:
        registry_workflow.record_election(
            election.congress_id,
            results=results,
            on=on,
            decision=str(election)[:200],
            source=f"elections.election:{election.pk}",
            actor=actor,
            request=request,
        )
    except registry_workflow.TransitionRefused as refused:
        raise TransitionRefused(f"选举结果不能登记到在任人员名册：{refused}") from None
