"""Who may set up discussion groups, record speeches and edit the 审议意见 drafts.

Staff of the congress do everything; a group's convenor records and edits the speeches of their
own group only (and sees the meeting's page listing that group). Everyone else, and anything of
another congress, gets the same 404.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Role, RoleAssignment
from deliberation.models import DiscussionGroup, Speech
from meetings.models import AgendaItem, Meeting


def is_staff(user, congress_id) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return RoleAssignment.objects.filter(
        user=user, congress_id=congress_id, role=Role.STAFF, is_active=True
    ).exists()


def is_convenor(user, group: DiscussionGroup) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and group.convenor_id is not None
        and group.convenor.user_id == user.pk
    )


def can_manage_groups(user, meeting: Meeting) -> bool:
    """Setting up groups and their members, editing the drafts: staff of the meeting's congress."""
    return is_staff(user, meeting.congress_id)


def can_record_speech(user, group: DiscussionGroup) -> bool:
    return is_staff(user, group.congress_id) or is_convenor(user, group)


def can_summarise(user, group: DiscussionGroup) -> bool:
    return can_record_speech(user, group)


def can_reopen(user, group: DiscussionGroup) -> bool:
    return is_staff(user, group.congress_id)


def _working(request) -> None:
    if request.congress is None or not request.user.is_authenticated:
        raise Http404


def convened_groups(request, meeting: Meeting):
    return DiscussionGroup.objects.filter(meeting=meeting, convenor__user=request.user)


def can_view_meeting(user, meeting: Meeting) -> bool:
    """The meeting's group deliberation page: staff of the congress, or a convenor of one of its groups."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        is_staff(user, meeting.congress_id)
        or DiscussionGroup.objects.filter(meeting=meeting, convenor__user=user).exists()
    )


def get_meeting_for_user(request, pk) -> Meeting:
    _working(request)
    meeting = get_object_or_404(Meeting, pk=pk, congress=request.congress)
    if not can_view_meeting(request.user, meeting):
        raise Http404
    return meeting


def get_group_for_user(request, pk) -> DiscussionGroup:
    _working(request)
    group = get_object_or_404(
        DiscussionGroup.objects.select_related("meeting", "convenor"), pk=pk, congress=request.congress
    )
    if not can_record_speech(request.user, group):
        raise Http404
    return group


def get_speech_for_user(request, pk) -> Speech:
    _working(request)
    speech = get_object_or_404(
        Speech.objects.select_related("group__convenor", "group__meeting", "deputy", "agenda_item"),
        pk=pk,
        congress=request.congress,
    )
    if not can_record_speech(request.user, speech.group):
        raise Http404
    return speech


def get_agenda_item_for_staff(request, pk) -> AgendaItem:
    _working(request)
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting"), pk=pk, meeting__congress=request.congress
    )
    if not can_manage_groups(request.user, item.meeting):
        raise Http404
    return item


def get_annotation_for_remark(request, pk):
    """The signed-in deputy's own annotation on a material of this congress; 404 for anyone else's."""
    from materials.models import Annotation

    _working(request)
    return get_object_or_404(
        Annotation.objects.select_related("version__material__meeting", "version__material__agenda_item"),
        pk=pk,
        user=request.user,
        version__material__congress=request.congress,
    )
