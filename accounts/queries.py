"""Lists of the office's user-management pages."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from accounts.models import RoleAssignment, User


def users_of(congress, query: str = "", role: str = ""):
    """Users holding (or having held) a role in ``congress``, or linked to one of its deputies."""
    qs = User.objects.filter(Q(role_assignments__congress=congress) | Q(deputy__congress=congress))
    if role:
        qs = qs.filter(
            role_assignments__congress=congress, role_assignments__role=role, role_assignments__is_active=True
        )
    if query:
        qs = qs.filter(
            Q(full_name__icontains=query) | Q(username__icontains=query) | Q(mobile__icontains=query)
        )
    ids = qs.values("pk")
    here = (
        RoleAssignment.objects.filter(congress=congress)
        .select_related("unit", "station")
        .order_by("-is_active", "role")
    )
    return (
        User.objects.filter(pk__in=ids)
        .prefetch_related(Prefetch("role_assignments", queryset=here, to_attr="roles_here"))
        .order_by("full_name", "username")
    )


def deputies_without_login(congress):
    """Deputies holding a seat today who have no login yet (after a roster import, or a 补选)."""
    from registry.queries import deputies_holding_seat

    return deputies_holding_seat(congress).filter(user__isnull=True).order_by("number")


def role_holders(congress_id: int, role: str, **where) -> list[User]:
    """Active users holding ``role`` in the congress (optionally in a unit or station: unit_id=…)."""
    filters = {f"role_assignments__{k}": v for k, v in where.items()}
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__congress_id=congress_id,
            role_assignments__role=role,
            role_assignments__is_active=True,
            **filters,
        ).distinct()
    )
