from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import two_factor
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
        return redirect("portal:home")
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
    return redirect("portal:home")


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("portal:home")


@login_required
def two_factor_setup(request):
    """Enrol an authenticator app: scan the QR (or type the secret), confirm with one code."""
    if two_factor.is_enrolled(request.user) and not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    device = two_factor.pending_device(request.user)
    error = ""
    if request.method == "POST":
        token = "".join(request.POST.get("token", "").split())
        if token.isdigit() and device.verify_token(token):
            codes = two_factor.confirm(request.user, device)
            otp_login(request, device)
            audit.record(actor=request.user, action="enroll_two_factor", obj=request.user, request=request)
            return render(
                request, "accounts/two_factor_codes.html", {"codes": codes, "next": _safe_next(request)}
            )
        error = "验证码不正确，请核对手机上显示的 6 位数字后重新输入。"
    context = {
        "secret": two_factor.secret_text(device),
        "error": error,
        "next": _safe_next(request),
        "enrolled": two_factor.is_enrolled(request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context, status=400 if error else 200)


@login_required
def two_factor_qr(request):
    """The enrolment QR (otpauth:// address with the secret); never cached."""
    from meetings import qr

    response = HttpResponse(qr.png(two_factor.pending_device(request.user).config_url, scale=6), "image/png")
    response["Cache-Control"] = "no-store"
    return response


@login_required
def two_factor_verify(request):
    """The second step of signing in: a code from the authenticator app or a recovery code."""
    if not two_factor.is_enrolled(request.user):
        return redirect("accounts:two_factor_setup")
    error = ""
    if request.method == "POST":
        device = two_factor.verify(request.user, request.POST.get("token", ""))
        if device is not None:
            otp_login(request, device)
            used_recovery = device.__class__.__name__ == "StaticDevice"
            audit.record(
                actor=request.user,
                action="verify_two_factor",
                obj=request.user,
                request=request,
                note="使用恢复码" if used_recovery else "",
            )
            if used_recovery:
                messages.warning(request, "您使用了一个恢复码，它已失效。恢复码用完前请重新生成。")
            return redirect(_safe_next(request))
        audit.record(actor=request.user, action="two_factor_failure", obj=request.user, request=request)
        error = "验证码不正确或已使用。连续输错多次需等待片刻再试。"
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"error": error, "next": _safe_next(request)},
        status=400 if error else 200,
    )


@require_POST
@login_required
def two_factor_recovery(request):
    """Issue new recovery codes (the old ones stop working); only in a verified session."""
    if not request.user.is_verified():
        return redirect("accounts:two_factor_verify")
    codes = two_factor.new_recovery_codes(request.user)
    audit.record(actor=request.user, action="renew_recovery_codes", obj=request.user, request=request)
    return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": reverse("portal:home")})
