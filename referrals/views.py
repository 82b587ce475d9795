"""Thin views: the two sides of a referral, the form that starts one, the receiving office's answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import office_required, staff_required
from core import confirm, dates
from core.models import AuditEntry
from core.workflow import TransitionRefused
from referrals import forms, permissions, queries, rules, workflow
from referrals.models import Referral
from stations import permissions as station_permissions
from suggestions.permissions import get_suggestion_for_user


@require_GET
@office_required
def referral_list(request):
    today = dates.today()
    tabs = []
    for key, label, rows in (
        ("received", "转交本机构办理", queries.received(request.congress)),
        ("sent", "本机构转交其他人大", queries.sent(request.congress)),
    ):
        rows = list(rows[:200])
        for r in rows:
            r.overdue = rules.overdue(r.status, r.accept_due, r.reply_due, today)
        tabs.append((key, label, rows))
    return render(request, "referrals/list.html", {"tabs": tabs})


def _history(referral: Referral):
    """Both offices' steps: the referring one's entries in its chain, the receiving one's in its own."""
    entries = AuditEntry.objects.filter(
        congress_id__in=[referral.congress_id, referral.target_id],
        object_type="referrals.referral",
        object_id=str(referral.pk),
    ).order_by("created_at", "id")
    return [(e, workflow.ACTION_LABELS.get(e.action, e.action)) for e in entries]


def adopt_question(referral: Referral) -> str:
    return (
        f"确定将《{referral.suggestion.title}》接收为{referral.target.name}的建议？将按本机构年度编号立案，"
        f"{referral.congress.display_short_name}的原件标为“已转其他人大办理”，不再计入其统计。"
        if referral.suggestion_id
        else ""
    )


def _render_detail(request, referral, bound=None, status=200):
    actions = workflow.allowed_actions(referral, request.user)
    action_forms = [
        (verb, workflow.ACTION_LABELS[verb], bound if bound is not None and bound[0] == verb else None)
        for verb in actions
    ]
    return render(
        request,
        "referrals/detail.html",
        {
            "referral": referral,
            "forms": [(verb, label, b[1] if b else forms.FORMS[verb]()) for verb, label, b in action_forms],
            "overdue": rules.overdue(referral.status, referral.accept_due, referral.reply_due, dates.today()),
            "is_sender": referral.congress_id == request.congress.pk,
            "history": _history(referral),
            "adopt_question": adopt_question(referral),
            "adopted_as": workflow.adopted_as(referral),
        },
        status=status,
    )


@require_GET
@office_required
def detail(request, pk):
    return _render_detail(request, permissions.get_referral_for_user(request, pk))


@require_POST
@office_required
def act(request, pk, verb):
    referral = permissions.get_referral_for_user(request, pk)
    if verb not in workflow.allowed_actions(referral, request.user):
        raise PermissionDenied("您没有权限进行此操作。")
    form = forms.FORMS[verb](request.POST)
    if not form.is_valid():
        messages.error(request, "请按提示填写。")
        return _render_detail(request, referral, (verb, form), status=400)
    if verb == "adopt" and (
        page := confirm.unconfirmed(
            request, adopt_question(referral), back=reverse("referrals:detail", args=[referral.pk])
        )
    ):
        return page
    data = form.cleaned_data
    try:
        if verb == "adopt":
            workflow.adopt(referral, actor=request.user, request=request)
        elif verb == "accept":
            workflow.accept(referral, actor=request.user, request=request)
        elif verb == "reply":
            workflow.reply(referral, actor=request.user, reply=data["reply"], request=request)
        else:
            workflow.send_back(referral, actor=request.user, reason=data["reason"], request=request)
    except TransitionRefused as error:
        messages.error(request, str(error))
        return redirect("referrals:detail", pk=referral.pk)
    messages.success(request, f"已{workflow.ACTION_LABELS[verb]}。")
    return redirect("referrals:detail", pk=referral.pk)


def _refer(request, item, label: str, back: str):
    form = forms.ReferForm(request.POST or None, body=request.congress)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                referral = workflow.refer(
                    item,
                    actor=request.user,
                    target=form.cleaned_data["target"],
                    note=form.cleaned_data["note"],
                    request=request,
                )
            except TransitionRefused as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"已转交{referral.target.name}。")
                return redirect("referrals:detail", pk=referral.pk)
    return render(
        request, "referrals/refer.html", {"form": form, "item_label": label, "back": back}, status=status
    )


@require_http_methods(["GET", "POST"])
@staff_required
def refer_message(request, pk):
    message = station_permissions.get_message_for_user(request, pk)
    if message.status != message.Status.AWAITING_REFERRAL:
        raise Http404("该留言当前不能转交。")
    return _refer(request, message, f"群众留言 {message.display_code}", f"/stations/messages/{message.pk}/")


@require_http_methods(["GET", "POST"])
@staff_required
def refer_suggestion(request, pk):
    suggestion = get_suggestion_for_user(request.user, pk, request.congress)
    return _refer(request, suggestion, f"代表建议《{suggestion.title}》", f"/suggestions/{suggestion.pk}/")
