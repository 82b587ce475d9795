"""Thin views: parse, check, call workflow, render."""

from __future__ import annotations

import datetime as dt
import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.permissions import (
    OFFICE_ROLES,
    HeldRoles,
    deputy_of,
    has_role,
    is_staff_of,
    office_required,
    staff_required,
)
from core import audit, confirm, dates, downloads, periods, progress
from core.downloads import download, file_download
from core.models import AuditEntry
from core.workflow import TransitionRefused, refusal
from registry.models import Unit
from registry.queries import public_congress
from suggestions import documents, forms, queries, rules, search, workflow
from suggestions import permissions as perms
from suggestions.models import Attachment, Reply, Suggestion
from suggestions.workflow import ACTION_LABELS


def _congress_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if request.congress is None:
            raise PermissionDenied("您没有在任何人大担任角色。")
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _get(request, pk) -> Suggestion:
    return perms.get_suggestion_for_user(request.user, pk, request.congress)


@require_GET
@_congress_required
def inbox(request):
    return render(
        request,
        "suggestions/inbox.html",
        {"boxes": queries.inbox(request.user, request.congress), "today": dates.today()},
    )


def _filter_context(request):
    from meetings.models import CongressSession

    congress = request.congress
    years = (
        Suggestion.objects.filter(congress=congress)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return {
        "years": list(years),
        "sessions": CongressSession.objects.filter(congress=congress),
        "units": Unit.objects.filter(congress=congress),
        "statuses": Suggestion.Status.choices,
        "categories": workflow.setting(congress, "categories"),
        "reply_categories": rules.category_choices(workflow.setting(congress, "reply_category_scheme")),
        "ratings": [
            ("satisfied", "满意"),
            ("incl_basic", "满意＋基本满意"),
            ("basically_satisfied", "基本满意"),
            ("dissatisfied", "不满意"),
        ],
    }


@require_GET
@_congress_required
def suggestion_list(request):
    """Every visible suggestion, filtered, paginated; ?format=xlsx gives the ledger (台账)."""
    qs = queries.filter_list(
        queries.visible(request.user, request.congress), request.GET, request.user, request.congress
    )
    qs = qs.select_related("lead_deputy", "session", "term").order_by("-year", "kind", "number", "-id")
    if request.GET.get("format") == "xlsx":
        if not request.roles.has(*OFFICE_ROLES):
            raise PermissionDenied
        job = progress.start(
            owner=request.user,
            congress=request.congress,
            kind="suggestion_ledger",
            title="导出代表建议台账",
            target="suggestions.documents.ledger_job",
            args=(request.congress.pk, request.user.pk, request.GET.urlencode()),
        )
        return redirect("core:job", pk=job.pk)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    ctx = {
        "page": page,
        "today": dates.today(),
        "q": request.GET,
        **_filter_context(request),
        "is_office": request.roles.has(*OFFICE_ROLES),
    }
    template = "suggestions/list.html#results" if request.htmx else "suggestions/list.html"
    return render(request, template, ctx)


@_congress_required
def new(request):
    """A deputy starts a suggestion; staff start one on a deputy's behalf."""
    congress = request.congress
    own = deputy_of(request.user, congress)
    is_staff = request.roles.has(Role.STAFF)
    if own is None and not is_staff:
        raise PermissionDenied("只有代表或工作人员可以提出建议。")
    # A deputy may start from an annotation on a meeting material (materials app): title and text prefilled.
    prefill = {"title": request.GET.get("title", "")[:200], "content": request.GET.get("content", "")[:5000]}
    form = forms.NewForm(request.POST or None, congress=congress, initial=prefill)
    if not is_staff:
        form.fields.pop("lead_deputy")
    if request.method == "POST" and form.is_valid():
        lead = form.cleaned_data.get("lead_deputy") or own
        if lead is None:
            form.add_error("lead_deputy", "请选择领衔代表。")
        else:
            try:
                s = workflow.create_draft(
                    actor=request.user,
                    congress=congress,
                    lead_deputy=lead,
                    title=form.cleaned_data["title"],
                    content=form.cleaned_data["content"],
                    category=form.cleaned_data.get("category"),
                    kind=form.cleaned_data["kind"],
                    request=request,
                )
            except TransitionRefused as e:
                form.add_error(None, str(e))
            else:
                messages.success(request, "草稿已保存。请补充附议代表和附件后提交。")
                return redirect("suggestions:edit", s.pk)
    return render(request, "suggestions/new.html", {"form": form})


def _draft_form(request, s, data=None):
    initial = {
        "title": s.title,
        "content": s.content,
        "category": s.category,
        "session": s.session_id,
        "co_signers": list(s.co_signatures.values_list("deputy_id", flat=True)),
        "motion_reason": s.motion_reason,
        "motion_basis": s.motion_basis,
        "motion_plan": s.motion_plan,
    }
    form = forms.DraftForm(data, congress=request.congress, initial=initial)
    form.fields["co_signers"].queryset = form.fields["co_signers"].queryset.exclude(pk=s.lead_deputy_id)
    if not s.is_motion:
        for name in ("motion_reason", "motion_basis", "motion_plan"):
            form.fields.pop(name)
    return form


def _save_draft(request, s, form):
    data = dict(form.cleaned_data)
    co = data.pop("co_signers", None)
    return workflow.save_draft(
        actor=request.user,
        suggestion=s,
        request=request,
        co_signer_ids=[d.pk for d in co] if co is not None else None,
        **{k: v for k, v in data.items()},
    )


@_congress_required
def edit(request, pk):
    s = _get(request, pk)
    if "save_draft" not in workflow.allowed_actions(s, request.user):
        raise PermissionDenied("此建议已提交，不能再修改。")
    form = _draft_form(request, s, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _save_draft(request, s, form)
            if request.POST.get("then") == "submit":
                workflow.submit(actor=request.user, suggestion=s, request=request)
                messages.success(request, "已提交，等待人大常委会办公室立案。")
                return redirect("suggestions:detail", s.pk)
        except TransitionRefused as e:
            messages.error(request, str(e))
        else:
            messages.success(request, "已保存。")
            return redirect("suggestions:edit", s.pk)
    return render(
        request, "suggestions/edit.html", {"s": s, "form": form, "attach_form": forms.AttachmentForm()}
    )


@require_POST
@_congress_required
def autosave(request, pk):
    """htmx autosave of a draft: saves what validates, answers with a one-line status."""
    s = _get(request, pk)
    if "save_draft" not in workflow.allowed_actions(s, request.user):
        return HttpResponse('<span class="text-danger">已提交，不能再修改</span>', status=409)
    form = _draft_form(request, s, request.POST)
    if not form.is_valid():
        return HttpResponse('<span class="text-warning">标题和内容不能为空，尚未自动保存</span>')
    try:
        _save_draft(request, s, form)
    except TransitionRefused as e:
        return HttpResponse(f'<span class="text-warning">{e}</span>')
    return HttpResponse(f'<span class="text-success">已自动保存 {timezone.localtime():%H:%M:%S}</span>')


def history(s: Suggestion):
    return AuditEntry.objects.filter(
        congress_id=s.congress_id, object_type="suggestions.suggestion", object_id=str(s.pk)
    ).order_by("seq")


@require_GET
@_congress_required
def detail(request, pk):
    s = _get(request, pk)
    user, congress = request.user, request.congress
    actions = workflow.allowed_actions(s, user)
    scheme = workflow.setting(congress, "reply_category_scheme")
    is_office = has_role(user, congress.pk, *OFFICE_ROLES)
    mine = list(perms.my_assignments(user, s))
    assignments = list(s.assignments.select_related("unit").prefetch_related("contacts"))
    if not is_office and not perms.is_lead_deputy(user, s) and not perms.is_co_signer(user, s):
        # A unit sees its own part and the lead's (to send opinions), not other units' internals.
        own_units = HeldRoles.of(user, congress.pk).unit_ids
        assignments = [a for a in assignments if a.unit_id in own_units or a.role == "lead"]
    today = dates.today()
    ctx = {
        "s": s,
        "actions": actions,
        "labels": ACTION_LABELS,
        "today": today,
        "is_office": is_office,
        "history": history(s),
        "assignments": assignments,
        "mine": mine,
        "replies": [
            (r, rules.category_label(scheme, r.category))
            for r in s.replies.select_related("assignment__unit")
        ],
        "feedbacks": s.feedbacks.select_related("deputy"),
        "co_signatures": s.co_signatures.select_related("deputy"),
        "attachments": s.attachments.all(),
        "notes": s.supervision_notes.all(),
        "reviews": s.follow_up_reviews.all(),
        "merged_items": s.merged_items.all(),
        "related": s.related.all(),
        "source_messages": _source_messages(s),
        "days_left": rules.days_left(mine[0].due_on if mine else s.due_on, today)
        if s.status in ("assigned", "rehandling")
        else None,
        "reply_category_label": rules.category_label(scheme, s.reply_category) if s.reply_category else "",
        "forms": _action_forms(request, s, actions, scheme),
        "questions": {v: queries.confirmation(v, s) for v in actions if v in queries.CONFIRMED_VERBS},
        "similar": search.similar(s, 10) if is_office and s.status in ("submitted", "registered") else [],
    }
    return render(request, "suggestions/detail.html", ctx)


def _source_messages(s):
    related = getattr(s, "source_messages", None)
    if related is None:
        return []
    return list(related.all()[:20])


ACTION_FORMS = {
    "send_back_to_deputy": forms.ReasonForm,
    "send_back": forms.ReasonForm,
    "request_extension": forms.ReasonForm,
    "extend": forms.ReasonForm,
    "register": forms.RegisterForm,
    "decide": forms.DecideForm,
    "merge": forms.MergeForm,
    "link": forms.MergeForm,
    "contact": forms.ContactForm,
    "submit_opinion": forms.OpinionForm,
    "feedback": forms.FeedbackForm,
    "rehandle": forms.RehandleForm,
    "supervise": forms.SuperviseForm,
    "follow_up_review": forms.FollowUpForm,
    "close": forms.CloseForm,
}


def _action_forms(request, s, actions, scheme, bound: dict | None = None):
    today = dates.today()
    result = {}
    for verb in actions:
        if bound and verb in bound:
            result[verb] = bound[verb]
            continue
        if verb == "assign":
            result[verb] = forms.AssignForm(congress=request.congress, initial={"assigned_on": today})
        elif verb == "priority":
            result[verb] = forms.PriorityForm(
                congress=request.congress,
                initial={"supervising_leader": s.supervising_leader_id, "is_priority": True},
            )
        elif verb == "reply":
            result[verb] = forms.ReplyForm(scheme=scheme)
        elif verb == "correct":
            result[verb] = forms.CorrectForm(
                congress=request.congress, initial={"year": s.year, "session": s.session_id}
            )
        elif verb == "register":
            result[verb] = forms.RegisterForm(
                initial={"number": workflow.next_number(s.congress_id, s.year, s.kind)}
            )
        elif verb in ACTION_FORMS:
            cls = ACTION_FORMS[verb]
            initial = {
                k: today for k in ("contacted_on", "assigned_on", "held_on", "reviewed_on", "decided_on")
            }
            result[verb] = cls(initial=initial)
    return result


def _run(request, s, verb, scheme):
    """Validate the verb's form and call the workflow; returns (ok, bound form or None)."""
    P, F, user = request.POST, request.FILES, request.user
    common = {"actor": user, "suggestion": s, "request": request}
    simple = {
        "submit": workflow.submit,
        "co_sign": workflow.co_sign,
        "decline_co_sign": workflow.decline_co_sign,
        "accept": workflow.accept,
        "publish": workflow.publish,
        "convert_to_suggestion": workflow.convert_to_suggestion,
    }
    if verb in simple:
        simple[verb](**common)
        return True, None
    if verb == "assign":
        form = forms.AssignForm(P, congress=request.congress)
    elif verb == "priority":
        form = forms.PriorityForm(P, congress=request.congress)
    elif verb == "correct":
        form = forms.CorrectForm(P, congress=request.congress)
    elif verb == "reply":
        form = forms.ReplyForm(P, F, scheme=scheme)
    elif verb in ACTION_FORMS:
        form = ACTION_FORMS[verb](P)
    else:
        raise Http404
    if not form.is_valid():
        return False, form
    d = form.cleaned_data
    if verb in ("send_back_to_deputy", "send_back", "request_extension", "extend"):
        getattr(workflow, verb)(reason=d["reason"], **common)
    elif verb == "register":
        workflow.register(number=d.get("number"), **common)
    elif verb == "decide":
        workflow.decide(decision=d["decision"], decided_on=d.get("decided_on"), **common)
    elif verb in ("merge", "link"):
        other = Suggestion.objects.filter(congress=request.congress, pk=d["into"]).first()
        if other is None:
            form.add_error("into", "找不到该建议。")
            return False, form
        if verb == "merge":
            workflow.merge(into=other, **common)
        else:
            workflow.link(other=other, **common)
    elif verb == "assign":
        workflow.assign(
            mode=d["mode"],
            units=list(d["units"]),
            assisting_units=list(d["assisting_units"]),
            assigned_on=d["assigned_on"],
            assignment_meeting=d["assignment_meeting"],
            **common,
        )
    elif verb == "contact":
        workflow.contact(contacted_on=d["contacted_on"], form=d["form"], content=d["content"], **common)
    elif verb == "submit_opinion":
        workflow.submit_opinion(opinion=d["opinion"], **common)
    elif verb == "reply":
        workflow.reply(
            category=d["category"],
            content=d["content"],
            signed_by=d["signed_by"],
            letter=d.get("letter"),
            is_public=d["is_public"],
            **common,
        )
    elif verb == "feedback":
        workflow.feedback(rating=d["rating"], comment=d["comment"], **common)
    elif verb == "rehandle":
        workflow.rehandle(assigned_on=d["assigned_on"], **common)
    elif verb == "close":
        workflow.close(note=d["note"], **common)
    elif verb == "priority":
        workflow.priority(supervising_leader=d["supervising_leader"], is_priority=d["is_priority"], **common)
    elif verb == "supervise":
        workflow.supervise(kind=d["kind"], held_on=d["held_on"], content=d["content"], **common)
    elif verb == "correct":
        workflow.correct(year=d["year"], session=d["session"], reason=d["reason"], **common)
    elif verb == "follow_up_review":
        workflow.follow_up_review(
            outcome=d["outcome"], note=d["note"], reviewed_on=d["reviewed_on"], **common
        )
    return True, None


@_congress_required
def action(request, pk, verb):
    """POST /suggestions/<pk>/<verb>/: the one door for every transition; allowed_actions re-checked."""
    if verb not in workflow.TRANSITIONS or verb == "save_draft":
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    s = _get(request, pk)
    if verb not in workflow.allowed_actions(s, request.user):
        if s.status not in workflow.TRANSITIONS[verb][0]:
            messages.error(request, refusal(s, ACTION_LABELS[verb]))
            return redirect("suggestions:detail", s.pk)
        raise PermissionDenied(f"您没有权限{ACTION_LABELS[verb]}。")
    scheme = workflow.setting(request.congress, "reply_category_scheme")
    if verb in queries.CONFIRMED_VERBS:
        page = confirm.unconfirmed(
            request, queries.confirmation(verb, s), back=reverse("suggestions:detail", args=[s.pk])
        )
        if page:
            return page
    try:
        ok, form = _run(request, s, verb, scheme)
    except TransitionRefused as e:
        messages.error(request, str(e))
        return redirect("suggestions:detail", s.pk)
    if not ok:
        messages.error(request, "提交的内容有误，请按提示修改。")
        s.refresh_from_db()
        return _render_with_form(request, s, verb, form, scheme)
    messages.success(request, f"已{ACTION_LABELS[verb]}。")
    return _after_action(request, s)


def _after_action(request, s):
    """The suggestion's page if the actor may still see it (a unit that sent it back may not)."""
    s.refresh_from_db()
    if perms.can_view(request.user, s):
        return redirect("suggestions:detail", s.pk)
    return redirect("suggestions:inbox")


def _render_with_form(request, s, verb, form, scheme):
    today = dates.today()
    actions = workflow.allowed_actions(s, request.user)
    is_office = request.roles.has(*OFFICE_ROLES)
    ctx = {
        "s": s,
        "actions": actions,
        "labels": ACTION_LABELS,
        "today": today,
        "is_office": is_office,
        "history": history(s),
        "assignments": list(s.assignments.select_related("unit")),
        "mine": list(perms.my_assignments(request.user, s)),
        "replies": [(r, rules.category_label(scheme, r.category)) for r in s.replies.all()],
        "feedbacks": s.feedbacks.all(),
        "co_signatures": s.co_signatures.select_related("deputy"),
        "attachments": s.attachments.all(),
        "notes": s.supervision_notes.all(),
        "reviews": s.follow_up_reviews.all(),
        "merged_items": s.merged_items.all(),
        "related": s.related.all(),
        "source_messages": _source_messages(s),
        "open_verb": verb,
        "forms": _action_forms(request, s, actions, scheme, {verb: form}),
        "questions": {v: queries.confirmation(v, s) for v in actions if v in queries.CONFIRMED_VERBS},
        "similar": [],
    }
    return render(request, "suggestions/detail.html", ctx, status=400)


@require_POST
@_congress_required
def attach(request, pk):
    s = _get(request, pk)
    if not (perms.is_author(request.user, s) or is_staff_of(request.user, s.congress_id)):
        raise PermissionDenied("您没有权限上传附件。")
    form = forms.AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        for e in form.errors.get("file", ["请选择文件。"]):
            messages.error(request, e)
    else:
        f = form.cleaned_data["file"]
        a = Attachment.objects.create(
            suggestion=s, file=f, name=os.path.basename(f.name)[:200], size=f.size, uploaded_by=request.user
        )
        audit.record(
            actor=request.user,
            action="attach",
            obj=s,
            congress=s.congress_id,
            request=request,
            changes={"attachment": a.pk, "name": a.name},
        )
        messages.success(request, "附件已上传。")
    return redirect("suggestions:edit" if s.status in ("draft", "returned") else "suggestions:detail", s.pk)


def _serve(field_file, name):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件不存在")
    return file_download(handle, name)


@require_GET
@_congress_required
def attachment_download(request, pk):
    a = Attachment.objects.filter(pk=pk).select_related("suggestion").first()
    if a is None:
        raise Http404
    _get(request, a.suggestion_id)
    return _serve(a.file, a.name)


@require_GET
@_congress_required
def letter_download(request, pk):
    r = Reply.objects.filter(pk=pk).first()
    if r is None or not r.letter:
        raise Http404
    _get(request, r.suggestion_id)
    return _serve(r.letter, os.path.basename(r.letter.name))


@require_GET
@_congress_required
def letter_docx(request, pk):
    """The reply letter from the office's template: once a unit has replied online, the final letter
    filled from that reply (``?reply=<pk>``, or the user's own unit's latest reply) for whoever may see
    the reply; before that, the blank letter for the unit to sign and upload."""
    s = _get(request, pk)
    mine = list(perms.my_assignments(request.user, s))
    raw = request.GET.get("reply", "")
    replies = Reply.objects.filter(suggestion=s).select_related("assignment__unit")
    if raw:
        reply = replies.filter(pk=raw).first() if raw.isdigit() else None
        if reply is None:
            raise Http404("没有该答复。")
    else:
        reply = (
            replies.filter(assignment__in=mine).order_by("-round", "-replied_on", "-pk").first()
            if mine
            else None
        )
    if reply is None and not mine and not is_staff_of(request.user, s.congress_id):
        raise PermissionDenied
    data = documents.reply_letter(
        s,
        unit=mine[0].unit if mine else None,
        content=request.GET.get("content", "")[:20000],
        category=request.GET.get("category", "")[:2],
        reply=reply,
    )
    return download(data, f"答复函-{s.number_label or s.pk}.docx", f"reply-letter-{s.pk}.docx")


@_congress_required
def assignment_meeting(request):
    """交办会: assign many registered suggestions at once, each to one sole unit."""
    if not request.roles.has(Role.STAFF):
        raise PermissionDenied
    congress = request.congress
    pending = list(
        Suggestion.objects.filter(congress=congress, status="registered").select_related("lead_deputy")
    )
    units = list(Unit.objects.filter(congress=congress, is_active=True))
    errors = []
    if request.method == "POST":
        try:
            on = dt.date.fromisoformat(request.POST.get("assigned_on", ""))
        except ValueError:
            on = None
            errors.append("请填写交办日期。")
        meeting = request.POST.get("assignment_meeting", "").strip()[:100]
        unit_by_id = {str(u.pk): u for u in units}
        done = 0
        if on:
            for s in pending:
                unit = unit_by_id.get(request.POST.get(f"unit_{s.pk}", ""))
                if unit is None:
                    continue
                try:
                    workflow.assign(
                        actor=request.user,
                        suggestion=s,
                        mode="sole",
                        units=[unit],
                        assigned_on=on,
                        assignment_meeting=meeting,
                        request=request,
                    )
                    done += 1
                except TransitionRefused as e:
                    errors.append(f"{s}：{e}")
        if not errors:
            messages.success(request, f"已交办 {done} 件。")
            return redirect("suggestions:assignment_meeting")
        for e in errors:
            messages.error(request, e)
    return render(
        request,
        "suggestions/assignment_meeting.html",
        {"pending": pending, "units": units, "today": dates.today()},
    )


@require_GET
@office_required
def statistics(request):
    """DOMAIN §4 rates over a report period, the same Period the reports take (year / since a session / range)."""
    congress = request.congress
    try:
        period, period_error = periods.parse(congress, request.GET), ""
    except periods.PeriodError as error:
        period, period_error = periods.Period.of_year(periods.default_year()), str(error)
    overall, by_category, by_unit = queries.statistics(congress, period)
    if request.GET.get("format") == "xlsx":
        data = documents.unit_statistics_xlsx(congress, by_unit, overall, period.label)
        return downloads.export(
            request,
            data,
            f"承办单位办理情况统计-{period.label}.xlsx",
            f"unit-statistics-{period.slug}.xlsx",
            what=f"承办单位办理情况统计（{period.label}）",
            rows=len(by_unit),
        )
    return render(
        request,
        "suggestions/statistics.html",
        {
            "overall": overall,
            "by_category": by_category,
            "by_unit": by_unit,
            "period": period,
            "period_error": period_error,
            "list_query": urlencode(queries.period_params(period)),
            "years": periods.year_choices(),
            "sessions": periods.session_choices(congress),
            "overdue": queries.overdue_assignments(congress)[:100],
        },
    )


@staff_required
def settings_page(request):
    """The congress's local settings for suggestions, each with its meaning (DOMAIN: local practice)."""
    form = forms.SettingsForm(request.POST or None, congress=request.congress)
    if request.method == "POST":
        if form.is_valid():
            form.save(actor=request.user, request=request)
            messages.success(request, "设置已保存。")
            return redirect("suggestions:settings")
        messages.error(request, "有设置填写不正确，请按提示修改；本次没有保存任何设置。")
    return render(request, "suggestions/settings.html", {"form": form})


# --------------------------------------------------------------------------- public pages


def public_list(request, code):
    """Published replies by year and category, with personal data removed."""
    congress = public_congress(code)
    qs = Suggestion.objects.filter(congress=congress, published_at__isnull=False)
    years = list(qs.order_by("-year").values_list("year", flat=True).distinct())
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else (years[0] if years else None)
    category = request.GET.get("category", "")
    if year:
        qs = qs.filter(year=year)
    if category:
        qs = qs.filter(category=category)
    categories = sorted(
        set(
            Suggestion.objects.filter(congress=congress, published_at__isnull=False).values_list(
                "category", flat=True
            )
        )
        - {""}
    )
    page = Paginator(
        qs.order_by("number", "id").only(
            "id", "year", "number", "title", "category", "reply_category", "kind"
        ),
        30,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "suggestions/public_list.html",
        {
            "public_congress": congress,
            "page": page,
            "years": years,
            "year": year,
            "category": category,
            "categories": categories,
        },
    )


def public_detail(request, code, pk):
    congress = public_congress(code)
    s = (
        Suggestion.objects.filter(congress=congress, published_at__isnull=False, pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if s is None:
        raise Http404
    scheme = workflow.setting(congress, "reply_category_scheme")
    replies = [
        (r, rules.category_label(scheme, r.category), documents.redact(r.content))
        for r in s.replies.filter(is_public=True).select_related("assignment__unit")
    ]
    return render(
        request,
        "suggestions/public_detail.html",
        {"public_congress": congress, "s": s, "content": documents.redact(s.content), "replies": replies},
    )
