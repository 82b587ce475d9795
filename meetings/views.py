"""Thin views: parse, check, call workflow, render."""

from __future__ import annotations

import json

from django import db
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role, User
from accounts.permissions import deputy_of, office_required, role_required, staff_required
from core import confirm, downloads, steps
from core.ballot_box import box as ballot_box
from core.ballot_box import crypto
from core.ballot_box import responses as tellers
from core.redirects import next_or
from meetings import device_api, live, permissions, qr, queries, workflow
from meetings.forms import (
    AgendaItemForm,
    CastForm,
    LeaveForm,
    MeetingEditForm,
    MeetingForm,
    PaperCountsForm,
    ReasonForm,
    ScanForm,
    VoteForm,
    VotesFromAgendaForm,
)
from meetings.models import Attendance, Meeting, Participation, Vote
from meetings.screen import console_items, has_voted, items_for, text_voted
from registry import rules as registry_rules
from registry.bodies import picked_deputy
from registry.models import Deputy

deputy_required = role_required(Role.DEPUTY)
member_or_office_required = role_required(Role.STAFF, Role.LEADER, Role.DEPUTY)


# --------------------------------------------------------------------------- meetings


@require_GET
@office_required
def absences(request):
    """Deputies absent without approval from two sessions (代表法), for staff to verify."""
    return render(
        request, "meetings/absences.html", {"rows": queries.absences_without_leave(request.congress)}
    )


@require_GET
@member_or_office_required
def meeting_list(request):
    if permissions.can_view_meetings(request):
        meetings = Meeting.objects.filter(congress=request.congress).select_related("session")
    else:
        deputy = deputy_of(request.user, request.congress)
        meetings = (
            Meeting.objects.filter(congress=request.congress, attendances__deputy=deputy) if deputy else []
        )
    can_create = request.roles.has(Role.STAFF)
    return render(request, "meetings/meeting_list.html", {"meetings": meetings, "can_create": can_create})


@staff_required
def meeting_create(request):
    form = MeetingForm(request.POST or None, congress=request.congress)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.congress = request.congress
        workflow.create_meeting(meeting, actor=request.user, request=request)
        messages.success(request, "会议已创建。")
        return redirect("meetings:meeting_detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


@require_GET
@office_required
def meeting_detail(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "actions": workflow.allowed_meeting_actions(meeting, request.user),
            "agenda": meeting.agenda_items.all(),
            "votes": meeting.votes.select_related("agenda_item"),
            "state": queries.screen_state(meeting),
            "agenda_form": AgendaItemForm(
                initial={"order": meeting.agenda_items.count() + 1}, auto_id="agenda_%s"
            ),
            "vote_form": VoteForm(meeting=meeting, auto_id="vote_%s"),
            "can_run": permissions.can_run_meeting(request.user, meeting),
            "votes_held": registry_rules.meeting_votes(meeting.kind),
            "teller_key": ballot_box.key_for(workflow.key_owner(meeting.pk)),
            "questions": {
                verb: queries.confirmation(verb, meeting) for verb in ("open_meeting", "close_meeting")
            },
        },
    )


@require_POST
@office_required
def register_teller_key(request, pk):
    """登记计票人密钥: upload public.json from the tellers' offline key ceremony (renda ballot_keys)."""
    meeting = permissions.get_meeting_for_user(request, pk)
    document = ballot_box.uploaded_document(request)
    return _run(
        request,
        lambda: workflow.register_teller_key(meeting, actor=request.user, document=document, request=request),
        "计票人密钥已登记。本次会议的无记名电子表决将用该密钥加密。",
        reverse("meetings:meeting_detail", args=[pk]),
    )


def _asked(request, verb, obj, back):
    """The confirmation page when the POST does not carry the confirmation (core/confirm.py);
    someone who may not take the step is refused first, not asked."""
    meeting = obj if isinstance(obj, Meeting) else obj.meeting
    if not permissions.can_run_meeting(request.user, meeting):
        raise PermissionDenied("您没有权限进行此操作。")
    return confirm.unconfirmed(request, queries.confirmation(verb, obj), back=back)


@office_required
def meeting_edit(request, pk):
    """Correct the title, time and place before the meeting opens (with a reason, audited)."""
    meeting = permissions.get_meeting_for_user(request, pk)
    if "edit_meeting" not in workflow.allowed_meeting_actions(meeting, request.user):
        messages.error(request, "会议已经开始，名称、时间和地点不能再修改。")
        return redirect("meetings:meeting_detail", pk)
    form = MeetingEditForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.edit_meeting(
                meeting,
                actor=request.user,
                request=request,
                title=form.cleaned_data["title"],
                starts_at=form.cleaned_data["starts_at"],
                location=form.cleaned_data["location"],
                reason=form.cleaned_data["reason"],
            )
        except workflow.TransitionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "会议信息已修改。")
            return redirect("meetings:meeting_detail", pk)
    return render(request, "meetings/meeting_edit.html", {"meeting": meeting, "form": form})


@require_POST
@office_required
def delete_agenda_item(request, pk, item_pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    item = get_object_or_404(meeting.agenda_items, pk=item_pk)
    return steps.run_step(
        request,
        lambda data: workflow.delete_agenda_item(
            item, actor=request.user, reason=data["reason"], request=request
        ),
        success=f"议题“{item.title}”已删除。",
        back=reverse("meetings:meeting_detail", args=[pk]),
        form=ReasonForm(request.POST),
    )


@require_POST
@office_required
def delete_vote(request, pk):
    vote = permissions.get_vote_for_user(request, pk)
    return steps.run_step(
        request,
        lambda data: workflow.delete_vote(vote, actor=request.user, reason=data["reason"], request=request),
        success=f"表决事项“{vote.title}”已删除。",
        back=reverse("meetings:vote_detail", args=[pk]),
        form=ReasonForm(request.POST),
        done=lambda _meeting: reverse("meetings:meeting_detail", args=[vote.meeting_id]),
    )


def _run(request, action, success: str, redirect_to):
    """Call a workflow function (core.steps.run_step, no form); a refusal becomes a Chinese message."""
    return steps.run_step(request, lambda _data: action(), success=success, back=redirect_to)


@require_POST
@office_required
def open_meeting(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    if page := _asked(request, "open_meeting", meeting, reverse("meetings:meeting_detail", args=[pk])):
        return page
    return _run(
        request,
        lambda: workflow.open_meeting(meeting, actor=request.user, request=request),
        "已宣布开会，应到人数已按实有数确定。",
        reverse("meetings:meeting_detail", args=[pk]),
    )


@require_POST
@office_required
def close_meeting(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    if page := _asked(request, "close_meeting", meeting, reverse("meetings:meeting_detail", args=[pk])):
        return page
    return _run(
        request,
        lambda: workflow.close_meeting(meeting, actor=request.user, request=request),
        "已宣布散会。",
        reverse("meetings:meeting_detail", args=[pk]),
    )


@require_POST
@office_required
def agenda_item_create(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    form = AgendaItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
    else:
        try:
            workflow.add_agenda_item(meeting, actor=request.user, request=request, **form.cleaned_data)
        except workflow.TransitionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "议题已加入议程。")
    return redirect("meetings:meeting_detail", pk)


# --------------------------------------------------------------------------- the chair's console


@require_GET
@office_required
def console(request, pk):
    """会中控制台: the agenda in order, the item under deliberation with its material, each vote
    and round under its item (open → show → close → show the result), and the screen's choice."""
    meeting = permissions.get_meeting_for_user(request, pk)
    items = console_items(meeting)
    rows = queries.agenda_rows(meeting)
    for row in rows:
        row["items"] = [i for i in items if i.agenda_item_id == row["item"].pk]
    listed = {row["item"].pk for row in rows}
    current = next((row for row in rows if row["current"]), None)
    after = [row["item"] for row in rows if current is None or row["item"].order > current["item"].order]
    shown = items_for(meeting, meeting.screen_target) if meeting.screen_target else []
    return render(
        request,
        "meetings/console.html",
        {
            "meeting": meeting,
            "state": queries.screen_state(meeting),
            "rows": rows,
            "current": current,
            "next_item": after[0] if after else None,
            "unlisted": [i for i in items if i.agenda_item_id not in listed],
            "shown_title": shown[0].title if shown else "",
            "displays": [
                (value, label)
                for value, label in Meeting.ScreenDisplay.choices
                if value != Meeting.ScreenDisplay.ITEM
            ],
            "can_run": permissions.can_run_meeting(request.user, meeting)
            and meeting.status != Meeting.Status.CLOSED,
            "votes_form": VotesFromAgendaForm(meeting=meeting, auto_id="votes_%s"),
        },
    )


@require_POST
@office_required
def take_up_agenda_item(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    item_pk = request.POST.get("item", "")
    item = meeting.agenda_items.filter(pk=int(item_pk)).first() if item_pk.isdigit() else None
    if item is None:
        messages.error(request, "请选择本次会议议程中的议题。")
        return redirect("meetings:console", pk)
    return _run(
        request,
        lambda: workflow.take_up_agenda_item(meeting, actor=request.user, item=item, request=request),
        f"已转入第 {item.order} 项议题：{item.title}。",
        reverse("meetings:console", args=[pk]),
    )


@require_POST
@office_required
def show_on_screen(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    display = request.POST.get("display", "")
    label = dict(Meeting.ScreenDisplay.choices).get(display, "")
    return _run(
        request,
        lambda: workflow.show_on_screen(
            meeting,
            actor=request.user,
            display=display,
            target=request.POST.get("target", "")[:40],
            request=request,
        ),
        f"大屏已切换为：{label}。",
        reverse("meetings:console", args=[pk]),
    )


@require_POST
@office_required
def create_votes(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    form = VotesFromAgendaForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
        return redirect("meetings:console", pk)
    return _run(
        request,
        lambda: workflow.create_votes(
            meeting,
            actor=request.user,
            agenda_items=list(form.cleaned_data["agenda_items"]),
            secret=form.cleaned_data["secret"],
            method=form.cleaned_data["method"],
            request=request,
        ),
        f"已按议程创建 {len(form.cleaned_data['agenda_items'])} 项表决。",
        reverse("meetings:console", args=[pk]),
    )


# --------------------------------------------------------------------------- attendance

ATTENDANCE_PAGE_SIZE = 50


@office_required
def attendance(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    q = request.GET.get("q", "").strip()[:50]
    rows = meeting.attendances.select_related("deputy").order_by("deputy__number")
    if q:
        # The congress's deputies who match first, then their rows by (meeting, deputy): one scan
        # of the roster. Matching across the join let PostgreSQL compare every row with every
        # deputy when its statistics were stale (a roster imported just before the sitting).
        matching = Deputy.objects.filter(congress=meeting.congress_id).filter(
            Q(name__icontains=q) | Q(number__icontains=q)
        )
        rows = rows.filter(deputy_id__in=list(matching.values_list("pk", flat=True)))
    status = request.GET.get("status", "")
    if status in Attendance.Status.values:
        rows = rows.filter(status=status)
    # A national congress has thousands of members: one page of them at a time (docs/performance.md).
    page = Paginator(rows, ATTENDANCE_PAGE_SIZE).get_page(request.GET.get("page"))
    # Per row the page needs three action URLs and the search kept in each form: made once here,
    # not by the template for every row (docs/performance.md, "Attendance page").
    urls = {
        name: _row_url(name, meeting.pk) for name in ("sign_in", "mark_on_leave", "mark_attending_nonvoting")
    }
    rows = list(page.object_list)
    for row in rows:
        row.urls = {name: url.format(row.pk) for name, url in urls.items()}
    context = {
        "meeting": meeting,
        "rows": rows,
        "page": page,
        "q": q,
        "status": status,
        "kept": format_html(
            '<input type="hidden" name="q" value="{}"><input type="hidden" name="status" value="{}">'
            '<input type="hidden" name="page" value="{}">',
            q,
            status,
            page.number,
        ),
        "statuses": Attendance.Status.choices,
        "state": queries.attendance_state(meeting),
        "scan_form": ScanForm(),
        "can_run": permissions.can_run_meeting(request.user, meeting)
        and meeting.status == Meeting.Status.OPEN,
    }
    template = "meetings/attendance.html#rows" if request.htmx else "meetings/attendance.html"
    return render(request, template, context)


def _row_url(name: str, meeting_pk: int) -> str:
    """The URL of a row's action with "{}" for the attendance row's id."""
    return reverse(f"meetings:{name}", args=[meeting_pk, 0]).replace("/0/", "/{}/")


def _attendance_of(request, pk, attendance_pk) -> Attendance:
    meeting = permissions.get_meeting_for_user(request, pk)
    return get_object_or_404(
        Attendance.objects.select_related("deputy", "meeting"), pk=attendance_pk, meeting=meeting
    )


def _back_to_attendance(request, pk):
    """Back to the same search, filter and page the action was taken on."""
    url = reverse("meetings:attendance", args=[pk])
    kept = {k: request.POST.get(k, "").strip()[:50] for k in ("q", "status", "page")}
    query = urlencode({k: v for k, v in kept.items() if v})
    return url + (f"?{query}" if query else "")


@require_POST
@office_required
def sign_in(request, pk, attendance_pk):
    row = _attendance_of(request, pk, attendance_pk)
    return _run(
        request,
        lambda: workflow.sign_in(row, actor=request.user, method=Attendance.Method.DESK, request=request),
        f"{row.deputy.name}已签到。",
        _back_to_attendance(request, pk),
    )


@require_POST
@office_required
def sign_in_qr(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    form = ScanForm(request.POST)
    deputy_id = qr.deputy_id_from(form.data.get("token", "")) if form.is_valid() else None
    row = (
        meeting.attendances.select_related("deputy").filter(deputy_id=deputy_id).first()
        if deputy_id
        else None
    )
    if row is None:
        messages.error(request, "二维码无效，或该代表不是本次会议的组成人员。")
        return redirect("meetings:attendance", pk)
    return _run(
        request,
        lambda: workflow.sign_in(row, actor=request.user, method=Attendance.Method.QR, request=request),
        f"{row.deputy.name}已签到。",
        reverse("meetings:attendance", args=[pk]),
    )


@require_POST
@office_required
def mark_on_leave(request, pk, attendance_pk):
    row = _attendance_of(request, pk, attendance_pk)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写请假事由（不超过200字）。")
        return redirect(_back_to_attendance(request, pk))
    return _run(
        request,
        lambda: workflow.mark_on_leave(
            row, actor=request.user, reason=form.cleaned_data["reason"], request=request
        ),
        f"{row.deputy.name}已登记请假。",
        _back_to_attendance(request, pk),
    )


@require_POST
@office_required
def mark_attending_nonvoting(request, pk, attendance_pk):
    row = _attendance_of(request, pk, attendance_pk)
    return _run(
        request,
        lambda: workflow.mark_attending_nonvoting(row, actor=request.user, request=request),
        f"{row.deputy.name}已登记列席。",
        _back_to_attendance(request, pk),
    )


# --------------------------------------------------------------------------- votes


@require_POST
@office_required
def vote_create(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    form = VoteForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
        return redirect("meetings:meeting_detail", pk)
    try:
        vote = workflow.create_vote(meeting, actor=request.user, request=request, **form.cleaned_data)
    except workflow.TransitionRefused as error:
        messages.error(request, str(error))
        return redirect("meetings:meeting_detail", pk)
    messages.success(request, "表决事项已创建。")
    return redirect("meetings:vote_detail", vote.pk)


@require_GET
@office_required
def teller_document(request, pk):
    """The closed box's homomorphic sum, for the tellers' offline `renda decryption_share`."""
    vote = permissions.get_vote_for_user(request, pk)
    return tellers.teller_document(
        request,
        vote,
        file_name=f"vote-{vote.pk}-box.json",
        what=f"表决票箱密文合计（{vote}）",
        not_ready="表决不在待解密状态。",
    )


@require_POST
@office_required
def submit_decryption_share(request, pk):
    vote = permissions.get_vote_for_user(request, pk)
    return tellers.submit_decryption_share(
        request,
        lambda document: workflow.submit_decryption_share(
            vote, actor=request.user, document=document, request=request
        ),
        redirect_to=reverse("meetings:vote_detail", args=[pk]),
    )


@require_GET
@office_required
def ballot_box_export(request, pk):
    """The published encrypted ballots (fingerprints, proofs), participants, shares and totals."""
    vote = permissions.get_vote_for_user(request, pk)
    return tellers.ballot_box_export(
        request,
        vote,
        lambda: queries.ballot_box_export(vote),
        file_name=f"vote-{vote.pk}-ballot-box.json",
        what=f"表决票箱（{vote}，含参加表决的代表名单）",
        not_ready="表决尚未解密计票，不能导出票箱。",
    )


@require_GET
@office_required
def vote_detail(request, pk):
    vote = permissions.get_vote_for_user(request, pk)
    roll_call = None
    if not vote.secret and vote.status == Vote.Status.CLOSED:
        roll_call = vote.participations.select_related("deputy").order_by("deputy__number")
    return render(
        request,
        "meetings/vote_detail.html",
        {
            "vote": vote,
            "meeting": vote.meeting,
            "actions": workflow.allowed_vote_actions(vote, request.user),
            "voted": vote.participations.count(),
            "roll_call": roll_call,
            "text_voted": text_voted(vote.agenda_item, vote.opened_at),
            "paper_form": PaperCountsForm(vote=vote),
            "paper_candidates": (
                Deputy.objects.filter(
                    attendances__meeting_id=vote.meeting_id,
                    attendances__status=Attendance.Status.PRESENT,
                    attendances__signed_in_at__lte=vote.opened_at,
                )
                .exclude(pk__in=vote.participations.values("deputy"))
                .order_by("number")
                if vote.status == Vote.Status.OPEN and vote.secret and vote.method == Vote.Method.ELECTRONIC
                else []
            ),
            "questions": {
                verb: queries.confirmation(verb, vote)
                for verb in ("open_vote", "close_vote", "enter_paper_counts")
            },
        },
    )


@require_POST
@office_required
def open_vote(request, pk):
    vote = permissions.get_vote_for_user(request, pk)
    if page := _asked(
        request, "open_vote", vote, next_or(request, reverse("meetings:vote_detail", args=[pk]))
    ):
        return page
    return _run(
        request,
        lambda: workflow.open_vote(vote, actor=request.user, request=request),
        "表决已开始。",
        next_or(request, reverse("meetings:vote_detail", args=[pk])),
    )


@require_POST
@office_required
def close_vote(request, pk):
    vote = permissions.get_vote_for_user(request, pk)
    if page := _asked(
        request, "close_vote", vote, next_or(request, reverse("meetings:vote_detail", args=[pk]))
    ):
        return page
    return _run(
        request,
        lambda: workflow.close_vote(vote, actor=request.user, request=request),
        "表决已结束，结果已计算。",
        next_or(request, reverse("meetings:vote_detail", args=[pk])),
    )


@require_POST
@office_required
def issue_paper_ballot(request, pk):
    """发给纸质表决票: a member present at the opening takes paper instead of the device."""
    vote = permissions.get_vote_for_user(request, pk)
    deputy = picked_deputy(vote.congress_id, request.POST.get("deputy"))
    if deputy is None:
        messages.error(request, "请选择领取纸质表决票的人员。")
        return redirect("meetings:vote_detail", pk)
    return _run(
        request,
        lambda: workflow.issue_paper_ballot(vote, actor=request.user, deputy=deputy, request=request),
        f"已发给 {deputy.name} 纸质表决票；不能再在终端上表决。",
        reverse("meetings:vote_detail", args=[pk]),
    )


@require_POST
@office_required
def enter_paper_counts(request, pk):
    vote = permissions.get_vote_for_user(request, pk)
    form = PaperCountsForm(request.POST, vote=vote)
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
        return redirect("meetings:vote_detail", pk)
    if page := _asked(request, "enter_paper_counts", vote, reverse("meetings:vote_detail", args=[pk])):
        return page
    return _run(
        request,
        lambda: workflow.enter_paper_counts(vote, actor=request.user, request=request, **form.cleaned_data),
        "计票结果已录入。",
        reverse("meetings:vote_detail", args=[pk]),
    )


@require_GET
@office_required
def vote_export(request, pk):
    """The anonymised result for `renda tally` (an independent recount)."""
    vote = permissions.get_vote_for_user(request, pk)
    if vote.status != Vote.Status.CLOSED:
        return JsonResponse(
            {"error": "表决尚未结束，不能导出。"}, status=409, json_dumps_params={"ensure_ascii": False}
        )
    body = json.dumps(queries.vote_export(vote), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return downloads.export(
        request, body.encode(), f"vote-{vote.pk}.json", what=f"表决结果（{vote}）", rows=1
    )


# --------------------------------------------------------------------------- the deputy's device


@require_GET
@deputy_required
def device(request, pk):
    row = permissions.get_attendance_for_member(request, pk)
    return _render_device(request, row)


def _render_device(request, row: Attendance, status: int = 200, error: str = ""):
    meeting = row.meeting
    vote = meeting.votes.filter(status=Vote.Status.OPEN).first()
    participation = Participation.objects.filter(vote=vote, deputy=row.deputy).first() if vote else None
    last = None
    if vote is None:
        last = meeting.votes.filter(status=Vote.Status.CLOSED).order_by("-closed_at", "-pk").first()
    may_vote = (
        vote is not None
        and vote.method == Vote.Method.ELECTRONIC
        and participation is None
        and row.status == Attendance.Status.PRESENT
        and row.signed_in_at is not None
        and row.signed_in_at <= vote.opened_at
    )
    shown = vote or last
    state = queries.cached_screen_state(meeting.pk) or {}
    # Everything else the deputy votes on now (election rounds, project ballots, evaluations),
    # each with whether they have voted; the vote on a motion is drawn above as before.
    ballots = [
        (item, has_voted(item["key"], row.deputy))
        for item in state.get("items", [])
        if item["status"] == "open" and item["kind"] != "vote"
    ]
    return render(
        request,
        "meetings/device.html",
        {
            "meeting": meeting,
            "row": row,
            "vote": vote,
            "participation": participation,
            "last": last,
            "may_vote": may_vote,
            "error": error,
            "choices": Vote.Choice.choices,
            "ballots": ballots,
            "text_voted": text_voted(shown.agenda_item, shown.opened_at) if shown else None,
            "item_key": state.get("items_key", ""),
            "ballot_token": device_api.issue_ballot_token(request.user.pk, meeting.pk) if may_vote else "",
            "seal_params": _seal_params(vote) if may_vote and vote.secret else None,
        },
        status=status,
    )


def _seal_params(vote: Vote) -> dict | None:
    """What the device's script needs to encrypt the ballot (core/static/core/ballot_box.js)."""
    if vote.ballot_box is None:
        return None
    return {**ballot_box.device_parameters(vote.ballot_box), "choices": Vote.Choice.values}


@require_POST
@deputy_required
def device_sign_in(request, pk):
    row = permissions.get_attendance_for_member(request, pk)
    return _run(
        request,
        lambda: workflow.sign_in(row, actor=request.user, method=Attendance.Method.DEVICE, request=request),
        "签到成功。",
        reverse("meetings:device", args=[pk]),
    )


@require_POST
@deputy_required
def cast(request, pk):
    vote = get_object_or_404(Vote.objects.select_related("meeting"), pk=pk, congress=request.congress)
    row = permissions.get_attendance_for_member(request, vote.meeting_id)
    form = CastForm(request.POST)
    if not form.is_valid():
        return _render_device(request, row, status=400, error=steps.first_error(form))
    try:
        fingerprint = workflow.cast(
            vote, actor=request.user, choice=form.cleaned_data["choice"], request=request
        )
    except workflow.TransitionRefused as error:
        # 409: the vote's state (already voted, closed) conflicts with the request.
        return _render_device(request, row, status=409, error=str(error))
    except PermissionDenied as error:
        return _render_device(request, row, status=403, error=str(error))
    if fingerprint:
        messages.success(
            request, f"投票成功。选票回执：{crypto.receipt(fingerprint)}（可在公布的选票指纹中核对）。"
        )
    else:
        messages.success(request, "投票成功。")
    return redirect("meetings:device", vote.meeting_id)


@csrf_exempt  # authenticated by the X-Ballot-Token header, which another site cannot send
@require_POST
def api_cast(request, pk):
    """The device's ballot as JSON, with the ballot token of the device page (meetings.device_api).

    On PostgreSQL behind config.wsgi a stored ballot never reaches this view; it answers the rest:
    200 {"message"}; 401/403/409 {"error"} in Chinese.
    """
    holder = device_api.read_ballot_token(request.headers.get(device_api.HEADER, ""))
    user = User.objects.filter(pk=holder.user_id, is_active=True).first() if holder else None
    if user is None:
        return JsonResponse({"error": "表决凭证无效或已过期，请刷新表决页面后再投票。"}, status=401)
    try:
        sealed = device_api.sealed_of(request)
        fingerprint = workflow.cast_by_token_holder(
            pk,
            user=user,
            meeting_id=holder.meeting_id,
            choice="" if sealed is not None else device_api.choice_of(request),
            sealed=sealed,
            request=request,
        )
    except workflow.TransitionRefused as error:
        return JsonResponse({"error": str(error)}, status=409)
    except PermissionDenied as error:
        return JsonResponse({"error": str(error) or "您不能参加本项表决。"}, status=403)
    return JsonResponse(device_api.receipt_payload(fingerprint))


@require_GET
@deputy_required
def my_qr(request):
    deputy = deputy_of(request.user, request.congress)
    if deputy is None:
        raise Http404
    return render(request, "meetings/my_qr.html", {"deputy": deputy})


@require_GET
@deputy_required
def my_qr_png(request):
    deputy = deputy_of(request.user, request.congress)
    if deputy is None:
        raise Http404
    response = HttpResponse(qr.png(qr.token_for(deputy)), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------- the big screen


@require_GET
@office_required
def screen(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    state = queries.screen_state(meeting)
    agenda = queries.agenda_rows(meeting) if state["display"]["mode"] == Meeting.ScreenDisplay.AGENDA else []
    return render(request, "meetings/screen.html", {"meeting": meeting, "state": state, "agenda": agenda})


@require_GET
@member_or_office_required
def screen_state(request, pk):
    meeting = permissions.get_meeting_for_screen(request, pk)
    response = JsonResponse(
        queries.cached_screen_state(meeting.pk), json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "no-store"
    return response


def _sync_stream(meeting_id: int):
    db.connections.close_all()
    yield from live.sync_events(meeting_id, live.WSGI_STREAM_SECONDS)


@require_GET
@member_or_office_required
def screen_events(request, pk):
    meeting = permissions.get_meeting_for_screen(request, pk)
    if live.can_hand_off(request):
        # The live server (config/asgi.py): Django ends here and its thread goes; the wrapper
        # sends the stream from the event loop (meetings/live.py).
        response = live.handoff_response(meeting.pk)
    else:
        response = StreamingHttpResponse(
            _sync_stream(meeting.pk), content_type="text/event-stream; charset=utf-8"
        )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response
