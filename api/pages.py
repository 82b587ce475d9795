"""The page where a user creates and revokes their own device tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from api import workflow
from api.forms import TokenForm
from api.models import ApiToken


@login_required
def token_list(request):
    form = TokenForm(request.POST or None)
    raw = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = workflow.issue(actor=request.user, name=form.cleaned_data["name"], request=request)
        except workflow.TokenRefused as exc:
            form.add_error(None, str(exc))
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "raw": raw},
        status=400 if request.method == "POST" and form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        workflow.revoke(actor=request.user, token=token, request=request)
    except workflow.TokenRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已吊销令牌“{token.name}”，使用它的设备需重新登录。")
    return redirect("api_pages:tokens")
