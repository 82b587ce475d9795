"""Who holds which role where; the checks every view starts from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from accounts.models import Role, RoleAssignment

OFFICE_ROLES = (Role.STAFF, Role.LEADER)


@dataclass
class HeldRoles:
    """The roles a user holds in the congress they are working in."""

    assignments: list[RoleAssignment] = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        return {a.role for a in self.assignments}

    def has(self, *roles: str) -> bool:
        return bool(self.names & set(roles))

    @property
    def unit_ids(self) -> set[int]:
        return {a.unit_id for a in self.assignments if a.role == Role.UNIT_HANDLER}

    @property
    def station_ids(self) -> set[int]:
        return {a.station_id for a in self.assignments if a.role == Role.STATION_STAFF}

    @property
    def labels(self) -> list[str]:
        return [str(a) for a in self.assignments]

    def __bool__(self) -> bool:
        return bool(self.assignments)


def role_required(*roles: str):
    """Signed in, working in a congress, and holding one of the roles there; else 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.congress is None or not request.roles.has(*roles):
                raise PermissionDenied("您没有权限访问此页面。")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = role_required(Role.STAFF)
office_required = role_required(*OFFICE_ROLES)
