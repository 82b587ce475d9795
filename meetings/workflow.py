"""Meetings, attendance and votes: the only code that assigns their .status.

Every transition locks its row, checks the source status and the permission, writes one audit
row with the actor and saves only the fields it changed, all in one transaction.  Casting a
ballot writes no audit row: for a secret vote the Participation row is the whole record, and an
audit entry (it carries a time and the actor) would let a reader line voters up with ballots.
"""

from __future__ import annotations

import datetime as dt
import json

import psycopg
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from accounts.permissions import deputy_of
from core import audit, workflow
from core.ballot_box import box as ballot_box
from core.ballot_box import crypto
from core.ballot_box.models import BallotBox
from core.dates import today
from core.workflow import AlreadyVoted, TransitionRefused
from meetings import rules
from meetings.models import (
    AgendaItem,
    Attendance,
    CongressSession,
    Guest,
    Meeting,
    Participation,
    PresidiumRole,
    Vote,
)
from meetings.permissions import can_run_meeting, can_run_sessions
from registry import queries as registry_queries
from registry import rules as registry_rules
from registry.models import CommitteeMembership, Deputy, StationMembership

M, A, V = Meeting.Status, Attendance.Status, Vote.Status

# Corrections before a step is final change no status (target ()); each takes a reason and is
# audited.  After the meeting opens its title, time and place stand; after a vote opens only
# the law's route remains (a new vote, a new decision).
MEETING_TRANSITIONS: workflow.Table = {
    "edit_meeting": ({M.SCHEDULED}, ()),
    "delete_agenda_item": ({M.SCHEDULED, M.OPEN}, ()),
    # The chair's console (会中控制台): the item under deliberation and what the big screen shows.
    "take_up_agenda_item": ({M.OPEN}, ()),
    "show_on_screen": ({M.SCHEDULED, M.OPEN}, ()),
    # 特邀嘉宾: a guest who comes late is added during the meeting; once the meeting has opened the
    # list is part of its record (会议纪要), so a guest is corrected or removed only before it opens.
    "add_guest": ({M.SCHEDULED, M.OPEN}, ()),
    "edit_guest": ({M.SCHEDULED}, ()),
    "remove_guest": ({M.SCHEDULED}, ()),
    "open_meeting": ({M.SCHEDULED}, M.OPEN),
    "close_meeting": ({M.OPEN}, M.CLOSED),
}

ATTENDANCE_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "sign_in": ({A.ABSENT, A.ON_LEAVE}, A.PRESENT),
    "mark_on_leave": ({A.ABSENT, A.PRESENT}, A.ON_LEAVE),
    "mark_attending_nonvoting": ({A.ABSENT, A.PRESENT, A.ON_LEAVE}, A.ATTENDING_NONVOTING),
}

VOTE_TRANSITIONS: workflow.Table = {
    "delete_vote": ({V.DRAFT}, ()),
    "open_vote": ({V.DRAFT}, V.OPEN),
    # electronic: a roll-call vote is counted at once (closed); a secret vote's encrypted ballots
    # await the tellers (counting), unless its box is empty
    "close_vote": ({V.OPEN}, {V.CLOSED, V.COUNTING}),
    # closed once `threshold` tellers' shares verify; counting until then
    "submit_decryption_share": ({V.COUNTING}, {V.COUNTING, V.CLOSED}),
    # paper / hand-count votes; a secret electronic vote's paper ballots once its box is decrypted
    "enter_paper_counts": ({V.OPEN, V.COUNTING}, V.CLOSED),
}

ACTION_LABELS = {
    "edit_meeting": "修改会议信息",
    "delete_agenda_item": "删除议题",
    "delete_vote": "删除表决事项",
    "take_up_agenda_item": "转入议题",
    "show_on_screen": "切换大屏显示",
    "add_guest": "登记嘉宾",
    "edit_guest": "修改嘉宾信息",
    "remove_guest": "删除嘉宾",
    "open_meeting": "宣布开会",
    "close_meeting": "宣布散会",
    "sign_in": "签到",
    "mark_on_leave": "登记请假",
    "mark_attending_nonvoting": "登记列席",
    "open_vote": "开始表决",
    "close_vote": "结束表决",
    "submit_decryption_share": "提交解密份额",
    "enter_paper_counts": "录入计票结果",
}

# meetings.rules knows three bodies. 主任会议 has no statutory quorum; like the standing committee
# it decides by a majority of all its members (local 议事规则), so its counting rule is committee's.
RULE_BODY = {
    Meeting.Body.CONGRESS: "congress",
    Meeting.Body.COMMITTEE: "committee",
    Meeting.Body.PRESIDIUM: "presidium",
    Meeting.Body.CHAIRS: "committee",
    # A working body's deputies' meeting votes on nothing (registry.rules.meeting_votes); it is
    # never asked for a quorum, and this entry only keeps the mapping whole.
    Meeting.Body.STATIONED: "congress",
}


def rule_body(meeting: Meeting) -> str:
    return RULE_BODY[meeting.body]


def presidium_options(congress) -> dict:
    """The congress's local 主席团 rules (DOMAIN §1) as meetings.rules takes them."""
    values = rules.SETTINGS.read(congress)
    return {
        "presidium_quorum": rules.PRESIDIUM_QUORUMS[values["presidium_quorum"]],
        "presidium_passing": values["presidium_passing"],
    }


# --------------------------------------------------------------------------- who is in the body


def members_of_body(meeting: Meeting, on=None) -> list[Deputy]:
    """The members of the meeting's body on a date (全体代表 / 全体组成人员 / 主席团 / 主任会议)."""
    on = on or today()
    body = meeting.body
    if body == Meeting.Body.CONGRESS:
        return list(registry_queries.deputies_holding_seat(meeting.congress, on))
    if body == Meeting.Body.PRESIDIUM:
        if meeting.session_id is None:
            return []
        return list(
            meeting.session.presidium.filter(registry_queries.seat_held_on(on), congress=meeting.congress)
        )
    if body == Meeting.Body.STATIONED:
        return stationed_deputies(meeting.congress, on)
    memberships = registry_queries.committee_members_holding_seat(meeting.congress, on)
    if body == Meeting.Body.CHAIRS:
        memberships = memberships.filter(
            position__in=[CommitteeMembership.Position.CHAIR, CommitteeMembership.Position.VICE_CHAIR]
        )
    ids = set(memberships.values_list("deputy_id", flat=True))
    return list(Deputy.objects.filter(pk__in=ids))


# --------------------------------------------------------------------------- meetings


def allowed_meeting_actions(meeting: Meeting, user) -> list[str]:
    if not can_run_meeting(user, meeting):
        return []
    return [verb for verb, (sources, _t) in MEETING_TRANSITIONS.items() if meeting.status in sources]


def _meeting_of(obj) -> Meeting:
    return obj if isinstance(obj, Meeting) else obj.meeting


def _step(verb: str, obj, table: dict, *, actor, request, apply=None, notify=None, **options):
    """core.workflow.transition with the meeting's permission: the staff who run the meeting."""
    return workflow.transition(
        verb,
        obj,
        actor=actor,
        table=table,
        labels=ACTION_LABELS,
        permission=lambda user, locked: can_run_meeting(user, _meeting_of(locked)),
        apply=apply,
        notify=notify,
        request=request,
        **options,
    )


def create_meeting(meeting: Meeting, *, actor, request=None) -> Meeting:
    """Save a new, scheduled meeting (its body size is set only when it opens)."""
    with transaction.atomic():
        if not can_run_meeting(actor, meeting):
            raise PermissionDenied("您没有权限进行此操作。")
        meeting.status = M.SCHEDULED
        meeting.body_size = None
        meeting.save()
        audit.record(
            actor=actor,
            action="create_meeting",
            obj=meeting,
            congress=meeting.congress,
            request=request,
            changes=audit.snapshot(meeting, ["kind", "session", "number", "title", "starts_at", "location"]),
        )
    return meeting


def edit_meeting(
    meeting: Meeting, *, actor, title: str, starts_at, location: str, reason: str, request=None
) -> Meeting:
    """Correct the title, time or place of a meeting that has not opened."""
    reason = workflow.stated(reason, "修改会议信息的原因", longest=500)
    title = (title or "").strip()
    if not title:
        raise TransitionRefused("请填写会议名称。")
    location = (location or "").strip()

    def apply(locked: Meeting) -> None:
        if (locked.title, locked.starts_at, locked.location) == (title, starts_at, location):
            raise TransitionRefused("会议信息没有变化。")
        locked.title, locked.starts_at, locked.location = title, starts_at, location

    return _step(
        "edit_meeting", meeting, MEETING_TRANSITIONS, actor=actor, request=request, apply=apply, note=reason
    )


def delete_agenda_item(item: AgendaItem, *, actor, reason: str, request=None) -> Meeting:
    """An agenda item entered by mistake, while nothing has been voted or elected under it."""
    reason = workflow.stated(reason, "删除议题的原因", longest=500)
    removed: dict = {}

    def apply(locked: Meeting) -> None:
        row = AgendaItem.objects.select_for_update().filter(pk=item.pk, meeting=locked).first()
        if row is None:
            raise TransitionRefused("该议题已删除。")
        if row.votes.exists() or row.elections.exists():
            raise TransitionRefused("该议题已安排表决或选举，不能删除；请先删除尚未开始的表决。")
        removed.update({"agenda_item": row.pk, **audit.snapshot(row, ["order", "title", "kind"])})
        row.delete()

    return _step(
        "delete_agenda_item",
        item.meeting,
        MEETING_TRANSITIONS,
        actor=actor,
        request=request,
        apply=apply,
        changes=lambda _locked: removed,
        note=reason,
    )


def delete_vote(vote: Vote, *, actor, reason: str, request=None) -> Meeting:
    """A vote created by mistake, before it opens; once open only a new vote can follow it."""
    reason = workflow.stated(reason, "删除表决事项的原因", longest=500)
    removed: dict = {}

    def apply(locked: Vote) -> None:
        removed.update(audit.snapshot(locked, ["title", "secret", "method", "agenda_item"]))
        # Through the queryset, so the locked instance keeps its id for the audit entry.
        Vote.objects.filter(pk=locked.pk).delete()

    _step(
        "delete_vote",
        vote,
        VOTE_TRANSITIONS,
        actor=actor,
        request=request,
        apply=apply,
        changes=lambda _locked: removed,
        note=reason,
        notify=lambda locked: _forget_screen_state(locked.meeting_id),
    )
    return vote.meeting


def take_up_agenda_item(meeting: Meeting, *, actor, item: AgendaItem, request=None) -> Meeting:
    """转入议题: the console moves the sitting to an agenda item (its materials go on the screen)."""

    def apply(locked: Meeting) -> None:
        if not AgendaItem.objects.filter(pk=item.pk, meeting=locked).exists():
            raise TransitionRefused("议题不属于本次会议。")
        if locked.current_agenda_item_id == item.pk:
            raise TransitionRefused(f"已在审议第 {item.order} 项议题。")
        locked.current_agenda_item_id = item.pk

    return _step(
        "take_up_agenda_item",
        meeting,
        MEETING_TRANSITIONS,
        actor=actor,
        request=request,
        apply=apply,
        note=f"{item.order}. {item.title}",
        notify=lambda locked: _forget_screen_state(locked.pk),
    )


def show_on_screen(meeting: Meeting, *, actor, display: str, target: str = "", request=None) -> Meeting:
    """What the hall's big screen shows, chosen on the console; the screen follows it live.

    ``target`` names the item for the display 指定事项 (``vote:12``, ``election_round:5``,
    ``election:3``); a provider of meetings.screen must know it for this meeting.
    """
    from meetings import screen

    if display not in Meeting.ScreenDisplay.values:
        raise TransitionRefused("请选择大屏显示的内容。")
    target = target if display == Meeting.ScreenDisplay.ITEM else ""
    if display == Meeting.ScreenDisplay.ITEM and not screen.items_for(meeting, target):
        raise TransitionRefused("要显示的表决或选举不属于本次会议。")

    def apply(locked: Meeting) -> None:
        locked.screen_display, locked.screen_target = display, target

    return _step(
        "show_on_screen",
        meeting,
        MEETING_TRANSITIONS,
        actor=actor,
        request=request,
        apply=apply,
        notify=lambda locked: _forget_screen_state(locked.pk),
    )


def add_agenda_item(
    meeting: Meeting, *, actor, order: int, title: str, kind: str, in_writing: bool = False, request=None
) -> AgendaItem:
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not can_run_meeting(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status == M.CLOSED:
            raise TransitionRefused("会议已经结束，不能再修改议程。")
        if locked.agenda_items.filter(order=order).exists():
            raise TransitionRefused(f"议程中已有第 {order} 项。")
        if in_writing and kind != AgendaItem.Kind.REPORT:
            raise TransitionRefused("只有报告可以书面印发。")
        item = AgendaItem.objects.create(
            meeting=locked, order=order, title=title, kind=kind, in_writing=bool(in_writing)
        )
        audit.record(
            actor=actor,
            action="add_agenda_item",
            obj=item,
            congress=locked.congress,
            request=request,
            changes=audit.snapshot(item, ["order", "title", "kind", "in_writing"]),
        )
    return item


def open_meeting(meeting: Meeting, *, actor, request=None) -> Meeting:
    """Freeze the body and its size (N or M, 实有数 on the day) and list every member as absent."""

    def apply(locked: Meeting) -> None:
        members = members_of_body(locked)
        if not members:
            raise TransitionRefused("该会议的组成人员为空，请先在基础信息中登记代表或组成人员。")
        locked.body_size = len(members)
        locked.opened_at = timezone.now()
        Attendance.objects.bulk_create(Attendance(meeting=locked, deputy=d) for d in members)

    return _step("open_meeting", meeting, MEETING_TRANSITIONS, actor=actor, request=request, apply=apply)


def close_meeting(meeting: Meeting, *, actor, request=None) -> Meeting:
    def apply(locked: Meeting) -> None:
        if locked.votes.filter(status=V.OPEN).exists():
            raise TransitionRefused("还有正在进行的表决，请先结束表决。")
        locked.closed_at = timezone.now()

    return _step("close_meeting", meeting, MEETING_TRANSITIONS, actor=actor, request=request, apply=apply)


# --------------------------------------------------------------------------- attendance

MEETING_NOT_OPEN = "会议尚未开始或已经结束，不能登记出席情况。"


def _attendance_transition(
    verb: str, attendance: Attendance, *, actor, request, by_self: bool = False, **fields
) -> Attendance:
    def permission(user, locked: Attendance) -> bool:
        if by_self:
            return locked.deputy.user_id is not None and locked.deputy.user_id == getattr(user, "pk", None)
        return can_run_meeting(user, locked.meeting)

    def refused(locked: Attendance) -> str:
        if locked.meeting.status != M.OPEN:
            return MEETING_NOT_OPEN
        if verb == "sign_in" and locked.status == ATTENDANCE_TRANSITIONS[verb][1]:
            return f"{locked.deputy.name}已签到。"
        return f"{locked.deputy.name}当前为“{locked.get_status_display()}”，不能{ACTION_LABELS[verb]}。"

    def apply(locked: Attendance) -> None:
        if locked.meeting.status != M.OPEN:
            raise TransitionRefused(MEETING_NOT_OPEN)
        for name, value in fields.items():
            setattr(locked, name, value)

    return workflow.transition(
        verb,
        attendance,
        actor=actor,
        table=ATTENDANCE_TRANSITIONS,
        labels=ACTION_LABELS,
        queryset=Attendance.objects.select_related("meeting", "deputy"),
        permission=permission,
        denied="只能为本人签到。" if by_self else workflow.DENIED,
        refused=refused,
        apply=apply,
        congress=lambda locked: locked.meeting.congress_id,
        note=lambda locked: locked.meeting.title,
        notify=lambda locked: _forget_screen_state(locked.meeting_id),
        request=request,
    )


def sign_in(attendance: Attendance, *, actor, method: str, request=None) -> Attendance:
    """签到 by the member on their own device, by staff at the desk, or by scanning the member's QR code."""
    if method not in Attendance.Method.values:
        raise TransitionRefused("签到方式无效。")
    return _attendance_transition(
        "sign_in",
        attendance,
        actor=actor,
        request=request,
        by_self=method == Attendance.Method.DEVICE,
        method=method,
        signed_in_at=timezone.now(),
        leave_reason="",
    )


def mark_on_leave(attendance: Attendance, *, actor, reason: str, request=None) -> Attendance:
    reason = workflow.stated(reason, "请假事由", longest=200)
    return _attendance_transition(
        "mark_on_leave", attendance, actor=actor, request=request, leave_reason=reason
    )


def mark_attending_nonvoting(attendance: Attendance, *, actor, request=None) -> Attendance:
    """列席: in the hall without a vote; counts against the body size like an absent member."""
    return _attendance_transition(
        "mark_attending_nonvoting", attendance, actor=actor, request=request, leave_reason=""
    )


# --------------------------------------------------------------------------- votes


def allowed_vote_actions(vote: Vote, user) -> list[str]:
    if not can_run_meeting(user, vote.meeting):
        return []
    verbs = [verb for verb, (sources, _t) in VOTE_TRANSITIONS.items() if vote.status in sources]
    if vote.method == Vote.Method.PAPER:
        hidden = {"close_vote", "submit_decryption_share"}
    elif vote.secret:
        hidden = set() if _awaits_paper_counts(vote) else {"enter_paper_counts"}
    else:
        hidden = {"enter_paper_counts", "submit_decryption_share"}
    return [verb for verb in verbs if verb not in hidden]


def create_vote(
    meeting: Meeting, *, actor, title: str, secret: bool, method: str, agenda_item=None, request=None
) -> Vote:
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not can_run_meeting(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status == M.CLOSED:
            raise TransitionRefused("会议已经结束，不能再安排表决。")
        if agenda_item is not None and agenda_item.meeting_id != locked.pk:
            raise TransitionRefused("议题不属于本次会议。")
        if not registry_rules.meeting_votes(locked.kind):
            raise TransitionRefused(f"{locked.get_kind_display()}听取和讨论报告，不进行表决。")
        if agenda_item is not None and agenda_item.in_writing:
            raise TransitionRefused(f"“{agenda_item.title}”为书面印发的报告，不付表决。")
        vote = Vote.objects.create(
            congress=locked.congress,
            meeting=locked,
            agenda_item=agenda_item,
            title=title,
            secret=secret,
            method=method,
        )
        audit.record(
            actor=actor,
            action="create_vote",
            obj=vote,
            congress=locked.congress,
            request=request,
            changes=audit.snapshot(vote, ["title", "secret", "method", "agenda_item"]),
        )
    return vote


def create_votes(
    meeting: Meeting, *, actor, agenda_items: list[AgendaItem], secret: bool, method: str, request=None
) -> list[Vote]:
    """按议程创建表决: one vote per chosen agenda item, titled as the item, in one transaction
    (each audited as create_vote); refused whole if any item already has a vote."""
    if not agenda_items:
        raise TransitionRefused("请至少选择一项议题。")
    if method not in Vote.Method.values:
        raise TransitionRefused("表决方式无效。")
    with transaction.atomic():
        # Held until commit, so two clerks creating from the agenda at once cannot both pass the check.
        Meeting.objects.select_for_update().get(pk=meeting.pk)
        already = (
            AgendaItem.objects.filter(pk__in=[i.pk for i in agenda_items], votes__isnull=False)
            .distinct()
            .order_by("order")
        )
        if already:
            names = "、".join(f"第 {i.order} 项" for i in already)
            raise TransitionRefused(f"{names}议题已有表决事项，请不要重复创建。")
        return [
            create_vote(
                meeting,
                actor=actor,
                title=item.title,
                secret=secret,
                method=method,
                agenda_item=item,
                request=request,
            )
            for item in sorted(agenda_items, key=lambda i: i.order)
        ]


def open_vote(vote: Vote, *, actor, request=None) -> Vote:
    """Freeze the body size and the number present; refused without a quorum (组织法 14, 51)."""

    def apply(locked: Vote) -> None:
        meeting = Meeting.objects.select_for_update().get(pk=locked.meeting_id)
        if meeting.status != M.OPEN:
            raise TransitionRefused("会议尚未开始或已经结束，不能开始表决。")
        if meeting.votes.filter(status=V.OPEN).exists():
            raise TransitionRefused("本次会议已有正在进行的表决，请先结束该表决。")
        present = meeting.attendances.filter(status=A.PRESENT).count()
        quorum = presidium_options(meeting.congress)["presidium_quorum"]
        if not rules.quorum_met(rule_body(meeting), meeting.body_size, present, presidium_quorum=quorum):
            needed = rules.quorum_threshold(rule_body(meeting), meeting.body_size, presidium_quorum=quorum)
            raise TransitionRefused(
                f"出席 {present} 人，不足法定人数（应到 {meeting.body_size} 人，至少需 {needed} 人出席），不能开始表决。"
            )
        if locked.secret and locked.method == Vote.Method.ELECTRONIC:
            key = ballot_box.key_for(key_owner(meeting.pk))
            if key is None:
                raise TransitionRefused("无记名电子表决需先登记计票人密钥（计票人密钥仪式），才能开始表决。")
            locked.ballot_box = ballot_box.open_box(
                key=key, owner=f"meetings.vote:{locked.pk}", spec=VOTE_SPEC, labels=VOTE_LABELS
            )
        locked.body_size = meeting.body_size
        locked.present = present
        locked.opened_at = timezone.now()

    return _step(
        "open_vote",
        vote,
        VOTE_TRANSITIONS,
        actor=actor,
        request=request,
        apply=apply,
        notify=lambda locked: _forget_screen_state(locked.meeting_id),
    )


VOTE_SPEC = crypto.one_of(len(Vote.Choice.values))  # one slot per choice, in Vote.Choice order
VOTE_LABELS = [label for _value, label in Vote.Choice.choices]


def key_owner(meeting_id: int) -> str:
    """The tellers' key of a meeting encrypts every secret electronic vote held at it."""
    return f"meetings.meeting:{meeting_id}"


def register_teller_key(meeting: Meeting, *, actor, document, request=None):
    """登记计票人密钥: the public part of the tellers' key ceremony (renda ballot_keys)."""
    if not can_run_meeting(actor, meeting):
        raise PermissionDenied("您没有权限进行此操作。")
    if meeting.status == M.CLOSED:
        raise TransitionRefused("会议已经结束，不能再登记计票人密钥。")
    try:
        return ballot_box.register_key(
            congress_id=meeting.congress_id,
            owner=key_owner(meeting.pk),
            document=document,
            actor=actor,
            request=request,
        )
    except ballot_box.BallotRefused as error:
        raise TransitionRefused(str(error)) from None


def _check_voter(vote: Vote, actor) -> Deputy:
    deputy = deputy_of(actor, vote.congress_id, holding_role=False)
    if deputy is None:
        raise PermissionDenied("只有代表本人可以投票。")
    if vote.status != V.OPEN or vote.method != Vote.Method.ELECTRONIC:
        raise TransitionRefused("该事项当前不在电子表决中。")
    attendance = Attendance.objects.filter(meeting_id=vote.meeting_id, deputy=deputy).first()
    if attendance is None:
        raise PermissionDenied("您不是本次会议的组成人员。")
    # The number present is frozen when the vote opens; members who sign in later do not vote on it.
    if (
        attendance.status != A.PRESENT
        or attendance.signed_in_at is None
        or attendance.signed_in_at > vote.opened_at
    ):
        raise TransitionRefused("表决开始时您未签到出席，不能参加本项表决。")
    return deputy


def cast(vote: Vote, *, actor, choice: str = "", sealed: object = None, request=None) -> str:
    """One present member's yes / no / abstain, once (the database refuses a second Participation).

    A roll-call (记名) vote stores the choice on the Participation. A secret vote takes the
    ballot encrypted on the device (`sealed`, core.ballot_box) or, from a device without
    JavaScript, the choice in clear, which the server encrypts at once; either way the box
    stores a ciphertext only and returns its fingerprint, the deputy's receipt. A refused secret
    ballot is audited without its content; a stored one is not (see the module docstring).
    """
    if sealed is None and choice not in Vote.Choice.values:
        raise TransitionRefused("请选择赞成、反对或弃权。")
    deputy = _check_voter(vote, actor)
    if not vote.secret:
        if sealed is not None:
            raise TransitionRefused("记名表决不使用加密选票。")
        try:
            with transaction.atomic():
                if not _share_lock_if_open(vote.pk):
                    raise TransitionRefused("表决已经结束。")
                Participation.objects.create(vote=vote, deputy=deputy, choice=choice)
        except IntegrityError:
            raise AlreadyVoted() from None
        return ""
    box_ = BallotBox.objects.select_related("key").filter(pk=vote.ballot_box_id).first()
    if box_ is None:  # a secret vote opened before the ballot box existed
        raise TransitionRefused("该表决没有票箱，不能电子投票，请改用书面表决。")
    try:
        if sealed is None:
            values = [int(value == choice) for value in Vote.Choice.values]
            ballot = ballot_box.seal_on_server(box_, values)
        else:
            ballot = ballot_box.read_sealed(box_, sealed)
        return ballot_box.cast(
            box_,
            ballot,
            poll=vote,
            participation=Participation(vote=vote, deputy=deputy, choice=""),
            check=_still_open,
        )
    except (ballot_box.BallotRefused, TransitionRefused) as error:
        ballot_box.audit_refusal(actor=actor, box=box_, reason=str(error), request=request)
        if isinstance(error, ballot_box.BallotRefused):
            raise TransitionRefused(str(error)) from None
        raise


def _still_open(locked: Vote) -> None:
    if locked.status != V.OPEN:
        raise TransitionRefused("表决已经结束。")


BALLOT_STORED = "您已投票，投票成功。"

# One statement, one round trip, atomic on its own: the vote must be open, electronic and in the
# token's meeting (FOR KEY SHARE holds close_vote's FOR UPDATE off until it commits, and is the
# lock the foreign-key checks take at commit anyway); the user must be active and
# their deputy present when it opened; then the participation (the choice only for a roll-call
# vote). A second ballot of the same deputy violates vote_participation_once.
# The deputy is a scalar subquery so that the attendance is found by its unique key (meeting,
# deputy) whatever the planner's statistics say: joined, a freshly loaded table made PostgreSQL
# scan the whole meeting's attendance for every ballot.
TAKE_PART_SQL = """
WITH v AS (
    SELECT id, meeting_id, secret, opened_at FROM meetings_vote
    WHERE id = %(vote)s AND meeting_id = %(meeting)s AND status = 'open' AND method = 'electronic'
      AND secret = %(secret)s AND ballot_box_id IS NOT DISTINCT FROM %(box)s
    FOR KEY SHARE
), d AS (
    SELECT a.deputy_id FROM meetings_attendance a JOIN v ON v.meeting_id = a.meeting_id
    WHERE a.deputy_id = (SELECT d.id FROM registry_deputy d JOIN accounts_user u ON u.id = d.user_id
                         WHERE d.user_id = %(user)s AND u.is_active)
      AND a.status = 'present' AND a.signed_in_at <= v.opened_at
)
INSERT INTO meetings_participation (vote_id, deputy_id, choice)
SELECT v.id, d.deputy_id, %(choice)s FROM v, d
RETURNING deputy_id
"""

# The sealed ballot, in its own transaction after the participation's (see core.ballot_box.box).
STORE_SEALED_SQL = """
INSERT INTO core_sealedballot (id, box_id, fingerprint, content)
SELECT gen_random_uuid(), b.id, %(fingerprint)s, %(content)s FROM core_ballotbox b
WHERE b.id = %(box)s AND b.status = 'open'
FOR KEY SHARE
"""

UNDO_TAKE_PART_SQL = "DELETE FROM meetings_participation WHERE vote_id = %(vote)s AND deputy_id = %(deputy)s"

_BOXES: dict[str, BallotBox] = {}


def _box_named(sealed: object) -> BallotBox | None:
    """The box a device's sealed ballot names, cached by its random id (a box's key and rules never
    change once open); TAKE_PART_SQL then checks that it is the vote's box and still open."""
    name = sealed.get("box") if isinstance(sealed, dict) else None
    if not isinstance(name, str) or len(name) > 40:
        return None
    box_ = _BOXES.get(name)
    if box_ is None:
        try:
            box_ = BallotBox.objects.select_related("key").filter(pk=name).first()
        except (ValueError, ValidationError):
            return None
        if box_ is None:
            return None
        _BOXES[name] = box_
    return box_


def _execute(conn, sql: str, params: dict):
    if isinstance(conn, psycopg.Connection):
        # Prepared on the pooled connection, so PostgreSQL plans it once per connection rather
        # than per ballot (planning cost two thirds of the ballot's database time). Django turns
        # preparing off on its connections (prepare_threshold None); on for these statements only.
        threshold, conn.prepare_threshold = conn.prepare_threshold, 0
        try:
            with psycopg.Cursor(conn) as cursor:
                cursor.execute(sql, params, prepare=True)
                return cursor.fetchone() if cursor.description else cursor.rowcount
        finally:
            conn.prepare_threshold = threshold
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone() if cursor.description else cursor.rowcount


def _commit(conn) -> None:
    if isinstance(conn, psycopg.Connection):
        conn.commit()


def cast_in_one_statement(
    conn, *, vote_id: int, user_id: int, meeting_id: int, choice: str = "", sealed: object = None
) -> str | None:
    """The device API's hot path on a PostgreSQL connection (psycopg from the pool, or Django's).

    Roll-call: TAKE_PART_SQL with the choice. Secret: the sealed ballot is verified first
    (CPU only), then TAKE_PART_SQL and STORE_SEALED_SQL run as two transactions (the second
    undone if its ballot is refused). Returns the receipt's fingerprint ("" for roll-call) or
    None when a rule refused it (cast() then says which); AlreadyVoted for a second ballot.
    """
    params: dict = {"vote": vote_id, "meeting": meeting_id, "user": user_id}
    if sealed is None:
        if choice not in Vote.Choice.values:
            return None
        try:
            row = _execute(conn, TAKE_PART_SQL, {**params, "secret": False, "choice": choice, "box": None})
        except (IntegrityError, psycopg.IntegrityError):
            raise AlreadyVoted() from None
        return "" if row else None
    box_ = _box_named(sealed)
    if box_ is None:
        return None
    try:
        ballot = ballot_box.read_sealed(box_, sealed)
    except ballot_box.BallotRefused:
        return None  # cast() says why, and audits it
    try:
        row = _execute(conn, TAKE_PART_SQL, {**params, "secret": True, "choice": "", "box": box_.pk})
        _commit(conn)
    except (IntegrityError, psycopg.IntegrityError):
        raise AlreadyVoted() from None
    if not row:
        return None
    fingerprint = ballot.fingerprint()
    content = json.dumps(ballot.to_json(), separators=(",", ":"))
    try:
        stored = _execute(
            conn, STORE_SEALED_SQL, {"box": box_.pk, "fingerprint": fingerprint, "content": content}
        )
    except (IntegrityError, psycopg.IntegrityError):
        stored = 0
        if isinstance(conn, psycopg.Connection):
            conn.rollback()
    if stored != 1:
        _execute(conn, UNDO_TAKE_PART_SQL, {"vote": vote_id, "deputy": row[0]})
        _commit(conn)
        return None
    _commit(conn)
    return fingerprint


def cast_by_token_holder(
    vote_id: int, *, user, meeting_id: int, choice: str = "", sealed: object = None, request=None
) -> str:
    """The device API's ballot (see meetings.device_api): the rules of cast(), for the token's meeting.

    On PostgreSQL the hot path stores it; when it stores nothing, cast() runs to say why.
    Returns the fingerprint of a secret ballot ("" for roll-call).
    """
    if sealed is None and choice not in Vote.Choice.values:
        raise TransitionRefused("请选择赞成、反对或弃权。")
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        stored = cast_in_one_statement(
            connection, vote_id=vote_id, user_id=user.pk, meeting_id=meeting_id, choice=choice, sealed=sealed
        )
        if stored is not None:
            return stored
    vote = Vote.objects.filter(pk=vote_id).first()
    if vote is None or vote.meeting_id != meeting_id:
        raise TransitionRefused("该表决不在本次会议中，请刷新表决页面。")
    return cast(vote, actor=user, choice=choice, sealed=sealed, request=request)


def _share_lock_if_open(vote_id: int) -> bool:
    """Whether the vote is open, holding a shared lock on its row until the ballot commits.

    close_vote's FOR UPDATE waits for every ballot holding FOR KEY SHARE, and a ballot arriving
    during the close waits and then reads "closed"; so a ballot is either in the count or refused.
    Ballots do not block each other. (Django's foreign keys are DEFERRABLE on PostgreSQL, so the
    inserts alone lock nothing until COMMIT.) SQLite runs one writer at a time (BEGIN IMMEDIATE).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT status FROM meetings_vote WHERE id = %s FOR KEY SHARE", [vote_id])
            row = cursor.fetchone()
        return row is not None and row[0] == V.OPEN
    return Vote.objects.filter(pk=vote_id, status=V.OPEN).exists()


def has_voted(vote: Vote, deputy: Deputy) -> bool:
    return Participation.objects.filter(vote=vote, deputy=deputy).exists()


def _stored_counts(vote: Vote) -> dict[str, int]:
    """A roll-call vote's counts, from the participations (a secret vote's come from the tellers)."""
    rows = vote.participations.order_by().values("choice").annotate(n=Count("pk"))
    counts = {row["choice"]: row["n"] for row in rows}
    return {choice: counts.get(choice, 0) for choice in Vote.Choice.values}


def _store_result(locked: Vote, yes: int, no: int, abstain: int) -> None:
    """Count with meetings.rules (the same code as `renda tally`) against the frozen body size."""
    result = rules.count_vote(
        rule_body(locked.meeting),
        locked.body_size,
        locked.present,
        yes,
        no,
        abstain,
        **presidium_options(locked.meeting.congress),
    )
    locked.yes, locked.no, locked.abstain = yes, no, abstain
    locked.not_voted, locked.passed = result.not_voted, result.passed
    locked.closed_at = timezone.now()


def close_vote(vote: Vote, *, actor, request=None) -> Vote:
    """结束表决. A roll-call vote is counted at once; a secret vote's box is closed and its
    homomorphic sum awaits the tellers' decryption shares (submit_decryption_share)."""

    def apply(locked: Vote) -> str:
        if locked.method != Vote.Method.ELECTRONIC:
            raise TransitionRefused("人工计数的表决请录入计票结果。")
        if not locked.secret:
            counts = _stored_counts(locked)
            _store_result(locked, counts["yes"], counts["no"], counts["abstain"])
            return V.CLOSED
        box_ = locked.ballot_box = ballot_box.close(locked.ballot_box)
        locked.closed_at = timezone.now()
        if box_.totals is not None and not locked.paper_issued:  # an empty box: nothing to decrypt
            _count_totals(locked, box_.totals)
            return V.CLOSED
        return V.COUNTING

    return workflow.transition(
        "close_vote",
        vote,
        actor=actor,
        table=VOTE_TRANSITIONS,
        labels=ACTION_LABELS,
        permission=lambda user, locked: can_run_meeting(user, locked.meeting),
        apply=apply,
        changes=lambda locked: (
            {"ballots": [None, locked.ballot_box.ballots_count]} if locked.ballot_box_id else {}
        ),
        notify=lambda locked: _forget_screen_state(locked.meeting_id),
        request=request,
    )


def _count_totals(locked: Vote, totals: list[int]) -> None:
    counts = dict(zip(Vote.Choice.values, totals, strict=True))
    _store_result(locked, counts["yes"], counts["no"], counts["abstain"])


def submit_decryption_share(vote: Vote, *, actor, document, request=None) -> Vote:
    """提交解密份额: one teller's share (renda decryption_share); with `threshold` of them the
    totals are decrypted, counted with meetings.rules and the vote closes. A share that does not
    verify is refused, audited without its content, and changes nothing."""

    def apply(locked: Vote) -> str:
        totals = ballot_box.submit_decryption_share(locked.ballot_box, document, actor=actor, request=request)
        if totals is None or locked.paper_issued:  # paper ballots: staff enter their totals next
            return V.COUNTING
        _count_totals(locked, totals)
        return V.CLOSED

    try:
        return _step(
            "submit_decryption_share",
            vote,
            VOTE_TRANSITIONS,
            actor=actor,
            request=request,
            apply=apply,
            notify=lambda locked: _forget_screen_state(locked.meeting_id),
        )
    except ballot_box.BallotRefused as error:
        ballot_box.audit_refusal(
            actor=actor,
            box=vote.ballot_box,
            reason=str(error),
            action="refuse_decryption_share",
            request=request,
        )
        raise TransitionRefused(str(error)) from None


def _awaits_paper_counts(vote: Vote) -> bool:
    """A secret electronic vote that handed out paper ballots, its box decrypted: the paper ballots'
    totals are entered next (enter_paper_counts) and added to the box's."""
    return (
        vote.method == Vote.Method.ELECTRONIC
        and vote.secret
        and vote.status == V.COUNTING
        and bool(vote.paper_issued)
        and vote.ballot_box is not None
        and vote.ballot_box.totals is not None
    )


def issue_paper_ballot(vote: Vote, *, actor, deputy: Deputy, request=None) -> Vote:
    """发给纸质表决票 during a secret electronic vote (as elections.issue_paper_ballot): recorded as
    the member's participation (core.ballot_box.box.take_paper_ballot), so the device refuses them
    afterwards, a member who has voted on the device gets no paper ballot, and each is counted
    once. After the box is decrypted staff enter the paper ballots' yes / no / abstain totals."""
    if not can_run_meeting(actor, vote.meeting):
        raise PermissionDenied("您没有权限进行此操作。")

    def check(locked: Vote) -> None:
        if locked.method != Vote.Method.ELECTRONIC or not locked.secret or locked.status != V.OPEN:
            raise TransitionRefused("只有正在进行的无记名电子表决可以另发纸质表决票。")
        attendance = Attendance.objects.filter(meeting_id=locked.meeting_id, deputy=deputy).first()
        if (
            attendance is None
            or attendance.status != A.PRESENT
            or attendance.signed_in_at is None
            or attendance.signed_in_at > locked.opened_at
        ):
            raise TransitionRefused(f"{deputy.name} 表决开始时未签到出席，不能领取表决票。")

    with transaction.atomic():
        locked = ballot_box.take_paper_ballot(
            vote,
            Participation(vote=vote, deputy=deputy, choice=""),
            check=check,
            already_voted=f"{deputy.name} 已经表决或已领取纸质表决票，每人只能表决一次。",
        )
        Vote.objects.filter(pk=locked.pk).update(paper_issued=F("paper_issued") + 1)
        audit.record(
            actor=actor,
            action="issue_paper_ballot",
            obj=locked,
            congress=locked.congress_id,
            request=request,
            note=f"发给 {deputy.name} 纸质表决票",
        )
        transaction.on_commit(lambda: _forget_screen_state(locked.meeting_id))
    vote.refresh_from_db()
    return vote


def enter_paper_counts(vote: Vote, *, actor, yes: int, no: int, abstain: int, request=None) -> Vote:
    """Hand count (举手 / 书面) entered by staff; checked by rules.count_vote (sum ≤ present). In a
    secret electronic vote: the paper ballots handed out during it, added to the box's decrypted
    totals (at most as many as were handed out)."""

    def apply(locked: Vote) -> None:
        if locked.method != Vote.Method.PAPER:
            if not _awaits_paper_counts(locked):
                raise TransitionRefused("电子表决由系统计票，不能手工录入。")
            if yes + no + abstain > locked.paper_issued:
                raise TransitionRefused(
                    f"纸质表决票的赞成、反对、弃权之和（{yes + no + abstain}）"
                    f"不能多于发出的纸质表决票（{locked.paper_issued} 张）。"
                )
            device = dict(zip(Vote.Choice.values, locked.ballot_box.totals, strict=True))
        elif locked.status != V.OPEN:
            raise TransitionRefused("表决不在进行中。")
        else:
            device = dict.fromkeys(Vote.Choice.values, 0)
        try:
            _store_result(locked, yes + device["yes"], no + device["no"], abstain + device["abstain"])
        except rules.RuleInputError as error:
            raise TransitionRefused(_field_message(error)) from None

    return _step(
        "enter_paper_counts",
        vote,
        VOTE_TRANSITIONS,
        actor=actor,
        request=request,
        apply=apply,
        notify=lambda locked: _forget_screen_state(locked.meeting_id),
    )


FIELD_LABELS = {
    "yes": "赞成",
    "no": "反对",
    "abstain": "弃权",
    "present": "出席人数",
    "yes + no + abstain": "赞成、反对、弃权",
}


def _field_message(error: rules.RuleInputError) -> str:
    return f"{FIELD_LABELS.get(error.field, error.field)}{error.reason}。"


def _forget_screen_state(meeting_id: int) -> None:
    from meetings.queries import forget_screen_state

    transaction.on_commit(lambda: forget_screen_state(meeting_id))


# --------------------------------------------------------------------------- township 主席团


def stationed_deputies(body, on=None) -> list[Deputy]:
    """The deputies of every level stationed in a working body's area on a date (DOMAIN §11):
    entered at one of its stations (进站代表) or, for its own records, through ``Deputy.station``,
    and holding their seat that day."""
    on = on or today()
    entered = StationMembership.objects.filter(congress=body, starts_on__lte=on).exclude(ends_on__lte=on)
    ids = set(entered.values_list("deputy_id", flat=True))
    ids |= set(Deputy.objects.filter(station__congress=body).values_list("pk", flat=True))
    return list(
        Deputy.objects.filter(registry_queries.seat_held_on(on), pk__in=ids)
        .select_related("congress")
        .order_by("congress__level", "number")
    )


def presidium_fixed(session: CongressSession) -> bool:
    """A session's 主席团 list stands once one of its meetings has opened (its members are counted there)."""
    return session.meetings.filter(kind=Meeting.Kind.PRESIDIUM_MEETING).exclude(status=M.SCHEDULED).exists()


def elect_presidium(
    session: CongressSession, *, actor, members, chair=None, vice_chairs=(), request=None
) -> CongressSession:
    """Record the 主席团 the session elected (选举主席团), with its 主席 and 副主席 at a township.

    The members are deputies of this congress holding their seat; a township's presidium counts
    its 主席 and one or two 副主席 among them (组织法; DOMAIN §11). Refused once a 主席团 meeting
    of the session has opened: its members are frozen there.
    """
    members = list(dict.fromkeys(members))
    vice_chairs = list(dict.fromkeys(vice_chairs))
    with transaction.atomic():
        locked = CongressSession.objects.select_for_update().select_related("congress").get(pk=session.pk)
        if not can_run_sessions(actor, locked.congress_id):
            raise PermissionDenied("您没有权限进行此操作。")
        if presidium_fixed(locked):
            raise TransitionRefused("本次会议的主席团已经开过会，成员已经确定，不能再修改。")
        holding = set(
            registry_queries.deputies_holding_seat(locked.congress, locked.starts_on).values_list(
                "pk", flat=True
            )
        )
        problem = rules.presidium_problem(
            locked.congress.kind == registry_rules.TOWNSHIP_CONGRESS,
            [d.pk for d in members],
            chair.pk if chair else None,
            [d.pk for d in vice_chairs],
            holding,
        )
        if problem:
            raise TransitionRefused(problem)
        before = sorted(d.name for d in locked.presidium.all())
        locked.presidium.set(members)
        locked.presidium_roles.all().delete()
        roles = [PresidiumRole(session=locked, deputy=chair, role=PresidiumRole.Role.CHAIR)] if chair else []
        roles += [
            PresidiumRole(session=locked, deputy=d, role=PresidiumRole.Role.VICE_CHAIR) for d in vice_chairs
        ]
        PresidiumRole.objects.bulk_create(roles)
        audit.record(
            actor=actor,
            action="elect_presidium",
            obj=locked,
            congress=locked.congress,
            request=request,
            changes={
                "presidium": [before, sorted(d.name for d in members)],
                "chair": [None, chair.name if chair else None],
                "vice_chairs": [None, [d.name for d in vice_chairs]],
            },
        )
    return locked


def convene_next_session(
    meeting: Meeting, *, actor, vote: Vote, starts_on, agenda: list[str], request=None
) -> CongressSession:
    """A township 主席团 meeting between sessions convenes the next session (召集下一次会议):
    its date and agenda, once the 主席团 has passed the decision (``vote``, counted against all its
    members by the local rule). The session and its first plenary with that agenda are created."""
    agenda = [line.strip() for line in agenda if line and line.strip()]
    with transaction.atomic():
        locked = (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("congress", "session")
            .get(pk=meeting.pk)
        )
        if not can_run_meeting(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if (
            locked.kind != Meeting.Kind.PRESIDIUM_MEETING
            or locked.congress.kind != registry_rules.TOWNSHIP_CONGRESS
        ):
            raise TransitionRefused("只有乡镇人大主席团会议可以决定召集下一次人民代表大会会议。")
        if locked.convened_sessions.exists():
            raise TransitionRefused("本次主席团会议已经决定召集下一次会议，不能重复决定。")
        vote = Vote.objects.filter(pk=vote.pk, meeting=locked).first()
        if vote is None or vote.status != V.CLOSED or not vote.passed:
            raise TransitionRefused("召集下一次会议须经主席团表决通过，请先完成表决。")
        session = locked.session
        if session is None:
            raise TransitionRefused("该主席团会议没有所属的人代会会议，不能决定召集下一次会议。")
        problem = rules.convening_problem(session.starts_on, starts_on, len(agenda))
        if problem:
            raise TransitionRefused(problem)
        number = (CongressSession.objects.filter(term=session.term).aggregate(n=Max("number"))["n"] or 0) + 1
        new = CongressSession.objects.create(
            congress=locked.congress,
            term=session.term,
            number=number,
            starts_on=starts_on,
            convened_by=locked,
        )
        plenary = Meeting.objects.create(
            congress=locked.congress,
            kind=Meeting.Kind.PLENARY,
            session=new,
            number=1,
            title=f"{new}第一次全体会议",
            starts_at=timezone.make_aware(dt.datetime.combine(starts_on, dt.time(9, 0))),
            location=locked.location,
        )
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=plenary, order=n, title=title[:300], kind=AgendaItem.Kind.REPORT)
            for n, title in enumerate(agenda, 1)
        )
        audit.record(
            actor=actor,
            action="convene_session",
            obj=new,
            congress=locked.congress,
            request=request,
            changes={
                "convened_by": [None, locked.title],
                "vote": [None, vote.title],
                "starts_on": [None, starts_on.isoformat()],
                "agenda": [None, agenda],
            },
        )
    return new


# --------------------------------------------------------------------------- guests


def _guest_refused(locked: Meeting) -> str:
    if locked.status == M.CLOSED:
        return "会议已经结束，嘉宾名单不能再修改。"
    return "会议已经宣布开会，嘉宾名单已记入会议记录，不能再修改或删除嘉宾（可以补充登记到会的嘉宾）。"


def _guest_fields(name: str, unit: str) -> tuple[str, str]:
    name, unit = (name or "").strip(), (unit or "").strip()
    if not name or not unit:
        raise TransitionRefused("请填写嘉宾的姓名和单位。")
    return name[:50], unit[:100]


def add_guest(meeting: Meeting, *, actor, name: str, unit: str, request=None) -> Guest:
    """特邀嘉宾: listed apart from the members, never in the body size, the quorum or a vote."""
    name, unit = _guest_fields(name, unit)
    added: list[Guest] = []

    def apply(locked: Meeting) -> None:
        if locked.guests.filter(name=name, unit=unit).exists():
            raise TransitionRefused(f"{unit}的{name}已经登记为本次会议的嘉宾。")
        added.append(Guest.objects.create(meeting=locked, name=name, unit=unit))

    _step(
        "add_guest",
        meeting,
        MEETING_TRANSITIONS,
        actor=actor,
        request=request,
        apply=apply,
        refused=lambda _locked: "会议已经结束，不能再登记嘉宾。",
        changes=lambda _locked: {"guest": added[0].pk, "name": name, "unit": unit},
    )
    return added[0]


def edit_guest(guest: Guest, *, actor, name: str, unit: str, reason: str, request=None) -> Guest:
    """Correct a guest's name or unit before the meeting opens (with a reason, audited)."""
    reason = workflow.stated(reason, "修改嘉宾信息的原因", longest=500)
    name, unit = _guest_fields(name, unit)
    changes: dict = {}

    def apply(locked: Meeting) -> None:
        row = Guest.objects.select_for_update().filter(pk=guest.pk, meeting=locked).first()
        if row is None:
            raise TransitionRefused("该嘉宾已从名单中删除。")
        if (row.name, row.unit) == (name, unit):
            raise TransitionRefused("嘉宾信息没有变化。")
        if locked.guests.filter(name=name, unit=unit).exclude(pk=row.pk).exists():
            raise TransitionRefused(f"{unit}的{name}已经登记为本次会议的嘉宾。")
        changes["guest"] = row.pk
        for field, value in (("name", name), ("unit", unit)):
            if getattr(row, field) != value:
                changes[field] = [getattr(row, field), value]
        row.name, row.unit = name, unit
        row.save(update_fields=["name", "unit"])

    _step(
        "edit_guest",
        guest.meeting,
        MEETING_TRANSITIONS,
        actor=actor,
        request=request,
        apply=apply,
        refused=_guest_refused,
        changes=lambda _locked: changes,
        note=reason,
    )
    guest.refresh_from_db()
    return guest


def remove_guest(guest: Guest, *, actor, reason: str, request=None) -> Meeting:
    """Take a guest off the list before the meeting opens (with a reason, audited)."""
    reason = workflow.stated(reason, "删除嘉宾的原因", longest=500)
    removed: dict = {}

    def apply(locked: Meeting) -> None:
        row = Guest.objects.select_for_update().filter(pk=guest.pk, meeting=locked).first()
        if row is None:
            raise TransitionRefused("该嘉宾已从名单中删除。")
        removed.update({"guest": row.pk, "name": [row.name, None], "unit": [row.unit, None]})
        row.delete()

    return _step(
        "remove_guest",
        guest.meeting,
        MEETING_TRANSITIONS,
        actor=actor,
        request=request,
        apply=apply,
        refused=_guest_refused,
        changes=lambda _locked: removed,
        note=reason,
    )
