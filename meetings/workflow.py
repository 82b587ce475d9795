"""Meetings, attendance and votes: the only code that assigns their .status.

Every transition locks its row, checks the source status and the permission, writes one audit
row with the actor and saves only the fields it changed, all in one transaction.  Casting a
ballot writes no audit row: for a secret vote the Participation row is the whole record, and an
audit entry (it carries a time and the actor) would let a reader line voters up with ballots.
"""

from __future__ import annotations

import psycopg
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Count
from django.utils import timezone

from core import audit, secret_ballot, workflow
from core.dates import today
from core.workflow import AlreadyVoted, TransitionRefused
from meetings import rules
from meetings.models import AgendaItem, Attendance, Meeting, Participation, SecretBallot, Vote
from meetings.permissions import can_run_meeting
from registry import queries as registry_queries
from registry.models import CommitteeMembership, Deputy

M, A, V = Meeting.Status, Attendance.Status, Vote.Status

MEETING_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "open_meeting": ({M.SCHEDULED}, M.OPEN),
    "close_meeting": ({M.OPEN}, M.CLOSED),
}

ATTENDANCE_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "sign_in": ({A.ABSENT, A.ON_LEAVE}, A.PRESENT),
    "mark_on_leave": ({A.ABSENT, A.PRESENT}, A.ON_LEAVE),
    "mark_attending_nonvoting": ({A.ABSENT, A.PRESENT, A.ON_LEAVE}, A.ATTENDING_NONVOTING),
}

VOTE_TRANSITIONS: dict[str, tuple[set[str], str]] = {
    "open_vote": ({V.DRAFT}, V.OPEN),
    "close_vote": ({V.OPEN}, V.CLOSED),  # electronic votes
    "enter_paper_counts": ({V.OPEN}, V.CLOSED),  # paper / hand-count votes
}

ACTION_LABELS = {
    "open_meeting": "宣布开会",
    "close_meeting": "宣布散会",
    "sign_in": "签到",
    "mark_on_leave": "登记请假",
    "mark_attending_nonvoting": "登记列席",
    "open_vote": "开始表决",
    "close_vote": "结束表决",
    "enter_paper_counts": "录入计票结果",
}

# meetings.rules knows three bodies. 主任会议 has no statutory quorum; like the standing committee
# it decides by a majority of all its members (local 议事规则), so its counting rule is committee's.
RULE_BODY = {
    Meeting.Body.CONGRESS: "congress",
    Meeting.Body.COMMITTEE: "committee",
    Meeting.Body.PRESIDIUM: "presidium",
    Meeting.Body.CHAIRS: "committee",
}


def rule_body(meeting: Meeting) -> str:
    return RULE_BODY[meeting.body]


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


def _step(verb: str, obj, table: dict, *, actor, request, apply=None, notify=None):
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


def add_agenda_item(
    meeting: Meeting, *, actor, order: int, title: str, kind: str, request=None
) -> AgendaItem:
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if not can_run_meeting(actor, locked):
            raise PermissionDenied("您没有权限进行此操作。")
        if locked.status == M.CLOSED:
            raise TransitionRefused("会议已经结束，不能再修改议程。")
        if locked.agenda_items.filter(order=order).exists():
            raise TransitionRefused(f"议程中已有第 {order} 项。")
        item = AgendaItem.objects.create(meeting=locked, order=order, title=title, kind=kind)
        audit.record(
            actor=actor,
            action="add_agenda_item",
            obj=item,
            congress=locked.congress,
            request=request,
            changes=audit.snapshot(item, ["order", "title", "kind"]),
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
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused("请填写请假事由。")
    if len(reason) > 200:
        raise TransitionRefused("请假事由不能超过200字。")
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
    hidden = "enter_paper_counts" if vote.method == Vote.Method.ELECTRONIC else "close_vote"
    return [verb for verb in verbs if verb != hidden]


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


def open_vote(vote: Vote, *, actor, request=None) -> Vote:
    """Freeze the body size and the number present; refused without a quorum (组织法 14, 51)."""

    def apply(locked: Vote) -> None:
        meeting = Meeting.objects.select_for_update().get(pk=locked.meeting_id)
        if meeting.status != M.OPEN:
            raise TransitionRefused("会议尚未开始或已经结束，不能开始表决。")
        if meeting.votes.filter(status=V.OPEN).exists():
            raise TransitionRefused("本次会议已有正在进行的表决，请先结束该表决。")
        present = meeting.attendances.filter(status=A.PRESENT).count()
        if not rules.quorum_met(rule_body(meeting), meeting.body_size, present):
            needed = rules.quorum_threshold(rule_body(meeting), meeting.body_size)
            raise TransitionRefused(
                f"出席 {present} 人，不足法定人数（应到 {meeting.body_size} 人，至少需 {needed} 人出席），不能开始表决。"
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


def cast(vote: Vote, *, actor, choice: str) -> None:
    """One present member's yes / no / abstain, once (the database refuses a second Participation).

    A secret ballot is a row with a random UUID, the vote and the choice; nothing links it to the
    Participation written in the same transaction (close_vote rewrites the ballots in random order).
    No audit row (see the module docstring).
    """
    if choice not in Vote.Choice.values:
        raise TransitionRefused("请选择赞成、反对或弃权。")
    deputy = Deputy.objects.filter(user=actor, congress_id=vote.congress_id).first() if actor else None
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
    try:
        with transaction.atomic():
            if not _share_lock_if_open(vote.pk):
                raise TransitionRefused("表决已经结束。")
            Participation.objects.create(vote=vote, deputy=deputy, choice="" if vote.secret else choice)
            if vote.secret:
                SecretBallot.objects.create(vote=vote, choice=choice)
    except IntegrityError:
        raise AlreadyVoted() from None


BALLOT_STORED = "您已投票，投票成功。"

# One statement, one round trip, atomic on its own: the vote must be open, electronic and in the
# token's meeting (FOR KEY SHARE holds close_vote's FOR UPDATE off until it commits, and is the
# lock the foreign-key checks take at commit anyway); the user must be active and
# their deputy present when it opened; then the participation and, for a secret vote, an
# anonymous ballot. A second ballot of the same deputy violates vote_participation_once.
# The deputy is a scalar subquery so that the attendance is found by its unique key (meeting,
# deputy) whatever the planner's statistics say: joined, a freshly loaded table made PostgreSQL
# scan the whole meeting's attendance for every ballot.
CAST_SQL = """
WITH v AS (
    SELECT id, meeting_id, secret, opened_at FROM meetings_vote
    WHERE id = %(vote)s AND meeting_id = %(meeting)s AND status = 'open' AND method = 'electronic'
    FOR KEY SHARE
), d AS (
    SELECT a.deputy_id FROM meetings_attendance a JOIN v ON v.meeting_id = a.meeting_id
    WHERE a.deputy_id = (SELECT d.id FROM registry_deputy d JOIN accounts_user u ON u.id = d.user_id
                         WHERE d.user_id = %(user)s AND u.is_active)
      AND a.status = 'present' AND a.signed_in_at <= v.opened_at
), p AS (
    INSERT INTO meetings_participation (vote_id, deputy_id, choice)
    SELECT v.id, d.deputy_id, CASE WHEN v.secret THEN '' ELSE %(choice)s END FROM v, d
    RETURNING vote_id
), b AS (
    INSERT INTO meetings_secretballot (id, vote_id, choice)
    SELECT gen_random_uuid(), p.vote_id, %(choice)s FROM p JOIN v ON v.id = p.vote_id WHERE v.secret
)
SELECT count(*) FROM p
"""


def cast_in_one_statement(conn, *, vote_id: int, user_id: int, meeting_id: int, choice: str) -> bool:
    """Run CAST_SQL on a PostgreSQL connection (psycopg, or Django's): whether it stored the ballot.

    False when any rule refused it (cast() then says which); AlreadyVoted for a second ballot.
    """
    if choice not in Vote.Choice.values:
        return False
    params = {"vote": vote_id, "meeting": meeting_id, "user": user_id, "choice": choice}
    try:
        if isinstance(conn, psycopg.Connection):
            # Prepared on the pooled connection, so PostgreSQL plans it once per connection rather
            # than per ballot (planning cost two thirds of the ballot's database time). Django turns
            # preparing off on its connections (prepare_threshold None); on for this statement only.
            threshold, conn.prepare_threshold = conn.prepare_threshold, 0
            try:
                with psycopg.Cursor(conn) as cursor:
                    cursor.execute(CAST_SQL, params, prepare=True)
                    return cursor.fetchone()[0] == 1
            finally:
                conn.prepare_threshold = threshold
        with conn.cursor() as cursor:
            cursor.execute(CAST_SQL, params)
            return cursor.fetchone()[0] == 1
    except (IntegrityError, psycopg.IntegrityError):
        raise AlreadyVoted() from None


def cast_by_token_holder(vote_id: int, *, user, meeting_id: int, choice: str) -> None:
    """The device API's ballot (see meetings.device_api): the rules of cast(), for the token's meeting.

    On PostgreSQL one statement stores it; when it stores nothing, cast() runs to say why.
    """
    if choice not in Vote.Choice.values:
        raise TransitionRefused("请选择赞成、反对或弃权。")
    if connection.vendor == "postgresql":
        with transaction.atomic():
            if cast_in_one_statement(
                connection, vote_id=vote_id, user_id=user.pk, meeting_id=meeting_id, choice=choice
            ):
                return
    vote = Vote.objects.filter(pk=vote_id).first()
    if vote is None or vote.meeting_id != meeting_id:
        raise TransitionRefused("该表决不在本次会议中，请刷新表决页面。")
    cast(vote, actor=user, choice=choice)


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
    rows = vote.secret_ballots if vote.secret else vote.participations
    counts = {row["choice"]: row["n"] for row in rows.order_by().values("choice").annotate(n=Count("pk"))}
    return {choice: counts.get(choice, 0) for choice in Vote.Choice.values}


def _store_result(locked: Vote, yes: int, no: int, abstain: int) -> None:
    """Count with meetings.rules (the same code as `renda tally`) against the frozen body size."""
    result = rules.count_vote(rule_body(locked.meeting), locked.body_size, locked.present, yes, no, abstain)
    locked.yes, locked.no, locked.abstain = yes, no, abstain
    locked.not_voted, locked.passed = result.not_voted, result.passed
    locked.closed_at = timezone.now()


def close_vote(vote: Vote, *, actor, request=None) -> Vote:
    def apply(locked: Vote) -> None:
        if locked.method != Vote.Method.ELECTRONIC:
            raise TransitionRefused("人工计数的表决请录入计票结果。")
        counts = _stored_counts(locked)
        if locked.secret:
            # The ballots were stored in casting order, which lines up with the Participation ids.
            secret_ballot.shuffle_ballots(locked.secret_ballots)
        _store_result(locked, counts["yes"], counts["no"], counts["abstain"])

    return _step(
        "close_vote",
        vote,
        VOTE_TRANSITIONS,
        actor=actor,
        request=request,
        apply=apply,
        notify=lambda locked: _forget_screen_state(locked.meeting_id),
    )


def enter_paper_counts(vote: Vote, *, actor, yes: int, no: int, abstain: int, request=None) -> Vote:
    """Hand count (举手 / 书面) entered by staff; checked by rules.count_vote (sum ≤ present)."""

    def apply(locked: Vote) -> None:
        if locked.method != Vote.Method.PAPER:
            raise TransitionRefused("电子表决由系统计票，不能手工录入。")
        try:
            _store_result(locked, yes, no, abstain)
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
