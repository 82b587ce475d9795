"""Public pages (no login) under /p/<congress code>/stations/: the online station and tracking.

Phone-first, Chinese, no external assets. Nothing here lists messages: a message is found only
by its tracking code, and a station page shows only closed messages whose authors agreed.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core import audit, ratelimit
from meetings import qr
from registry.models import Deputy, Station
from registry.queries import public_congress
from stations import queries, rules, workflow
from stations.forms import MessageForm, RateForm, TrackForm

TRACK_LIMIT = 30  # lookups per IP per hour: a code cannot be guessed, but do not let anyone try


def _station(congress, pk) -> Station:
    return get_object_or_404(
        Station.objects.select_related("subdistrict", "community"), pk=pk, congress=congress, is_active=True
    )


def _deputy(congress, pk) -> Deputy:
    return get_object_or_404(
        Deputy.objects.select_related("station"),
        pk=pk,
        congress=congress,
        status=Deputy.Status.SERVING,
        station__isnull=False,
    )


def public_url(path: str) -> str:
    from django.conf import settings

    return settings.PUBLIC_BASE_URL + path


@require_GET
def station_list(request, code):
    congress = public_congress(code)
    stations = (
        Station.objects.filter(congress=congress, is_active=True)
        .select_related("subdistrict")
        .order_by("subdistrict_id", "level", "id")
    )
    return render(
        request, "stations/public/station_list.html", {"public_congress": congress, "stations": stations}
    )


def _message_page(request, congress, station, deputy, template):
    form = MessageForm(
        request.POST or None,
        request.FILES or None,
        congress=congress,
        request=request,
        initial={"subdistrict": station.subdistrict_id, "community": station.community_id},
    )
    if request.method == "POST":  # noqa: SIM102 (collapsing re-indents the whole branch; left for its next edit)
        if form.is_valid():
            ip = audit.client_ip(request)
            data = form.cleaned_data
            if not ratelimit.allow(
                "stations-message-ip", ip, limit=workflow.setting(congress, "message_ip_limit"), window=3600
            ) or not ratelimit.allow(
                "stations-message-phone",
                data["phone"],
                limit=workflow.setting(congress, "message_phone_limit"),
                window=86400,
            ):
                form.add_error(None, "提交过于频繁，请稍后再试；急事请拨打联络站电话。")
            else:
                message, created = workflow.submit_message(
                    congress=congress,
                    station=station,
                    deputy=deputy,
                    topic=data["topic"],
                    content=data["content"],
                    subdistrict=data["subdistrict"],
                    community=data["community"],
                    name=data["name"],
                    phone=data["phone"],
                    photo=data["photo"],
                    publish_consent=data["publish_consent"],
                    sms_opt_in=data["sms_opt_in"],
                    actor=request.user,
                    request=request,
                )
                _remember(request, message.tracking_code)
                if created:
                    flash.success(
                        request, f"留言已提交。您的查询码是 {message.display_code}，请记下以便查询办理情况。"
                    )
                else:
                    flash.info(
                        request, f"您已提交过相同的留言，无需重复提交。查询码是 {message.display_code}。"
                    )
                return redirect(
                    "stations_public:track_detail", code=congress.code, tracking_code=message.tracking_code
                )
    form.refresh_question()
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        template,
        {
            "public_congress": congress,
            "station": station,
            "deputy": deputy,
            "form": form,
            "deputies": queries.station_deputies(station),
            "receptions": queries.upcoming_receptions(station),
            "published": queries.published_messages(station),
        },
        status=status,
    )


def station_detail(request, code, pk):
    congress = public_congress(code)
    return _message_page(
        request, congress, _station(congress, pk), None, "stations/public/station_detail.html"
    )


def deputy_detail(request, code, pk):
    congress = public_congress(code)
    deputy = _deputy(congress, pk)
    return _message_page(request, congress, deputy.station, deputy, "stations/public/station_detail.html")


def _remember(request, tracking_code: str) -> None:
    codes = request.session.get("stations_codes", [])
    if tracking_code not in codes:
        request.session["stations_codes"] = (codes + [tracking_code])[-10:]


def track(request, code):
    congress = public_congress(code)
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not ratelimit.allow("stations-track", audit.client_ip(request), limit=TRACK_LIMIT, window=3600):
            form.add_error(None, "查询过于频繁，请一小时后再试。")
        elif form.is_valid():
            message = workflow.find_by_tracking_code(form.cleaned_data["code"], form.cleaned_data["last4"])
            if message is not None and message.congress_id == congress.pk:
                _remember(request, message.tracking_code)
                return redirect(
                    "stations_public:track_detail", code=code, tracking_code=message.tracking_code
                )
            form.add_error(None, "没有找到这条留言，请核对查询码（和手机号后四位）。")
    recent = request.session.get("stations_codes", [])
    return render(
        request,
        "stations/public/track.html",
        {
            "public_congress": congress,
            "form": form,
            "recent": [rules.format_tracking_code(c) for c in recent],
        },
        status=status,
    )


def _tracked(congress, request, tracking_code):
    """The message of a tracking code: the code in the address is the proof; misses are rate-limited."""
    message = workflow.find_by_tracking_code(tracking_code)
    if message is None or message.congress_id != congress.pk:
        ratelimit.allow("stations-track", audit.client_ip(request), limit=TRACK_LIMIT, window=3600)
        raise Http404
    return message


@require_GET
def track_detail(request, code, tracking_code):
    congress = public_congress(code)
    if not ratelimit.allow(
        "stations-track-view", audit.client_ip(request), limit=TRACK_LIMIT * 4, window=3600
    ):
        return render(
            request,
            "core/error.html",
            {"title": "查询过于频繁", "status": 429, "text": "查询过于频繁，请一小时后再试。"},
            status=429,
        )
    message = _tracked(congress, request, tracking_code)
    return render(
        request,
        "stations/public/track_detail.html",
        {"public_congress": congress, "message": message, "rate_form": RateForm()},
    )


@require_POST
def rate(request, code, tracking_code):
    congress = public_congress(code)
    message = _tracked(congress, request, tracking_code)
    form = RateForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "stations/public/track_detail.html",
            {"public_congress": congress, "message": message, "rate_form": form},
            status=400,
        )
    try:
        workflow.rate(
            message,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            actor=request.user,
            request=request,
        )
    except workflow.TransitionRefused as error:
        flash.error(request, str(error))
    else:
        flash.success(request, "感谢您的评价！")
    return redirect("stations_public:track_detail", code=code, tracking_code=message.tracking_code)


@require_GET
def station_qr(request, code, pk):
    congress = public_congress(code)
    station = _station(congress, pk)
    url = public_url(reverse("stations_public:station_detail", args=[congress.code, station.pk]))
    return _png(qr.png(url))


@require_GET
def deputy_qr(request, code, pk):
    congress = public_congress(code)
    deputy = _deputy(congress, pk)
    url = public_url(reverse("stations_public:deputy_detail", args=[congress.code, deputy.pk]))
    return _png(qr.png(url))


def _png(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response
