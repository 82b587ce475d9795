"""Thin views: parse, check, call workflow, render. A refusal becomes a Chinese message, never a 500."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import office_required, role_required, staff_required
from core import audit, confirm, dates, downloads, steps
from core.ballot_box import box as ballot_box
from core.ballot_box import crypto
from core.ballot_box import responses as tellers
from core.downloads import download
from meetings.models import Attendance
from oversight import documents, forms, permissions, queries, workflow
from oversight.models import (
    DeliberationOpinions,
    Evaluation,
    Participant,
    SupervisionPlan,
)
from registry.bodies import picked_deputy
from registry.models import Deputy

PER_PAGE = 30
opinions_required = role_required(Role.STAFF, Role.LEADER, Role.UNIT_HANDLER)
deputy_required = role_required(Role.DEPUTY)


def _act(request, verb: str, obj, form, call, success: str, redirect_to: str):
    """Check the permission, validate the form, call the workflow; messages carry the outcome."""
    if not permissions.can(verb, request.user, obj):
        raise PermissionDenied("您没有权限进行此操作。")

    def ask():
        if verb in queries.CONFIRMED_VERBS and verb in workflow.allowed_actions(obj, request.user):
            return confirm.unconfirmed(request, queries.confirmation(verb, obj), back=redirect_to)
        return None

    return steps.run_step(request, call, success=success, back=redirect_to, form=form, ask=ask)


# --------------------------------------------------------------------------- activities and plans


@require_GET
@office_required
def activity_list(request):
    form = forms.ActivityFilterForm(request.GET or None)
    year = kind = None
    if form.is_bound and form.is_valid():
        year, kind = form.cleaned_data["year"], form.cleaned_data["kind"]
    records = queries.activities(request.congress, year=year, kind=kind or "")
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    template = "oversight/activity_list.html#results" if request.htmx else "oversight/activity_list.html"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "plans": SupervisionPlan.objects.filter(congress=request.congress),
            "can_edit": permissions.can_edit_oversight(request),
            "overdue": queries.opinions_for(request, overdue=True)
            .filter(status=DeliberationOpinions.Status.SENT)
            .count(),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def plan_create(request):
    form = forms.PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = form.save(commit=False)
        plan.congress = request.congress
        try:
            workflow.create_plan(plan, actor=request.user, request=request)
        except workflow.TransitionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "年度监督工作计划已保存为草案。")
            return redirect("oversight:plan_detail", plan.pk)
    return render(request, "oversight/form.html", {"form": form, "title": "新建年度监督工作计划"})


@require_GET
@office_required
def plan_detail(request, pk):
    plan = permissions.get_plan_for_user(request, pk)
    return render(
        request,
        "oversight/plan_detail.html",
        {
            "plan": plan,
            "actions": (actions := workflow.allowed_actions(plan, request.user)),
            "confirmations": queries.confirmations(plan, actions),
            "activities": plan.activities.select_related("unit", "meeting"),
            "publish_form": forms.DateForm(label="主任会议通过日期"),
        },
    )


@require_POST
@office_required
def publish(request, pk):
    plan = permissions.get_plan_for_user(request, pk)
    return _act(
        request,
        "publish",
        plan,
        forms.DateForm(request.POST, label="主任会议通过日期"),
        lambda d: workflow.publish(plan, actor=request.user, adopted_on=d["on"], request=request),
        "年度监督工作计划已公布。",
        reverse("oversight:plan_detail", args=[pk]),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def activity_create(request):
    form = forms.ActivityForm(
        request.POST or None, congress=request.congress, initial={"kind": request.GET.get("kind", "")}
    )
    if request.method == "POST" and form.is_valid():
        activity = form.save(commit=False)
        activity.congress = request.congress
        workflow.create_activity(activity, actor=request.user, request=request)
        messages.success(request, "监督活动已登记。")
        return redirect("oversight:activity_detail", activity.pk)
    return render(request, "oversight/form.html", {"form": form, "title": "登记监督活动"})


@require_http_methods(["GET", "POST"])
@staff_required
def activity_edit(request, pk):
    activity = permissions.get_activity_for_user(request, pk)
    before = audit.snapshot(activity)
    form = forms.ActivityForm(request.POST or None, instance=activity, congress=request.congress)
    if request.method == "POST" and form.is_valid():
        workflow.update_activity(form.save(commit=False), actor=request.user, before=before, request=request)
        messages.success(request, "已保存。")
        return redirect("oversight:activity_detail", pk)
    return render(request, "oversight/form.html", {"form": form, "title": f"修改：{activity.title}"})


@require_GET
@office_required
def activity_detail(request, pk):
    activity = permissions.get_activity_for_user(request, pk)
    timing = queries.report_timing(activity)
    return render(
        request,
        "oversight/activity_detail.html",
        {
            "activity": activity,
            "actions": (actions := workflow.allowed_actions(activity, request.user)),
            "confirmations": queries.confirmations(activity, actions),
            "can_edit": permissions.can_manage_activity(request.user, activity),
            "participants": activity.participant_rows.select_related("deputy"),
            "documents": activity.documents.all(),
            "opinions": activity.opinions.select_related("unit"),
            "timing": timing,
            "timing_ok": workflow.rules.timing_ok(timing) if timing else None,
            "deliberate_form": forms.MeetingChoiceForm(congress=request.congress),
            "conclude_form": forms.DateForm(label="完成日期"),
            "participant_form": forms.ParticipantForm(congress=request.congress),
            "document_form": forms.DocumentForm(),
        },
    )


@require_POST
@office_required
def start(request, pk):
    activity = permissions.get_activity_for_user(request, pk)
    return _act(
        request,
        "start",
        activity,
        None,
        lambda d: workflow.start(activity, actor=request.user, request=request),
        "活动已开始实施。",
        reverse("oversight:activity_detail", args=[pk]),
    )


@require_POST
@office_required
def deliberate(request, pk):
    activity = permissions.get_activity_for_user(request, pk)
    return _act(
        request,
        "deliberate",
        activity,
        forms.MeetingChoiceForm(request.POST, congress=request.congress),
        lambda d: workflow.deliberate(activity, actor=request.user, meeting=d["meeting"], request=request),
        "已登记常委会会议审议。",
        reverse("oversight:activity_detail", args=[pk]),
    )


@require_POST
@office_required
def conclude(request, pk):
    activity = permissions.get_activity_for_user(request, pk)
    return _act(
        request,
        "conclude",
        activity,
        forms.DateForm(request.POST, label="完成日期"),
        lambda d: workflow.conclude(activity, actor=request.user, on=d["on"], request=request),
        "活动已完成。",
        reverse("oversight:activity_detail", args=[pk]),
    )


@require_POST
@office_required
def participant_add(request, pk):
    activity = permissions.get_activity_for_user(request, pk)
    if not permissions.can_manage_activity(request.user, activity):
        raise PermissionDenied("您没有权限进行此操作。")
    return steps.run_step(
        request,
        lambda data: workflow.add_participant(activity, actor=request.user, request=request, **data),
        success="已加入参加人员。",
        back=reverse("oversight:activity_detail", args=[activity.pk]),
        form=forms.ParticipantForm(request.POST, congress=request.congress),
    )


@require_POST
@office_required
def participant_remove(request, pk, participant_pk):
    activity = permissions.get_activity_for_user(request, pk)
    row = get_object_or_404(
        Participant.objects.select_related("deputy"), pk=participant_pk, activity=activity
    )
    workflow.remove_participant(row, actor=request.user, request=request)
    messages.success(request, "已移出参加人员。")
    return redirect("oversight:activity_detail", pk)


@require_POST
@office_required
def document_add(request, pk):
    activity = permissions.get_activity_for_user(request, pk)
    if not permissions.can_manage_activity(request.user, activity):
        raise PermissionDenied("您没有权限进行此操作。")
    form = forms.DocumentForm(request.POST, request.FILES)
    return steps.run_step(
        request,
        lambda _: workflow.add_document(
            activity, form.save(commit=False), actor=request.user, request=request
        ),
        success="材料已登记。",
        back=reverse("oversight:activity_detail", args=[activity.pk]),
        form=form,
    )


# --------------------------------------------------------------------------- deliberation opinions


@require_http_methods(["GET", "POST"])
@staff_required
def deliberation_opinions_create(request, pk):
    activity = permissions.get_activity_for_user(request, pk)
    form = forms.OpinionsForm(
        request.POST or None,
        congress=request.congress,
        initial={"unit": activity.unit_id, "title": f"关于{activity.title}的审议意见"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            opinions = workflow.create_opinions(
                activity, actor=request.user, request=request, **form.cleaned_data
            )
        except workflow.TransitionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "审议意见已起草。")
            return redirect("oversight:deliberation_opinions_detail", opinions.pk)
    return render(request, "oversight/form.html", {"form": form, "title": f"起草审议意见：{activity.title}"})


@require_GET
@opinions_required
def deliberation_opinions_list(request):
    status = request.GET.get("status", "")
    if status not in DeliberationOpinions.Status.values:
        status = ""
    overdue = request.GET.get("overdue") == "1"
    records = queries.opinions_for(request, status=status, overdue=overdue)
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/deliberation_opinions_list.html",
        {
            "page": page,
            "status": status,
            "overdue": overdue,
            "statuses": DeliberationOpinions.Status.choices,
            "today": dates.today(),
        },
    )


@require_GET
@opinions_required
def deliberation_opinions_detail(request, pk):
    opinions = permissions.get_deliberation_opinions_for_user(request, pk)
    office = request.roles.has(Role.STAFF, Role.LEADER)
    return render(
        request,
        "oversight/deliberation_opinions_detail.html",
        {
            "opinions": opinions,
            "office": office,
            "actions": (actions := workflow.allowed_actions(opinions, request.user)),
            "confirmations": queries.confirmations(opinions, actions),
            "overdue": workflow.is_overdue(opinions),
            "reports": opinions.handling_reports.select_related("submitted_by"),
            "evaluations": opinions.evaluations.select_related("meeting") if office else [],
            "due_months": workflow.setting(request.congress, "opinions_due_months"),
            "approve_form": forms.DateForm(label="审定日期"),
            "send_form": forms.SendForm(),
            "report_form": forms.HandlingReportForm(),
            "reason_form": forms.ReasonForm(),
            "note_form": forms.NoteForm(),
            "close_form": forms.DateForm(label="办结日期"),
            "evaluation_form": forms.EvaluationForm(congress=request.congress),
        },
    )


def _opinions_action(request, pk, verb, form, call, success):
    opinions = permissions.get_deliberation_opinions_for_user(request, pk)
    return _act(
        request,
        verb,
        opinions,
        form,
        lambda d: call(opinions, d),
        success,
        reverse("oversight:deliberation_opinions_detail", args=[pk]),
    )


@require_POST
@opinions_required
def approve(request, pk):
    return _opinions_action(
        request,
        pk,
        "approve",
        forms.DateForm(request.POST, label="审定日期"),
        lambda o, d: workflow.approve(o, actor=request.user, on=d["on"], request=request),
        "审议意见已审定。",
    )


@require_POST
@opinions_required
def send(request, pk):
    return _opinions_action(
        request,
        pk,
        "send",
        forms.SendForm(request.POST),
        lambda o, d: workflow.send(
            o,
            actor=request.user,
            on=d["on"],
            resolution_due=d["resolution_due"],
            resolution_ref=d["resolution_ref"],
            request=request,
        ),
        "审议意见已送交机关。",
    )


@require_POST
@opinions_required
def submit_report(request, pk):
    return _opinions_action(
        request,
        pk,
        "submit_report",
        forms.HandlingReportForm(request.POST, request.FILES),
        lambda o, d: workflow.submit_report(
            o, actor=request.user, content=d["content"], file=d["file"], request=request
        ),
        "研究处理情况已报送。",
    )


@require_POST
@opinions_required
def send_back(request, pk):
    return _opinions_action(
        request,
        pk,
        "send_back",
        forms.ReasonForm(request.POST),
        lambda o, d: workflow.send_back(o, actor=request.user, reason=d["reason"], request=request),
        "已退回机关重新报送。",
    )


@require_POST
@opinions_required
def review(request, pk):
    return _opinions_action(
        request,
        pk,
        "review",
        forms.NoteForm(request.POST),
        lambda o, d: workflow.review(o, actor=request.user, note=d["note"], request=request),
        "研究处理情况已审查通过。",
    )


@require_POST
@opinions_required
def close(request, pk):
    return _opinions_action(
        request,
        pk,
        "close",
        forms.DateForm(request.POST, label="办结日期"),
        lambda o, d: workflow.close(o, actor=request.user, on=d["on"], request=request),
        "审议意见已办结。",
    )


@require_GET
@opinions_required
def deliberation_opinions_letter(request, pk):
    opinions = permissions.get_deliberation_opinions_for_user(request, pk)
    return download(
        documents.opinions_letter(opinions),
        f"审议意见-{opinions.pk}.docx",
        f"deliberation-opinions-{opinions.pk}.docx",
    )


# --------------------------------------------------------------------------- satisfaction votes


@require_POST
@opinions_required
def create_evaluation(request, pk):
    opinions = permissions.get_deliberation_opinions_for_user(request, pk)
    if not permissions.can_manage_opinions(request.user, opinions):
        raise PermissionDenied("您没有权限进行此操作。")
    return steps.run_step(
        request,
        lambda data: workflow.create_evaluation(opinions, actor=request.user, request=request, **data),
        success="满意度测评已安排。",
        back=reverse("oversight:deliberation_opinions_detail", args=[opinions.pk]),
        form=forms.EvaluationForm(request.POST, congress=request.congress),
        done=lambda evaluation: reverse("oversight:evaluation_detail", args=[evaluation.pk]),
    )


@require_GET
@office_required
def evaluation_detail(request, pk):
    evaluation = permissions.get_evaluation_for_user(request, pk)
    return render(
        request,
        "oversight/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "actions": (actions := workflow.allowed_actions(evaluation, request.user)),
            "confirmations": queries.confirmations(evaluation, actions),
            "voted": evaluation.participations.count(),
            "counts_form": forms.EvaluationCountsForm(),
            "paper_candidates": (
                Deputy.objects.filter(
                    attendances__meeting_id=evaluation.meeting_id,
                    attendances__status=Attendance.Status.PRESENT,
                    attendances__signed_in_at__lte=evaluation.opened_at,
                )
                .exclude(pk__in=evaluation.participations.values("deputy"))
                .order_by("number")
                if evaluation.status == "open"
                and evaluation.method == "electronic"
                and permissions.can("issue_paper_ballot", request.user, evaluation)
                else []
            ),
        },
    )


@require_POST
@office_required
def issue_paper_ballot(request, pk):
    """发给纸质测评票: a member present at the opening takes paper instead of the device."""
    evaluation = permissions.get_evaluation_for_user(request, pk)
    deputy = picked_deputy(evaluation.congress_id, request.POST.get("deputy"))
    if deputy is None:
        messages.error(request, "请选择领取纸质测评票的人员。")
    else:
        try:
            workflow.issue_paper_ballot(evaluation, actor=request.user, deputy=deputy, request=request)
        except workflow.TransitionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已发给 {deputy.name} 纸质测评票；不能再在终端上测评。")
    return redirect("oversight:evaluation_detail", pk)


def _evaluation_action(request, pk, verb, form, call, success):
    evaluation = permissions.get_evaluation_for_user(request, pk)
    return _act(
        request,
        verb,
        evaluation,
        form,
        lambda d: call(evaluation, d),
        success,
        reverse("oversight:evaluation_detail", args=[pk]),
    )


@require_POST
@office_required
def open_evaluation(request, pk):
    return _evaluation_action(
        request,
        pk,
        "open_evaluation",
        None,
        lambda e, d: workflow.open_evaluation(e, actor=request.user, request=request),
        "满意度测评已开始。",
    )


@require_POST
@office_required
def close_evaluation(request, pk):
    return _evaluation_action(
        request,
        pk,
        "close_evaluation",
        None,
        lambda e, d: workflow.close_evaluation(e, actor=request.user, request=request),
        "满意度测评已结束。",
    )


@require_GET
@office_required
def evaluation_teller_document(request, pk):
    """The closed box's homomorphic sum, for the tellers' offline `renda decryption_share`."""
    evaluation = permissions.get_evaluation_for_user(request, pk)
    return tellers.teller_document(
        request,
        evaluation,
        file_name=f"evaluation-{evaluation.pk}-box.json",
        what=f"测评票箱密文合计（{evaluation}）",
        not_ready="测评不在待解密状态。",
    )


@require_POST
@office_required
def submit_decryption_share(request, pk):
    evaluation = permissions.get_evaluation_for_user(request, pk)
    if not permissions.can("submit_decryption_share", request.user, evaluation):
        raise PermissionDenied("您没有权限进行此操作。")
    return tellers.submit_decryption_share(
        request,
        lambda document: workflow.submit_decryption_share(
            evaluation, actor=request.user, document=document, request=request
        ),
        redirect_to=reverse("oversight:evaluation_detail", args=[pk]),
    )


@require_POST
@office_required
def enter_evaluation_counts(request, pk):
    return _evaluation_action(
        request,
        pk,
        "enter_evaluation_counts",
        forms.EvaluationCountsForm(request.POST),
        lambda e, d: workflow.enter_evaluation_counts(e, actor=request.user, request=request, **d),
        "测评结果已录入。",
    )


@require_http_methods(["GET", "POST"])
@deputy_required
def cast_evaluation(request, pk):
    evaluation, attendance = permissions.get_evaluation_for_member(request, pk)
    form = forms.CastEvaluationForm(request.POST or None)
    sealed = request.POST.get("sealed") if request.method == "POST" else None
    if request.method == "POST":
        back = reverse("oversight:cast_evaluation", args=[pk])
        if page := confirm.unconfirmed(request, queries.CAST_EVALUATION_QUESTION, back=back):
            return page
        if not sealed and not form.is_valid():
            messages.error(request, steps.first_error(form))
        else:
            try:
                fingerprint = workflow.cast_evaluation(
                    evaluation,
                    actor=request.user,
                    choice="" if sealed else form.cleaned_data["choice"],
                    sealed=sealed or None,
                    request=request,
                )
            except workflow.TransitionRefused as error:
                messages.error(request, str(error))
            else:
                messages.success(request, f"测评意见已提交。选票回执：{crypto.receipt(fingerprint)}。")
        return redirect("oversight:cast_evaluation", pk)
    return render(
        request,
        "oversight/cast_evaluation.html",
        {
            "evaluation": evaluation,
            "form": form,
            "voted": workflow.has_evaluated(evaluation, attendance.deputy),
            "question": queries.CAST_EVALUATION_QUESTION,
            "seal_params": {
                **ballot_box.device_parameters(evaluation.ballot_box),
                "choices": Evaluation.Grade.values,
            }
            if evaluation.ballot_box_id and evaluation.status == Evaluation.Status.OPEN
            else None,
        },
    )


# --------------------------------------------------------------------------- appointments


def _register_filters(request):
    form = forms.RegisterFilterForm(request.GET or None, congress=request.congress)
    year = unit = kind = None
    if form.is_bound and form.is_valid():
        year, unit, kind = form.cleaned_data["year"], form.cleaned_data["unit"], form.cleaned_data["kind"]
    return form, year, unit, kind or ""


@require_GET
@office_required
def appointment_list(request):
    form, year, unit, kind = _register_filters(request)
    records = queries.appointment_register(
        request.congress, year=year, unit_id=unit.pk if unit else None, kind=kind
    )
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/appointment_list.html",
        {
            "form": form,
            "page": page,
            "can_edit": permissions.can_edit_oversight(request),
        },
    )


@require_GET
@office_required
def appointment_export(request):
    _form, year, unit, kind = _register_filters(request)
    records = queries.appointment_register(
        request.congress, year=year, unit_id=unit.pk if unit else None, kind=kind
    )
    content = documents.appointment_register_xlsx(records, year=year, unit=unit)
    label = f"{year}年" if year else "全部"
    return downloads.export(
        request,
        content,
        f"任免名册-{label}.xlsx",
        f"appointments-{year or 'all'}.xlsx",
        what=f"任免名册（{label}）",
        rows=len(records),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def appointment_create(request):
    form = forms.AppointmentForm(request.POST or None, congress=request.congress)
    if request.method == "POST" and form.is_valid():
        appointment = form.save(commit=False)
        appointment.congress = request.congress
        try:
            workflow.create_appointment(appointment, actor=request.user, request=request)
        except workflow.TransitionRefused as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "任免事项已登记。")
            return redirect("oversight:appointment_detail", appointment.pk)
    return render(request, "oversight/form.html", {"form": form, "title": "登记任免提请"})


@require_GET
@office_required
def appointment_detail(request, pk):
    appointment = permissions.get_appointment_for_user(request, pk)
    lead = workflow.setting(request.congress, "appointment_lead_days")
    return render(
        request,
        "oversight/appointment_detail.html",
        {
            "appointment": appointment,
            "actions": (actions := workflow.allowed_actions(appointment, request.user)),
            "confirmations": queries.confirmations(appointment, actions),
            "blocking": workflow.blocking_removals(appointment),
            "lead_days": lead,
            "in_time": (
                workflow.rules.received_in_time(
                    appointment.received_on, timezone.localdate(appointment.meeting.starts_at), lead
                )
                if appointment.meeting_id
                else None
            ),
            "note_form": forms.NoteForm(),
            "schedule_form": forms.ScheduleForm(congress=request.congress),
            "vote_form": forms.PutToVoteForm(),
            "counts_form": forms.PaperCountsForm(),
            "oath_form": forms.DateForm(label="宪法宣誓日期"),
            "reason_form": forms.ReasonForm(),
        },
    )


def _appointment_action(request, pk, verb, form, call, success):
    appointment = permissions.get_appointment_for_user(request, pk)
    return _act(
        request,
        verb,
        appointment,
        form,
        lambda d: call(appointment, d),
        success,
        reverse("oversight:appointment_detail", args=[pk]),
    )


@require_POST
@office_required
def preliminary_review(request, pk):
    return _appointment_action(
        request,
        pk,
        "preliminary_review",
        forms.NoteForm(request.POST),
        lambda a, d: workflow.preliminary_review(a, actor=request.user, note=d["note"], request=request),
        "已初审。",
    )


@require_POST
@office_required
def schedule(request, pk):
    return _appointment_action(
        request,
        pk,
        "schedule",
        forms.ScheduleForm(request.POST, congress=request.congress),
        lambda a, d: workflow.schedule(
            a, actor=request.user, meeting=d["meeting"], late_reason=d["late_reason"], request=request
        ),
        "已列入常委会会议。",
    )


@require_POST
@office_required
def put_to_vote(request, pk):
    return _appointment_action(
        request,
        pk,
        "put_to_vote",
        forms.PutToVoteForm(request.POST),
        lambda a, d: workflow.put_to_vote(
            a, actor=request.user, method=d["method"], secret=d["secret"], request=request
        ),
        "表决已开始。",
    )


@require_POST
@office_required
def record_result(request, pk):
    appointment = permissions.get_appointment_for_user(request, pk)
    paper = (
        appointment.vote_id
        and appointment.vote.method == appointment.vote.Method.PAPER
        and appointment.vote.status == appointment.vote.Status.OPEN
    )
    form = forms.PaperCountsForm(request.POST) if paper else None
    return _act(
        request,
        "record_result",
        appointment,
        form,
        lambda d: workflow.record_result(appointment, actor=request.user, counts=d or None, request=request),
        "表决结果已登记。",
        reverse("oversight:appointment_detail", args=[pk]),
    )


@require_POST
@office_required
def take_oath(request, pk):
    return _appointment_action(
        request,
        pk,
        "take_oath",
        forms.DateForm(request.POST, label="宪法宣誓日期"),
        lambda a, d: workflow.take_oath(a, actor=request.user, on=d["on"], request=request),
        "已登记宪法宣誓。",
    )


@require_POST
@office_required
def withdraw(request, pk):
    return _appointment_action(
        request,
        pk,
        "withdraw",
        forms.ReasonForm(request.POST),
        lambda a, d: workflow.withdraw(a, actor=request.user, reason=d["reason"], request=request),
        "已撤回。",
    )
