"""Statistics for the office: dashboard, drill-down, Word draft, workbook, JSON. Reads only."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.permissions import office_required
from core.downloads import download
from reports import documents, queries
from reports.figures import BY_KEY

MIN_YEAR = 2000


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return queries.default_year()
    return year if MIN_YEAR <= year <= queries.default_year() + 1 else queries.default_year()


def _checked_year(year: int) -> int:
    if not MIN_YEAR <= year <= queries.default_year() + 1:
        raise Http404("没有该年度的统计。")
    return year


@require_GET
@office_required
def dashboard(request):
    year = _year(request.GET.get("year"))
    data = queries.dashboard(request.congress, year)
    try:
        on = dt.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        on = None
    return render(
        request,
        "reports/dashboard.html",
        {
            **data,
            "year": year,
            "years": queries.year_choices(),
            "paragraphs": documents.paragraphs(request.congress, year, data["values"]),
            "as_of": documents.as_of(year),
            "body_sizes": queries.body_sizes(request.congress, on) if on else None,
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
def drill(request, year: int, key: str):
    """The records behind one figure, exactly those it counts, each linked to its own page."""
    figure = BY_KEY.get(key)
    if figure is None:
        raise Http404("没有该统计指标。")
    year = _checked_year(year)
    part = request.GET.get("part", "")
    part = part if figure.is_rate and part in ("numerator", "denominator") else ""
    qs = figure.drill(request.congress, year, part)
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
            "year": year,
            "part": part,
            "total": total,
            "page": page,
            "rows": rows,
            "headers": [label for label, _ in figure.columns],
            "value": figure.value(request.congress, year),
        },
    )


@require_GET
@office_required
def report_docx(request, year: int):
    year = _checked_year(year)
    return download(
        documents.docx(request.congress, year),
        f"{year}年工作报告统计数据（草稿）.docx",
        f"report-{request.congress.code}-{year}.docx",
    )


@require_GET
@office_required
def report_xlsx(request, year: int):
    year = _checked_year(year)
    return download(
        documents.xlsx(request.congress, year),
        f"{year}年统计数据.xlsx",
        f"report-{request.congress.code}-{year}.xlsx",
    )


@require_GET
@office_required
def figures_json(request, year: int):
    year = _checked_year(year)
    return JsonResponse(queries.as_json(request.congress, year), json_dumps_params={"ensure_ascii": False})
