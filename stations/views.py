"""Thin views for the people who handle messages: parse, check, call workflow, render."""

from __future__ import annotations

import os

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from accounts.permissions import role_required
from core import audit, cn, confirm, dates, downloads, steps
from core.downloads import download, file_download
from core.models import AuditEntry
from core.workflow import refusal
from stations import documents, permissions, queries, workflow
from stations.forms import (
    ActivityForm,
    AssignForm,
    ConvertForm,
    DeclineForm,
    ForwardForm,
    IssueFormSet,
    ReceptionForm,
    RecordForm,
    ReferForm,
    ReplyForm,
    SendBackForm,
)
from stations.models import Message, ReceptionIssue, Topic

anyone_with_a_role = role_required(
    Role.STAFF, Role.LEADER, Role.DEPUTY, Role.UNIT_HANDLER, Role.STATION_STAFF
)
station_people = role_required(Role.STAFF, Role.LEADER, Role.STATION_STAFF)


def _this_year() -> int:
    return dates.today().year


# --------------------------------------------------------------------------- messages


@require_GET
@anyone_with_a_role
def inbox(request):
    boxes = queries.boxes_for(request)
    box = request.GET.get("box") if request.GET.get("box") in boxes else (boxes[0] if boxes else "")
    qs = queries.inbox(request, box)
    status = request.GET.get("status", "")
    if status == "open":
        qs = qs.filter(status__in=[Message.Status.RECEIVED, Message.Status.ASSIGNED])
    elif status in Message.Status.values:
        qs = qs.filter(status=status)
    if request.GET.get("topic") in Topic.values:
        qs = qs.filter(topic=request.GET["topic"])
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        qs = qs.filter(Q(content__icontains=q) | Q(station__name__icontains=q) | Q(tracking_code=q.upper()))
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "stations/inbox.html",
        {
            "page": page,
            "boxes": [(b, queries.BOXES[b]) for b in boxes],
            "box": box,
            "status": status,
            "q": q,
            "statuses": Message.Status.choices,
            "topics": Topic.choices,
            "show_stats": request.roles.has(Role.STAFF, Role.LEADER, Role.STATION_STAFF),
        },
    )


def _history(message):
    entries = (
        AuditEntry.objects.filter(
            congress_id=message.congress_id, object_type="stations.message", object_id=str(message.pk)
        )
        .exclude(action="read_personal_data")  # who looked at the phone number is the auditor's to see
        .order_by("seq")
    )
    return [(e, workflow.ACTION_LABELS.get(e.action, e.action)) for e in entries]


def _forms(message, user, data=None, verb=None):
    """The form of each verb (bound only for the one being posted)."""

    def bound(name):
        return data if verb == name else None

    return {
        "assign": AssignForm(bound("assign"), handlers=workflow.handler_choices(message)),
        "answer_on_spot": ReplyForm(bound("answer_on_spot"), prefix="answer_on_spot"),
        "hand_to_subdistrict": ReplyForm(bound("hand_to_subdistrict"), prefix="hand_to_subdistrict"),
        "forward_to_office": ForwardForm(bound("forward_to_office")),
        "refer": ReferForm(bound("refer"), congress=message.congress),
        "send_back": SendBackForm(bound("send_back")),
        "reply": ReplyForm(bound("reply"), prefix="reply"),
        "convert_to_suggestion": ConvertForm(
            bound("convert_to_suggestion"), deputies=workflow.suggestion_deputies(message, user)
        ),
        "decline": DeclineForm(bound("decline"), prefix="decline"),
    }


@require_GET
@anyone_with_a_role
def message_detail(request, pk):
    message = permissions.get_message_for_user(request, pk)
    return _render_detail(request, message, _forms(message, request.user))


def _render_detail(request, message, forms, status=200):
    actions = workflow.allowed_actions(message, request.user)
    see_phone = permissions.can_see_phone(request.user, message)
    if see_phone and message.phone:
        audit.record_read(request, message, what="查看群众留言人的完整手机号码")
    return render(
        request,
        "stations/message_detail.html",
        {
            "message": message,
            "actions": actions,
            "forms": [
                (
                    verb,
                    workflow.ACTION_LABELS[verb],
                    forms[verb],
                    queries.confirmation(verb, message) if verb in queries.CONFIRMED_VERBS else "",
                )
                for verb in actions
            ],
            "phone": message.phone if see_phone else cn.mask_phone(message.phone),
            "history": _history(message),
            "today": dates.today(),
        },
        status=status,
    )


def _call(verb, message, form, request):
    data, user = form.cleaned_data, request.user
    common = {"actor": user, "request": request}
    if verb == "assign":
        from accounts.models import User

        return workflow.assign(message, handler=User.objects.get(pk=data["handler"]), **common)
    if verb in ("answer_on_spot", "hand_to_subdistrict", "reply"):
        return getattr(workflow, verb)(message, reply=data["reply"], **common)
    if verb == "forward_to_office":
        return workflow.forward_to_office(message, note=data["note"], **common)
    if verb == "refer":
        return workflow.refer(message, unit=data["unit"], **common)
    if verb == "send_back":
        return workflow.send_back(message, reason=data["reason"], **common)
    if verb == "convert_to_suggestion":
        return workflow.convert_to_suggestion(
            message, lead_deputy=data["lead_deputy"], title=data["title"], **common
        )
    if verb == "decline":
        return workflow.decline(message, reason=data["reason"], reply=data["reply"], **common)
    raise Http404


SUCCESS = {
    "assign": "已指定经办人。",
    "answer_on_spot": "已当场答复并办结。",
    "hand_to_subdistrict": "已交街道办理并答复群众。",
    "forward_to_office": "已报常委会办公室转办。",
    "refer": "已转办承办单位。",
    "send_back": "已退回常委会办公室。",
    "reply": "已答复，留言办结。",
    "convert_to_suggestion": "已转为代表建议草稿。",
    "decline": "已作不予受理处理并告知群众。",
}


@require_POST
@anyone_with_a_role
def message_action(request, pk, verb):
    message = permissions.get_message_for_user(request, pk)
    if verb not in workflow.allowed_actions(message, request.user):
        if workflow.PERMISSIONS[verb](request.user, message):
            flash.error(request, refusal(message, workflow.ACTION_LABELS[verb]))
            return redirect("stations:message_detail", pk)
        raise PermissionDenied("您没有权限进行此操作。")
    forms = _forms(message, request.user, request.POST, verb)
    form = forms[verb]
    if not form.is_valid():
        flash.error(request, steps.first_error(form))
        return _render_detail(request, message, forms, status=400)
    if verb in queries.CONFIRMED_VERBS:
        page = confirm.unconfirmed(
            request,
            queries.confirmation(verb, message),
            back=reverse("stations:message_detail", args=[pk]),
        )
        if page:
            return page
    try:
        _call(verb, message, form, request)
    except workflow.TransitionRefused as error:
        flash.error(request, str(error))
        return redirect("stations:message_detail", pk)
    flash.success(request, SUCCESS[verb])
    message.refresh_from_db()
    if not permissions.can_view_message(request.user, message):
        # A unit that sent the message back no longer sees it: back to its list, not a 404.
        return redirect("stations:inbox")
    return redirect("stations:message_detail", pk)


@require_GET
@anyone_with_a_role
def message_photo(request, pk):
    message = permissions.get_message_for_user(request, pk)
    if not message.photo:
        raise Http404
    response = file_download(message.photo.open("rb"), os.path.basename(message.photo.name), inline=True)
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


# --------------------------------------------------------------------------- stations


@require_GET
@station_people
def station_list(request):
    stations = permissions.managed_stations(request).select_related("subdistrict", "community")
    return render(request, "stations/station_list.html", {"stations": stations})


@require_GET
@station_people
def station_detail(request, pk):
    station = permissions.get_station_for_user(request, pk)
    return render(
        request,
        "stations/station_detail.html",
        {
            "station": station,
            "deputies": queries.station_deputies(station),
            "receptions": station.receptions.prefetch_related("deputies")[:20],
            "activities": station.activities.prefetch_related("deputies")[:20],
            "can_manage": permissions.can_manage_station(request.user, station),
            "public_url": reverse("stations_public:station_detail", args=[request.congress.code, station.pk]),
        },
    )


@require_GET
@station_people
def station_poster(request, pk):
    station = permissions.get_station_for_user(request, pk)
    return download(
        documents.station_poster(station),
        f"{station.name}二维码海报.docx",
        f"station-{station.pk}-poster.docx",
    )


@require_GET
@anyone_with_a_role
def deputy_poster(request, pk):
    deputy = permissions.get_deputy_for_user(request, pk)
    if deputy.station_id is None:
        raise Http404
    return download(
        documents.deputy_poster(deputy),
        f"{deputy.name}代表二维码海报.docx",
        f"deputy-{deputy.pk}-poster.docx",
    )


# --------------------------------------------------------------------------- receptions


@station_people
def schedule(request, pk):
    station = permissions.get_station_for_user(request, pk)
    if not permissions.can_schedule(request.user, station):
        raise PermissionDenied("您没有权限进行此操作。")
    form = ReceptionForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        try:
            reception = workflow.schedule(
                actor=request.user, station=station, request=request, **form.cleaned_data
            )
        except workflow.TransitionRefused as error:
            form.add_error(None, str(error))
        else:
            flash.success(request, "接待日已安排，将在联络站页面公布。")
            return redirect("stations:reception_detail", reception.pk)
    notice = workflow.setting(station.congress, "reception_notice_days")
    return render(
        request,
        "stations/reception_form.html",
        {"station": station, "form": form, "notice": notice},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@station_people
def reception_detail(request, pk, record_form=None, formset=None, status=200):
    reception = permissions.get_reception_for_user(request, pk)
    return render(
        request,
        "stations/reception_detail.html",
        {
            "reception": reception,
            "actions": workflow.allowed_actions(reception, request.user),
            "record_form": record_form or RecordForm(),
            "formset": formset or IssueFormSet(prefix="issues"),
            "issues": reception.issues.select_related("message"),
            "can_manage": permissions.can_manage_station(request.user, reception.station),
            "today": dates.today(),
        },
        status=status,
    )


@require_POST
@station_people
def record(request, pk):
    reception = permissions.get_reception_for_user(request, pk)
    if "record" not in workflow.allowed_actions(reception, request.user):
        if not permissions.can_record(request.user, reception.station):
            raise PermissionDenied("您没有权限进行此操作。")
        flash.error(request, f"当前状态为“{reception.get_status_display()}”，不能登记接待情况。")
        return redirect("stations:reception_detail", pk)
    form = RecordForm(request.POST)
    formset = IssueFormSet(request.POST, prefix="issues")
    if not (form.is_valid() and formset.is_valid()):
        flash.error(request, "请检查标红的内容。")
        request.method = "GET"
        return reception_detail(request, pk, record_form=form, formset=formset, status=400)
    issues = [
        {k: f.cleaned_data[k] for k in ("topic", "content", "visitor_name", "result", "answer")}
        for f in formset
        if f.cleaned_data.get("content")
    ]
    try:
        workflow.record(
            reception,
            actor=request.user,
            request=request,
            visitors=form.cleaned_data["visitors"],
            summary=form.cleaned_data["summary"],
            issues=issues,
        )
    except workflow.TransitionRefused as error:
        flash.error(request, str(error))
    else:
        flash.success(request, "接待情况已登记。需转办的问题可转入留言办理。")
    return redirect("stations:reception_detail", pk)


@require_POST
@station_people
def cancel(request, pk):
    reception = permissions.get_reception_for_user(request, pk)
    if "cancel" not in workflow.allowed_actions(reception, request.user):
        if not permissions.can_cancel(request.user, reception.station):
            raise PermissionDenied("您没有权限进行此操作。")
        flash.error(request, f"当前状态为“{reception.get_status_display()}”，不能取消。")
        return redirect("stations:reception_detail", pk)
    try:
        workflow.cancel(reception, actor=request.user, request=request)
    except workflow.TransitionRefused as error:
        flash.error(request, str(error))
    else:
        flash.success(request, "接待日已取消。")
    return redirect("stations:reception_detail", pk)


@require_POST
@station_people
def file_as_message(request, pk):
    if request.congress is None:
        raise Http404
    issue = (
        ReceptionIssue.objects.select_related("reception__station")
        .filter(pk=pk, reception__congress=request.congress)
        .first()
    )
    if issue is None or not permissions.can_view_station(request.user, issue.reception.station):
        raise Http404
    if not permissions.can_record(request.user, issue.reception.station):
        raise PermissionDenied("您没有权限进行此操作。")
    try:
        message = workflow.file_as_message(issue, actor=request.user, request=request)
    except workflow.TransitionRefused as error:
        flash.error(request, str(error))
        return redirect("stations:reception_detail", issue.reception_id)
    flash.success(request, "已转入留言办理。")
    return redirect("stations:message_detail", message.pk)


# --------------------------------------------------------------------------- activities


@station_people
def register_activity(request, pk):
    station = permissions.get_station_for_user(request, pk)
    if not permissions.can_manage_station(request.user, station):
        raise PermissionDenied("您没有权限进行此操作。")
    form = ActivityForm(request.POST or None, station=station)
    if request.method == "POST" and form.is_valid():
        workflow.register_activity(actor=request.user, station=station, request=request, **form.cleaned_data)
        flash.success(request, "活动已登记。")
        return redirect("stations:station_detail", station.pk)
    return render(
        request,
        "stations/activity_form.html",
        {"station": station, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --------------------------------------------------------------------------- statistics


def _year(request) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return _this_year()
    return year if 2000 <= year <= 2100 else _this_year()


def _stats(request):
    year = _year(request)
    stations = (
        permissions.managed_stations(request)
        .select_related("subdistrict")
        .order_by("subdistrict_id", "level", "id")
    )
    rows = queries.station_statistics(request.congress, year, stations)
    return year, stations, rows


@require_GET
@station_people
def statistics(request):
    year, stations, rows = _stats(request)
    return render(
        request,
        "stations/statistics.html",
        {
            "year": year,
            "rows": rows,
            "total": queries.total_row(rows),
            "topics": queries.top_topics(request.congress, year, stations),
            "chart": queries.by_subdistrict(rows),
            "outcomes": Message.Outcome.choices,
            "years": range(_this_year(), _this_year() - 5, -1),
        },
    )


@require_GET
@station_people
def statistics_export(request):
    year, stations, rows = _stats(request)
    content = documents.statistics_xlsx(
        rows, queries.total_row(rows), queries.top_topics(request.congress, year, stations), year
    )
    return downloads.export(
        request,
        content,
        f"{year}年联络站统计.xlsx",
        f"stations-{year}.xlsx",
        what=f"{year}年联络站统计",
        rows=len(rows),
    )
