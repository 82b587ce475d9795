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
    """The roles a user holds in one congress: the one answer to "does this user hold role R in congress C".

    Views read ``request.roles`` (the congress being worked in, set by the middleware); code that
    has only a user and a congress (permissions taking the user, workflow functions repeating the
    check inside their transaction) asks ``HeldRoles.of(user, congress_id)``.
    """

    assignments: list[RoleAssignment] = field(default_factory=list)

    @classmethod
    def of(cls, user, congress_id: int | None) -> HeldRoles:
        """The active roles ``user`` holds in congress ``congress_id`` (none when signed out).

        Remembered on the user object, which lives for one request, so a page that checks many
        objects asks the database once per congress.
        """
        if user is None or not getattr(user, "is_authenticated", False) or congress_id is None:
            return cls()
        cache = user.__dict__.setdefault("_held_roles", {})
        if congress_id not in cache:
            cache[congress_id] = cls(
                list(RoleAssignment.objects.filter(user=user, congress_id=congress_id, is_active=True))
            )
        return cache[congress_id]

    @classmethod
    def forget(cls, user) -> None:
        """Drop what ``of`` remembered for ``user`` (after a role is granted or revoked)."""
        if user is not None:
            user.__dict__.pop("_held_roles", None)

    @property
    def names(self) -> set[str]:
        return {a.role for a in self.assignments}

    def has(self, *roles: str) -> bool:
        unknown = set(roles) - set(Role.values)
        if unknown:  # a misspelt role would silently deny (or, negated, allow)
            raise ValueError(f"unknown role {sorted(unknown)}")
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


def has_role(user, congress_id: int | None, *roles: str) -> bool:
    """Does ``user`` hold one of ``roles`` in congress ``congress_id``?"""
    return HeldRoles.of(user, congress_id).has(*roles)


def is_staff_of(user, congress_id: int | None) -> bool:
    """Staff of the congress office (人大常委会办事机构工作人员) in congress ``congress_id``."""
    return has_role(user, congress_id, Role.STAFF)


staff_required = role_required(Role.STAFF)
office_required = role_required(*OFFICE_ROLES)
