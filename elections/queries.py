"""Lists and the big-screen item for elections."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from elections.models import Election, OfficeGroup, Participation, Round
from meetings.screen import ConsoleItem, ScreenItem


def round_title(round_: Round) -> str:
    return f"{round_.office_group.election.title} · {round_.office_group.post} · 第{round_.number}轮（{round_.get_kind_display()}）"


def result_rows(round_: Round) -> list[tuple[str, str]]:
    """(label, value) rows of a closed round, for the screen and the pages."""
    result = round_.result or {}
    rows = [
        ("发出选票", str(round_.ballots_issued)),
        ("收回选票", str(round_.ballots_returned)),
        ("有效票", str(result.get("valid_ballots", 0))),
        ("无效票", str(result.get("void_ballots", 0))),
    ]
    rows += [(name, f"赞成 {c['for']} 票") for name, c in result.get("counts", {}).items()]
    return rows


def outcome_text(round_: Round) -> str:
    result = round_.result or {}
    if not result.get("round_valid", True) or not result.get("quorum_met", True):
        return "本轮选举无效，重新选举"
    parts = []
    if result.get("elected"):
        parts.append("当选：" + "、".join(result["elected"]))
    if result.get("revote"):
        parts.append("再次投票：" + "、".join(result["revote"]["candidates"]))
    if result.get("supplementary_seats"):
        parts.append(f"另行选举 {result['supplementary_seats']} 名")
    return "；".join(parts) or "无人当选"


def round_item(round_: Round) -> ScreenItem:
    """One open round: only how many have voted, never partial results."""
    return ScreenItem(
        kind="election",
        title=round_title(round_),
        status="open",
        voted=round_.participations.count(),
        eligible=len(round_.issued_to) if round_.method == Round.Method.ELECTRONIC else round_.present,
        device_url=reverse("elections:ballot", args=[round_.pk])
        if round_.method == Round.Method.ELECTRONIC
        else "",
        key=f"election_round:{round_.pk}",
    )


def round_result_item(round_: Round) -> ScreenItem:
    """One office's round as the console shows it: open (how many voted), or its count."""
    if round_.status == Round.Status.OPEN:
        return round_item(round_)
    counted = round_.status == Round.Status.CLOSED and round_.result is not None
    return ScreenItem(
        kind="election",
        title=round_title(round_),
        status="closed" if counted else round_.status,
        voted=round_.ballots_returned or 0,
        eligible=round_.ballots_issued or 0,
        outcome=outcome_text(round_) if counted else round_.get_status_display(),
        result_rows=result_rows(round_) if counted else [],
        key=f"election_round:{round_.pk}",
        closed_at=round_.closed_at.timestamp() if counted and round_.closed_at else 0.0,
    )


def _last_counted(election: Election) -> Round | None:
    return (
        Round.objects.filter(office_group__election=election, status=Round.Status.CLOSED)
        .order_by("-closed_at", "-pk")
        .first()
    )


def item_for(meeting, key: str) -> list[ScreenItem] | None:
    """One office's round (`election_round:5`) or all offices' results of an election (`election:3`),
    when the console puts it on the meeting's screen (meetings.screen)."""
    kind, _, pk = key.partition(":")
    if kind not in ("election_round", "election") or not pk.isdigit():
        return None
    if kind == "election_round":
        round_ = (
            Round.objects.filter(pk=int(pk), office_group__election__meeting=meeting)
            .select_related("office_group__election")
            .first()
        )
        return [round_result_item(round_)] if round_ else []
    election = Election.objects.filter(pk=int(pk), meeting=meeting).first()
    if election is None:
        return []
    last = _last_counted(election)
    if last is None:
        return [
            ScreenItem(
                kind="election",
                title=f"{election.title} · 选举结果",
                status="draft",
                voted=0,
                eligible=0,
                outcome="尚未计票",
                key=f"election:{election.pk}",
            )
        ]
    return [election_result_item(election, last)]


def results_of(meeting) -> list[ScreenItem]:
    """Each election of the meeting with a counted round: every office with its 当选名单."""
    items = []
    for election in Election.objects.filter(meeting=meeting).order_by("pk"):
        last = _last_counted(election)
        if last is not None:
            items.append(election_result_item(election, last))
    return items


def election_result_item(election: Election, last_closed: Round) -> ScreenItem:
    """After counting: every office of the election with its 当选名单 (and the latest counts)."""
    from elections.workflow import group_outcome

    rows: list[tuple[str, str]] = []
    lists = []
    for group in election.office_groups.prefetch_related("rounds"):
        outcome = group_outcome(group)
        elected = "、".join(outcome["elected"])
        if outcome["pending"]:
            state = "选举进行中" + (f"；已当选：{elected}" if elected else "")
        else:
            state = f"当选：{elected}" if elected else "无人当选"
            if outcome["vacant"]:
                state += f"（缺额 {outcome['vacant']} 名）"
        rows.append((f"{group.post}（应选 {group.seats} 名）", state))
        counted = [r for r in group.rounds.all() if r.status == Round.Status.CLOSED and r.result]
        if counted:
            latest = counted[-1]
            counts = sorted(latest.result.get("counts", {}).items(), key=lambda nc: -nc[1]["for"])
            for name, c in counts:
                mark = " 当选" if name in latest.result.get("elected", []) else ""
                rows.append((f"　{name}", f"赞成 {c['for']} 票{mark}"))
        if outcome["elected"]:
            lists.append(f"{group.post}：{elected}")
    return ScreenItem(
        kind="election",
        title=f"{election.title} · 选举结果",
        status="closed",
        voted=last_closed.ballots_returned or 0,
        eligible=last_closed.ballots_issued or 0,
        outcome="当选名单：" + "；".join(lists) if lists else outcome_text(last_closed),
        result_rows=rows,
        key=f"election:{election.pk}:{last_closed.pk}",
        closed_at=last_closed.closed_at.timestamp() if last_closed.closed_at else 0.0,
    )


def current_round_item(meeting) -> list[ScreenItem]:
    """The election rounds shown on the meeting's big screen (see meetings.screen).

    Every open round (several offices may vote at once) with only the number of deputies who
    have voted; when none is open, the election counted last with all its offices' results.
    """
    rounds = Round.objects.filter(office_group__election__meeting=meeting).select_related(
        "office_group__election"
    )
    open_rounds = list(rounds.filter(status=Round.Status.OPEN).order_by("opened_at", "pk"))
    if open_rounds:
        return [round_item(r) for r in open_rounds]
    closed = rounds.filter(status=Round.Status.CLOSED).order_by("-closed_at", "-pk").first()
    if closed is None:
        return []
    return [election_result_item(closed.office_group.election, closed)]


def console_items(meeting) -> list[ConsoleItem]:
    """Each election of the meeting (its results with the 当选名单) and each office's latest round,
    for the chair's console (meetings.screen)."""
    items = []
    running = meeting.status == meeting.Status.OPEN
    for election in Election.objects.filter(meeting=meeting).order_by("pk"):
        items.append(
            ConsoleItem(
                key=f"election:{election.pk}",
                title=f"{election.title}：全部职位的选举结果和当选名单",
                status=election.status,
                status_label=election.get_status_display(),
                agenda_item_id=election.agenda_item_id,
                detail_url=reverse("elections:election_detail", args=[election.pk]),
            )
        )
        for group in election.office_groups.all():
            round_ = (
                group.rounds.exclude(status=Round.Status.CANCELLED)
                .annotate(n=Count("participations"))
                .order_by("-number")
                .first()
            )
            if round_ is None or group.status == OfficeGroup.Status.NOMINATING:
                items.append(
                    ConsoleItem(
                        key="",
                        title=f"{group.post}（应选 {group.seats} 名）",
                        status=group.status,
                        status_label=group.get_status_display(),
                        agenda_item_id=election.agenda_item_id,
                        detail_url=reverse("elections:group_detail", args=[group.pk]),
                        note="候选人确定后才能投票",
                    )
                )
                continue
            is_open = round_.status == Round.Status.OPEN
            electronic = round_.method == Round.Method.ELECTRONIC
            items.append(
                ConsoleItem(
                    key=f"election_round:{round_.pk}",
                    title=f"{group.post} · 第{round_.number}轮（{round_.get_kind_display()}）",
                    status=round_.status,
                    status_label=round_.get_status_display(),
                    agenda_item_id=election.agenda_item_id,
                    detail_url=reverse("elections:round_detail", args=[round_.pk]),
                    open_url=reverse("elections:open_round", args=[round_.pk])
                    if running and round_.status == Round.Status.DRAFT
                    else "",
                    open_label="开始投票",
                    close_url=reverse("elections:close_round", args=[round_.pk])
                    if is_open and electronic
                    else "",
                    close_label="结束投票并计票",
                    voted=round_.n if is_open else None,
                    eligible=len(round_.issued_to) if is_open else None,
                    outcome=outcome_text(round_)
                    if round_.status == Round.Status.CLOSED and round_.result
                    else "",
                    note=(
                        "待计票人在本轮页面上传解密份额后计票"
                        if electronic and round_.status == Round.Status.COUNTING
                        else ""
                        if electronic
                        else "纸质选票：在本轮页面录入和计票"
                    ),
                )
            )
    return items


def has_voted(key: str, deputy) -> bool | None:
    kind, _, pk = key.partition(":")
    if kind != "election_round" or not pk.isdigit():
        return None
    return Participation.objects.filter(round_id=int(pk), deputy=deputy).exists()


def elections_for(congress):
    return (
        Election.objects.filter(congress=congress)
        .select_related("meeting")
        .order_by("-meeting__starts_at", "-pk")
    )


def open_rounds_for_deputy(deputy):
    """Rounds a deputy could vote in now (the deputy's page lists them)."""
    return (
        Round.objects.filter(
            office_group__election__congress_id=deputy.congress_id,
            status=Round.Status.OPEN,
            method=Round.Method.ELECTRONIC,
        )
        .select_related("office_group__election")
        .order_by("opened_at")
    )


def confirmation(verb: str, obj) -> str:
    """The question asked before an irreversible step, with the counts (core/confirm.py)."""
    from elections import workflow
    from meetings.models import Attendance

    if verb == "fix_candidates":
        names = workflow.nominees(obj)
        return (
            f"确定“{obj.post}”的正式候选人（被提名人 {len(names)} 名：{'、'.join(names)}，应选 {obj.seats} 名）？"
            "须进行预选的，按录入的预选得票确定。投票开始后候选人不能再修改。"
        )
    if verb == "announce":
        groups = [(g, workflow.group_outcome(g)) for g in obj.office_groups.all()]
        elected = sum(len(o["elected"]) for _g, o in groups)
        vacant = sum(o["vacant"] for _g, o in groups)
        return (
            f"宣布“{obj.title}”的结果：{len(groups)} 个职位共当选 {elected} 名"
            + (f"，缺额 {vacant} 名" if vacant else "")
            + "。宣布后不能撤销，确定宣布选举结果？"
        )
    group = obj.office_group
    if verb == "open_round":
        present = Attendance.objects.filter(
            meeting_id=group.election.meeting_id, status=Attendance.Status.PRESENT
        ).count()
        return (
            f"开始“{group.post}”第{obj.number}轮投票：候选人 {len(obj.candidate_names)} 名，"
            f"应选 {obj.seats} 名，现有出席代表 {present} 名。开始后候选人和监票人不能再修改，确定开始投票？"
        )
    if verb == "close_round":
        if obj.method == Round.Method.PAPER:
            return f"结束“{group.post}”第{obj.number}轮投票？结束后按录入的发出、收回选票数计票。"
        missing = len(obj.issued_to) - obj.participations.count()
        if missing > 0:
            return f"还有 {missing} 名出席代表未投票，确定结束投票并计票？"
        return f"出席代表 {len(obj.issued_to)} 名已全部投票，确定结束投票并计票？"
    if verb == "count_round":
        return f"确认“{group.post}”第{obj.number}轮的计票结果？计票后不能更改。"
    if verb == "ballot":
        return "投票后不能更改，确定投出这张选票？"
    return f"确定{workflow.ACTION_LABELS[verb]}？"


def elected_with_votes(election: Election) -> list[tuple[str, list[tuple[str, dict]]]]:
    """(post, [(name, {"for", "against", "abstain"}), …]) per office group, in order: who was elected to
    what, with the votes of the round that elected them (the reports' “选举产生…”)."""
    out = []
    for group in election.office_groups.order_by("order", "pk"):
        elected = []
        for round_ in group.rounds.filter(status=Round.Status.CLOSED).order_by("number"):
            result = round_.result or {}
            for name in result.get("elected", []):
                counts = result.get("counts", {}).get(name, {})
                elected.append((name, {k: counts.get(k, 0) for k in ("for", "against", "abstain")}))
        if elected:
            out.append((group.post, elected))
    return out
