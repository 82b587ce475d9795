"""Roster export and the import template: staff only, this congress only, and they re-import cleanly."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for, make_deputy, make_term
from core.dates import today
from core.models import AuditEntry
from registry import roster
from registry.models import Deputy

pytestmark = pytest.mark.django_db

EXPORT_URL = reverse("registry:roster_export")
TEMPLATE_URL = reverse("registry:roster_template")
IMPORT_URL = reverse("registry:roster_import")
HEADERS = [c.header for c in roster.COLUMNS]


def export(user):
    """Start the export job (it runs at once in tests) and download its file from the job page."""
    client = client_for(user)
    page = client.get(EXPORT_URL, follow=True)
    if page.status_code != 200 or "job" not in page.context:
        return page
    return client.get(reverse("core:job_download", args=[page.context["job"].pk]))


def open_workbook(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(response.content))


def sheet_rows(response) -> list[tuple]:
    return list(open_workbook(response)[roster.SHEET_TITLE].iter_rows(values_only=True))


def reimport(user, content: bytes, name: str = "代表名册.xlsx"):
    return client_for(user).post(IMPORT_URL, {"file": SimpleUploadedFile(name, content)}, follow=True)


# --- Export -----------------------------------------------------------------------------------


def test_export_has_every_deputy_of_every_status_with_full_numbers_and_date_cells(
    clerk, congress, term, station
):
    serving = make_deputy(congress, term, station=station)
    suspended = make_deputy(congress, term, status=Deputy.Status.SUSPENDED, suspended_on=dt.date(2025, 3, 1))

    response = export(clerk)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = sheet_rows(response)
    assert list(rows[0]) == HEADERS + ["状态"]
    by_id = {row[HEADERS.index("身份证号")]: dict(zip(rows[0], row)) for row in rows[1:]}
    assert set(by_id) == {serving.id_number, suspended.id_number}
    first = by_id[serving.id_number]
    assert first["手机号码"] == serving.phone and first["进站联络站"] == station.name
    assert first["状态"] == "在任" and first["性别"] == serving.get_gender_display()
    assert isinstance(first["出生日期"], dt.datetime) and first["出生日期"].date() == serving.birth_date
    assert by_id[suspended.id_number]["状态"] == "暂停执行代表职务"


def test_export_is_named_by_date_with_an_rfc5987_filename(clerk, term):
    response = export(clerk)
    name = f"代表名册-{today().isoformat()}.xlsx"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(name)}" in disposition


def test_export_is_recorded_in_the_audit_log(clerk, congress, term):
    make_deputy(congress, term)
    export(clerk)
    entry = AuditEntry.objects.get(action="export_roster")
    assert entry.actor_id == clerk.pk and entry.congress_id == congress.pk and "1 人" in entry.note


def test_exported_file_reimports_with_zero_errors(clerk, congress, term, station, delegation):
    make_deputy(congress, term, station=station, delegation=delegation, workplace="示范区第一中学校长")
    make_deputy(congress, term, status=Deputy.Status.TERMINATED, terminated_on=dt.date(2024, 5, 1))
    make_deputy(congress, term, ethnicity="回族", party="群众")
    before = list(Deputy.objects.filter(congress=congress).order_by("pk").values())
    exported = export(clerk).content

    response = reimport(clerk, exported, name="代表名册-导出.xlsx")

    assert response.context["job"].state == "done", response.context["job"].errors
    after = list(Deputy.objects.filter(congress=congress).order_by("pk").values())
    assert [{**d, "user_id": None} for d in after] == [{**d, "user_id": None} for d in before]
    assert all(d["user_id"] for d in after)  # the import opened the missing logins
    assert "未变化 3 人" in AuditEntry.objects.get(action="import_roster").note


def test_export_of_an_older_term_reimports_without_moving_anyone(clerk, congress, term):
    from registry.models import Term

    make_deputy(congress, term, number="A001")
    newer = Term.objects.create(congress=congress, number=18, starts_on=dt.date(2026, 12, 28))
    make_deputy(congress, newer, number="A001")  # the same 代表证号 in another term is allowed
    response = reimport(clerk, export(clerk).content)
    assert response.context["job"].state == "done"
    assert sorted(Deputy.objects.values_list("term__number", flat=True)) == [17, 18]


def test_the_outsiders_export_contains_none_of_this_congress(outsider, other_congress, congress, term):
    ours = make_deputy(congress, term)
    theirs = make_deputy(other_congress, make_term(other_congress))
    rows = sheet_rows(export(outsider))
    ids = {row[HEADERS.index("身份证号")] for row in rows[1:]}
    assert ids == {theirs.id_number} and ours.id_number not in ids


def test_deputy_gets_403_on_export_and_template(deputy):
    assert client_for(deputy).get(EXPORT_URL).status_code == 403
    assert client_for(deputy).get(TEMPLATE_URL).status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()


def test_leader_cannot_export_either(leader, term):
    assert client_for(leader).get(EXPORT_URL).status_code == 403


def test_export_refuses_post(clerk, term):
    assert client_for(clerk).post(EXPORT_URL).status_code == 405


# --- Template ---------------------------------------------------------------------------------


def test_the_template_downloads_with_headers_dropdown_example_and_instructions(clerk, term, station):
    response = client_for(clerk).get(TEMPLATE_URL)

    assert response.status_code == 200
    assert f"filename*=UTF-8''{quote('代表名册导入模板.xlsx')}" in response["Content-Disposition"]
    workbook = open_workbook(response)
    assert workbook.sheetnames == [roster.SHEET_TITLE, roster.HELP_SHEET_TITLE]
    sheet = workbook[roster.SHEET_TITLE]
    header = [cell.value for cell in sheet[1]]
    assert [h.lstrip("*") for h in header] == HEADERS
    assert header[HEADERS.index("姓名")] == "*姓名" and header[HEADERS.index("民族")] == "民族"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["I"].width == 22
    example = [cell for cell in sheet[2]]
    assert example[0].value == roster.EXAMPLE_MARK and example[0].font.italic
    assert example[HEADERS.index("进站联络站")].value == station.name
    gender = next(dv for dv in sheet.data_validations.dataValidation if dv.type == "list")
    assert gender.formula1 == '"男,女"' and "C2" in gender.sqref
    notes = "".join(str(c.value or "") for row in workbook[roster.HELP_SHEET_TITLE].iter_rows() for c in row)
    assert "身份证号" in notes and "示例" in notes and station.name in notes


def test_the_template_as_downloaded_imports_nothing_and_says_why(clerk, congress, term):
    response = reimport(clerk, client_for(clerk).get(TEMPLATE_URL).content)
    assert response.status_code == 200
    assert "没有可导入的代表数据" in response.content.decode()
    assert not Deputy.objects.filter(congress=congress).exists()


def test_a_filled_in_template_imports_its_rows(clerk, congress, term, station):
    workbook = openpyxl.load_workbook(io.BytesIO(client_for(clerk).get(TEMPLATE_URL).content))
    sheet = workbook[roster.SHEET_TITLE]
    example = {c.field: cell.value for c, cell in zip(roster.COLUMNS, sheet[2])}
    sheet.append([{**example, "number": "T9001", "name": "孙代表"}[c.field] for c in roster.COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = reimport(clerk, buffer.getvalue())

    assert response.context["job"].state == "done", response.context["job"].errors
    deputy = Deputy.objects.get(congress=congress)
    assert (deputy.number, deputy.name, deputy.station) == ("T9001", "孙代表", station)
