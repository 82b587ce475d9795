import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from accounts import rules, two_factor
from accounts.models import RoleAssignment
from accounts.permissions import ADMINISTRATOR_ROLES, HeldRoles, administrator_may_open
from core import audit

SESSION_KEY = "congress_id"
# Paths whose views check scope themselves in one query (the voting API, hit by a whole hall at
# once); they skip loading the user's roles.
LEAN_PATHS = ("/meetings/api/",)


class CongressMiddleware:
    """Sets request.congress (the congress the user is working in) and request.roles.

    A user holding roles in several congresses picks one (stored in the session); every
    query of tenant data filters on request.congress, so nothing of another congress shows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.congress, request.roles, request.congresses = None, HeldRoles(), []
        if request.path.startswith(LEAN_PATHS):
            return self.get_response(request)
        if request.user.is_authenticated:
            attach_congress(request, request.user, request.session.get(SESSION_KEY))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """三员分立: an administrator working in a congress opens only the administration pages.

        One check for every view, so no workflow app has to know the administrator roles, and a
        business page added later is closed to them by default.
        """
        if request.roles.has(*ADMINISTRATOR_ROLES) and not administrator_may_open(request):
            raise PermissionDenied("系统管理员、安全管理员和安全审计员不能查看或办理业务数据。")
        return None


def attach_congress(request, user, chosen=None) -> None:
    """Set request.congress, request.roles and request.congresses for ``user``.

    ``chosen`` is a congress id (the session's choice, or an API client's X-Congress header);
    the first congress the user holds a role in is used when it is absent or not theirs.
    """
    assignments = list(
        RoleAssignment.objects.filter(user=user, is_active=True)
        .select_related("congress", "unit", "station")
        .order_by("congress_id", "id")
    )
    congresses = {a.congress_id: a.congress for a in assignments}
    if chosen not in congresses:
        chosen = next(iter(congresses), None)
    request.congress, request.roles = None, HeldRoles()
    if chosen is not None:
        request.congress = congresses[chosen]
        request.roles = HeldRoles([a for a in assignments if a.congress_id == chosen])
        # HeldRoles.of(user, chosen) answers from here without another query
        user.__dict__.setdefault("_held_roles", {})[chosen] = request.roles
    request.congresses = list(congresses.values())


ACTIVITY_KEY = "last_activity"
# The session is written at most this often just to note activity.
ACTIVITY_RESOLUTION = 60


class SessionSecurityMiddleware:
    """Idle sessions end after SESSION_IDLE_MINUTES; an expired password must be changed first.

    Activity is noted in the session at most once a minute, so a page that polls (a deputy's
    voting device) keeps its session alive without a write per request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        # The voting API authenticates by ballot token, not by the session (meetings.device_api).
        if user.is_authenticated and not request.path.startswith(LEAN_PATHS):
            now = time.time()
            last = request.session.get(ACTIVITY_KEY)
            idle = settings.SESSION_IDLE_MINUTES * 60
            if idle and isinstance(last, (int, float)) and now - last > idle:
                audit.record(actor=user, action="idle_logout", obj=user, request=request)
                logout(request)
                messages.info(
                    request, f"超过 {settings.SESSION_IDLE_MINUTES} 分钟未操作，已自动退出，请重新登录。"
                )
                return self.get_response(request)
            if not isinstance(last, (int, float)) or now - last > ACTIVITY_RESOLUTION:
                request.session[ACTIVITY_KEY] = now
            request.password_expired = rules.password_expired(
                user.password_changed_at, timezone.now(), settings.PASSWORD_MAX_AGE_DAYS
            )
            if request.password_expired and not request.path.startswith(self.exempt_paths()):
                return redirect("accounts:password_change")
        return self.get_response(request)

    @staticmethod
    def exempt_paths() -> tuple[str, ...]:
        return (
            reverse("accounts:password_change"),
            reverse("accounts:logout"),
            reverse("accounts:two_factor_setup"),  # the second factor comes first
            settings.STATIC_URL,
            *LEAN_PATHS,
        )


TWO_FACTOR_KEY = "two_factor_required"


class TwoFactorMiddleware:
    """Users who need a second factor (accounts.two_factor) see only enrolment or verification until done.

    Whether a user needs it is worked out once per session; after verification nothing is queried.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.exempt_paths())
        ):
            required = request.session.get(TWO_FACTOR_KEY)
            if required is None:
                required = request.session[TWO_FACTOR_KEY] = two_factor.required_for(user)
            if required:
                target = (
                    "accounts:two_factor_verify"
                    if two_factor.is_enrolled(user)
                    else "accounts:two_factor_setup"
                )
                url = reverse(target)
                if request.method == "GET" and not request.htmx:
                    url += "?" + urlencode({"next": request.get_full_path()})
                return redirect(url)
        return self.get_response(request)

    @staticmethod
    def exempt_paths() -> tuple[str, ...]:
        return (
            reverse("accounts:two_factor_setup"),
            reverse("accounts:logout"),
            reverse("core:captcha_image"),
            settings.STATIC_URL,
            *LEAN_PATHS,
        )
