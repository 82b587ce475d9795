from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.forms import LoginForm, OwnPasswordChangeForm
from accounts.middleware import SESSION_KEY
from core import audit


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(actor=form.get_user(), action="login", obj=form.get_user(), request=self.request)
        return response

    def form_invalid(self, form):
        codes = {e.code for e in form.non_field_errors().as_data()}
        name = (form.data.get("username") or "")[:150]
        audit.record(
            actor=None,
            action="login_failure",
            object_type="accounts.user",
            object_repr=name,
            note="、".join(sorted(codes)) or "表单不完整",
            request=self.request,
        )
        return super().form_invalid(form)


login = LoginView.as_view()


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            audit.record(actor=request.user, action="logout", obj=request.user, request=request)
        return super().post(request, *args, **kwargs)


logout = LogoutView.as_view()


@login_required
def password_change(request):
    """Change one's own password (also where an expired password sends the user)."""
    form = OwnPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user = form.save()
            audit.record(actor=user, action="change_password", obj=user, request=request)
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改。")
        return redirect("core:home")
    context = {
        "form": form,
        "min_length": settings.PASSWORD_MIN_LENGTH,
        "min_classes": settings.PASSWORD_MIN_CLASSES,
        "password_expired": getattr(request, "password_expired", False),
    }
    return render(request, "accounts/password_change.html", context)


@require_POST
@login_required
def switch_congress(request):
    """Work in another congress where the user also holds a role."""
    try:
        congress_id = int(request.POST.get("congress", ""))
    except ValueError:
        return HttpResponseBadRequest("参数错误")
    if congress_id not in {c.pk for c in request.congresses}:
        return HttpResponseBadRequest("您在该人大没有角色。")
    request.session[SESSION_KEY] = congress_id
    messages.success(request, "已切换工作的人大。")
    return redirect("core:home")
