"""Thin views: parse, check, call workflow, render. A refusal is a Chinese message, never a 500."""

from __future__ import annotations

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.permissions import deputy_of, office_required, staff_required
from core import dates, downloads, steps
from core.downloads import download, file_download
from performance import documents, forms, permissions, queries, rules, workflow
from performance.models import Publication
from registry.models import Delegation


def _year(request) -> int:
    """?year=2026; anything malformed or out of range means this year."""
    raw = (request.GET.get("year") or "").strip()
    if raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return dates.today().year


# --------------------------------------------------------------------------- ranking


def _ranking(request):
    delegations = Delegation.objects.filter(congress=request.congress)
    form = forms.RankingFilterForm(request.GET or None, delegations=delegations)
    year, delegation, grade, sort = dates.today().year, None, "", "score"
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"] or year
        delegation, grade = form.cleaned_data["delegation"], form.cleaned_data["grade"]
        sort = form.cleaned_data["sort"] or sort
    rows = queries.ranking(request.congress, year, delegation_id=delegation, grade=grade, sort=sort)
    return form, year, rows


@require_GET
@office_required
def ranking(request):
    form, year, rows = _ranking(request)
    template = "performance/ranking.html#results" if request.htmx else "performance/ranking.html"
    return render(
        request,
        template,
        {
            "form": form,
            "year": year,
            "rows": rows,
            "items": rules.ITEMS,
            "totals": queries.grade_totals(rows),
            "grade_labels": rules.GRADE_LABELS,
            "table": queries.scoring_table(request.congress),
            "can_edit": permissions.can_edit_scoring(request),
            "publications": Publication.objects.filter(congress=request.congress),
        },
    )


@require_GET
@office_required
def ranking_export(request):
    _form, year, rows = _ranking(request)
    return downloads.export(
        request,
        documents.ranking_xlsx(rows, year),
        f"{year}年代表履职积分.xlsx",
        f"performance-{year}.xlsx",
        what=f"{year}年代表履职积分",
        rows=len(rows),
    )


# --------------------------------------------------------------------------- a deputy's record


@require_GET
@login_required
def my_record(request):
    deputy = deputy_of(request.user, request.congress, holding_role=False)
    if deputy is None:
        raise Http404("您不是本级人大代表，没有履职档案。")
    return redirect("performance:deputy_detail", pk=deputy.pk)


@require_GET
@login_required
def deputy_detail(request, pk):
    deputy = permissions.get_deputy_for_user(request, pk)
    year = _year(request)
    table = queries.scoring_table(request.congress)
    result = queries.record_of(deputy, year, table)
    own = deputy_of(request.user, request.congress, holding_role=False)
    return render(
        request,
        "performance/deputy_detail.html",
        {
            "deputy": deputy,
            "year": year,
            "years": queries.years(request.congress),
            "result": result,
            "table": table,
            "grade_label": rules.GRADE_LABELS[result.grade],
            "links": queries.record_links(deputy, year) if permissions.sees_all(request) else {},
            "attendances": queries.attendance_rows(deputy, year),
            "suggestions": queries.suggestion_rows(deputy, year),
            "oversight": queries.oversight_rows(deputy, year),
            "entries": queries.entries(deputy, year),
            "is_own": own is not None and own.pk == deputy.pk,
            "can_record": permissions.can_record_entry(request),
            "entry_form": forms.EntryForm() if permissions.can_record_entry(request) else None,
        },
    )


@require_GET
@login_required
def annual_report(request, pk):
    deputy = permissions.get_deputy_for_user(request, pk)
    year = _year(request)
    table = queries.scoring_table(request.congress)
    result = queries.record_of(deputy, year, table)
    content = documents.annual_report(
        deputy, year, result, table, list(queries.entries(deputy, year)), on=dates.today()
    )
    return download(
        content, f"{deputy.name}{year}年度履职情况报告.docx", f"performance-{deputy.number}-{year}.docx"
    )


@require_http_methods(["GET", "POST"])
@staff_required
def record_entry(request, pk):
    deputy = permissions.get_deputy_for_user(request, pk)
    if not permissions.can_record_entry(request):
        raise PermissionDenied("您没有权限登记履职记录。")
    latest = dates.today()
    bound = request.method == "POST"
    form = forms.EntryForm(
        request.POST if bound else None,
        request.FILES if bound else None,
        year_range=(deputy.elected_on, latest),
    )
    if request.method == "POST":
        if form.is_valid():
            entry = workflow.record_entry(deputy, form.cleaned_data, actor=request.user, request=request)
            messages.success(request, f"已登记{entry.get_kind_display()}：{entry.title}。")
            return redirect(
                f"{reverse('performance:deputy_detail', args=[deputy.pk])}?year={entry.date.year}"
            )
        return render(request, "performance/entry_form.html", {"deputy": deputy, "form": form}, status=400)
    return render(request, "performance/entry_form.html", {"deputy": deputy, "form": form})


@require_POST
@staff_required
def delete_entry(request, pk):
    entry = permissions.get_entry_for_user(request, pk)
    if not permissions.can_delete_entry(request):
        raise PermissionDenied("您没有权限删除履职记录。")
    deputy_id, year = entry.deputy_id, entry.date.year
    workflow.delete_entry(entry, actor=request.user, request=request)
    messages.success(request, "已删除该条履职记录。")
    return redirect(f"{reverse('performance:deputy_detail', args=[deputy_id])}?year={year}")


@require_GET
@login_required
def evidence(request, pk):
    entry = permissions.get_entry_for_user(request, pk)
    if not entry.evidence:
        raise Http404("没有佐证材料。")
    try:
        handle = entry.evidence.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("文件不存在。") from None
    return file_download(handle, os.path.basename(entry.evidence.name))


# --------------------------------------------------------------------------- scoring table and publication


@require_http_methods(["GET", "POST"])
@office_required
def scoring(request):
    table = queries.scoring_table(request.congress)
    form = forms.ScoringForm(request.POST if request.method == "POST" else None, table=table)
    status = 200
    if request.method == "POST":
        if not permissions.can_edit_scoring(request):
            raise PermissionDenied("只有工作人员可以修改评分标准。")
        if form.is_valid():
            saved = workflow.edit_scoring(
                request.congress, form.cleaned_data["table"], actor=request.user, request=request
            )
            messages.success(request, f"评分标准已保存（第{saved.version}版），履职积分已按新标准计算。")
            return redirect("performance:scoring")
        status = 400
    return render(
        request,
        "performance/scoring.html",
        {
            "form": form,
            "table": table,
            "can_edit": permissions.can_edit_scoring(request),
            "publish_form": forms.PublishForm(initial={"year": dates.today().year}),
            "publications": Publication.objects.filter(congress=request.congress).select_related(
                "published_by"
            ),
        },
        status=status,
    )


@require_POST
@staff_required
def publish(request):
    if not permissions.can_publish(request):
        raise PermissionDenied("您没有权限公开履职情况。")
    form = forms.PublishForm(request.POST, today=dates.today())
    if not form.is_valid():
        messages.error(request, steps.first_error(form) if form.errors else "输入有误。")
        return redirect("performance:scoring")
    publication = workflow.publish(
        request.congress,
        form.cleaned_data["year"],
        form.cleaned_data["quarter"],
        actor=request.user,
        request=request,
    )
    messages.success(request, f"已公开{publication.period_label}代表履职情况。")
    return redirect("performance:scoring")
