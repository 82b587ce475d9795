"""Statistics for the office: dashboard, drill-down, Word draft, workbook, JSON. Reads only.

Every page and export takes a report period (core.periods): ``?period=year&year=2026``,
``?period=session&session=3&until=2026-11-22`` or ``?period=range&from=…&to=…`` (plus
``attendance=<plenary>`` for the meeting whose attendance is quoted). The older year paths
(``/reports/2026/…``) are the same pages for that calendar year.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.permissions import office_required
from core import downloads, periods, progress
from core.downloads import download
from core.periods import Period, PeriodError
from reports import documents, queries, rollup
from reports import figures as F
from reports.figures import BY_KEY


def _period(request) -> tuple[Period, str]:
    """The period asked for, or this year with the Chinese reason when it cannot be read."""
    try:
        return periods.parse(request.congress, request.GET), ""
    except PeriodError as error:
        return Period.of_year(periods.default_year()), str(error)


def _checked_period(request, year: int | None) -> Period:
    """A download's or drill-down's period: from the year path, else the query; bad input is a 404 with
    the reason (a download has no page to show a message on)."""
    data = request.GET.copy()
    if year is not None:
        data["period"], data["year"] = "year", str(year)
    try:
        return periods.parse(request.congress, data)
    except PeriodError as error:
        raise Http404(str(error)) from None


@require_GET
@office_required
def dashboard(request):
    period, error = _period(request)
    if error:
        messages.error(request, error)
    data = queries.dashboard(request.congress, period)
    try:
        on = dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        on = None
    plenaries = F.plenaries_held(request.congress, period).select_related(
        "session__congress", "session__term"
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            **data,
            "period": period,
            "year": period.year,
            "years": periods.year_choices(),
            "sessions": periods.session_choices(request.congress),
            "plenaries": [
                (m.pk, documents.sitting_name(m)) for m in plenaries.order_by("session__starts_on", "number")
            ],
            "quoted": set(F.quoted_plenaries(request.congress, period).values_list("pk", flat=True)),
            "paragraphs": documents.paragraphs(request.congress, period, data["values"]),
            "as_of": period.as_of,
            "body_sizes": queries.body_sizes(request.congress, on) if on else None,
            "report_set": documents.report_set(request.congress, period),
        },
    )


def _cell(obj, accessor):
    if callable(accessor):
        return accessor(obj)
    value = obj
    for part in accessor.split("."):
        value = getattr(value, part, "")
        if callable(value):
            value = value()
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return "" if value is None else value


@require_GET
@office_required
def drill(request, key: str, year: int | None = None):
    """The records behind one figure, exactly those it counts, each linked to its own page."""
    figure = BY_KEY.get(key)
    if figure is None:
        raise Http404("没有该统计指标。")
    period = _checked_period(request, year)
    part = request.GET.get("part", "")
    part = part if figure.is_rate and part in ("numerator", "denominator") else ""
    qs = figure.drill(request.congress, period, part)
    total = qs.count()
    page = Paginator(qs.order_by("pk"), 100).get_page(request.GET.get("page"))
    rows = []
    for obj in page.object_list:
        url = ""
        if figure.detail:
            try:
                url = reverse(figure.detail, args=[obj.pk])
            except NoReverseMatch:  # pragma: no cover - an app renamed a page
                url = ""
        rows.append({"cells": [_cell(obj, acc) for _, acc in figure.columns], "url": url})
    return render(
        request,
        "reports/drill.html",
        {
            "figure": figure,
            "period": period,
            "year": period.year,
            "part": part,
            "total": total,
            "page": page,
            "rows": rows,
            "headers": [label for label, _ in figure.columns],
            "value": figure.value(request.congress, period),
            "children": rollup.children_values(figure, request.congress, period),
        },
    )


@require_GET
@office_required
def report_docx(request, year: int | None = None):
    """The Word draft is generated as a job (reports.jobs); its page offers the file when ready."""
    period = _checked_period(request, year)
    job = progress.start(
        owner=request.user,
        congress=request.congress,
        kind="annual_report",
        title=f"生成{period.label}工作报告统计数据（草稿）",
        target="reports.jobs.docx_job",
        args=(request.congress.pk, period.query),
    )
    return redirect("core:job", pk=job.pk)


@require_GET
@office_required
def report_xlsx(request, year: int | None = None):
    period = _checked_period(request, year)
    return downloads.export(
        request,
        documents.xlsx(request.congress, period),
        f"{period.label}统计数据.xlsx",
        f"report-{request.congress.code}-{period.slug}.xlsx",
        what=f"{period.label}统计数据",
        rows=None,
    )


@require_GET
@office_required
def figures_json(request, year: int | None = None):
    period = _checked_period(request, year)
    return JsonResponse(queries.as_json(request.congress, period), json_dumps_params={"ensure_ascii": False})


@require_GET
@office_required
def vote_summary(request, pk: int):
    """表决结果汇总 of one sitting of this congress."""
    from meetings.models import Meeting

    meeting = Meeting.objects.filter(congress=request.congress, pk=pk).select_related("congress").first()
    if meeting is None:
        raise Http404("没有该会议。")
    name = documents.sitting_name(meeting)
    return download(documents.vote_summary(meeting), f"{name}表决结果汇总.docx", f"votes-{meeting.pk}.docx")
