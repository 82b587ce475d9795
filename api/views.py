"""The JSON API, version 1: the same services and permission functions as the pages.

Every error is JSON ``{"detail": "中文说明", "errors": [...]}``; lists paginate with ``page`` and ``size``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query, Router, Status
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.throttling import AnonRateThrottle, AuthRateThrottle

from accounts.models import Role
from accounts.permissions import deputy_of
from api import rules, schemas
from api.auth import DeviceToken
from api.errors import chinese_validation_errors, refusal_types
from core import audit, periods, ratelimit
from core.models import Notification
from meetings import device_api
from meetings import queries as meeting_queries
from meetings.models import Attendance, Participation, Vote
from registry.models import Congress, Station
from stations import queries as station_queries
from stations import rules as station_rules
from stations import workflow as station_workflow
from stations.models import Message, Topic
from suggestions import permissions as suggestion_perms
from suggestions import queries as suggestion_queries
from suggestions import workflow as suggestion_workflow
from suggestions.models import Suggestion
from suggestions.rules import Rate

api = NinjaAPI(
    title="renda 人大工作平台接口",
    version="1",
    description="代表、承办单位、联络站与群众使用的接口。除公开接口外均需设备令牌。",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url=None,  # the interactive page would load scripts an intranet may not serve; the JSON is enough
    auth=DeviceToken(),
    throttle=[AnonRateThrottle("60/m"), AuthRateThrottle("600/m")],
)

ERRORS = {
    400: schemas.Error,
    401: schemas.Error,
    403: schemas.Error,
    404: schemas.Error,
    409: schemas.Error,
    422: schemas.Error,
    429: schemas.Error,
}


def not_found(request, rest: str = ""):
    """Any /api/ address no operation matches: JSON, as every API answer."""
    return JsonResponse(
        {"detail": "接口不存在。", "errors": []}, status=404, json_dumps_params={"ensure_ascii": False}
    )


def _error(request, status: int, detail: str, errors: list | None = None):
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(ValidationError)
def _validation(request, exc):
    return _error(request, 422, "请求内容有误，请检查后重试。", chinese_validation_errors(exc.errors))


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, "未提供有效的设备令牌，或令牌已吊销。")


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or "您没有权限进行此操作。")


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "未找到，或您无权查看。")


@api.exception_handler(Throttled)
def _throttled(request, exc):
    return _error(request, 429, "请求过于频繁，请稍后再试。")


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _error(request, exc.status_code, str(exc))


def _refused(request, exc):
    return _error(request, 409, str(exc))


for _refusal in refusal_types():
    api.add_exception_handler(_refusal, _refused)


def _congress(request):
    if request.congress is None:
        raise PermissionDenied("您的账户没有在任何人大担任角色。")
    return request.congress


def _page(qs, paging: schemas.PageQuery) -> tuple[list, dict]:
    start, stop = rules.page_bounds(paging.page, paging.size)
    total = qs.count()
    return list(qs[start:stop]), {"page": max(1, paging.page), "size": stop - start, "total": total}


# --------------------------------------------------------------------------- me


@api.get("/v1/me", response={200: schemas.Me, **ERRORS}, tags=["账户"], summary="当前用户与角色")
def me(request):
    user = request.user
    return {
        "username": user.username,
        "name": user.get_full_name() or user.username,
        "congress": request.congress.name if request.congress else None,
        "congress_id": request.congress.pk if request.congress else None,
        "roles": [a.get_role_display() for a in request.roles.assignments],
    }


@api.delete("/v1/tokens/current", response={204: None, **ERRORS}, tags=["账户"], summary="吊销本设备令牌")
def revoke_current(request):
    from api import workflow

    workflow.revoke(actor=request.user, token=request.api_token, request=request)
    return Status(204, None)


# --------------------------------------------------------------------------- suggestions

suggestions = Router(tags=["代表建议"])


def _suggestion_row(s: Suggestion) -> dict:
    return {
        "id": s.pk,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "status": s.status,
        "status_label": s.get_status_display(),
        "number": s.number_label if s.number else "",
        "title": s.title,
        "lead_deputy": s.lead_deputy.name,
        "year": s.year,
        "submitted_on": timezone.localdate(s.submitted_at) if s.submitted_at else None,
    }


def _suggestion_detail(request, s: Suggestion) -> dict:
    return {
        **_suggestion_row(s),
        "content": s.content,
        "category": s.category,
        "actions": suggestion_workflow.allowed_actions(s, request.user),
    }


def _suggestion(request, pk: int) -> Suggestion:
    return suggestion_perms.get_suggestion_for_user(request.user, pk, _congress(request))


@suggestions.get("/assigned", response={200: schemas.SuggestionPage, **ERRORS}, summary="交本单位办理的建议")
def assigned_list(
    request,
    paging: Query[schemas.PageQuery],
):
    congress = _congress(request)
    unit_ids = request.roles.unit_ids
    if not unit_ids:
        raise PermissionDenied("只有承办单位经办人可以查看交办的建议。")
    qs = (
        Suggestion.objects.filter(congress=congress, assignments__unit_id__in=unit_ids)
        .exclude(status=Suggestion.Status.DRAFT)
        .select_related("lead_deputy")
        .distinct()
        .order_by("-year", "-pk")
    )
    items, meta = _page(qs, paging)
    return {**meta, "items": [_suggestion_row(s) for s in items]}


@suggestions.get("", response={200: schemas.SuggestionPage, **ERRORS}, summary="我可见的建议、议案")
def suggestion_list(
    request,
    paging: Query[schemas.PageQuery],
    status: str = Query("", description="状态，例如 assigned"),
):
    qs = suggestion_queries.visible(request.user, _congress(request)).select_related("lead_deputy")
    if status:
        qs = qs.filter(status=status)
    items, meta = _page(qs.order_by("-year", "-pk"), paging)
    return {**meta, "items": [_suggestion_row(s) for s in items]}


@suggestions.get("/{pk}", response={200: schemas.SuggestionDetail, **ERRORS}, summary="建议详情")
def suggestion_detail(request, pk: int):
    return _suggestion_detail(request, _suggestion(request, pk))


@suggestions.post("", response={201: schemas.SuggestionDetail, **ERRORS}, summary="代表起草建议")
def suggestion_create(request, body: schemas.DraftIn):
    congress = _congress(request)
    deputy = deputy_of(request.user, congress)
    if deputy is None:
        raise PermissionDenied("只有本级人大代表可以起草建议。")
    s = suggestion_workflow.create_draft(
        actor=request.user,
        congress=congress,
        lead_deputy=deputy,
        title=body.title,
        content=body.content,
        category=body.category,
        request=request,
    )
    return Status(201, _suggestion_detail(request, s))


@suggestions.post("/{pk}/submit", response={200: schemas.SuggestionDetail, **ERRORS}, summary="提交")
def suggestion_submit(request, pk: int):
    s = suggestion_workflow.submit(actor=request.user, suggestion=_suggestion(request, pk), request=request)
    return _suggestion_detail(request, s)


@suggestions.post("/{pk}/co_sign", response={200: schemas.SuggestionDetail, **ERRORS}, summary="附议")
def suggestion_co_sign(request, pk: int):
    s = suggestion_workflow.co_sign(actor=request.user, suggestion=_suggestion(request, pk), request=request)
    return _suggestion_detail(request, s)


@suggestions.post(
    "/{pk}/feedback", response={200: schemas.SuggestionDetail, **ERRORS}, summary="对答复的满意度反馈"
)
def suggestion_feedback(request, pk: int, body: schemas.FeedbackIn):
    s = _suggestion(request, pk)
    suggestion_workflow.feedback(
        actor=request.user, suggestion=s, rating=body.rating, comment=body.comment, request=request
    )
    s.refresh_from_db()
    return _suggestion_detail(request, s)


api.add_router("/v1/suggestions", suggestions)

# --------------------------------------------------------------------------- notifications

notifications = Router(tags=["通知"])


@notifications.get("", response={200: schemas.NotificationPage, **ERRORS}, summary="我的通知")
def notification_list(
    request,
    paging: Query[schemas.PageQuery],
    unread: bool = False,
):
    qs = Notification.objects.filter(user=request.user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    items, meta = _page(qs, paging)
    return {
        **meta,
        "items": [
            {
                "id": n.pk,
                "title": n.title,
                "body": n.body,
                "url": n.url,
                "created_at": n.created_at,
                "read": n.read_at is not None,
            }
            for n in items
        ],
    }


@notifications.post("/{pk}/read", response={204: None, **ERRORS}, summary="标为已读")
def notification_read(request, pk: int):
    n = get_object_or_404(Notification, pk=pk, user=request.user)
    if n.read_at is None:
        Notification.objects.filter(pk=n.pk).update(read_at=timezone.now())
    return Status(204, None)


api.add_router("/v1/notifications", notifications)

# --------------------------------------------------------------------------- meetings

meetings = Router(tags=["会议表决"])


@meetings.get("/open", response={200: list[schemas.MeetingOut], **ERRORS}, summary="我出席的进行中会议与表决")
def open_meetings(request):
    congress = _congress(request)
    deputy = deputy_of(request.user, request.congress)
    if deputy is None or deputy.congress_id != congress.pk:
        raise PermissionDenied("只有本级人大代表或常委会组成人员可以查看。")
    result = []
    for meeting in meeting_queries.open_meetings_of_deputy(deputy):
        row = Attendance.objects.filter(meeting=meeting, deputy=deputy).first()
        votes = []
        for vote in meeting.votes.filter(status=Vote.Status.OPEN).order_by("pk"):
            voted = Participation.objects.filter(vote=vote, deputy=deputy).exists()
            may_vote = (
                row is not None
                and vote.method == Vote.Method.ELECTRONIC
                and not voted
                and row.status == Attendance.Status.PRESENT
                and row.signed_in_at is not None
                and row.signed_in_at <= vote.opened_at
            )
            votes.append(
                {
                    "id": vote.pk,
                    "title": vote.title,
                    "secret": vote.secret,
                    "may_vote": may_vote,
                    "ballot_token": device_api.issue_ballot_token(request.user.pk, meeting.pk)
                    if may_vote
                    else "",
                    "cast_url": reverse("meetings:api_cast", args=[vote.pk]),
                }
            )
        result.append({"id": meeting.pk, "title": meeting.title, "votes": votes})
    return result


api.add_router("/v1/meetings", meetings)

# --------------------------------------------------------------------------- station messages

messages = Router(tags=["联络站留言"])


def _message_row(m: Message) -> dict:
    return {
        "id": m.pk,
        "tracking_code": m.display_code,
        "topic": m.get_topic_display(),
        "status": m.status,
        "status_label": m.get_status_display(),
        "station": m.station.name if m.station_id else "",
        "created_at": m.created_at,
    }


@messages.get("", response={200: schemas.MessagePage, **ERRORS}, summary="我经办的群众留言")
def message_list(
    request,
    paging: Query[schemas.PageQuery],
    box: str = Query("", description="station 本站 / mine 我的 / office 待转办 / unit 转本单位 / all 全部"),
):
    _congress(request)
    boxes = station_queries.boxes_for(request)
    if not boxes:
        raise PermissionDenied("您没有可查看的留言。")
    box = box if box in boxes else boxes[0]
    items, meta = _page(station_queries.inbox(request, box).order_by("-created_at", "-pk"), paging)
    return {**meta, "items": [_message_row(m) for m in items]}


api.add_router("/v1/messages", messages)

# --------------------------------------------------------------------------- figures

figures = Router(tags=["统计"])


@figures.get(
    "", response={200: list[schemas.FigureOut], **ERRORS}, summary="统计数字（年度、会议以来或日期范围）"
)
def figure_list(
    request,
    year: int | None = Query(None, ge=2000, le=2100, description="年度"),
    session: int | None = Query(None, description="人代会会议编号：统计该次会议以来"),
    until: str = Query("", description="会议以来的截止日期，默认今天"),
    start: str = Query("", alias="from", description="日期范围的开始日期"),
    end: str = Query("", alias="to", description="日期范围的结束日期"),
):
    """The report period as on the pages (core.periods): ``year``, or ``session`` [+ ``until``],
    or ``from`` + ``to``."""
    from reports.figures import FIGURES

    congress = _congress(request)
    if not request.roles.has(Role.STAFF, Role.LEADER):
        raise PermissionDenied("只有人大常委会办公室和领导可以查看统计。")
    if session is not None:
        query = {"period": "session", "session": str(session), "until": until}
    elif start or end:
        query = {"period": "range", "from": start, "to": end}
    elif year is not None:
        query = {"period": "year", "year": str(year)}
    else:
        raise HttpError(400, "请给出统计时段：year、session 或 from/to。")
    try:
        period = periods.parse(congress, query)
    except periods.PeriodError as error:
        raise HttpError(400, str(error)) from None
    memo: dict = {}
    rows = []
    for f in FIGURES:
        value = f.value(congress, period, memo)
        row = {"key": f.key, "area": f.area, "label": f.label, "unit": f.unit}
        if isinstance(value, Rate):
            row.update(value=value.percent, numerator=value.numerator, denominator=value.denominator)
        else:
            row["value"] = str(value)
        rows.append(row)
    return rows


api.add_router("/v1/figures", figures)

# --------------------------------------------------------------------------- public (no token)

public = Router(tags=["公开"], auth=None)


def _public_congress(code: str) -> Congress:
    if not code.isascii() or not code.isprintable():  # a NUL in the path would reach PostgreSQL
        raise Http404
    return get_object_or_404(Congress, code=code)


@public.get("/{code}/stations", response={200: list[schemas.StationOut], **ERRORS}, summary="联络站列表")
def public_stations(request, code: str):
    congress = _public_congress(code)
    return [
        {"id": s.pk, "name": s.name, "address": s.address}
        for s in Station.objects.filter(congress=congress, is_active=True).order_by("pk")
    ]


@public.get("/{code}/topics", response={200: list[schemas.TopicOut], **ERRORS}, summary="留言类别")
def public_topics(request, code: str):
    _public_congress(code)
    return [{"value": value, "label": label} for value, label in Topic.choices]


def _invalid(request, errors: list[dict]):
    """422 with the forms' own Chinese messages, field by field (the API's field names)."""
    return _error(request, 422, "请求内容有误，请检查后重试。", errors)


@public.post("/{code}/messages", response={201: schemas.MessageReceipt, **ERRORS}, summary="群众留言")
def public_message(request, code: str, body: schemas.MessageIn):
    congress = _public_congress(code)
    station = get_object_or_404(Station, pk=body.station_id, congress=congress, is_active=True)
    if body.topic not in Topic.values:
        raise HttpError(400, "请选择留言类别。")
    phone = station_rules.normalise_mobile(body.phone)
    if problem := station_rules.phone_problem(phone):
        return _invalid(request, [{"field": "phone", "message": problem}])
    ip = audit.client_ip(request) or ""
    if not ratelimit.allow(
        "stations-message-ip", ip, limit=station_workflow.setting(congress, "message_ip_limit"), window=3600
    ) or not ratelimit.allow(
        "stations-message-phone",
        phone,
        limit=station_workflow.setting(congress, "message_phone_limit"),
        window=86400,
    ):
        raise HttpError(429, "提交过于频繁，请稍后再试；急事请拨打联络站电话。")
    message, created = station_workflow.submit_message(
        congress=congress,
        station=station,
        topic=body.topic,
        content=body.content.strip(),
        phone=phone,
        name=body.name.strip(),
        subdistrict=station.subdistrict,
        community=station.community,
        sms_opt_in=body.sms_opt_in,
        actor=None,
        request=request,
    )
    return Status(201, {"tracking_code": message.display_code, "created": created})


@public.get(
    "/{code}/messages/{tracking_code}",
    response={200: schemas.TrackOut, **ERRORS},
    summary="凭查询码查询办理情况",
)
def public_track(request, code: str, tracking_code: str, last4: str = Query("", max_length=4)):
    congress = _public_congress(code)
    ip = audit.client_ip(request) or ""
    if not ratelimit.allow("stations-track-view", ip, limit=80, window=3600):
        raise HttpError(429, "查询过于频繁，请一小时后再试。")
    message = station_workflow.find_by_tracking_code(tracking_code, last4)
    if message is None or message.congress_id != congress.pk:
        ratelimit.allow("stations-track", ip, limit=20, window=3600)
        raise Http404
    return {
        "tracking_code": message.display_code,
        "topic": message.get_topic_display(),
        "status_label": message.get_status_display(),
        "created_at": message.created_at,
        "reply": message.reply if message.status == Message.Status.CLOSED else "",
    }


def _open_call(congress):
    from projects.models import Call

    return Call.objects.filter(congress=congress, status=Call.Status.OPEN).order_by("-year").first()


@public.get(
    "/{code}/proposals/options",
    response={200: schemas.ProposalOptions, **ERRORS},
    summary="民生实事项目建议：征集、类别与街道",
)
def public_proposal_options(request, code: str):
    from projects import rules as project_rules
    from projects import workflow_proposal
    from projects.forms import subdistrict_choices

    congress = _public_congress(code)
    call = _open_call(congress)
    return {
        "call": None
        if call is None
        else {
            "year": call.year,
            "title": call.title,
            "opens_on": call.opens_on,
            "closes_on": call.closes_on,
            "accepting": workflow_proposal.accepting(call),
        },
        "categories": [{"value": k, "label": v} for k, v in project_rules.CATEGORIES.items()],
        "subdistricts": [{"id": pk, "name": name} for pk, name in subdistrict_choices(congress.pk)],
    }


# The API's field names for the form's (projects.forms.ProposalForm).
PROPOSAL_FIELDS = {"subdistrict": "subdistrict_id"}


@public.post(
    "/{code}/proposals", response={201: schemas.ProposalReceipt, **ERRORS}, summary="民生实事项目群众建议"
)
def public_proposal(request, code: str, body: schemas.ProposalIn):
    """Checked by the public form's own form class (the captcha aside: the API has its throttles), so
    the messages are the page's; the page's rate limits; projects.workflow_proposal.submit_proposal."""
    from projects import workflow_proposal
    from projects.forms import ProposalForm

    congress = _public_congress(code)
    call = _open_call(congress)
    if call is None or not workflow_proposal.accepting(call):
        raise HttpError(409, "本年度项目建议征集未在进行中。")
    data = body.model_dump()
    data["subdistrict"] = "" if data.pop("subdistrict_id") is None else str(body.subdistrict_id)
    # As the page: an address over its limit is refused before its submission is even read.
    if refusal := workflow_proposal.too_many_from_address(audit.client_ip(request) or ""):
        raise HttpError(429, refusal)
    form = ProposalForm(data, congress=congress)
    if not form.is_valid():
        return _invalid(
            request,
            [
                {"field": PROPOSAL_FIELDS.get(field, field), "message": str(message)}
                for field, messages in form.errors.items()
                for message in messages
            ],
        )
    if refusal := workflow_proposal.too_many_from_mobile(form.cleaned_data["mobile"]):
        raise HttpError(429, refusal)
    proposal, duplicate = workflow_proposal.submit_proposal(
        call, data={**form.cleaned_data, "sms_opt_in": body.sms_opt_in}, request=request
    )
    return Status(201, {"tracking_code": proposal.tracking_code, "created": not duplicate})


api.add_router("/v1/public", public)

__all__ = ["Q", "api"]
