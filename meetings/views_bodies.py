"""Pages of the township 主席团 and of a working body's deputies' meeting (DOMAIN §11).

Kept apart from meetings/views.py: the session's 主席团 (elected at the session, with its 主席
and 副主席), the decision of a 主席团 meeting to convene the next session, the guests of a
meeting and the minutes (会议纪要) that list the agenda, the members present and the guests apart.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import office_required
from core import confirm, steps
from meetings import permissions, queries, workflow
from meetings.forms import ConveneForm, GuestEditForm, GuestForm, GuestRemoveForm, PresidiumForm
from meetings.models import Attendance, CongressSession, Guest, Meeting, PresidiumRole
from registry import rules as registry_rules


def _session_for_user(request, pk) -> CongressSession:
    if not permissions.can_view_meetings(request):
        raise Http404
    return get_object_or_404(CongressSession, pk=pk, congress=request.congress)


@office_required
def presidium(request, pk):
    """主席团: its members with the 主席 and 副主席; staff record the list the session elected."""
    session = _session_for_user(request, pk)
    can_run = permissions.can_run_sessions(request.user, session.congress_id)
    fixed = workflow.presidium_fixed(session)
    roles_now = list(session.presidium_roles.all())
    initial = {
        "members": list(session.presidium.values_list("pk", flat=True)),
        "chair": next((r.deputy_id for r in roles_now if r.role == PresidiumRole.Role.CHAIR), None),
        "vice_chairs": [r.deputy_id for r in roles_now if r.role == PresidiumRole.Role.VICE_CHAIR],
    }
    form = PresidiumForm(request.POST or None, session=session, initial=initial) if can_run else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                workflow.elect_presidium(
                    session,
                    actor=request.user,
                    members=list(form.cleaned_data["members"]),
                    chair=form.cleaned_data["chair"],
                    vice_chairs=list(form.cleaned_data["vice_chairs"]),
                    request=request,
                )
            except workflow.TransitionRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, "主席团名单已登记。")
                return redirect("meetings:presidium", pk)
        else:
            messages.error(request, steps.first_error(form))
    roles = {r.deputy_id: r.get_role_display() for r in session.presidium_roles.all()}
    order = {PresidiumRole.Role.CHAIR.label: 0, PresidiumRole.Role.VICE_CHAIR.label: 1}
    members = sorted(session.presidium.all(), key=lambda d: (order.get(roles.get(d.pk, ""), 2), d.number))
    return render(
        request,
        "meetings/presidium.html",
        {
            "session": session,
            "members": [(d, roles.get(d.pk, "成员")) for d in members],
            "meetings": session.meetings.filter(kind=Meeting.Kind.PRESIDIUM_MEETING).order_by("starts_at"),
            "convened": CongressSession.objects.filter(convened_by__session=session).first(),
            "form": None if fixed else form,
            "fixed": fixed,
            "township": session.congress.kind == registry_rules.TOWNSHIP_CONGRESS,
        },
    )


@require_POST
@office_required
def convene_session(request, pk):
    """召集下一次会议, decided by this 主席团 meeting (asks first: a session is created)."""
    meeting = permissions.get_meeting_for_user(request, pk)
    if not permissions.can_run_meeting(request.user, meeting):
        raise PermissionDenied
    back = reverse("meetings:meeting_detail", args=[pk])
    form = ConveneForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
        return redirect(back)
    question = (
        f"根据主席团表决结果，召集下一次人民代表大会会议（{form.cleaned_data['starts_on']:%Y-%m-%d}开幕）？"
    )
    if page := confirm.unconfirmed(request, question, back=back):
        return page
    try:
        session = workflow.convene_next_session(
            meeting,
            actor=request.user,
            vote=form.cleaned_data["vote"],
            starts_on=form.cleaned_data["starts_on"],
            agenda=form.agenda_lines(),
            request=request,
        )
    except workflow.TransitionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已决定召集{session}，第一次全体会议及其议程已经建立。")
    return redirect(back)


@require_POST
@office_required
def add_guest(request, pk):
    meeting = permissions.get_meeting_for_user(request, pk)
    form = GuestForm(request.POST)
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
    else:
        try:
            workflow.add_guest(meeting, actor=request.user, request=request, **form.cleaned_data)
        except workflow.TransitionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "嘉宾已登记（不计入应到人数和出席人数）。")
    return redirect("meetings:meeting_detail", pk)


@require_POST
@office_required
def edit_guest(request, pk, guest_pk):
    """Correct a guest's name or unit before the meeting opens (with a reason, audited)."""
    meeting = permissions.get_meeting_for_user(request, pk)
    guest = get_object_or_404(Guest, pk=guest_pk, meeting=meeting)
    return steps.run_step(
        request,
        lambda data: workflow.edit_guest(
            guest,
            actor=request.user,
            name=data["name"],
            unit=data["unit"],
            reason=data["reason"],
            request=request,
        ),
        success="嘉宾信息已修改。",
        back=reverse("meetings:meeting_detail", args=[pk]),
        form=GuestEditForm(request.POST),
    )


@require_POST
@office_required
def remove_guest(request, pk, guest_pk):
    """Take a guest off the list before the meeting opens: asks first, with a reason (audited)."""
    meeting = permissions.get_meeting_for_user(request, pk)
    guest = get_object_or_404(Guest, pk=guest_pk, meeting=meeting)
    if not permissions.can_run_meeting(request.user, meeting):
        raise PermissionDenied("您没有权限进行此操作。")
    back = reverse("meetings:meeting_detail", args=[pk])
    return steps.run_step(
        request,
        lambda data: workflow.remove_guest(guest, actor=request.user, reason=data["reason"], request=request),
        success=f"已将{guest.name}从嘉宾名单中删除。",
        back=back,
        form=GuestRemoveForm(request.POST),
        ask=lambda: confirm.unconfirmed(
            request,
            f"将{guest.name}（{guest.unit}）从嘉宾名单中删除？",
            back=back,
            reason=True,
            reason_label="删除原因",
        ),
    )


@require_GET
@office_required
def minutes(request, pk):
    """会议纪要: the agenda (reports distributed in writing marked), the members by attendance,
    the guests apart (never counted), the votes and the groups' speeches."""
    meeting = permissions.get_meeting_for_user(request, pk)
    attendances = meeting.attendances.select_related("deputy__congress").order_by(
        "deputy__congress__level", "deputy__number"
    )
    by_status = {value: [] for value in Attendance.Status.values}
    for row in attendances:
        by_status[row.status].append(row)
    groups = meeting.discussion_groups.annotate(speeches_count=Count("speeches")).select_related("convenor")
    return render(
        request,
        "meetings/minutes.html",
        {
            "meeting": meeting,
            "agenda": meeting.agenda_items.order_by("order"),
            "state": queries.screen_state(meeting),
            "present": by_status[Attendance.Status.PRESENT],
            "on_leave": by_status[Attendance.Status.ON_LEAVE],
            "absent": by_status[Attendance.Status.ABSENT],
            "guests": meeting.guests.all(),
            "votes": meeting.votes.filter(status="closed"),
            "groups": groups,
            "votes_held": registry_rules.meeting_votes(meeting.kind),
            "convened": meeting.convened_sessions.first(),
        },
    )
