"""Who may see and change registry records.

Every getter filters on request.congress, so a record of another congress, a missing record
and a record the person may not see all give the same 404.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import Role
from accounts.permissions import OFFICE_ROLES, has_role, is_staff_of
from registry import rules
from registry.models import Deputy, Station, Unit


def can_view_registry(request) -> bool:
    """Lists and detail pages of the whole registry: the congress office (staff and leaders)."""
    return request.congress is not None and request.roles.has(*OFFICE_ROLES)


def can_edit_registry(request) -> bool:
    """Creating and editing registry records: staff only."""
    return request.congress is not None and request.roles.has(Role.STAFF)


def can_change_status(user, deputy: Deputy) -> bool:
    """Suspending, reinstating and terminating a deputy: staff of that deputy's congress.

    Takes the user rather than the request so that workflow.py checks it again inside the
    transaction, whoever calls it.
    """
    return is_staff_of(user, deputy.congress_id)


def get_object_for_user(request, model: type[models.Model], pk):
    """A registry record of the congress the user works in, for office roles."""
    if not can_view_registry(request):
        raise Http404
    return get_object_or_404(model, pk=pk, congress=request.congress)


def get_deputy_for_user(request, pk) -> Deputy:
    if not can_view_registry(request):
        raise Http404
    return get_object_or_404(
        Deputy.objects.select_related("term", "delegation", "constituency", "station", "user"),
        pk=pk,
        congress=request.congress,
    )


def can_view_unit(request, unit: Unit) -> bool:
    return can_view_registry(request) or unit.pk in request.roles.unit_ids


def get_unit_for_user(request, pk) -> Unit:
    """The office sees every unit; a unit handler sees only their own unit."""
    if request.congress is None:
        raise Http404
    unit = get_object_or_404(Unit, pk=pk, congress=request.congress)
    if not can_view_unit(request, unit):
        raise Http404
    return unit


def can_view_station(request, station: Station) -> bool:
    return can_view_registry(request) or station.pk in request.roles.station_ids


def get_station_for_user(request, pk) -> Station:
    """The office sees every station; station staff see only their own station."""
    if request.congress is None:
        raise Http404
    station = get_object_or_404(
        Station.objects.select_related("subdistrict", "community"), pk=pk, congress=request.congress
    )
    if not can_view_station(request, station):
        raise Http404
    return station


def get_own_deputy(request) -> Deputy:
    """The signed-in person's own deputy record in the congress they work in."""
    if request.congress is None or not request.user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Deputy.objects.select_related("term", "delegation", "constituency", "station"),
        congress=request.congress,
        user=request.user,
    )


# --- The tree of bodies (DOMAIN §11) ----------------------------------------------------------------


def can_view_tree(request) -> bool:
    """The page of the tree: the office of a body, and its system administrator (who sets the tree up
    and, 三员分立, sees no count of business records on it)."""
    return request.congress is not None and request.roles.has(*OFFICE_ROLES, Role.SYSTEM_ADMIN)


def can_manage_body(user, body_id: int | None) -> bool:
    """Adding, renaming and placing a body: the system administrator of that body or of a body above
    it (the deployment's superuser as well). Takes the user, so workflow.py checks it again."""
    from registry import bodies

    if body_id is None:
        return bool(getattr(user, "is_superuser", False))
    if getattr(user, "is_superuser", False):
        return True
    line = [body_id, *rules.ancestors_in(bodies.parent_map(), body_id)]
    return any(has_role(user, pk, Role.SYSTEM_ADMIN) for pk in line)
