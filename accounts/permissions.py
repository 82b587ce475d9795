"""Who holds which role where; the checks every view starts from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from accounts.models import Role, RoleAssignment
from registry.models import Congress, Deputy

OFFICE_ROLES = (Role.STAFF, Role.LEADER)
# 三员分立: the system administrator (users, roles, local settings, backups), the security
# administrator (security settings, sign-in pauses, second-factor resets, review of role grants) and
# the audit administrator (reads, exports and verifies the audit log). None of them sees business data.
ADMINISTRATOR_ROLES = (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR)
BUSINESS_ROLES = tuple(r for r in Role.values if r not in ADMINISTRATOR_ROLES)


def deputy_of(user, congress: Congress | int | None, *, holding_role: bool = True) -> Deputy | None:
    """The user's seat (registry.Deputy) in ``congress`` (a Congress or its id); else None.

    The one answer to "which deputy is this" for every app. A login may hold seats in several
    bodies and levels (one per congress), so the congress is always named: views pass
    ``request.congress``, workflow functions the object's ``congress_id``.

    By default the seat counts only while the user holds the deputy role there, which is what
    acting as a deputy needs. ``holding_role=False`` finds the seat whatever roles the user holds
    (whose own record a page is, e.g. a staff member who also sits in the congress).
    """
    from registry.bodies import seat_of

    congress_id = congress.pk if isinstance(congress, Congress) else congress
    if holding_role and not HeldRoles.of(user, congress_id).has(Role.DEPUTY):
        return None
    return seat_of(user, congress_id)


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


def get_user_for_user(request, pk):
    """A user of the congress being worked in (holding or having held a role there, or one of its deputies)
    with ``roles_here``; 404 for anyone else."""
    from django.http import Http404

    from accounts import queries

    user = queries.users_of(request.congress).filter(pk=pk).first()
    if user is None:
        raise Http404("用户不存在")
    return user


def has_role(user, congress_id: int | None, *roles: str) -> bool:
    """Does ``user`` hold one of ``roles`` in congress ``congress_id``?"""
    return HeldRoles.of(user, congress_id).has(*roles)


def is_staff_of(user, congress_id: int | None) -> bool:
    """Staff of the congress office (人大常委会办事机构工作人员) in congress ``congress_id``."""
    return has_role(user, congress_id, Role.STAFF)


staff_required = role_required(Role.STAFF)
office_required = role_required(*OFFICE_ROLES)
system_admin_required = role_required(Role.SYSTEM_ADMIN)
security_admin_required = role_required(Role.SECURITY_ADMIN)
auditor_required = role_required(Role.AUDITOR)

# The only pages an administrator (三员) opens: URL namespaces, or namespace:name. Everything else
# (every workflow app, the registry, reports, the API) holds business data and answers 403, so a
# page added later is closed to them until it is listed here.
ADMINISTRATOR_PAGES = (
    "accounts",
    "core:settings",
    "core:settings_section",
    "core:notification_list",
    "core:notification_read",
    "core:notification_read_all",
    "core:captcha_image",
    "portal:home",
    "portal:audit_list",
    "portal:audit_export",
    "portal:audit_checkpoints",
    "registry:body_tree",  # the tree of bodies, without any count of business records
    "registry:body_create",
    "registry:body_update",
    "admin",  # Django admin: superusers only, whatever role they hold
)
# Public pages (no login) and the server's own endpoints are open to everyone anyway.
OPEN_PATHS = ("/p/", "/static/", "/favicon.ico", "/healthz", "/readyz")


def administrator_may_open(request) -> bool:
    """May an administrator (三员) open the page being requested? Business pages: no."""
    match = request.resolver_match
    if request.path.startswith(OPEN_PATHS) or match is None:
        return True
    return match.namespace in ADMINISTRATOR_PAGES or match.view_name in ADMINISTRATOR_PAGES
