from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.forms import LoginForm
from accounts.middleware import SESSION_KEY


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


logout = auth_views.LogoutView.as_view()
login = LoginView.as_view()


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
