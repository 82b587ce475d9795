"""Pages every part of the site shares: errors, the favicon, a person's notifications."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from core.models import Notification


def favicon(request):
    """Browsers ask for /favicon.ico on pages without a <link rel=icon> (downloads, errors)."""
    return redirect(static("core/favicon.svg"))


@require_GET
def captcha_image(request):
    """The picture of the captcha sum kept in this visitor's session (core.captcha)."""
    from django.http import HttpResponse

    from core import captcha

    question = request.session.get(captcha.QUESTION_KEY) or captcha.new_question(request)
    response = HttpResponse(captcha.render_png(question), content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


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
