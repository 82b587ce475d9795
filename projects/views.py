"""Thin views: parse, check, call workflow, render. Public views (no login) take the congress `code`."""

from __future__ import annotations

import json
import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import deputy_of
from core import audit, confirm, downloads, steps
from core.ballot_box import box as ballot_box
from core.ballot_box import crypto, polls
from core.ballot_box import responses as tellers
from core.downloads import download, file_download
from core.workflow import AlreadyVoted, TransitionRefused
from meetings import rules as counting
from projects import (
    documents,
    forms,
    queries,
    rules,
    workflow,
    workflow_ballot,
    workflow_call,
    workflow_evaluation,
    workflow_implementation,
    workflow_proposal,
    workflow_supervision,
)
from projects import permissions as perms
from projects.models import (
    Attachment,
    Call,
    Evaluation,
    Milestone,
    Project,
    ProjectBallot,
    Proposal,
)
from registry.bodies import picked_deputy
from registry.models import Deputy, Station
from registry.queries import public_congress

# --------------------------------------------------------------------------- helpers


def guards_on() -> bool:
    """Captcha and rate limits of the public form: on unless PUBLIC_FORM_GUARDS is false (bench only)."""
    value = getattr(settings, "PUBLIC_FORM_GUARDS", None)
    if value is None:
        value = os.environ.get("PUBLIC_FORM_GUARDS", "true").strip().lower() not in {
            "0",
            "false",
            "no",
            "off",
        }
    return bool(value)


def _run(request, action, success: str):
    try:
        result = action()
    except TransitionRefused as error:
        messages.error(request, str(error))
        return None
    except PermissionDenied as error:
        messages.error(request, str(error) or "您没有权限进行此操作。")
        return None
    if success:
        messages.success(request, success)
    return result


def _unconfirmed(request, verb: str, obj, detail: str):
    """The confirmation page when an irreversible step arrives without its confirmation (core/confirm.py)."""
    if verb not in queries.CONFIRMED_VERBS or verb not in workflow.allowed_actions(obj, request.user):
        return None  # the step itself refuses, with its own message
    return confirm.unconfirmed(request, queries.confirmation(verb, obj), back=reverse(detail, args=[obj.pk]))


def _signed_in(request):
    if request.congress is None:
        raise Http404


# =========================================================================== internal pages


@require_http_methods(["GET", "POST"])
@login_required
def index(request):
    _signed_in(request)
    can_open = perms.can_open_call(request.user, request.congress)
    form = forms.CallForm(request.POST or None) if can_open else None
    if request.method == "POST":
        if not can_open:
            raise PermissionDenied
        if form.is_valid():
            call = _run(
                request,
                lambda: workflow_call.open_call(
                    request.congress, actor=request.user, request=request, **form.cleaned_data
                ),
                "已开启项目征集。",
            )
            if call:
                return redirect("projects:call_detail", call.pk)
    return render(
        request,
        "projects/index.html",
        {
            "calls": Call.objects.filter(congress=request.congress).order_by("-year"),
            "form": form,
            "call_days": rules.SETTINGS.value(request.congress, "call_days"),
            "can_submit": perms.can_submit_on_behalf(request.user, request.congress),
            "can_view_dashboard": perms.can_view_dashboard(request),
        },
    )


@require_GET
@login_required
def call_detail(request, pk):
    call = perms.get_call_for_user(request, pk)
    congress = request.congress
    staff = request.roles.has(Role.STAFF)
    settings_rows = rules.SETTINGS.rows(congress)
    return render(
        request,
        "projects/call_detail.html",
        {
            "call": call,
            "counts": queries.proposal_counts(call),
            "projects": call.projects.select_related("lead_unit").order_by("number"),
            "visible_project_ids": set(
                perms.visible_projects(request).filter(call=call).values_list("pk", flat=True)
            ),
            "actions": (actions := workflow.allowed_actions(call, request.user)),
            "confirmations": queries.confirmations(call, actions),
            "can_draw_up": perms.can_draw_up(request.user, call) and call.status == Call.Status.SCREENING,
            "can_view_proposals": perms.can_view_proposals(request),
            "submit_form": forms.SubmitCandidatesForm(congress=congress) if staff else None,
            "ballot_form": forms.BallotForm(congress=congress) if staff else None,
            "evaluation_form": forms.EvaluationForm(congress=congress) if staff else None,
            "ballots": call.ballots.select_related("meeting").order_by("pk"),
            "evaluations": call.evaluations.select_related("meeting").order_by("pk"),
            "outcome": workflow_ballot.ballot_outcome(call) if call.status == Call.Status.SUBMITTED else None,
            "settings_rows": settings_rows,
            "screening_unit": perms.screening_unit(congress),
            "is_office": request.roles.has(*perms.OFFICE),
        },
    )


@require_POST
@login_required
def call_action(request, pk, verb):
    call = perms.get_call_for_user(request, pk)
    if page := _unconfirmed(request, verb, call, "projects:call_detail"):
        return page
    if verb == "submit_candidates":
        form = forms.SubmitCandidatesForm(request.POST, congress=request.congress)
        if not form.is_valid():
            messages.error(request, steps.first_error(form))
            return redirect("projects:call_detail", call.pk)
        _run(
            request,
            lambda: workflow_call.submit_candidates(
                call, actor=request.user, request=request, session=form.cleaned_data["session"]
            ),
            "候选项目名单已提请大会。",
        )
    else:
        action = {
            "close_call": workflow_call.close_call,
            "lock_candidates": workflow_call.lock_candidates,
            "announce_result": workflow_call.announce_result,
        }[verb]
        _run(
            request,
            lambda: action(call, actor=request.user, request=request),
            f"已{workflow.ACTION_LABELS[verb]}。",
        )
    return redirect("projects:call_detail", call.pk)


# --------------------------------------------------------------------------- proposals


@require_GET
@login_required
def proposal_list(request, pk):
    call = perms.get_call_for_user(request, pk)
    if not perms.can_view_proposals(request):
        raise Http404
    form = forms.ProposalFilterForm(request.GET or None, congress=request.congress)
    data = form.cleaned_data if form.is_valid() else {}
    proposals = queries.filter_proposals(call, data)
    if request.GET.get("format") == "xlsx":
        return downloads.export(
            request,
            documents.proposals_xlsx(call, proposals, with_mobile=perms.sees_mobile(request)),
            f"{call.year}年度群众建议.xlsx",
            f"proposals-{call.year}.xlsx",
            what=f"{call.year}年度群众建议",
            rows=proposals.count(),
        )
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    if perms.sees_mobile(request) and page.object_list:
        audit.record_read(
            request,
            call,
            what=f"查看群众建议联系人手机号码（第 {page.number} 页，{len(page.object_list)} 条）",
        )
    return render(
        request,
        "projects/proposal_list.html",
        {"call": call, "form": form, "page": page, "sees_mobile": perms.sees_mobile(request)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def proposal_new(request):
    """Deputies and stations submit on behalf of citizens; staff enter paper letters."""
    _signed_in(request)
    congress = request.congress
    if not perms.can_submit_on_behalf(request.user, congress):
        raise PermissionDenied
    call = Call.objects.filter(congress=congress, status=Call.Status.OPEN).order_by("-year").first()
    stations = Station.objects.filter(pk__in=request.roles.station_ids)
    form = forms.OnBehalfProposalForm(
        request.POST or None, request.FILES or None, congress=congress, stations=stations
    )
    if request.method == "POST" and call is None:
        messages.error(request, "当前没有正在进行的项目征集。")
    elif request.method == "POST" and form.is_valid():
        deputy = deputy_of(request.user, congress)
        station = form.cleaned_data.get("station")
        if request.roles.has("staff") and not (deputy or station):
            channel = Proposal.Channel.PAPER
        elif station is not None or (deputy is None and stations.exists()):
            channel, station = Proposal.Channel.STATION, station or stations.first()
        else:
            channel = Proposal.Channel.DEPUTY
        result = _run(
            request,
            lambda: workflow_proposal.submit_proposal(
                call,
                data=form.cleaned_data,
                files=form.cleaned_data["files"],
                channel=channel,
                actor=request.user,
                deputy=deputy if channel == Proposal.Channel.DEPUTY else None,
                station=station,
                request=request,
            ),
            "",
        )
        if result:
            proposal, duplicate = result
            messages.success(
                request,
                f"已提交，查询码 {proposal.tracking_code}"
                + ("（与已收到的建议内容相同，已关联到该建议）" if duplicate else "")
                + "。",
            )
            return redirect("projects:proposal_detail", proposal.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "projects/proposal_new.html", {"form": form, "call": call}, status=status)


@require_GET
@login_required
def proposal_detail(request, pk):
    proposal = perms.get_proposal_for_user(request, pk)
    if perms.sees_mobile(request):
        audit.record_read(request, proposal, what="查看群众建议提出人、附议人的手机号码")
    return render(
        request,
        "projects/proposal_detail.html",
        {
            "proposal": proposal,
            "actions": (actions := workflow.allowed_actions(proposal, request.user)),
            "confirmations": queries.confirmations(proposal, actions),
            "can_tag": perms.can_tag_reserve_pool(request.user, proposal),
            "similar": queries.similar_proposals(proposal) if perms.can_view_proposals(request) else [],
            "merge_form": forms.MergeForm(),
            "decline_form": forms.DeclineForm(),
            "sees_mobile": perms.sees_mobile(request),
            "projects": proposal.projects.all(),
            "supporters": proposal.supporter_rows.all() if perms.sees_mobile(request) else [],
        },
    )


@require_POST
@login_required
def proposal_action(request, pk, verb):
    proposal = perms.get_proposal_for_user(request, pk)
    if page := _unconfirmed(request, verb, proposal, "projects:proposal_detail"):
        return page
    if verb == "merge":
        form = forms.MergeForm(request.POST)
        target = None
        if form.is_valid():
            target = Proposal.objects.filter(
                call=proposal.call, tracking_code=form.cleaned_data["into"].strip().upper()
            ).first()
        if target is None:
            messages.error(request, "没有找到该查询码对应的建议（须为同一年度征集）。")
        else:
            _run(
                request,
                lambda: workflow_proposal.merge(proposal, actor=request.user, into=target, request=request),
                f"已合并到 {target.tracking_code}。",
            )
    elif verb == "decline":
        form = forms.DeclineForm(request.POST)
        if not form.is_valid():
            messages.error(request, steps.first_error(form))
        else:
            _run(
                request,
                lambda: workflow_proposal.decline(
                    proposal, actor=request.user, request=request, **form.cleaned_data
                ),
                "已记录未采纳原因。",
            )
    elif verb == "reserve_pool":
        on = request.POST.get("on") == "1"
        _run(
            request,
            lambda: workflow_proposal.tag_reserve_pool(proposal, actor=request.user, on=on, request=request),
            "已加入储备库。" if on else "已移出储备库。",
        )
    else:
        raise Http404
    return redirect("projects:proposal_detail", proposal.pk)


@require_GET
@login_required
def attachment(request, pk):
    item = get_object_or_404(Attachment.objects.select_related("proposal", "report__project"), pk=pk)
    if item.proposal_id:
        perms.get_proposal_for_user(request, item.proposal_id)
    else:
        perms.get_project_for_user(request, item.report.project_id)
    return file_download(
        item.file.open("rb"), item.original_name, inline=True, content_type=item.content_type
    )


# --------------------------------------------------------------------------- screening: candidate projects


@require_http_methods(["GET", "POST"])
@login_required
def project_new(request, pk):
    call = perms.get_call_for_user(request, pk)
    if not perms.can_draw_up(request.user, call):
        raise PermissionDenied
    form = forms.ProjectForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        proposals = list(data.pop("proposals"))
        project = _run(
            request,
            lambda: workflow_call.draw_up(
                call, actor=request.user, proposals=proposals, request=request, **data
            ),
            "已拟定候选项目。",
        )
        if project:
            return redirect("projects:project_detail", project.pk)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "call": call},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def project_edit(request, pk):
    project = perms.get_project_for_user(request, pk)
    if not perms.can_edit_project(request.user, project):
        raise PermissionDenied
    form = forms.ProjectForm(
        request.POST or None,
        instance=project,
        call=project.call,
        initial={"proposals": project.proposals.all()},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in workflow_call.PROJECT_FIELDS}
        project.refresh_from_db()
        if _run(
            request,
            lambda: workflow_call.edit_project(
                project,
                actor=request.user,
                request=request,
                proposals=list(form.cleaned_data["proposals"]),
                **data,
            ),
            "已保存。",
        ):
            return redirect("projects:project_detail", project.pk)
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "call": project.call, "project": project},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@login_required
def project_detail(request, pk):
    project = perms.get_project_for_user(request, pk)
    user = request.user
    group = getattr(project, "supervision_group", None)
    members = Deputy.objects.filter(congress=request.congress)
    suggested = (
        queries.suggest_members(project)
        if perms.can_confirm_group(user, project)
        and project.status in (Project.Status.ADOPTED, Project.Status.EVALUATED)
        else []
    )
    group_choices = members.filter(
        pk__in=[d.pk for d in suggested] + (list(group.members.values_list("pk", flat=True)) if group else [])
    )
    activities = list(project.activities.prefetch_related("participants"))
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "milestones": queries.milestone_rows(project),
            "reports": project.reports.prefetch_related("photos"),
            "group": group,
            "group_members": group.members.all() if group else [],
            "activities": [(a, workflow.allowed_actions(a, user)) for a in activities],
            "can_plan": perms.can_plan(user, project) and project.status == Project.Status.ADOPTED,
            "can_report": perms.can_report_progress(user, project),
            "can_edit": perms.can_edit_project(user, project),
            "can_confirm_group": perms.can_confirm_group(user, project) and group is not None,
            "can_record": perms.can_record_activity(user, project) and group is not None,
            "milestone_form": forms.MilestoneForm(),
            "report_form": forms.ReportForm(),
            "group_form": forms.GroupForm(
                choices=group_choices,
                initial={
                    "members": group.members.all() if group and group.members.exists() else suggested,
                    "head": group.head if group else None,
                },
            ),
            "activity_form": forms.ActivityForm(choices=group.members.all() if group else members.none()),
            "reply_form": forms.ReplyForm(),
            "done_form": forms.MilestoneDoneForm(),
            "percent": queries.latest_percent(project),
            "can_view_proposals": perms.can_view_proposals(request),
        },
    )


def _project_post(request, pk, form_class, action, success, **form_kwargs):
    project = perms.get_project_for_user(request, pk)
    form = form_class(request.POST, request.FILES or None, **form_kwargs) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, steps.first_error(form))
    else:
        _run(request, lambda: action(project, form.cleaned_data if form else {}), success)
    return redirect("projects:project_detail", project.pk)


@require_POST
@login_required
def milestone_add(request, pk):
    return _project_post(
        request,
        pk,
        forms.MilestoneForm,
        lambda p, d: workflow_implementation.add_milestone(p, actor=request.user, request=request, **d),
        "已增加节点。",
    )


@require_POST
@login_required
def milestone_done(request, pk):
    milestone = get_object_or_404(Milestone, pk=pk)
    perms.get_project_for_user(request, milestone.project_id)
    form = forms.MilestoneDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
    else:
        _run(
            request,
            lambda: workflow_implementation.complete_milestone(
                milestone, actor=request.user, request=request, done_on=form.cleaned_data["done_on"]
            ),
            "节点已完成。",
        )
    return redirect("projects:project_detail", milestone.project_id)


@require_POST
@login_required
def report_add(request, pk):
    def action(project, data):
        return workflow_implementation.report_progress(
            project,
            actor=request.user,
            request=request,
            reported_on=data["reported_on"],
            percent=data["percent"],
            text=data["text"],
            spent=data["spent"],
            photos=data["photos"],
        )

    return _project_post(request, pk, forms.ReportForm, action, "已报告进度。")


@require_POST
@login_required
def group_confirm(request, pk):
    project = perms.get_project_for_user(request, pk)
    form = forms.GroupForm(request.POST, choices=Deputy.objects.filter(congress=request.congress))
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
    else:
        _run(
            request,
            lambda: workflow_supervision.confirm_group(
                project,
                actor=request.user,
                request=request,
                members=list(form.cleaned_data["members"]),
                head=form.cleaned_data["head"],
            ),
            "监督小组已确定。",
        )
    return redirect("projects:project_detail", project.pk)


@require_POST
@login_required
def activity_add(request, pk):
    project = perms.get_project_for_user(request, pk)
    group = getattr(project, "supervision_group", None)
    form = forms.ActivityForm(request.POST, choices=group.members.all() if group else Deputy.objects.none())
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
    else:
        data = form.cleaned_data
        _run(
            request,
            lambda: workflow_supervision.record_activity(
                project,
                actor=request.user,
                request=request,
                kind=data["kind"],
                held_on=data["held_on"],
                participants=list(data["participants"]),
                findings=data["findings"],
            ),
            "已记录监督活动。",
        )
    return redirect("projects:project_detail", project.pk)


@require_POST
@login_required
def activity_action(request, pk, verb):
    activity = perms.get_activity_for_user(request, pk)
    if verb == "send_findings":
        _run(
            request,
            lambda: workflow_supervision.send_findings(activity, actor=request.user, request=request),
            "已送承办单位。",
        )
    else:
        form = forms.ReplyForm(request.POST)
        if not form.is_valid():
            messages.error(request, steps.first_error(form))
        else:
            _run(
                request,
                lambda: workflow_supervision.reply(
                    activity, actor=request.user, request=request, text=form.cleaned_data["text"]
                ),
                "已答复。",
            )
    return redirect("projects:project_detail", activity.project_id)


@require_GET
@login_required
def dashboard(request):
    _signed_in(request)
    units = request.roles.unit_ids
    if not perms.can_view_dashboard(request) and not units:
        raise Http404
    rows = queries.dashboard_rows(request.congress, perms.visible_projects(request))
    return render(request, "projects/dashboard.html", {"rows": rows})


# --------------------------------------------------------------------------- exports


@require_GET
@login_required
def call_export(request, pk, what):
    call = perms.get_call_for_user(request, pk)
    if not request.roles.has(*perms.OFFICE):
        raise Http404
    if what == "projects.xlsx":
        return downloads.export(
            request,
            documents.projects_xlsx(call),
            f"{call.year}年度民生实事项目.xlsx",
            f"projects-{call.year}.xlsx",
            what=f"{call.year}年度民生实事项目",
            rows=call.projects.count(),
        )
    if what == "candidates.docx":
        if call.status in (Call.Status.OPEN, Call.Status.SCREENING):
            raise Http404
        return download(
            documents.candidate_list(call),
            f"{call.year}年度民生实事候选项目名单.docx",
            f"candidates-{call.year}.docx",
        )
    if what == "announcement.docx" and call.status == Call.Status.ANNOUNCED:
        return download(
            documents.announcement(call),
            f"{call.year}年度民生实事项目票决结果公告.docx",
            f"announcement-{call.year}.docx",
        )
    raise Http404


# --------------------------------------------------------------------------- ballot


@require_POST
@login_required
def ballot_new(request, pk):
    call = perms.get_call_for_user(request, pk)
    form = forms.BallotForm(request.POST, congress=request.congress)
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
        return redirect("projects:call_detail", call.pk)
    ballot = _run(
        request,
        lambda: workflow_ballot.create_ballot(call, actor=request.user, request=request, **form.cleaned_data),
        "已安排票决。",
    )
    return (
        redirect("projects:ballot_detail", ballot.pk) if ballot else redirect("projects:call_detail", call.pk)
    )


@require_GET
@login_required
def ballot_detail(request, pk):
    ballot = perms.get_ballot_for_user(request, pk)
    result = ballot.result or {}
    rows = [
        (
            i,
            title,
            (result.get("counts") or {}).get(title),
            title in (result.get("adopted") or []),
            (result.get("line_counts") or {}).get(title),
        )
        for i, title in enumerate(ballot.candidates, start=1)
    ]
    context = {
        **_paper_context(ballot, request.user),
        "ballot": ballot,
        "rows": rows,
        "result": result,
        "actions": (actions := workflow.allowed_actions(ballot, request.user)),
        "confirmations": queries.confirmations(ballot, actions),
        "close_form": forms.CloseForm(),
        "tellers": list(ballot.tellers.order_by("pk")),
        "is_teller": perms.can_enter_sheets(request.user, ballot),
        "voted": ballot.participations.count(),
        "follow_ups": ProjectBallot.objects.filter(call=ballot.call, pk__gt=ballot.pk).order_by("pk"),
    }
    if (
        ballot.status != ProjectBallot.Status.CLOSED
        and perms.can_run_ballot(request.user, ballot.congress_id)
        and not ballot.teller_entries.exists()
    ):
        context["tellers_form"] = forms.TellersForm(
            congress=request.congress, initial={"tellers": context["tellers"]}
        )
    if ballot.sheets and ballot.status == ProjectBallot.Status.COUNTING:
        _tellers, mismatches, agreed = workflow_ballot.sheet_comparison(ballot)
        context.update(mismatch_count=len(mismatches), agreed=agreed)
    return render(request, "projects/ballot_detail.html", context)


@require_POST
@login_required
def ballot_action(request, pk, verb):
    ballot = perms.get_ballot_for_user(request, pk)
    if page := _unconfirmed(request, verb, ballot, "projects:ballot_detail"):
        return page
    if verb == "open_ballot":
        _run(
            request,
            lambda: workflow_ballot.open_ballot(ballot, actor=request.user, request=request),
            "票决开始。",
        )
    elif verb == "close_ballot":
        form = forms.CloseForm(request.POST)
        if not form.is_valid():
            messages.error(request, steps.first_error(form))
        else:
            _run(
                request,
                lambda: workflow_ballot.close_ballot(
                    ballot, actor=request.user, request=request, **form.cleaned_data
                ),
                "投票结束。",
            )
    elif verb == "count_ballot":
        _run(
            request,
            lambda: workflow_ballot.count_ballot(ballot, actor=request.user, request=request),
            "计票完成。",
        )
    elif verb == "choose_tellers":
        form = forms.TellersForm(request.POST, congress=request.congress)
        if not form.is_valid():
            messages.error(request, steps.first_error(form))
        else:
            _run(
                request,
                lambda: workflow_ballot.choose_tellers(
                    ballot, actor=request.user, request=request, tellers=list(form.cleaned_data["tellers"])
                ),
                "计票人已确定。",
            )
    elif verb == "decide_tie":
        _run(
            request,
            lambda: workflow_ballot.decide_tie(
                ballot, actor=request.user, request=request, chosen=request.POST.getlist("chosen")
            ),
            "已记录主席团决定。",
        )
    else:
        raise Http404
    return redirect("projects:ballot_detail", ballot.pk)


def _paper_context(poll, user) -> dict:
    """Who can still take a paper ballot during an electronic ballot or evaluation (present at the
    opening, not yet voted), and how many did."""
    open_electronic = poll.method == "electronic" and poll.status == "open"
    return {
        "paper_candidates": (
            Deputy.objects.filter(pk__in=poll.issued_to)
            .exclude(pk__in=poll.participations.values("deputy"))
            .order_by("number")
            if open_electronic and perms.can_run_ballot(user, poll.congress_id)
            else []
        ),
        "paper_issued": poll.paper_issued if poll.method == "electronic" else 0,
    }


@require_POST
@login_required
def issue_paper_ballot(request, kind, pk):
    """发给纸质选票 / 测评票: a deputy present at the opening takes paper instead of the device."""
    poll = _poll_for_staff(request, kind, pk)
    deputy = picked_deputy(poll.congress_id, request.POST.get("deputy"))
    what = "选票" if kind == "ballot" else "测评票"
    if deputy is None:
        messages.error(request, f"请选择领取纸质{what}的代表。")
    else:
        _run(
            request,
            lambda: workflow_ballot.issue_paper_ballot(
                poll, actor=request.user, deputy=deputy, request=request
            ),
            f"已发给 {deputy.name} 纸质{what}；该代表不能再在终端上投票。",
        )
    return redirect(f"projects:{kind}_detail", poll.pk)


@require_http_methods(["GET", "POST"])
@login_required
def sheet_entry(request, pk):
    """One teller enters paper sheets; they see only their own entries (independent entry)."""
    ballot = perms.get_ballot_for_user(request, pk)
    if not perms.can_enter_sheets(request.user, ballot):
        raise PermissionDenied("只有本次票决指定的计票人可以录入选票。")
    form = forms.SheetsForm(request.POST or None)
    error = ""
    if request.method == "POST":
        if not form.is_valid():
            error = steps.first_error(form)
        else:
            try:
                entries = workflow_ballot.enter_sheets(
                    ballot,
                    teller=request.user,
                    request=request,
                    text=form.cleaned_data["sheets"],
                    first=form.cleaned_data["first"],
                )
            except TransitionRefused as refusal:
                error = str(refusal)
            else:
                first, last = entries[0].sheet, entries[-1].sheet
                messages.success(
                    request, f"第 {first} 张已录入。" if first == last else f"第 {first} 至 {last} 张已录入。"
                )
                return redirect("projects:sheet_entry", ballot.pk)
    mine = list(ballot.teller_entries.filter(teller=request.user).order_by("sheet"))
    entered = {e.sheet for e in mine}
    next_sheet = next((n for n in range(1, ballot.sheets + 1) if n not in entered), None)
    if request.method == "GET":
        form = forms.SheetsForm(initial={"first": next_sheet or 1})
    return render(
        request,
        "projects/sheet_entry.html",
        {
            "ballot": ballot,
            "form": form,
            "error": error,
            "next_sheet": next_sheet,
            "entries": [(e.sheet, rules.sheet_line(ballot.mode, ballot.candidates, e.content)) for e in mine],
            "candidates": list(enumerate(ballot.candidates, start=1)),
        },
        status=400 if error else 200,
    )


@require_GET
@login_required
def compare(request, pk):
    """Every sheet where the two tellers differ or one has not entered it."""
    ballot = perms.get_ballot_for_user(request, pk)
    tellers, mismatches, agreed = workflow_ballot.sheet_comparison(ballot)
    return render(
        request,
        "projects/compare.html",
        {
            "ballot": ballot,
            "tellers": tellers,
            "mismatches": mismatches,
            "agreed": agreed,
            "candidates": list(enumerate(ballot.candidates, start=1)),
        },
    )


@require_GET
@login_required
def ballot_export(request, pk):
    ballot = perms.get_ballot_for_user(request, pk)
    if ballot.status != ProjectBallot.Status.CLOSED:
        raise Http404
    document = workflow_ballot.export_document(ballot)
    content = json.dumps(document, ensure_ascii=False, indent=2)
    return downloads.export(
        request,
        content.encode(),
        f"project-ballot-{ballot.pk}.json",
        what=f"民生实事项目票决选票（{ballot}）",
        rows=len(document["ballots"]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def ballot_vote(request, pk):
    deputy = perms.get_own_deputy(request)
    ballot = get_object_or_404(ProjectBallot, pk=pk, congress=request.congress)
    voted = ballot.participations.filter(deputy=deputy).exists()
    question = queries.confirmation("cast_ballot", ballot)
    error, status = "", 200
    if request.method == "POST":
        page = confirm.unconfirmed(request, question, back=reverse("projects:ballot_vote", args=[ballot.pk]))
        if page:
            return page
        choices = polls.choices_from_form(ballot, request.POST)
        try:
            fingerprint = workflow_ballot.cast_ballot(
                ballot,
                deputy=deputy,
                choices=choices,
                sealed=request.POST.get("sealed") or None,
                request=request,
            )
        except TransitionRefused as refusal:
            error, status = str(refusal), 409 if isinstance(refusal, AlreadyVoted) else 400
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request,
                f"投票成功。选票回执：{crypto.receipt(fingerprint)}（可在公布的选票指纹清单中查到）。",
            )
            return redirect("projects:ballot_vote", ballot.pk)
    return render(
        request,
        "projects/ballot_vote.html",
        {
            "ballot": ballot,
            "voted": voted,
            "took_paper": voted and workflow_ballot.took_paper(ballot, deputy),
            "question": question,
            "error": error,
            "candidates": list(enumerate(ballot.candidates, start=1)),
            "issued": deputy.pk in ballot.issued_to,
            "seal_params": _seal_params(ballot, workflow_ballot.seal_slots),
        },
        status=status,
    )


# --------------------------------------------------------------------------- evaluation


@require_POST
@login_required
def evaluation_new(request, pk):
    call = perms.get_call_for_user(request, pk)
    form = forms.EvaluationForm(request.POST, congress=request.congress)
    if not form.is_valid():
        messages.error(request, steps.first_error(form))
        return redirect("projects:call_detail", call.pk)
    evaluation = _run(
        request,
        lambda: workflow_evaluation.create_evaluation(
            call, actor=request.user, request=request, **form.cleaned_data
        ),
        "已安排测评。",
    )
    return (
        redirect("projects:evaluation_detail", evaluation.pk)
        if evaluation
        else redirect("projects:call_detail", call.pk)
    )


@require_GET
@login_required
def evaluation_detail(request, pk):
    evaluation = perms.get_evaluation_for_user(request, pk)
    result = (evaluation.result or {}).get("items", {})
    rows = [(t, (evaluation.counts or {}).get(t), result.get(t)) for t in evaluation.items]
    return render(
        request,
        "projects/evaluation_detail.html",
        {
            **_paper_context(evaluation, request.user),
            "device_counts": (
                workflow_evaluation.device_counts(evaluation)
                if evaluation.ballot_box and evaluation.ballot_box.totals is not None
                else None
            ),
            "evaluation": evaluation,
            "rows": rows,
            "actions": (actions := workflow.allowed_actions(evaluation, request.user)),
            "confirmations": queries.confirmations(evaluation, actions),
            "close_form": forms.CloseForm(),
            "voted": evaluation.participations.count(),
            "grades": queries.GRADE_LABELS,
        },
    )


@require_POST
@login_required
def evaluation_action(request, pk, verb):
    evaluation = perms.get_evaluation_for_user(request, pk)
    if page := _unconfirmed(request, verb, evaluation, "projects:evaluation_detail"):
        return page
    if verb == "open_evaluation":
        _run(
            request,
            lambda: workflow_evaluation.open_evaluation(evaluation, actor=request.user, request=request),
            "测评开始。",
        )
    elif verb == "close_evaluation":
        form = forms.CloseForm(request.POST)
        if not form.is_valid():
            messages.error(request, steps.first_error(form))
        else:
            _run(
                request,
                lambda: workflow_evaluation.close_evaluation(
                    evaluation, actor=request.user, request=request, **form.cleaned_data
                ),
                "测评结束。",
            )
    elif verb == "count_evaluation":
        counts, bad = {}, False
        for i, title in enumerate(evaluation.items, start=1):
            counts[title] = {}
            for grade in counting.GRADES:
                raw = request.POST.get(f"{grade}-{i}", "").strip()
                if not raw.isdigit() or len(raw) > 6:
                    bad = True
                counts[title][grade] = int(raw) if raw.isdigit() and len(raw) <= 6 else 0
        if bad:
            messages.error(request, "请为每个项目填写满意、基本满意、不满意的票数（非负整数）。")
        else:
            _run(
                request,
                lambda: workflow_evaluation.count_evaluation(
                    evaluation, actor=request.user, request=request, counts=counts
                ),
                "测评结果已公布。",
            )
    else:
        raise Http404
    return redirect("projects:evaluation_detail", evaluation.pk)


@require_GET
@login_required
def evaluation_export(request, pk):
    evaluation = perms.get_evaluation_for_user(request, pk)
    if evaluation.status != Evaluation.Status.CLOSED:
        raise Http404
    document = workflow_evaluation.evaluation_document(evaluation)
    content = json.dumps(document, ensure_ascii=False, indent=2)
    return downloads.export(
        request,
        content.encode(),
        f"evaluation-{evaluation.pk}.json",
        what=f"满意度测评计票数据（{evaluation}）",
        rows=len(document["items"]),
    )


@require_http_methods(["GET", "POST"])
@login_required
def evaluation_vote(request, pk):
    deputy = perms.get_own_deputy(request)
    evaluation = get_object_or_404(Evaluation, pk=pk, congress=request.congress)
    question = queries.confirmation("cast_evaluation", evaluation)
    error, status = "", 200
    if request.method == "POST":
        page = confirm.unconfirmed(
            request, question, back=reverse("projects:evaluation_vote", args=[evaluation.pk])
        )
        if page:
            return page
        marks = {t: request.POST.get(f"grade-{i}", "") for i, t in enumerate(evaluation.items, start=1)}
        try:
            fingerprint = workflow_evaluation.cast_evaluation(
                evaluation,
                deputy=deputy,
                marks=marks,
                sealed=request.POST.get("sealed") or None,
                request=request,
            )
        except TransitionRefused as refusal:
            error, status = str(refusal), 409 if isinstance(refusal, AlreadyVoted) else 400
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, f"测评票已提交。选票回执：{crypto.receipt(fingerprint)}。")
            return redirect("projects:evaluation_vote", evaluation.pk)
    return render(
        request,
        "projects/evaluation_vote.html",
        {
            "evaluation": evaluation,
            "voted": (voted := evaluation.participations.filter(deputy=deputy).exists()),
            "took_paper": voted and workflow_ballot.took_paper(evaluation, deputy),
            "question": question,
            "error": error,
            "items": list(enumerate(evaluation.items, start=1)),
            "grades": queries.GRADE_LABELS,
            "issued": deputy.pk in evaluation.issued_to,
            "seal_params": _seal_params(evaluation, workflow_evaluation.seal_slots),
        },
        status=status,
    )


def _seal_params(poll, slots) -> dict | None:
    """What the device's script needs to encrypt the ballot (core/static/core/seal_form.js)."""
    if poll.ballot_box_id is None or poll.status != "open":
        return None
    return {**ballot_box.device_parameters(poll.ballot_box), "slots": slots(poll)}


def _poll_for_staff(request, kind: str, pk: int):
    return (
        perms.get_ballot_for_user(request, pk)
        if kind == "ballot"
        else perms.get_evaluation_for_user(request, pk)
    )


@require_GET
@login_required
def teller_document(request, kind, pk):
    """The closed box's homomorphic sum, for the tellers' offline `renda decryption_share`."""
    poll = _poll_for_staff(request, kind, pk)
    if not perms.can_run_ballot(request.user, poll.congress_id):
        raise Http404
    return tellers.teller_document(
        request, poll, file_name=f"project-{kind}-{poll.pk}-box.json", what=f"票箱密文合计（{poll}）"
    )


@require_POST
@login_required
def submit_decryption_share(request, kind, pk):
    poll = _poll_for_staff(request, kind, pk)
    module = workflow_ballot if kind == "ballot" else workflow_evaluation
    return tellers.submit_decryption_share(
        request,
        lambda document: module.submit_decryption_share(
            poll, actor=request.user, document=document, request=request
        ),
        redirect_to=reverse(f"projects:{kind}_detail", args=[poll.pk]),
    )


@require_GET
@login_required
def ballot_box_export(request, kind, pk):
    """A counted electronic ballot's or evaluation's encrypted ballot box for `renda tally`."""
    poll = _poll_for_staff(request, kind, pk)
    return tellers.ballot_box_export(
        request,
        poll,
        lambda: workflow_ballot.ballot_box_export(poll),
        file_name=f"project-{kind}-{poll.pk}-ballot-box.json",
        what=f"票箱（{poll}，含参加投票的代表名单）",
    )


# =========================================================================== public pages (no login)


def _year_context(call: Call) -> dict:
    projects = list(queries.public_projects(call))
    for project in projects:
        project.percent = queries.latest_percent(project)
    announced = call.status == Call.Status.ANNOUNCED
    ballot = workflow_ballot.ballot_outcome(call)["main"] if announced else None
    return {
        "call": call,
        "projects": projects,
        "announced": announced,
        "ballot": ballot,
        "adopted": [p for p in projects if p.status in (Project.Status.ADOPTED, Project.Status.EVALUATED)],
        "evaluation": call.evaluations.filter(status=Evaluation.Status.CLOSED).first(),
        "proposal_count": call.proposals.exclude(status=Proposal.Status.MERGED).count(),
        "accepting": workflow_proposal.accepting(call),
    }


@require_GET
def public_index(request, code):
    congress = public_congress(code)
    calls = list(queries.public_calls(congress))
    current = calls[0] if calls else None
    return render(
        request,
        "projects/public_index.html",
        {"public_congress": congress, "calls": calls, **(_year_context(current) if current else {})},
    )


@require_GET
def public_year(request, code, year):
    congress = public_congress(code)
    call = get_object_or_404(Call, congress=congress, year=year)
    return render(request, "projects/public_year.html", {"public_congress": congress, **_year_context(call)})


@require_GET
def public_proposals(request, code, year):
    congress = public_congress(code)
    call = get_object_or_404(Call, congress=congress, year=year)
    proposals = (
        call.proposals.exclude(status=Proposal.Status.MERGED)
        .select_related("subdistrict")
        .only("tracking_code", "title", "category", "status", "subdistrict__name", "created_at", "supporters")
    )
    page = Paginator(proposals.order_by("-created_at", "-pk"), 30).get_page(request.GET.get("page"))
    return render(
        request, "projects/public_proposals.html", {"public_congress": congress, "call": call, "page": page}
    )


@require_GET
def public_project(request, code, pk):
    congress = public_congress(code)
    project = get_object_or_404(Project.objects.select_related("call", "lead_unit"), pk=pk, congress=congress)
    if not queries.public_projects(project.call).filter(pk=project.pk).exists():
        raise Http404
    return render(
        request,
        "projects/public_project.html",
        {
            "public_congress": congress,
            "project": project,
            "percent": queries.latest_percent(project),
            "milestones": queries.milestone_rows(project),
            "grade_labels": queries.GRADE_LABELS,
        },
    )


@require_http_methods(["GET", "POST"])
def public_propose(request, code):
    # One query for the congress and its open call (this page takes the bulk of a busy call's load).
    call = (
        Call.objects.select_related("congress")
        .filter(congress__code=code, status=Call.Status.OPEN)
        .order_by("-year")
        .first()
    )
    congress = call.congress if call is not None else public_congress(code)
    if call is None or not workflow_proposal.accepting(call):
        return render(
            request,
            "projects/public_propose.html",
            {"public_congress": congress, "call": call, "closed": True},
        )
    guards = guards_on()
    form = forms.PublicProposalForm(
        request.POST or None, request.FILES or None, congress=congress, request=request, guards=guards
    )
    status, limited = 200, ""
    if request.method == "POST":
        ip = audit.client_ip(request) or ""
        if guards and (refusal := workflow_proposal.too_many_from_address(ip)):
            limited, status = refusal, 429
        elif form.is_valid():
            mobile = form.cleaned_data["mobile"]
            if guards and (refusal := workflow_proposal.too_many_from_mobile(mobile)):
                limited, status = refusal, 429
            else:
                try:
                    proposal, duplicate = workflow_proposal.submit_proposal(
                        call, data=form.cleaned_data, files=form.cleaned_data["files"]
                    )
                except TransitionRefused as error:
                    limited, status = str(error), 409
                else:
                    suffix = "?duplicate=1" if duplicate else "?new=1"
                    return redirect(
                        f"{request.path.rsplit('/propose/', 1)[0]}/track/{proposal.tracking_code}/" + suffix
                    )
        else:
            status = 400
    if guards:
        form.refresh_question()
    return render(
        request,
        "projects/public_propose.html",
        {"public_congress": congress, "call": call, "form": form, "limited": limited},
        status=status,
    )


@require_GET
def public_track(request, code, tracking_code=None):
    congress = public_congress(code)
    tracking_code = (tracking_code or request.GET.get("code", "")).strip().upper()[:20]
    proposal = None
    if tracking_code:
        proposal = (
            Proposal.objects.filter(congress=congress, tracking_code=tracking_code)
            .select_related("call", "subdistrict", "merged_into")
            .first()
        )
    return render(
        request,
        "projects/public_track.html",
        {
            "public_congress": congress,
            "proposal": proposal,
            "code": tracking_code,
            "new": request.GET.get("new") == "1",
            "duplicate": request.GET.get("duplicate") == "1",
            "projects": proposal.projects.exclude(status=Project.Status.DRAFT) if proposal else [],
        },
        status=404 if tracking_code and proposal is None else 200,
    )
