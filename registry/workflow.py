"""Seats, terms and office holders: the only code that assigns Deputy.status or ends a seat or a post.

A deputy's seat: serving ⇄ suspended → terminated (by one of the law's grounds, a resignation
accepted or a recall). Suspension (暂停执行代表职务) keeps the seat, so a suspended deputy still
counts in N (DOMAIN §0); termination (代表资格终止) ends the seat from its date on, and with it
any post on the standing committee. 换届 ends every seat of a term on the next term's first
session (代表法); a 补选 fills a vacancy for the rest of the term. The register of office holders
(在任人员名册) is written only here, from election results and the committee's 任免.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q

from core import audit, workflow
from core.dates import today
from core.workflow import TransitionRefused
from registry import rules
from registry.models import (
    COMMITTEE_POSITIONS,
    CommitteeMembership,
    Congress,
    Deputy,
    MapChange,
    OfficeHolding,
    Post,
    Station,
    StationMembership,
    Subdistrict,
    Term,
)
from registry.permissions import can_change_status, can_edit_registry, can_manage_body, is_staff_of
from registry.queries import deputy_count, member_count, seat_held_on

S = Deputy.Status
G = Deputy.EndGround
H = OfficeHolding

TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "suspend": ({S.SERVING}, S.SUSPENDED),
    "reinstate": ({S.SUSPENDED}, S.SERVING),
    "terminate": ({S.SERVING, S.SUSPENDED}, S.TERMINATED),
    "accept_resignation": ({S.SERVING, S.SUSPENDED}, S.TERMINATED),
    "recall": ({S.SERVING, S.SUSPENDED}, S.TERMINATED),
}

ACTION_LABELS = {
    "suspend": "暂停执行代表职务",
    "reinstate": "恢复执行代表职务",
    "terminate": "终止代表资格",
    "accept_resignation": "接受辞职",
    "recall": "罢免",
    "by_election": "补选",
    "term_change": "换届",
    "take_office": "任职",
    "leave_office": "离任",
    "record_oath": "登记宪法宣誓",
    "change_map": "区划调整",
    "place_body": "设置机构类型与上级",
    "create_body": "设立下级机构",
    "rename_body": "更改机构名称",
}

# Grounds a plain "terminate" may give; a resignation and a recall have their own verbs and votes.
TERMINATE_GROUNDS = [
    (g.value, g.label)
    for g in (G.MOVED_AWAY, G.ABSENT_TWICE, G.LOST_NATIONALITY, G.DEPRIVED_OF_RIGHTS, G.DIED)
]

EFFECTIVE_ON = "effective_on"  # key in a status entry's changes: the date the change takes effect


def allowed_actions(deputy: Deputy, request) -> list[str]:
    """The verbs this person may apply to this deputy now: draws the buttons, checked again on POST."""
    if not can_edit_registry(request) or deputy.congress_id != request.congress.pk:
        return []
    return [verb for verb, (sources, _target) in TRANSITIONS.items() if deputy.status in sources]


# --------------------------------------------------------------------------- a deputy's seat


def suspend(deputy: Deputy, *, actor, on: dt.date, reason: str, request=None) -> Deputy:
    def apply(locked: Deputy) -> None:
        locked.suspended_on = on

    return _transition("suspend", deputy, actor=actor, on=on, reason=reason, request=request, apply=apply)


def reinstate(deputy: Deputy, *, actor, on: dt.date, reason: str, request=None) -> Deputy:
    def apply(locked: Deputy) -> None:
        if locked.suspended_on and on < locked.suspended_on:
            raise TransitionRefused(f"恢复日期不能早于暂停执行职务日期（{locked.suspended_on:%Y-%m-%d}）。")
        locked.suspended_on = None

    return _transition("reinstate", deputy, actor=actor, on=on, reason=reason, request=request, apply=apply)


def terminate(
    deputy: Deputy, *, actor, on: dt.date, reason: str, ground: str = "", decision: str = "", request=None
) -> Deputy:
    """代表资格终止 on one of the law's grounds (代表法), announced by the standing committee."""
    if ground not in dict(TERMINATE_GROUNDS):
        raise TransitionRefused(
            "请选择代表资格终止的法定事由（迁出或调离、未经批准两次不出席、丧失国籍、被剥夺政治权利、死亡）。"
        )

    def apply(locked: Deputy) -> None:
        _end_seat(locked, on=on, ground=ground, decision=decision)

    return _transition("terminate", deputy, actor=actor, on=on, reason=reason, request=request, apply=apply)


def accept_resignation(
    deputy: Deputy, *, actor, on: dt.date, yes: int, reason: str, decision: str = "", request=None
) -> Deputy:
    """辞职: a county deputy's resignation is accepted by a majority of all standing-committee
    members (代表法); a township deputy's by a majority of all deputies of the township congress.
    """

    def apply(locked: Deputy) -> None:
        township = locked.congress.level == Congress.Level.TOWNSHIP
        body_label = "全体代表" if township else "常委会全体组成人员"
        size = deputy_count(locked.congress, on) if township else member_count(locked.congress, on)
        _check_vote(yes, size, body_label, "接受辞职")
        _end_seat(locked, on=on, ground=G.RESIGNED, decision=decision, vote={"yes": yes, "body_size": size})

    return _transition(
        "accept_resignation", deputy, actor=actor, on=on, reason=reason, request=request, apply=apply
    )


def recall(
    deputy: Deputy,
    *,
    actor,
    on: dt.date,
    yes: int,
    electorate: int,
    reason: str,
    decision: str = "",
    request=None,
) -> Deputy:
    """罢免 (选举法): passes with a majority of the original constituency's voters (directly
    elected deputies) or of all deputies / all committee members of the electing congress.
    ``electorate`` is that whole body, never those voting.
    """

    def apply(locked: Deputy) -> None:
        _check_vote(yes, electorate, "选民或全体组成人员", "罢免")
        _end_seat(
            locked, on=on, ground=G.RECALLED, decision=decision, vote={"yes": yes, "body_size": electorate}
        )

    return _transition("recall", deputy, actor=actor, on=on, reason=reason, request=request, apply=apply)


def _check_vote(yes, size: int, body_label: str, what: str) -> None:
    problem = rules.vote_problem(yes, size, body_label)
    if problem:
        raise TransitionRefused(problem)
    if not rules.majority_of_all(yes, size):
        raise TransitionRefused(
            f"赞成 {yes} 票，未超过{body_label}（{size} 人）的半数，{what}未获通过（须{body_label}过半数）。"
        )


def _end_seat(locked: Deputy, *, on: dt.date, ground: str, decision: str, vote: dict | None = None) -> None:
    if locked.suspended_on and on < locked.suspended_on:
        raise TransitionRefused(f"资格终止日期不能早于暂停执行职务日期（{locked.suspended_on:%Y-%m-%d}）。")
    locked.terminated_on = on
    locked.end_ground = ground
    locked.end_decision = (decision or "").strip()[:200]
    locked.end_vote = vote or {}


def _transition(verb: str, deputy: Deputy, *, actor, on: dt.date, reason: str, request, apply) -> Deputy:
    reason = workflow.stated(reason, "原因")
    if on is None:
        raise TransitionRefused("请填写日期。")
    if on > today():
        raise TransitionRefused("日期不能晚于今天。")

    def refused(locked: Deputy) -> str:
        if locked.status == S.TERM_ENDED:
            return f"{locked.name}的席位已于{locked.term.ends_on:%Y-%m-%d}随本届届满结束，不能再次结束（一个席位只能结束一次）。"
        if locked.status == S.TERMINATED:
            return f"{locked.name}的代表资格已于{locked.terminated_on:%Y-%m-%d}终止，不能再次结束（一个席位只能结束一次）。"
        return locked.name + workflow.refusal(locked, ACTION_LABELS[verb])

    def change(locked: Deputy) -> None:
        start, end = rules.seat_span(
            locked.elected_on, locked.term.starts_on, locked.terminated_on, locked.term.ends_on
        )
        if on < start:
            raise TransitionRefused(f"日期不能早于当选日期或任职开始日期（{start:%Y-%m-%d}）。")
        if end is not None and on >= end:
            raise TransitionRefused(f"{locked.name}的席位已于{end:%Y-%m-%d}随本届届满结束，不能再次结束。")
        apply(locked)
        locked.status_reason = reason[:200]

    with transaction.atomic():
        locked = workflow.transition(
            verb,
            deputy,
            actor=actor,
            table=TRANSITIONS,
            labels=ACTION_LABELS,
            queryset=Deputy.objects.select_related("term", "congress"),
            permission=can_change_status,
            denied="您没有权限变更代表状态。",
            refused=refused,
            apply=change,
            # The date the change takes effect: a reinstatement's date is kept nowhere else.
            changes={EFFECTIVE_ON: [None, on]},
            note=reason,
            request=request,
        )
        if locked.status == S.TERMINATED:
            _end_committee_posts(locked, actor=actor, on=on, request=request)
    return locked


def _end_committee_posts(
    deputy: Deputy, *, actor, on: dt.date, request, basis: str = H.EndBasis.SEAT_ENDED
) -> None:
    """A member whose deputy seat ends leaves the standing committee on the same day.

    代表法: when a deputy's seat terminates, their post on the standing committee ends with it.
    """
    holdings = OfficeHolding.objects.select_for_update().filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=on),
        deputy=deputy,
        post__kind__in=list(COMMITTEE_POSITIONS),
        starts_on__lte=on,
    )
    note = (
        "换届，常委会职务随之终止" if basis == H.EndBasis.TERM_CHANGE else "代表资格终止，常委会职务随之终止"
    )
    for holding in holdings:
        _close_holding(holding, on=on, basis=basis, decision=note, source="", actor=actor, request=request)
    open_memberships = CommitteeMembership.objects.select_for_update().filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=on), deputy=deputy, starts_on__lte=on
    )
    for membership in open_memberships:
        _end_membership(membership, on, actor=actor, request=request, note=f"{note}：{deputy.name}")


def _end_membership(membership: CommitteeMembership, on: dt.date, *, actor, request, note: str) -> None:
    before = audit.snapshot(membership)
    membership.ends_on = max(on, membership.starts_on)
    membership.save(update_fields=["ends_on"])
    audit.record(
        actor=actor,
        action="update",
        obj=membership,
        congress=membership.congress_id,
        changes=audit.diff(before, audit.snapshot(membership)),
        note=note,
        request=request,
    )


def by_election(new_deputy: Deputy, *, vacated: Deputy, actor, on: dt.date, request=None) -> Deputy:
    """补选: the original constituency or electing unit fills a vacancy; the new deputy serves the
    rest of the term (代表法, 选举法). ``new_deputy`` is unsaved, with the person's particulars.
    """
    if on is None:
        raise TransitionRefused("请填写补选日期。")
    if on > today():
        raise TransitionRefused("补选日期不能晚于今天。")
    with transaction.atomic():
        locked = Deputy.objects.select_for_update().select_related("term").get(pk=vacated.pk)
        if not can_change_status(actor, locked):
            raise PermissionDenied("您没有权限办理补选。")
        filled = locked.successors.first()
        problem = rules.by_election_problem(
            locked.terminated_on, locked.term.ends_on, on, filled.name if filled else ""
        )
        if problem:
            raise TransitionRefused(problem)
        new_deputy.congress_id = locked.congress_id
        new_deputy.term = locked.term
        new_deputy.replaces = locked
        new_deputy.elected_on = on
        new_deputy.status = S.SERVING
        new_deputy.constituency_id = new_deputy.constituency_id or locked.constituency_id
        new_deputy.delegation_id = new_deputy.delegation_id or locked.delegation_id
        new_deputy.save()
        audit.record(
            actor=actor,
            action="by_election",
            obj=new_deputy,
            congress=locked.congress_id,
            changes={
                **audit.snapshot(new_deputy, ["term", "number", "name", "elected_on", "replaces"]),
                EFFECTIVE_ON: [None, on],
            },
            note=f"补选{new_deputy.name}接替{locked.name}（{locked.get_end_ground_display() or '出缺'}）",
            request=request,
        )
    return new_deputy


# --------------------------------------------------------------------------- 换届


@dataclass
class TermChangePreview:
    old: Term
    new: Term
    on: dt.date
    ending: list[Deputy] = field(default_factory=list)  # seats of the old term that end on ``on``
    starting: int = 0  # seats of the new term held on ``on``
    committee_ending: list[CommitteeMembership] = field(default_factory=list)
    accounts_moving: list[tuple[Deputy, Deputy]] = field(default_factory=list)  # (old seat, new seat)
    problem: str | None = None

    @property
    def n_before(self) -> int:
        return len(self.ending)


def next_term_change(congress: Congress) -> tuple[Term, Term] | None:
    """The term to change from and to: the latest ended-less term with a successor."""
    terms = list(Term.objects.filter(congress=congress).order_by("number"))
    for old, new in itertools.pairwise(terms):
        if old.ends_on is None:
            return old, new
    return None


def preview_term_change(old: Term, new: Term) -> TermChangePreview:
    """What the 换届 will change, shown before the irreversible step."""
    on = new.starts_on
    preview = TermChangePreview(old, new, on)
    day_before = on - dt.timedelta(days=1)
    preview.ending = list(
        Deputy.objects.filter(seat_held_on(day_before), term=old).select_related("term").order_by("number")
    )
    new_seats = Deputy.objects.filter(seat_held_on(on), term=new)
    preview.starting = new_seats.count()
    preview.committee_ending = list(
        CommitteeMembership.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=on), deputy__term=old, starts_on__lte=on
        ).select_related("deputy")
    )
    by_id = {d.id_number: d for d in new.deputies.filter(user__isnull=True)}
    preview.accounts_moving = [
        (d, by_id[d.id_number]) for d in old.deputies.filter(user__isnull=False) if d.id_number in by_id
    ]
    preview.problem = rules.term_change_problem(
        old.number, old.starts_on, old.ends_on, new.number, on, new.deputies.count(), today()
    )
    return preview


def term_change(old: Term, new: Term, *, actor, request=None) -> TermChangePreview:
    """换届: every seat of ``old`` ends on the day ``new``'s first session opens (its starts_on).

    Made on that day (or after): the old seats' status becomes 任期届满 and N counts the new term.

    代表法: a term runs to the next congress's first session; 组织法: the standing committee
    until the next congress elects its successor, so committee posts of the old term end with the
    seats. Re-elected deputies' login accounts move to their new seats.
    """
    with transaction.atomic():
        old = Term.objects.select_for_update().get(pk=old.pk)
        new = Term.objects.select_for_update().get(pk=new.pk)
        if not is_staff_of(actor, old.congress_id) or new.congress_id != old.congress_id:
            raise PermissionDenied("您没有权限办理换届。")
        preview = preview_term_change(old, new)
        if preview.problem:
            raise TransitionRefused(preview.problem)
        on = preview.on
        before = audit.snapshot(old)
        old.ends_on = on
        old.save(update_fields=["ends_on"])
        audit.record(
            actor=actor,
            action="term_change",
            obj=old,
            congress=old.congress_id,
            changes={
                **audit.diff(before, audit.snapshot(old)),
                EFFECTIVE_ON: [None, on],
                "seats_ended": len(preview.ending),
                "seats_of_new_term": preview.starting,
                "deputies": [d.pk for d in preview.ending],
            },
            note=f"{old}届满，{new}第一次会议于{on:%Y-%m-%d}举行：{len(preview.ending)}个席位结束，"
            f"{preview.starting}名新一届代表开始任职。",
            request=request,
        )
        Deputy.objects.filter(
            pk__in=[d.pk for d in preview.ending], status__in=[S.SERVING, S.SUSPENDED]
        ).update(status=S.TERM_ENDED)
        for deputy in {m.deputy for m in preview.committee_ending}:
            _end_committee_posts(deputy, actor=actor, on=on, request=request, basis=H.EndBasis.TERM_CHANGE)
        for old_seat, new_seat in preview.accounts_moving:
            user = old_seat.user
            Deputy.objects.filter(pk=old_seat.pk).update(user=None)
            Deputy.objects.filter(pk=new_seat.pk).update(user=user)
            audit.record(
                actor=actor,
                action="update",
                obj=new_seat,
                congress=old.congress_id,
                changes={"user_id": [None, user.pk]},
                note=f"连任代表的登录账户转入{new}",
                request=request,
            )
    return preview


# --------------------------------------------------------------------------- office holders


def _close_holding(holding: OfficeHolding, *, on, basis, decision, source, actor, request) -> None:
    problem = rules.end_problem(
        holding.starts_on, holding.ends_on, on, already_ended_label=f"{holding}的任职"
    )
    if problem:
        raise TransitionRefused(problem)
    before = audit.snapshot(holding)
    holding.ends_on = on
    holding.end_basis = basis
    holding.end_decision = (decision or "")[:200]
    holding.end_source = source[:60]
    holding.save(update_fields=["ends_on", "end_basis", "end_decision", "end_source"])
    audit.record(
        actor=actor,
        action="leave_office",
        obj=holding,
        congress=holding.congress_id,
        changes={**audit.diff(before, audit.snapshot(holding)), EFFECTIVE_ON: [None, on]},
        note=decision,
        request=request,
    )
    membership = CommitteeMembership.objects.filter(holding=holding).first()
    if membership and (membership.ends_on is None or membership.ends_on > on):
        _end_membership(membership, on, actor=actor, request=request, note=f"离任：{holding}")


def holders_on(post: Post, on: dt.date):
    return post.holdings.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on), starts_on__lte=on)


def take_office(
    post: Post,
    *,
    person_name: str,
    deputy: Deputy | None,
    on: dt.date,
    basis: str,
    decision: str,
    source: str = "",
    actor,
    request=None,
    replace_holder: bool = False,
) -> OfficeHolding:
    """Enter a person in the register. A committee post also gives the seat on the committee (M).

    For a single post the current holder must have been removed first (DOMAIN §7: 先免后任);
    an election by the congress (``replace_holder``) ends the predecessor's holding that day.
    """
    person_name = (person_name or "").strip() or (deputy.name if deputy else "")
    if not person_name:
        raise TransitionRefused("请填写任职人员姓名。")
    if on is None:
        raise TransitionRefused("请填写任职日期。")
    if basis not in H.Basis.values:
        raise TransitionRefused("请选择任职依据。")
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=post.pk)
        if not is_staff_of(actor, post.congress_id):
            raise PermissionDenied("您没有权限登记任职。")
        current = list(holders_on(post, on).select_for_update())
        same = [h for h in current if (deputy and h.deputy_id == deputy.pk) or h.person_name == person_name]
        if same:
            raise TransitionRefused(
                f"{person_name}已在任“{post.name}”（自{same[0].starts_on:%Y-%m-%d}起），不能重复任职。"
            )
        later = post.holdings.filter(starts_on__gt=on, person_name=person_name).exists()
        if later:
            raise TransitionRefused(
                f"{person_name}在{on:%Y-%m-%d}之后已有“{post.name}”任职记录，请核对日期。"
            )
        if replace_holder and post.is_single:
            for holding in current:
                _close_holding(
                    holding,
                    on=on,
                    basis=H.EndBasis.SUCCEEDED,
                    decision=decision,
                    source=source,
                    actor=actor,
                    request=request,
                )
            current = []
        problem = rules.second_holder_problem(post.name, post.is_single, [h.person_name for h in current])
        if problem:
            raise TransitionRefused(problem)
        position = post.committee_position
        term = deputy.term if deputy else None
        if position:
            if deputy is None:
                raise TransitionRefused(
                    f"“{post.name}”是常委会组成人员职务，须由本级人大代表担任，请选择代表。"
                )
            if not Deputy.objects.filter(seat_held_on(on), pk=deputy.pk).exists():
                raise TransitionRefused(
                    f"{deputy.name}在{on:%Y-%m-%d}不是在任的本级人大代表，不能担任“{post.name}”。"
                )
        holding = OfficeHolding.objects.create(
            congress_id=post.congress_id,
            post=post,
            person_name=person_name[:30],
            deputy=deputy,
            term=term,
            starts_on=on,
            basis=basis,
            decision=(decision or "")[:200],
            source=source[:60],
        )
        audit.record(
            actor=actor,
            action="take_office",
            obj=holding,
            congress=post.congress_id,
            changes={
                **audit.snapshot(
                    holding, ["post", "person_name", "deputy", "starts_on", "basis", "decision"]
                ),
                EFFECTIVE_ON: [None, on],
            },
            note=decision,
            request=request,
        )
        if position:
            membership = CommitteeMembership.objects.create(
                congress_id=post.congress_id,
                term=term,
                deputy=deputy,
                position=position,
                starts_on=on,
                holding=holding,
            )
            audit.record(
                actor=actor,
                action="create",
                obj=membership,
                congress=post.congress_id,
                changes=audit.snapshot(membership),
                note=f"任职：{holding}",
                request=request,
            )
    return holding


def leave_office(
    holding: OfficeHolding, *, on: dt.date, basis: str, decision: str, source: str = "", actor, request=None
) -> OfficeHolding:
    """End a holding on the decision's date (免职, 接受辞职, …); its committee seat ends with it."""
    if on is None:
        raise TransitionRefused("请填写离任日期。")
    if basis not in H.EndBasis.values:
        raise TransitionRefused("请选择离任依据。")
    with transaction.atomic():
        locked = OfficeHolding.objects.select_for_update().select_related("post").get(pk=holding.pk)
        if not is_staff_of(actor, locked.congress_id):
            raise PermissionDenied("您没有权限登记离任。")
        _close_holding(
            locked, on=on, basis=basis, decision=decision, source=source, actor=actor, request=request
        )
    return locked


def record_oath(holding: OfficeHolding, *, on: dt.date, actor, request=None) -> OfficeHolding:
    """宪法宣誓 after election or appointment (宪法第二十七条; 全国人大常委会关于实行宪法宣誓制度的决定)."""
    with transaction.atomic():
        locked = OfficeHolding.objects.select_for_update().select_related("post").get(pk=holding.pk)
        if not is_staff_of(actor, locked.congress_id):
            raise PermissionDenied("您没有权限登记宪法宣誓。")
        if on is None or on < locked.starts_on:
            raise TransitionRefused(f"宣誓日期不能早于任职日期（{locked.starts_on:%Y-%m-%d}）。")
        before = audit.snapshot(locked)
        locked.oath_on = on
        locked.save(update_fields=["oath_on"])
        audit.record(
            actor=actor,
            action="record_oath",
            obj=locked,
            congress=locked.congress_id,
            changes=audit.diff(before, audit.snapshot(locked)),
            request=request,
        )
    return locked


def post_named(congress_id: int, name: str, *, kind: str | None = None, create: bool = True) -> Post | None:
    """The register's post for a decision's post name; created on first use."""
    name = rules.normalise_post(name)
    if not name:
        return None
    post = Post.objects.filter(congress_id=congress_id, name=name).first()
    if post or not create:
        return post
    kind = kind or rules.post_kind_of(name) or Post.Kind.APPOINTED
    single = kind in (
        Post.Kind.COMMITTEE_CHAIR,
        Post.Kind.COMMITTEE_SECRETARY_GENERAL,
        Post.Kind.GOVERNMENT_HEAD,
        Post.Kind.SUPERVISION_HEAD,
        Post.Kind.COURT_PRESIDENT,
        Post.Kind.PROCURATOR_GENERAL,
    ) or (kind == Post.Kind.APPOINTED and rules.post_is_single(name))
    order = list(Post.Kind.values).index(kind) * 10 + 10
    post, _ = Post.objects.get_or_create(
        congress_id=congress_id, name=name, defaults={"kind": kind, "is_single": single, "order": order}
    )
    return post


def record_election(
    congress_id: int,
    *,
    results: list[tuple[str, str, list[tuple[str, Deputy | None]]]],
    on: dt.date,
    decision: str,
    source: str,
    actor,
    request=None,
) -> list[OfficeHolding]:
    """An announced election result takes effect on the announcement date (the elections app calls
    this inside its own transaction). ``results``: (post name, office category, [(name, deputy)]).
    Groups that fill no post (deputies to the next congress) are skipped.
    """
    holdings = []
    for post_name, _office, elected in results:
        kind = rules.post_kind_of(post_name)
        if kind is None:
            continue
        post = post_named(congress_id, post_name, kind=kind)
        for person_name, deputy in elected:
            holdings.append(
                take_office(
                    post,
                    person_name=person_name,
                    deputy=deputy,
                    on=on,
                    basis=H.Basis.ELECTION,
                    decision=decision,
                    source=source,
                    actor=actor,
                    request=request,
                    replace_holder=True,
                )
            )
    return holdings


APPOINTMENT_KINDS = {"appoint", "remove", "acting", "accept_resignation"}


def record_appointment(
    congress_id: int,
    *,
    kind: str,
    post_name: str,
    person_name: str,
    on: dt.date,
    decision: str,
    source: str,
    actor,
    request=None,
) -> OfficeHolding | None:
    """A passed 任免 decision of the standing committee takes effect on its date (DOMAIN §7)."""
    if kind not in APPOINTMENT_KINDS:
        raise TransitionRefused("未知的任免类别。")
    if kind in ("appoint", "acting"):
        post = post_named(congress_id, post_name)
        deputy = None
        if post.committee_position:
            deputy = (
                Deputy.objects.filter(seat_held_on(on), congress_id=congress_id, name=person_name.strip())
                .order_by("-term__number")
                .first()
            )
        return take_office(
            post,
            person_name=person_name,
            deputy=deputy,
            on=on,
            basis=H.Basis.ACTING if kind == "acting" else H.Basis.APPOINTMENT,
            decision=decision,
            source=source,
            actor=actor,
            request=request,
        )
    post = post_named(congress_id, post_name, create=False)
    if post is None:
        return None  # not in the register yet (held before the register was kept): nothing to end
    holding = holders_on(post, on).filter(person_name=person_name.strip()).first()
    if holding is None:
        return None
    basis = H.EndBasis.REMOVAL if kind == "remove" else H.EndBasis.RESIGNATION
    return leave_office(
        holding, on=on, basis=basis, decision=decision, source=source, actor=actor, request=request
    )


def post_problem(congress_id: int, *, kind: str, post_name: str, person_name: str, on: dt.date) -> str | None:
    """Why an appointment to ``post_name`` cannot be put to the vote now (先免后任), or None."""
    if kind not in ("appoint", "acting"):
        return None
    post = post_named(congress_id, post_name, create=False)
    if post is None:
        return None
    holders = [h.person_name for h in holders_on(post, on) if h.person_name != person_name.strip()]
    return rules.second_holder_problem(post.name, post.is_single, holders)


# --------------------------------------------------------------------------- the map


def change_map(change: MapChange, *, actor, request=None) -> MapChange:
    """A decision that changes the map acts on the registry on its effective date (DOMAIN §10).

    The change row keeps what was before, so a past period is reported with its own map.
    """
    K = MapChange.Kind
    with transaction.atomic():
        if not is_staff_of(actor, change.congress_id):
            raise PermissionDenied("您没有权限办理区划调整。")
        if change.effective_on is None or change.decided_on is None:
            raise TransitionRefused("请填写决定日期和生效日期。")
        if change.effective_on < change.decided_on:
            raise TransitionRefused("生效日期不能早于决定日期。")
        touched = None
        if change.kind in (K.STATION_OPENED, K.STATION_CLOSED):
            if change.station_id is None:
                raise TransitionRefused("请选择联络站。")
            station = Station.objects.select_for_update().get(
                pk=change.station_id, congress_id=change.congress_id
            )
            before = audit.snapshot(station)
            if change.kind == K.STATION_OPENED:
                if station.opened_on and station.closed_on is None:
                    raise TransitionRefused(
                        f"{station.name}已于{station.opened_on:%Y-%m-%d}建站，不能重复建站。"
                    )
                station.opened_on, station.closed_on, station.is_active = change.effective_on, None, True
            else:
                problem = rules.end_problem(
                    station.opened_on or change.effective_on,
                    station.closed_on,
                    change.effective_on,
                    already_ended_label=station.name,
                )
                if problem:
                    raise TransitionRefused(problem)
                station.closed_on, station.is_active = change.effective_on, False
            station.save(update_fields=["opened_on", "closed_on", "is_active"])
            touched = station
        else:
            if change.subdistrict_id is None:
                raise TransitionRefused("请选择街道（乡镇）。")
            sub = Subdistrict.objects.select_for_update().get(
                pk=change.subdistrict_id, congress_id=change.congress_id
            )
            before = audit.snapshot(sub)
            if MapChange.objects.filter(subdistrict=sub, effective_on__gt=change.effective_on).exists():
                raise TransitionRefused(
                    f"{sub.name}在{change.effective_on:%Y-%m-%d}之后已有区划调整，请按时间顺序登记。"
                )
            if change.kind == K.TOWNSHIP_TO_SUBDISTRICT:
                if sub.kind != Subdistrict.Kind.TOWNSHIP:
                    raise TransitionRefused(f"{sub.name}已是街道，不能再撤镇设街道。")
                change.old_value, change.new_value = sub.kind, Subdistrict.Kind.SUBDISTRICT
                sub.kind = Subdistrict.Kind.SUBDISTRICT
            elif change.kind == K.RENAMED:
                new_name = (change.new_value or "").strip()
                if not new_name:
                    raise TransitionRefused("请填写调整后的名称。")
                if (
                    Subdistrict.objects.filter(congress_id=sub.congress_id, name=new_name)
                    .exclude(pk=sub.pk)
                    .exists()
                ):
                    raise TransitionRefused(f"已有名为“{new_name}”的街道（乡镇）。")
                change.old_value, change.new_value = sub.name, new_name
                sub.name = new_name
            elif change.kind == K.SUBDISTRICT_ESTABLISHED:
                sub.established_on = change.effective_on
            elif change.kind == K.SUBDISTRICT_ABOLISHED:
                problem = rules.end_problem(
                    sub.established_on or change.effective_on,
                    sub.abolished_on,
                    change.effective_on,
                    already_ended_label=sub.name,
                )
                if problem:
                    raise TransitionRefused(problem)
                sub.abolished_on = change.effective_on
            sub.save(update_fields=["kind", "name", "established_on", "abolished_on"])
            touched = sub
        change.save()
        audit.record(
            actor=actor,
            action="change_map",
            obj=change,
            congress=change.congress_id,
            changes={
                **audit.diff(before, audit.snapshot(touched)),
                EFFECTIVE_ON: [None, change.effective_on],
            },
            note=change.decision,
            request=request,
        )
    return change


# --- Bodies and stations across levels (DOMAIN §11) ---------------------------------------------


def _refuse_unless_manages(actor, *body_ids: int | None) -> None:
    if not all(can_manage_body(actor, pk) for pk in body_ids):
        raise PermissionDenied("只有本机构或上级机构的系统管理员可以设置机构的上下级关系。")


def _body_problem(kind: str, level: str, parent: Congress | None) -> str | None:
    if kind not in Congress.Kind.values or level not in Congress.Level.values:
        return "请选择机构类型和层级。"
    return rules.body_problem(kind, level, parent.kind if parent else None, parent.level if parent else None)


def place_body(
    body: Congress, *, actor, kind: str, level: str, parent: Congress | None, request=None
) -> Congress:
    """Set what kind of body ``body`` is and under which parent it sits (the system administrator's
    set-up of the tree, DOMAIN §11). Moving a body under another parent is audited in its chain and
    in both parents' chains; the page asks first (core.confirm)."""
    from registry import bodies

    moving = (parent.pk if parent else None) != body.parent_id
    _refuse_unless_manages(actor, body.pk, *([parent.pk if parent else None] if moving else []))
    problem = _body_problem(kind, level, parent)
    problem = problem or rules.parent_problem(bodies.parent_map(), body.pk, parent.pk if parent else None)
    problem = problem or rules.children_problem(
        kind, level, list(Congress.objects.filter(parent=body).values_list("name", "kind", "level"))
    )
    if problem:
        raise TransitionRefused(problem)
    with transaction.atomic():
        locked = Congress.objects.select_for_update().get(pk=body.pk)
        before = {"kind": locked.kind, "level": locked.level, "parent": locked.parent_id}
        old_parent = locked.parent
        locked.kind, locked.level, locked.parent = kind, level, parent
        changes = {
            k: [v, getattr(locked, "parent_id" if k == "parent" else k)]
            for k, v in before.items()
            if v != getattr(locked, "parent_id" if k == "parent" else k)
        }
        if not changes:
            return locked
        locked.save(update_fields=["kind", "level", "parent"])
        note = f"{locked.get_kind_display()}，上级：{parent.name if parent else '无'}"
        audit.record(
            actor=actor,
            action="place_body",
            obj=locked,
            congress=locked,
            request=request,
            changes=changes,
            note=note,
        )
        if moving:
            for side in {p.pk: p for p in (old_parent, parent) if p is not None}.values():
                audit.record(
                    actor=actor,
                    action="place_body",
                    obj=locked,
                    congress=side,
                    request=request,
                    changes=changes,
                    note=f"{locked.name}：原上级 {old_parent.name if old_parent else '无'}，现上级 "
                    f"{parent.name if parent else '无'}",
                )
    return locked


def create_body(
    *,
    actor,
    parent: Congress,
    kind: str,
    level: str,
    name: str,
    short_name: str = "",
    code: str,
    region: str,
    request=None,
) -> Congress:
    """Add a body under ``parent`` (a district's 街道工委, a township congress, a 居民议事会 …),
    audited in the new body's chain and in its parent's."""
    _refuse_unless_manages(actor, parent.pk)
    problem = _body_problem(kind, level, parent)
    if problem:
        raise TransitionRefused(problem)
    name, short_name, code, region = (v.strip() for v in (name, short_name, code, region))
    if Congress.objects.filter(name=name).exists():
        raise TransitionRefused(f"已有名为“{name}”的机构。")
    if Congress.objects.filter(code=code).exists():
        raise TransitionRefused(f"代码“{code}”已被其他机构使用。")
    with transaction.atomic():
        body = Congress.objects.create(
            name=name, short_name=short_name, code=code, region=region, kind=kind, level=level, parent=parent
        )
        for chain in (body, parent):
            audit.record(
                actor=actor,
                action="create_body",
                obj=body,
                congress=chain,
                request=request,
                changes=audit.snapshot(
                    body, ["name", "short_name", "code", "region", "kind", "level", "parent"]
                ),
                note=f"在{parent.name}之下设立{body.get_kind_display()}“{body.name}”",
            )
    return body


def rename_body(body: Congress, *, actor, name: str, short_name: str, region: str, request=None) -> Congress:
    """Change a body's name, short name and region (e.g. 撤乡设镇 renames a township congress); audited."""
    _refuse_unless_manages(actor, body.pk)
    name, short_name, region = name.strip(), short_name.strip(), region.strip()
    if not name:
        raise TransitionRefused("请填写机构名称。")
    if Congress.objects.filter(name=name).exclude(pk=body.pk).exists():
        raise TransitionRefused(f"已有名为“{name}”的机构。")
    with transaction.atomic():
        locked = Congress.objects.select_for_update().get(pk=body.pk)
        fields = ["name", "short_name", "region"]
        before = audit.snapshot(locked, fields)
        locked.name, locked.short_name, locked.region = name, short_name, region
        changes = audit.diff(before, audit.snapshot(locked, fields))
        if not changes:
            return locked
        locked.save(update_fields=fields)
        audit.record(
            actor=actor,
            action="rename_body",
            obj=locked,
            congress=locked,
            request=request,
            changes=changes,
            note=f"原名称：{before['name']}" if "name" in changes else "",
        )
    return locked


def enter_station(station: Station, *, actor, deputy: Deputy, on: dt.date, request=None) -> StationMembership:
    """A deputy of any level of the station's line enters it (进站; DOMAIN §5: deputies of all levels).

    A deputy of a sibling body (another district of the same city) is refused: the station is
    not in the area they were elected in or work in, as far as the deployment knows.
    """
    from registry import bodies

    if not is_staff_of(actor, station.congress_id):
        raise PermissionDenied("您没有权限进行此操作。")
    if deputy.congress_id not in bodies.related_ids(station.congress):
        raise TransitionRefused("请选择本级或上下级人大的代表。")
    if not rules.holds_seat(deputy.seat_starts_on, deputy.seat_ends_on, on):
        raise TransitionRefused(f"{deputy.name}在{on.isoformat()}不是在任代表。")
    with transaction.atomic():
        Station.objects.select_for_update().get(pk=station.pk)
        if StationMembership.objects.filter(station=station, deputy=deputy, ends_on__isnull=True).exists():
            raise TransitionRefused(f"{deputy.name}已在本站。")
        row = StationMembership.objects.create(
            congress=station.congress, station=station, deputy=deputy, starts_on=on
        )
        audit.record(
            actor=actor,
            action="enter_station",
            obj=station,
            congress=station.congress_id,
            request=request,
            changes={"deputy": [None, deputy.pk], "deputy_congress": [None, deputy.congress_id]},
            note=f"{deputy.name}（{deputy.congress.display_short_name}代表）进站",
        )
    return row


def leave_station(membership: StationMembership, *, actor, on: dt.date, request=None) -> StationMembership:
    if not is_staff_of(actor, membership.congress_id):
        raise PermissionDenied("您没有权限进行此操作。")
    with transaction.atomic():
        locked = StationMembership.objects.select_for_update().select_related("deputy").get(pk=membership.pk)
        if locked.ends_on is not None:
            raise TransitionRefused(f"{locked.deputy.name}已于{locked.ends_on.isoformat()}离站。")
        if on < locked.starts_on:
            raise TransitionRefused("离站日期不能早于进站日期。")
        locked.ends_on = on
        locked.save(update_fields=["ends_on"])
        audit.record(
            actor=actor,
            action="leave_station",
            obj=locked.station,
            congress=locked.congress_id,
            request=request,
            changes={"deputy": [locked.deputy_id, None]},
            note=f"{locked.deputy.name}离站",
        )
    return locked
