"""The system administrator's user-management pages: who may sign in, with which roles, where."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import queries, workflow
from accounts.models import Role, RoleAssignment
from accounts.permissions import get_user_for_user, system_admin_required
from accounts.user_forms import LockForm, NewUserForm, RoleForm


def _no_store(response):
    response["Cache-Control"] = "no-store"  # temporary passwords and phone numbers
    return response


@system_admin_required
def user_list(request):
    q, role = request.GET.get("q", "").strip()[:50], request.GET.get("role", "")
    role = role if role in Role.values else ""
    page = Paginator(queries.users_of(request.congress, q, role), 50).get_page(request.GET.get("page"))
    return _no_store(
        render(
            request,
            "accounts/user_list.html",
            {
                "page": page,
                "q": q,
                "role": role,
                "role_choices": Role.choices,
                "without_login": queries.deputies_without_login(request.congress).count(),
            },
        )
    )


@system_admin_required
def user_detail(request, pk):
    user = get_user_for_user(request, pk)
    return _no_store(
        render(
            request,
            "accounts/user_detail.html",
            {
                "subject": user,
                "assignments": user.roles_here,
                "role_form": RoleForm(congress=request.congress),
                "lock_form": LockForm(),
            },
        )
    )


@system_admin_required
def user_create(request):
    form = NewUserForm(request.POST or None, congress=request.congress)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = workflow.create_user(
                actor=request.user,
                congress=request.congress,
                username=data["username"],
                full_name=data["full_name"],
                mobile=data["mobile"],
                role=data["role"],
                unit=data["unit"],
                station=data["station"],
                request=request,
            )
        except workflow.UserRefused as exc:
            form.add_error(None, str(exc))
        else:
            return _no_store(
                render(
                    request,
                    "accounts/passwords_once.html",
                    {"rows": [(user, password)], "title": "账户已创建"},
                )
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/user_form.html", {"form": form}, status=status)


@system_admin_required
def deputy_logins(request):
    deputies = queries.deputies_without_login(request.congress)
    if request.method == "POST":
        try:
            created = workflow.create_deputy_logins(
                actor=request.user, congress=request.congress, deputies=list(deputies), request=request
            )
        except workflow.UserRefused as exc:
            messages.error(request, str(exc))
            return redirect("accounts:deputy_logins")
        rows = [(user, password) for _deputy, user, password in created]
        return _no_store(
            render(
                request,
                "accounts/passwords_once.html",
                {"rows": rows, "title": f"已为 {len(rows)} 名代表开通账户"},
            )
        )
    return render(
        request, "accounts/deputy_logins.html", {"deputies": deputies[:500], "count": deputies.count()}
    )


@system_admin_required
@require_POST
def reset_password(request, pk):
    user = get_user_for_user(request, pk)
    try:
        password = workflow.reset_password(
            actor=request.user, user=user, congress=request.congress, request=request
        )
    except workflow.UserRefused as exc:
        messages.error(request, str(exc))
        return redirect("accounts:user_detail", pk=pk)
    return _no_store(
        render(request, "accounts/passwords_once.html", {"rows": [(user, password)], "title": "密码已重置"})
    )


@system_admin_required
@require_POST
def set_active(request, pk, active):
    user = get_user_for_user(request, pk)
    form = LockForm(request.POST)
    reason = form.data.get("reason", "")
    try:
        workflow.set_active(
            actor=request.user,
            user=user,
            congress=request.congress,
            active=bool(active),
            reason=reason,
            request=request,
        )
    except workflow.UserRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "账户已启用。" if active else "账户已停用，该用户无法再登录。")
    return redirect("accounts:user_detail", pk=pk)


@system_admin_required
@require_POST
def grant(request, pk):
    user = get_user_for_user(request, pk)
    form = RoleForm(request.POST, congress=request.congress)
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("accounts:user_detail", pk=pk)
    data = form.cleaned_data
    try:
        workflow.grant(
            actor=request.user,
            user=user,
            congress=request.congress,
            role=data["role"],
            unit=data["unit"],
            station=data["station"],
            request=request,
        )
    except workflow.UserRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "角色已授予。")
    return redirect("accounts:user_detail", pk=pk)


@system_admin_required
@require_POST
def revoke(request, pk, assignment_pk):
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user_id=pk, congress=request.congress)
    try:
        workflow.revoke(actor=request.user, assignment=assignment, request=request)
    except workflow.UserRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "角色已撤销。")
    return redirect("accounts:user_detail", pk=pk)
