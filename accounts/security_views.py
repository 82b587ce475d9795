"""The security administrator's pages (三员分立): accounts' security state, sign-in pauses, second-factor
resets and the review of role grants. No business data, no user or role changes, no audit log."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import backends, queries, workflow
from accounts.models import Role, RoleAssignment, User
from accounts.permissions import get_user_for_user, security_admin_required
from accounts.rules import ADMINISTRATOR_ROLES, conflicting_role
from core import confirm


@require_GET
@security_admin_required
def security_list(request):
    q = request.GET.get("q", "").strip()[:50]
    page = Paginator(queries.users_of(request.congress, q), 50).get_page(request.GET.get("page"))
    enrolled = set(
        TOTPDevice.objects.filter(user__in=[u.pk for u in page], confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    rows = [(u, u.pk in enrolled, backends.pauses(u)) for u in page]
    return render(request, "accounts/security_list.html", {"page": page, "rows": rows, "q": q})


@require_GET
@security_admin_required
def security_detail(request, pk):
    user = get_user_for_user(request, pk)
    pauses = [
        (ip, dt.datetime.fromtimestamp(until, tz=dt.UTC).astimezone(timezone.get_current_timezone()))
        for ip, until in backends.pauses(user)
    ]
    return render(
        request,
        "accounts/security_detail.html",
        {
            "subject": user,
            "assignments": [a for a in user.roles_here if a.is_active],
            "enrolled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "pauses": pauses,
        },
    )


@require_POST
@security_admin_required
def clear_sign_in_pauses(request, pk):
    user = get_user_for_user(request, pk)
    try:
        cleared = workflow.clear_sign_in_pauses(
            actor=request.user, user=user, congress=request.congress, request=request
        )
    except workflow.UserRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已解除登录暂停（{cleared} 个地址）。")
    return redirect("accounts:security_detail", pk=pk)


@require_POST
@security_admin_required
def reset_two_factor(request, pk):
    user = get_user_for_user(request, pk)
    ask = confirm.unconfirmed(
        request,
        f"确定重置{user}的双因素认证？原身份验证器和恢复码将全部作废。",
        back=reverse("accounts:security_detail", args=[pk]),
    )
    if ask is not None:
        return ask
    try:
        workflow.reset_two_factor(actor=request.user, user=user, congress=request.congress, request=request)
    except workflow.UserRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已重置双因素认证，该用户下次登录时须重新绑定身份验证器。")
    return redirect("accounts:security_detail", pk=pk)


@require_GET
@security_admin_required
def grant_review(request):
    """Who holds which role here, administrators first, with every clash of duties flagged."""
    assignments = list(
        RoleAssignment.objects.filter(congress=request.congress, is_active=True)
        .select_related("user", "unit", "station")
        .order_by("user__full_name", "user__username", "role")
    )
    held: dict[int, set[str]] = {}
    for a in assignments:
        held.setdefault(a.user_id, set()).add(a.role)
    clashes = []
    for a in assignments:
        clash = conflicting_role(a.role, held[a.user_id])
        if clash is not None and a.role in ADMINISTRATOR_ROLES:
            clashes.append((a.user, Role(a.role).label, Role(clash).label))
    administrators = [a for a in assignments if a.role in ADMINISTRATOR_ROLES]
    superusers = User.objects.filter(is_superuser=True, is_active=True).order_by("username")
    counts = {
        label: sum(1 for a in assignments if a.role == value)
        for value, label in Role.choices
        if value not in ADMINISTRATOR_ROLES
    }
    return render(
        request,
        "accounts/grant_review.html",
        {
            "administrators": administrators,
            "superusers": superusers,
            "clashes": clashes,
            "counts": counts,
            "assignments": [a for a in assignments if a.role not in ADMINISTRATOR_ROLES],
        },
    )
