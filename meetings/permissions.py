"""Who may run, watch and take part in meetings.

Staff of the congress run meetings and votes; leaders watch (office roles view); a deputy acts
only for themselves, and only in meetings of their own congress of whose body they are a member.
Every getter filters on request.congress, so another congress's meeting, a missing one and one
the person may not see all give the same 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import OFFICE_ROLES, deputy_of, is_staff_of
from meetings.models import Attendance, Meeting, Vote


def can_view_meetings(request) -> bool:
    return request.congress is not None and request.roles.has(*OFFICE_ROLES)


def can_run_sessions(user, congress_id) -> bool:
    """Recording a session's 主席团: staff of the congress, like running its meetings."""
    return is_staff_of(user, congress_id)


def can_run_meeting(user, meeting: Meeting) -> bool:
    """Opening and closing meetings and votes, signing members in: staff of the meeting's congress.

    Takes the user so that workflow.py checks it again inside the transaction, whoever calls it.
    """
    return is_staff_of(user, meeting.congress_id)


def get_meeting_for_user(request, pk) -> Meeting:
    """A meeting for the congress office (staff run it, leaders watch it)."""
    if not can_view_meetings(request):
        raise Http404
    return get_object_or_404(Meeting, pk=pk, congress=request.congress)


def get_vote_for_user(request, pk) -> Vote:
    if not can_view_meetings(request):
        raise Http404
    return get_object_or_404(
        Vote.objects.select_related("meeting", "agenda_item"), pk=pk, congress=request.congress
    )


def get_attendance_for_member(request, meeting_pk) -> Attendance:
    """The signed-in deputy's own attendance at a meeting of their congress; 404 if not a member."""
    deputy = deputy_of(request.user, request.congress)
    if deputy is None:
        raise Http404
    return get_object_or_404(
        Attendance.objects.select_related("meeting", "deputy"),
        meeting_id=meeting_pk,
        meeting__congress=request.congress,
        deputy=deputy,
    )


def get_meeting_for_screen(request, pk) -> Meeting:
    """The screen state is for the office and for members of the body (their devices read it)."""
    if can_view_meetings(request):
        return get_meeting_for_user(request, pk)
    return get_attendance_for_member(request, pk).meeting
