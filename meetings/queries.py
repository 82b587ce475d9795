"""What the big screen, the devices, the home page and the recount export read."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse

from meetings import rules, screen
from meetings.models import Attendance, Meeting, Participation, Vote
from registry import rules as registry_rules

# One computation of a meeting's live state serves every screen and device for this long
# (seconds), so N clients polling or streaming cost one set of queries, and a vote costs O(1).
SCREEN_STATE_FRESH = 0.3
_SCREEN_KEY = "meetings:screen:{}"


def rule_body(meeting: Meeting) -> str:
    from meetings.workflow import rule_body as body

    return body(meeting)


def presidium_options(congress) -> dict:
    from meetings.workflow import presidium_options as options

    return options(congress)


def attendance_counts(meeting: Meeting) -> dict[str, int]:
    counts = dict.fromkeys(Attendance.Status.values, 0)
    rows = meeting.attendances.order_by().values("status").annotate(n=Count("pk"))
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


# --------------------------------------------------------------------------- the item on screen


def vote_item(vote: Vote) -> screen.ScreenItem:
    closed = vote.status == Vote.Status.CLOSED
    text = screen.text_voted(vote.agenda_item, vote.opened_at)
    voted = vote.participations.count() if vote.method == Vote.Method.ELECTRONIC else 0
    rows = []
    if closed:
        voted = vote.present - vote.not_voted if vote.present is not None else voted
        rows = [
            ("应到", str(vote.body_size)),
            ("出席", str(vote.present)),
            ("赞成", str(vote.yes)),
            ("反对", str(vote.no)),
            ("弃权", str(vote.abstain)),
            ("未按", str(vote.not_voted)),
        ]
    return screen.ScreenItem(
        kind="vote",
        title=vote.title,
        status=vote.status,
        voted=voted,
        eligible=vote.present or 0,
        outcome=("通过" if vote.passed else "未通过") if closed else "",
        result_rows=rows,
        device_url=reverse("meetings:device", args=[vote.meeting_id]),
        key=f"vote:{vote.pk}",
        closed_at=vote.closed_at.timestamp() if closed and vote.closed_at else 0.0,
        voted_label="已表决",
        text_voted=text.as_dict() if text else None,
    )


def has_voted(key: str, deputy) -> bool | None:
    kind, _, pk = key.partition(":")
    if kind != "vote" or not pk.isdigit():
        return None
    return Participation.objects.filter(vote_id=int(pk), deputy=deputy).exists()


def _vote_key(key: str) -> int | None:
    kind, _, pk = key.partition(":")
    return int(pk) if kind == "vote" and pk.isdigit() else None


def item_for(meeting, key: str) -> list[screen.ScreenItem] | None:
    """The vote `key` names, for the console's choice of what the screen shows (meetings.screen)."""
    pk = _vote_key(key)
    if pk is None:
        return None
    vote = meeting.votes.select_related("agenda_item").filter(pk=pk).first()
    return [vote_item(vote)] if vote else []


def results_of(meeting) -> list[screen.ScreenItem]:
    """Every counted vote of the meeting, for the summary of the sitting (meetings.screen)."""
    votes = meeting.votes.select_related("agenda_item").filter(status=Vote.Status.CLOSED)
    return [vote_item(vote) for vote in votes.order_by("closed_at", "pk")]


def console_items(meeting) -> list[screen.ConsoleItem]:
    """The meeting's votes for the chair's console (meetings.screen)."""
    items = []
    running = meeting.status == Meeting.Status.OPEN
    for vote in meeting.votes.select_related("agenda_item").annotate(n=Count("participations")):
        is_open = vote.status == Vote.Status.OPEN
        electronic = vote.method == Vote.Method.ELECTRONIC
        text = screen.text_voted(vote.agenda_item, vote.opened_at)
        items.append(
            screen.ConsoleItem(
                key=f"vote:{vote.pk}",
                title=vote.title,
                status=vote.status,
                status_label=vote.get_status_display(),
                agenda_item_id=vote.agenda_item_id,
                detail_url=reverse("meetings:vote_detail", args=[vote.pk]),
                open_url=reverse("meetings:open_vote", args=[vote.pk])
                if running and vote.status == Vote.Status.DRAFT
                else "",
                open_label="开始表决",
                close_url=reverse("meetings:close_vote", args=[vote.pk]) if is_open and electronic else "",
                close_label="结束表决并计票",
                voted=vote.n if is_open else None,
                eligible=vote.present if is_open else None,
                outcome=("通过" if vote.passed else "未通过") if vote.status == Vote.Status.CLOSED else "",
                text_voted=text.as_dict() if text else None,
                note="" if electronic else "举手或书面表决：在表决页录入计票结果",
            )
        )
    return items


def current_vote_item(meeting):
    """The vote shown on the meeting's big screen (see meetings.screen).

    The open vote; else the last closed vote's result (meetings.screen picks among providers).
    """
    vote = meeting.votes.filter(status=Vote.Status.OPEN).first()
    if vote is None:
        vote = meeting.votes.filter(status=Vote.Status.CLOSED).order_by("-closed_at", "-pk").first()
        if vote is None:
            return None
    return vote_item(vote)


# --------------------------------------------------------------------------- screen state


def attendance_state(meeting: Meeting) -> dict:
    """Attendance and quorum (one query): the attendance page needs no more of the screen state."""
    counts = attendance_counts(meeting)
    present = counts[Attendance.Status.PRESENT]
    quorum_met = quorum_needed = None
    if meeting.body_size and registry_rules.meeting_votes(meeting.kind):
        body = rule_body(meeting)
        quorum = presidium_options(meeting.congress)["presidium_quorum"]
        quorum_met = rules.quorum_met(
            body, meeting.body_size, min(present, meeting.body_size), presidium_quorum=quorum
        )
        quorum_needed = rules.quorum_threshold(body, meeting.body_size, presidium_quorum=quorum)
    return {
        "body_size": meeting.body_size or 0,
        "present": present,
        "on_leave": counts[Attendance.Status.ON_LEAVE],
        "absent": counts[Attendance.Status.ABSENT],
        "attending_nonvoting": counts[Attendance.Status.ATTENDING_NONVOTING],
        "quorum_met": quorum_met,
        "quorum_needed": quorum_needed,
        "quorum_applies": registry_rules.meeting_votes(meeting.kind),
    }


def screen_state(meeting: Meeting) -> dict:
    """Attendance, quorum and the current item; never a partial result of a secret vote."""
    items = screen.current_items(meeting)
    item = items[0] if items else None
    shown = _shown(meeting, items)
    current = meeting.current_agenda_item
    return {
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "status": meeting.status,
            "status_label": meeting.get_status_display(),
        },
        **attendance_state(meeting),
        "item": item.as_dict() if item else None,
        "items": [i.as_dict() for i in items],
        # The device page reloads when this changes: an item opened or closed.
        "items_key": "|".join(f"{i.key}:{i.status}" for i in items),
        # How many have voted in each open item, by key (the console's lines update from it).
        "voted": {i.key: i.voted for i in items if i.status == "open"},
        # What the chair's console chose for the big screen; the screen reloads when the choice
        # or the items shown change, and updates the counts in place otherwise.
        "display": {
            "mode": meeting.screen_display,
            "label": meeting.get_screen_display_display(),
            "target": meeting.screen_target,
        },
        "current_agenda_item": (
            {
                "order": current.order,
                "title": current.title,
                "materials": [text.as_dict() for text in screen.materials_of(current)],
            }
            if current
            else None
        ),
        "shown": [i.as_dict() for i in shown],
        "shown_key": "|".join(
            [meeting.screen_display, meeting.screen_target, str(meeting.current_agenda_item_id or "")]
            + [f"{i.key}:{i.status}" for i in shown]
        ),
        # The chair's console refreshes its parts when another operator acted: the meeting opened
        # or closed, an item taken up, a vote or round opened or closed, the screen switched.
        "console_key": "#".join(
            [
                meeting.status,
                meeting.screen_display,
                meeting.screen_target,
                str(meeting.current_agenda_item_id or ""),
                "|".join(f"{i.key}:{i.status}" for i in items),
            ]
        ),
    }


def _shown(meeting: Meeting, live: list[screen.ScreenItem]) -> list[screen.ScreenItem]:
    """The items the big screen shows for the console's choice (the live ones by default)."""
    display = meeting.screen_display
    if display == Meeting.ScreenDisplay.ITEM:
        return screen.items_for(meeting, meeting.screen_target)
    if display == Meeting.ScreenDisplay.SUMMARY:
        return screen.results_of(meeting)
    if display == Meeting.ScreenDisplay.LIVE:
        return live
    return []


def agenda_rows(meeting: Meeting) -> list[dict]:
    """The agenda in order, the current item marked, each with its materials (console and screen)."""
    return [
        {
            "item": item,
            "current": item.pk == meeting.current_agenda_item_id,
            "materials": screen.materials_of(item),
        }
        for item in meeting.agenda_items.order_by("order")
    ]


def cached_screen_state(meeting_id: int) -> dict | None:
    """screen_state at most SCREEN_STATE_FRESH seconds old, shared through the cache (Redis in production).

    The freshness is kept in the value, not in the cache timeout: Redis timeouts are whole seconds.
    """
    key = _SCREEN_KEY.format(meeting_id)
    hit = cache.get(key)
    now = time.time()
    if hit is not None and now - hit[0] < SCREEN_STATE_FRESH:
        return hit[1]
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return None
    state = screen_state(meeting)
    cache.set(key, (now, state), 60)
    return state


def forget_screen_state(meeting_id: int) -> None:
    """After a staff action the next read recomputes at once (casting does not call this: O(1))."""
    cache.delete(_SCREEN_KEY.format(meeting_id))


# --------------------------------------------------------------------------- recount export


def vote_export(vote: Vote) -> dict:
    """The anonymised result in the `renda tally` vote format (docs/tally.md)."""
    return {
        "kind": "vote",
        "body": rule_body(vote.meeting),
        "body_size": vote.body_size,
        "present": vote.present,
        "yes": vote.yes,
        "no": vote.no,
        "abstain": vote.abstain,
    }


def ballot_box_export(vote: Vote) -> dict:
    """A counted secret vote's ballot box for `renda tally` (core.ballot_box.recount)."""
    from core.ballot_box import box

    participants = [
        f"{number} {name}"
        for number, name in vote.participations.values_list("deputy__number", "deputy__name").order_by(
            "deputy__number"
        )
    ]
    return box.export_document(vote.ballot_box, participants)


# --------------------------------------------------------------------------- lists


def open_meetings_of_deputy(deputy):
    return Meeting.objects.filter(attendances__deputy=deputy, status=Meeting.Status.OPEN).order_by(
        "-starts_at"
    )


def home_todos(request):
    """Home-page lines for meetings (see core.home)."""
    from accounts.models import Role
    from accounts.permissions import deputy_of
    from core.home import Todo

    congress, roles = request.congress, request.roles
    if congress is None:
        return []
    items = []
    if roles.has(Role.STAFF, Role.LEADER):
        meetings = Meeting.objects.filter(congress=congress)
        open_count = meetings.filter(status=Meeting.Status.OPEN).count()
        absent = absences_without_leave(congress)
        if absent:
            items.append(
                Todo(
                    "未经批准两次不出席人代会会议的代表",
                    reverse("meetings:absences"),
                    len(absent),
                    "依照代表法，代表资格终止：请核实后提请常委会公告",
                    urgent=True,
                )
            )
        items.append(
            Todo(
                "会议与表决",
                reverse("meetings:meeting_list"),
                open_count,
                "正在进行的会议" if open_count else "会议、签到、表决与大屏",
                urgent=False,
            )
        )
    deputy = deputy_of(request.user, congress)
    if deputy is not None:
        for meeting in open_meetings_of_deputy(deputy)[:5]:
            open_vote = meeting.votes.filter(status=Vote.Status.OPEN, method=Vote.Method.ELECTRONIC).first()
            pending = (
                open_vote is not None
                and not Participation.objects.filter(vote=open_vote, deputy=deputy).exists()
            )
            items.append(
                Todo(
                    f"{meeting.title}：签到与表决",
                    reverse("meetings:device", args=[meeting.pk]),
                    hint="正在表决，请投票" if pending else "会议进行中",
                    urgent=pending,
                )
            )
        items.append(Todo("我的签到二维码", reverse("meetings:my_qr"), hint="报到处扫码签到用"))
    return items


def confirmation(verb: str, obj) -> str:
    """The question asked before an irreversible step, with the counts (core/confirm.py)."""
    if verb == "open_meeting":
        return "宣布开会后，应到人数按今日实有数冻结。确定宣布开会？"
    if verb == "close_meeting":
        return f"确定宣布“{obj.title}”散会？散会后不能再签到和表决。"
    if verb == "open_vote":
        present = obj.meeting.attendances.filter(status=Attendance.Status.PRESENT).count()
        return f"现有出席 {present} 人，开始表决后出席人数冻结。确定开始表决“{obj.title}”？"
    if verb == "close_vote":
        missing = (obj.present or 0) - obj.participations.count()
        if missing > 0:
            return f"还有 {missing} 名出席人员未表决，确定结束表决并计票？"
        return f"出席 {obj.present} 人已全部表决，确定结束表决并计票？"
    if verb == "enter_paper_counts":
        if obj.method == "electronic" and obj.paper_issued:
            return (
                f"纸质表决票（发出 {obj.paper_issued} 张）的票数将与电子表决票合计，"
                "录入后表决即结束并公布结果，确定录入计票结果？"
            )
        return "录入后表决即结束并公布结果，确定录入计票结果？"
    if verb == "cast":
        return "投票后不能更改，确定？"
    return "确定？"


def absences_without_leave(congress, on=None) -> list[dict]:
    """Deputies who missed two sessions of their term without approval (代表法: the seat ends).

    Flagged to staff, not acted on: the 代表资格审查委员会 reports it and the standing committee
    announces the termination (registry.workflow.terminate, ground ``absent_twice``). A session
    counts as missed when the deputy attended none of its plenary sittings and was not on leave
    for all of them (registry.rules.absent_without_leave).
    """
    from registry import rules as registry_rules
    from registry.queries import deputies_holding_seat, today

    on = on or today()
    held = {d.pk: d for d in deputies_holding_seat(congress, on).select_related("term")}
    statuses: dict[tuple[int, int], list[str]] = {}
    rows = Attendance.objects.filter(
        meeting__congress=congress,
        meeting__session__isnull=False,
        meeting__kind__in=[Meeting.Kind.PLENARY, Meeting.Kind.PREPARATORY_MEETING],
        deputy_id__in=list(held),
    ).values_list("deputy_id", "meeting__session_id", "meeting__session__term_id", "status")
    for deputy_id, session_id, term_id, status in rows:
        if held[deputy_id].term_id == term_id:
            statuses.setdefault((deputy_id, session_id), []).append(status)
    missed: dict[int, list[int]] = {}
    for (deputy_id, session_id), values in statuses.items():
        if registry_rules.absent_without_leave(values):
            missed.setdefault(deputy_id, []).append(session_id)
    from meetings.models import CongressSession

    sessions = {
        s.pk: s for s in CongressSession.objects.filter(congress=congress).select_related("term", "congress")
    }
    return [
        {"deputy": held[deputy_id], "sessions": sorted((sessions[s] for s in ids), key=lambda s: s.starts_on)}
        for deputy_id, ids in sorted(missed.items(), key=lambda item: held[item[0]].number)
        if len(ids) >= registry_rules.ABSENCES_THAT_END_A_SEAT
    ]
