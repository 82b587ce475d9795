"""Roster import, export and template download: thin views over registry.roster (staff only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import staff_required
from core import audit, spreadsheets
from core.dates import today
from core.downloads import download
from registry import roster

XLSX = spreadsheets.CONTENT_TYPE


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="名册文件（.xlsx）",
        error_messages={
            "required": "请选择要导入的名册文件。",
            "empty": "上传的文件是空的。",
            "invalid": "没有收到文件，请重新选择后上传。",
        },
        widget=forms.FileInput(
            attrs={
                "class": "form-control",
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = roster.file_problem(upload.name, upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload


@require_http_methods(["GET", "POST"])
@staff_required
def roster_import(request):
    result = None
    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            result = roster.import_roster(
                request.congress, form.cleaned_data["file"], actor=request.user, request=request
            )
            if result.ok:
                ignored = result.check.ignored_headers
                messages.success(
                    request,
                    f"代表名册已导入：{result.summary}。"
                    + (f"未识别的列未导入：{'、'.join(ignored)}。" if ignored else ""),
                )
                return redirect("registry:deputy_list")
    else:
        form = RosterUploadForm()
    return render(
        request,
        "registry/roster_import.html",
        {
            "form": form,
            "result": result,
            "columns": roster.COLUMNS,
            "max_rows": roster.MAX_ROWS,
            "max_megabytes": roster.MAX_FILE_SIZE // (1024 * 1024),
            "example_mark": roster.EXAMPLE_MARK,
            "term": roster.current_term(request.congress),
        },
    )


@require_GET
@staff_required
def roster_export(request):
    content, count = roster.export_roster(request.congress)
    with transaction.atomic():
        audit.record(
            actor=request.user,
            action="export_roster",
            congress=request.congress,
            request=request,
            object_type="registry.deputy",
            note=f"导出代表名册 {count} 人（含身份证号、手机号码）",
        )
    day = today().isoformat()
    return download(content, f"代表名册-{day}.xlsx", f"roster-{day}.xlsx")


@require_GET
@staff_required
def roster_template(request):
    return download(roster.roster_template(request.congress), "代表名册导入模板.xlsx", "roster-template.xlsx")
