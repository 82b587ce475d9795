"""Who may see and change performance records.

A deputy's record (its counts with the meetings behind them, leave reasons, the office's notes,
the score and the annual report) is private to the deputy, the office staff and the leaders.
Anyone else, including another deputy, gets 404 for it, as for a record that does not exist.
What the public may know is the public profile (public_views), never this record.
"""

from __future__ import annotations

from django.http import Http404

from accounts.models import Role
from accounts.permissions import deputy_of
from performance.models import PerformanceEntry
from registry.models import Deputy


def sees_all(request) -> bool:
    return request.congress is not None and request.roles.has(Role.STAFF, Role.LEADER)


def can_edit_scoring(request) -> bool:
    return request.congress is not None and request.roles.has(Role.STAFF)


def can_record_entry(request) -> bool:
    return request.congress is not None and request.roles.has(Role.STAFF)


can_delete_entry = can_record_entry
can_publish = can_edit_scoring


def can_view_record(request, deputy: Deputy) -> bool:
    if request.congress is None or deputy.congress_id != request.congress.pk:
        return False
    if sees_all(request):
        return True
    own = deputy_of(request.user, request.congress)
    return own is not None and own.pk == deputy.pk


def get_deputy_for_user(request, pk) -> Deputy:
    """The deputy whose private record the user may see; 404 when missing and when hidden."""
    deputy = (
        Deputy.objects.select_related("delegation", "station", "constituency", "term")
        .filter(pk=pk, congress=request.congress)
        .first()
        if request.congress is not None
        else None
    )
    if deputy is None or not can_view_record(request, deputy):
        raise Http404("没有找到这位代表的履职档案。")
    return deputy


def get_entry_for_user(request, pk) -> PerformanceEntry:
    entry = (
        PerformanceEntry.objects.select_related("deputy").filter(pk=pk, congress=request.congress).first()
        if request.congress is not None
        else None
    )
    if entry is None or not can_view_record(request, entry.deputy):
        raise Http404("没有找到这条履职记录。")
    return entry
