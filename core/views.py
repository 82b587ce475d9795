import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import staff_required
from core.home import todos_for
from core.models import AuditEntry, Notification


def favicon(request):
    """Browsers ask for /favicon.ico on pages without a <link rel=icon> (downloads, errors)."""
    return redirect(static("core/favicon.svg"))


@login_required
def home(request):
    return render(request, "core/home.html", {"todos": todos_for(request)})


@require_GET
def captcha_image(request):
    """The picture of the captcha sum kept in this visitor's session (core.captcha)."""
    from django.http import HttpResponse

    from core import captcha

    question = request.session.get(captcha.QUESTION_KEY) or captcha.new_question(request)
    response = HttpResponse(captcha.render_png(question), content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


def parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@require_GET
@staff_required
def audit_list(request):
    """The congress's audit log, newest first, filterable by person, action, object and dates."""
    entries = AuditEntry.objects.filter(congress_id=request.congress.pk)
    q = request.GET
    if q.get("actor"):
        entries = entries.filter(actor_label__icontains=q["actor"].strip())
    if q.get("action"):
        entries = entries.filter(action=q["action"])
    if q.get("object_type"):
        entries = entries.filter(object_type=q["object_type"])
    if q.get("object"):
        entries = entries.filter(object_repr__icontains=q["object"].strip())
    start, end = parse_date(q.get("start")), parse_date(q.get("end"))
    if start:
        entries = entries.filter(created_at__date__gte=start)
    if end:
        entries = entries.filter(created_at__date__lte=end)
    scope = AuditEntry.objects.filter(congress_id=request.congress.pk)
    page = Paginator(entries.order_by("-seq"), 50).get_page(q.get("page"))
    return render(
        request,
        "core/audit_list.html",
        {
            "page": page,
            "actions": scope.order_by("action").values_list("action", flat=True).distinct(),
            "object_types": scope.order_by("object_type").values_list("object_type", flat=True).distinct(),
            "start": start,
            "end": end,
        },
    )


def public_congress(code: str):
    """The congress a public page belongs to, by its code (404 when unknown)."""
    from registry.models import Congress

    return get_object_or_404(Congress, code=code)


def public_home(request, code):
    """A congress's public front page: the sections the public can follow, no login."""
    congress = public_congress(code)
    sections = []
    for path in settings.PUBLIC_SECTION_PROVIDERS:
        sections.extend(import_string(path)(congress))
    return render(request, "core/public_home.html", {"public_congress": congress, "sections": sections})


def error_view(status: int, title: str, text: str):
    def view(request, exception=None):
        return render(
            request, "core/error.html", {"title": title, "text": text, "status": status}, status=status
        )

    return view


bad_request = error_view(400, "请求有误", "提交的内容无法识别，请返回上一页重试。")
permission_denied = error_view(403, "没有权限", "您没有权限访问此页面。如需权限，请联系人大常委会办公室。")
page_not_found = error_view(404, "页面不存在", "您要找的页面不存在，或您没有查看它的权限。")
SERVER_ERROR_TEXT = "系统暂时出错，您提交的内容未被保存。请稍后重试，或联系系统管理员。"


def server_error(request, exception=None):
    """The 500 page: a template of its own that needs neither the database nor the session (both
    may be what failed), with the request id that is also in the log line of the traceback."""
    from django.http import HttpResponseServerError
    from django.template import loader

    request_id = getattr(request, "request_id", "") or "-"
    html = loader.get_template("core/500.html").render({"text": SERVER_ERROR_TEXT, "request_id": request_id})
    response = HttpResponseServerError(html)
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request, reason=""):
    return render(
        request,
        "core/error.html",
        {"title": "页面已过期", "status": 403, "text": "页面已过期或来源无法验证，请刷新页面后重新提交。"},
        status=403,
    )


@login_required
def notification_list(request):
    page = Paginator(Notification.objects.filter(user=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_read(request, pk=None):
    """Mark one notification (and go to what it is about) or all of them as read."""
    mine = Notification.objects.filter(user=request.user, read_at__isnull=True)
    if pk is None:
        mine.update(read_at=timezone.now())
        return redirect("core:notification_list")
    notification = Notification.objects.filter(user=request.user, pk=pk).first()
    if notification is None:
        return redirect("core:notification_list")
    mine.filter(pk=pk).update(read_at=timezone.now())
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("core:notification_list")
