"""Roster import, export and template download: thin views over registry.roster (staff only)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import staff_required
from core import progress, spreadsheets
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

    send_passwords = forms.BooleanField(
        label="初始密码以短信发送代表本人（不在页面显示）",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not settings.SMS_GATEWAY_URL:  # no gateway: the passwords are shown once instead
            del self.fields["send_passwords"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = roster.file_problem(upload.name, upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload


@require_http_methods(["GET", "POST"])
@staff_required
def roster_import(request):
    """The upload form; the import itself runs as a job (registry.roster.import_job) whose page
    shows the progress, every bad row, and the new logins' initial passwords once."""
    posted = request.method == "POST"
    form = RosterUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        upload.seek(0)
        job = progress.start(
            owner=request.user,
            congress=request.congress,
            kind="import_roster",
            title=f"导入代表名册《{upload.name}》"[:200],
            target="registry.roster.import_job",
            args=(
                request.congress.pk,
                request.user.pk,
                upload.name,
                upload.read(),
                bool(form.cleaned_data.get("send_passwords")),
            ),
        )
        return redirect("core:job", pk=job.pk)
    return render(
        request,
        "registry/roster_import.html",
        {
            "form": form,
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
    """The full roster (ID and phone numbers) as a job: its page offers the file when it is ready."""
    job = progress.start(
        owner=request.user,
        congress=request.congress,
        kind="export_roster",
        title="导出代表名册",
        target="registry.roster.export_job",
        args=(request.congress.pk, request.user.pk),
    )
    return redirect("core:job", pk=job.pk)


@require_GET
@staff_required
def roster_template(request):
    return download(roster.roster_template(request.congress), "代表名册导入模板.xlsx", "roster-template.xlsx")
