"""Thin views: the council office's members and ballots, a member's phone ballot, the public results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import office_required, staff_required
from core import confirm
from core.ballot_box import box as ballot_box
from core.ballot_box import crypto, polls, responses
from core.dates import today
from core.workflow import AlreadyVoted, TransitionRefused
from councils import forms, permissions, queries, rules, workflow
from councils.models import CouncilBallot, Matter
from projects import workflow_ballot as machinery
from registry.models import CouncilMember
from registry.queries import public_congress


def _council_office(request):
    """The council the user's office runs; 404 for any other body (its pages are the council's own)."""
    if not permissions.is_council(request.congress):
        raise Http404
    return request.congress


@require_GET
@office_required
def index(request):
    """The council's ballots and rules; for a district office, its councils' ballots (read-only)."""
    if permissions.is_council(request.congress):
        councils = [request.congress]
    else:
        councils = permissions.councils_overseen(request.congress)
    rows = [
        (
            c,
            CouncilBallot.objects.filter(congress=c).order_by("-held_on", "-id")[:100],
            queries.members_on(c).count(),
        )
        for c in councils
    ]
    return render(
        request,
        "councils/index.html",
        {
            "rows": rows,
            "own": permissions.is_council(request.congress),
            "can_run": permissions.is_council(request.congress) and request.roles.has("staff"),
            "settings_rows": rules.SETTINGS.rows(request.congress)
            if permissions.is_council(request.congress)
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
@office_required
def members(request, pk=None):
    """Members of a council: the council's office adds and ends; an overseeing office reads."""
    council = request.congress if pk is None else get_object_or_404(type(request.congress), pk=pk)
    if council.pk != request.congress.pk and request.congress.pk not in permissions.overseers(council):
        raise Http404
    if not permissions.is_council(council):
        raise Http404
    can_manage = permissions.can_manage_members(request.user, council)
    form = forms.MemberForm(council=council, initial={"starts_on": today()})
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("只有本议事会的工作人员可以登记成员。")
        form = forms.MemberForm(request.POST, council=council)
        if form.is_valid():
            try:
                workflow.add_member(council, actor=request.user, data=form.member_data(), request=request)
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"已登记议事会成员 {form.cleaned_data['name']}。")
                return redirect("councils:members")
        status = 400
    return render(
        request,
        "councils/members.html",
        {
            "council": council,
            "members": queries.members_on(council),
            "form": form if can_manage else None,
            "end_form": forms.EndMemberForm(initial={"ends_on": today()}),
        },
        status=status,
    )


@require_POST
@staff_required
def end_member(request, pk):
    council = _council_office(request)
    member = get_object_or_404(CouncilMember, pk=pk, congress=council)
    form = forms.EndMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写正确的退出日期。")
        return redirect("councils:members")
    answer = confirm.unconfirmed(
        request,
        f"确定 {member.name} 自 {form.cleaned_data['ends_on']:%Y-%m-%d} 起退出议事会？",
        back="/councils/members/",
    )
    if answer is not None:
        return answer
    try:
        workflow.end_member(member, actor=request.user, on=form.cleaned_data["ends_on"], request=request)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{member.name} 已退出议事会。")
    return redirect("councils:members")


@require_http_methods(["GET", "POST"])
@staff_required
def new_ballot(request):
    council = _council_office(request)
    form = forms.BallotForm(council=council, initial={"held_on": today()})
    status = 200
    if request.method == "POST":
        form = forms.BallotForm(request.POST, council=council)
        if form.is_valid():
            data = form.cleaned_data
            try:
                ballot = workflow.create_ballot(
                    council,
                    actor=request.user,
                    title=data["title"],
                    held_on=data["held_on"],
                    method=data["method"],
                    matters=data["matters"],
                    tellers=list(data["tellers"]),
                    request=request,
                )
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, "票选已拟定。")
                return redirect("councils:ballot", ballot.pk)
        status = 400
    return render(
        request,
        "councils/ballot_new.html",
        {"form": form, "settings_rows": rules.SETTINGS.rows(council)},
        status=status,
    )


def _detail(request, ballot, *, status=200, open_form=None, close_form=None, sheets_form=None):
    can_run = permissions.can_run(request.user, ballot)
    context = {
        "ballot": ballot,
        "own": ballot.congress_id == request.congress.pk,
        "actions": workflow.allowed_actions(ballot, request.user),
        "labels": workflow.ACTION_LABELS,
        "rows": queries.result_rows(ballot),
        "candidates": list(enumerate(ballot.candidates, start=1)),
        "key": workflow.teller_key(ballot),
        "own_key": ballot_box.key_for(workflow.key_owner(ballot.pk)),
        "quorum_needed": rules.quorum_needed(ballot.settings["quorum"], ballot.body_size)
        if ballot.body_size
        else None,
        "voted": ballot.participations.count() if ballot.method == "electronic" else None,
    }
    if can_run and ballot.status == "draft":
        # A re-vote is held among the members who were present for the 票选 it follows.
        initial = {"present": ballot.follows.issued_to} if ballot.follows else None
        context["open_form"] = open_form or forms.OpenForm(
            members=queries.members_on(ballot.congress, ballot.held_on), initial=initial
        )
        context["can_edit_matters"] = True
    context["follow_ups"] = list(ballot.follow_ups.order_by("pk"))
    if can_run and not context["follow_ups"]:
        context["revote"] = workflow.revote_offered(ballot)
    if can_run and ballot.status == "open":
        context["close_form"] = close_form or forms.CloseForm()
    if ballot.status == "counting" and ballot.method == "paper":
        tellers, mismatches, agreed = machinery.sheet_comparison(ballot)
        context.update(
            tellers=tellers, mismatches=mismatches, agreed=agreed, returned=ballot.ballots_returned or 0
        )
        if permissions.can_enter_sheets(request.user, ballot):
            context["sheets_form"] = sheets_form or forms.SheetsForm()
    if ballot.status == "counting" and ballot.method == "electronic" and ballot.ballot_box_id:
        context["box"] = ballot.ballot_box
    return render(request, "councils/ballot_detail.html", context, status=status)


@require_GET
@office_required
def ballot(request, pk):
    return _detail(request, permissions.get_ballot_for_office(request, pk))


def _own_ballot(request, pk):
    ballot = permissions.get_ballot_for_office(request, pk)
    if not permissions.can_run(request.user, ballot):
        raise PermissionDenied("只有本议事会的工作人员可以办理票选。")
    return ballot


@require_POST
@staff_required
def open_ballot(request, pk):
    ballot = _own_ballot(request, pk)
    form = forms.OpenForm(request.POST, members=queries.members_on(ballot.congress, ballot.held_on))
    if not form.is_valid():
        return _detail(request, ballot, status=400, open_form=form)
    try:
        workflow.open_ballot(
            ballot, actor=request.user, present=list(form.cleaned_data["present"]), request=request
        )
    except TransitionRefused as refusal:
        form.add_error(None, str(refusal))
        return _detail(request, ballot, status=400, open_form=form)
    messages.success(request, "票选已开始。")
    return redirect("councils:ballot", ballot.pk)


@require_POST
@staff_required
def close_ballot(request, pk):
    ballot = _own_ballot(request, pk)
    form = forms.CloseForm(request.POST)
    if not form.is_valid():
        return _detail(request, ballot, status=400, close_form=form)
    waiting = len(ballot.issued_to) - ballot.participations.count()
    question = (
        f"还有 {waiting} 名出席成员未投票，确定结束投票？"
        if ballot.method == "electronic" and waiting > 0
        else "确定结束投票？结束后不能再投票。"
    )
    answer = confirm.unconfirmed(request, question, back=f"/councils/{ballot.pk}/")
    if answer is not None:
        return answer
    try:
        workflow.close_ballot(
            ballot,
            actor=request.user,
            ballots_issued=form.cleaned_data["ballots_issued"],
            ballots_returned=form.cleaned_data["ballots_returned"],
            request=request,
        )
    except TransitionRefused as refusal:
        form.add_error(None, str(refusal))
        return _detail(request, ballot, status=400, close_form=form)
    messages.success(request, "投票已结束。")
    return redirect("councils:ballot", ballot.pk)


def _run(request, pk, step, done: str, question: str = ""):
    ballot = _own_ballot(request, pk)
    if question:
        answer = confirm.unconfirmed(request, question, back=f"/councils/{ballot.pk}/")
        if answer is not None:
            return answer
    try:
        step(ballot)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("councils:ballot", ballot.pk)


@require_POST
@staff_required
def count_ballot(request, pk):
    return _run(
        request,
        pk,
        lambda b: workflow.count_ballot(b, actor=request.user, request=request),
        "已计票。",
        "确定计票？计票后选票录入不能再更改。",
    )


@require_POST
@staff_required
def publish_result(request, pk):
    return _run(
        request,
        pk,
        lambda b: workflow.publish_result(b, actor=request.user, request=request),
        "票选结果已公布。",
        "确定公布票选结果？公布后在议事会公开页面向社会公开，不能撤回。",
    )


@require_POST
@staff_required
def revote(request, pk):
    ballot = _own_ballot(request, pk)
    offered = workflow.revote_offered(ballot)
    answer = confirm.unconfirmed(
        request, offered or "确定再次票选？", back=reverse("councils:ballot", args=[ballot.pk])
    )
    if answer is not None:
        return answer
    try:
        follow_up = workflow.revote(ballot, actor=request.user, request=request)
    except TransitionRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("councils:ballot", ballot.pk)
    if follow_up.status == CouncilBallot.Status.OPEN:
        messages.success(request, "再次票选已开始，沿用本次出席成员。")
    else:
        messages.success(request, "再次票选已拟定，请登记出席成员后开始投票。")
    return redirect("councils:ballot", follow_up.pk)


@require_http_methods(["GET", "POST"])
@staff_required
def edit_matter(request, pk):
    matter = get_object_or_404(Matter, pk=pk)
    ballot = _own_ballot(request, matter.ballot_id)
    form = forms.MatterForm(initial={"title": matter.title, "content": matter.content})
    status = 200
    if request.method == "POST":
        form = forms.MatterForm(request.POST)
        if form.is_valid():
            try:
                workflow.edit_matter(matter, actor=request.user, request=request, **form.cleaned_data)
            except TransitionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"已修改候选事项 {matter.number}。")
                return redirect("councils:ballot", ballot.pk)
        status = 400
    return render(
        request,
        "councils/matter_edit.html",
        {"ballot": ballot, "matter": matter, "form": form},
        status=status,
    )


@require_POST
@staff_required
def register_key(request, pk):
    document = ballot_box.uploaded_document(request)
    return _run(
        request,
        pk,
        lambda b: workflow.register_teller_key(b, actor=request.user, document=document, request=request),
        "计票人密钥已登记。",
    )


@require_POST
@staff_required
def submit_share(request, pk):
    document = ballot_box.uploaded_document(request)
    return _run(
        request,
        pk,
        lambda b: workflow.submit_decryption_share(b, actor=request.user, document=document, request=request),
        "解密份额已通过验证并登记。",
    )


@require_GET
@staff_required
def teller_document(request, pk):
    ballot = _own_ballot(request, pk)
    return responses.teller_document(
        request, ballot, file_name=f"council-ballot-{ballot.pk}-box.json", what=f"票箱密文合计（{ballot}）"
    )


@require_POST
@staff_required
def enter_sheets(request, pk):
    ballot = permissions.get_ballot_for_office(request, pk)
    form = forms.SheetsForm(request.POST)
    if not form.is_valid():
        return _detail(request, ballot, status=400, sheets_form=form)
    try:
        entered = workflow.enter_sheets(
            ballot,
            teller=request.user,
            text=form.cleaned_data["text"],
            first=form.cleaned_data["first"],
            request=request,
        )
    except TransitionRefused as refusal:
        form.add_error(None, str(refusal))
        return _detail(request, ballot, status=400, sheets_form=form)
    messages.success(request, f"已录入 {entered} 张选票。")
    return redirect("councils:ballot", ballot.pk)


# --------------------------------------------------------------------------- members vote


# A member's ballot cannot be taken back: asked first, as a deputy's project ballot is.
CAST_QUESTION = "投票后不能更改，确定投出这张选票？"


@require_GET
@login_required
def vote_list(request):
    return render(request, "councils/vote_list.html", {"ballots": queries.open_for_member(request.user)})


@require_http_methods(["GET", "POST"])
@login_required
def vote(request, pk):
    ballot, member = permissions.get_ballot_for_member(request, pk)
    error, status = "", 200
    if request.method == "POST":
        page = confirm.unconfirmed(request, CAST_QUESTION, back=reverse("councils:vote", args=[ballot.pk]))
        if page:
            return page
        choices = polls.choices_from_form(ballot, request.POST)
        try:
            fingerprint = workflow.cast_ballot(
                ballot,
                member=member,
                choices=choices,
                sealed=request.POST.get("sealed") or None,
                request=request,
            )
        except TransitionRefused as refusal:
            error, status = str(refusal), 409 if isinstance(refusal, AlreadyVoted) else 400
        else:
            messages.success(request, f"投票成功。选票回执：{crypto.receipt(fingerprint)}。")
            return redirect("councils:vote", ballot.pk)
    seal = None
    if ballot.ballot_box_id is not None and ballot.status == "open":
        seal = {**ballot_box.device_parameters(ballot.ballot_box), "slots": machinery.seal_slots(ballot)}
    return render(
        request,
        "councils/vote.html",
        {
            "ballot": ballot,
            "member": member,
            "voted": ballot.participations.filter(member=member).exists(),
            "issued": member.pk in ballot.issued_to,
            "error": error,
            "candidates": list(enumerate(ballot.candidates, start=1)),
            "matters": list(ballot.matters.all()),
            "seal_params": seal,
            "question": CAST_QUESTION,
        },
        status=status,
    )


# --------------------------------------------------------------------------- public pages (no login)


@require_GET
def public_index(request, code):
    council = public_congress(code)
    if not permissions.is_council(council):
        raise Http404
    return render(
        request,
        "councils/public_index.html",
        {"public_congress": council, "ballots": queries.published(council)},
    )


@require_GET
def public_ballot(request, code, pk):
    council = public_congress(code)
    published = queries.published(council)
    ballot = get_object_or_404(published, pk=pk)
    return render(
        request,
        "councils/public_ballot.html",
        {
            "public_congress": council,
            "ballot": ballot,
            "rows": queries.result_rows(ballot),
            "follows": published.filter(pk=ballot.follows_id).first() if ballot.follows_id else None,
            "follow_ups": published.filter(follows=ballot),
        },
    )
