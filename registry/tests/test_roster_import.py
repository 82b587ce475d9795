"""Roster import: every bad row is reported in Chinese, and nothing is stored unless all rows are good."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from types import SimpleNamespace

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import client_for, make_deputy, make_term, valid_id_number
from core.models import AuditEntry
from registry import roster
from registry.models import Constituency, Delegation, Deputy, Station, Subdistrict
from registry.roster_views import XLSX

pytestmark = pytest.mark.django_db

URL = reverse("registry:roster_import")
HEADERS = [c.header for c in roster.COLUMNS]
_serial = itertools.count(500)


def roster_row(**overrides) -> dict:
    """One good row, keyed by header; each call gets its own ID number, phone and 代表证号."""
    n = next(_serial)
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n * 7)
    row = {
        "代表证号": f"R{n:04d}",
        "姓名": f"导入代表{n}",
        "性别": "女" if n % 2 else "男",
        "民族": "汉族",
        "出生日期": birth,
        "政治面貌": "群众",
        "职业": "教师",
        "工作单位及职务": "示范区第一中学教师",
        "身份证号": valid_id_number(birth, n),
        "手机号码": f"137{n:08d}",
        "代表团（组）": None,
        "选区": None,
        "进站联络站": None,
        "当选日期": dt.date(2021, 12, 1),
    }
    row.update(overrides)
    return row


def workbook_bytes(rows: list[dict | None], headers: list[str] = HEADERS) -> bytes:
    """A roster workbook built in memory; None in rows leaves a blank line."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([None if row is None else row.get(h.strip()) for h in headers] if row else [])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "代表名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def post_roster(user, content: bytes, name: str = "代表名册.xlsx"):
    """Upload, then land on the job page (the job runs at once in tests, core.progress)."""
    return client_for(user).post(URL, {"file": upload(content, name)}, follow=True)


def errors_of(response) -> list[SimpleNamespace]:
    return [SimpleNamespace(**e) for e in response.context["job"].errors]


def imported(response) -> bool:
    return response.status_code == 200 and response.context["job"].state == "done"


def error_rows(response) -> list[int]:
    return sorted({e.row for e in errors_of(response) if e.row is not None})


def messages_of(response) -> str:
    return " ".join(e.message for e in errors_of(response))


# --- The page ---------------------------------------------------------------------------------


def test_clerk_sees_the_upload_form_with_a_link_to_the_template(clerk, term):
    response = client_for(clerk).get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in page and reverse("registry:roster_template") in page
    assert "全部行都没有问题才会导入" in page


def test_deputy_gets_403_on_import(deputy):
    assert client_for(deputy).get(URL).status_code == 403
    assert post_roster(deputy, workbook_bytes([roster_row()])).status_code == 403


def test_anonymous_visitor_is_sent_to_login(citizen):
    response = citizen.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_posting_without_a_file_asks_for_one(clerk, term):
    response = client_for(clerk).post(URL, {})
    assert response.status_code == 200 and "请选择要导入的名册文件" in response.content.decode()


# --- All or nothing ---------------------------------------------------------------------------


def test_a_file_with_three_bad_rows_imports_nothing_and_reports_all_three(clerk, congress, term, station):
    existing = make_deputy(congress, term)
    rows = [
        roster_row(),  # row 2: good
        roster_row(姓名=None),  # row 3: missing name
        roster_row(),  # row 4: good
        roster_row(出生日期="1975-13-45"),  # row 5: bad date
        roster_row(身份证号=existing.id_number),  # row 6: fine alone (updates `existing`)…
        roster_row(身份证号=existing.id_number),  # row 7: …but repeats row 6's ID number
        roster_row(进站联络站="不存在的联络站"),  # row 8: unknown station
    ]
    rows[4]["出生日期"] = existing.birth_date
    rows[5]["出生日期"] = existing.birth_date

    response = post_roster(clerk, workbook_bytes(rows))

    assert response.status_code == 200
    assert Deputy.objects.filter(congress=congress).count() == 1
    assert not AuditEntry.objects.filter(action__startswith="import").exists()
    assert error_rows(response) == [3, 5, 7, 8]
    page = response.content.decode()
    assert "没有导入任何数据" in page
    for text in (
        "第3行",
        "“姓名”是必填项",
        "第5行",
        "不是有效的日期",
        "第7行",
        "与第6行的身份证号重复",
        "第8行",
        "不存在的联络站",
    ):
        assert text in page


def test_every_error_of_a_row_is_reported_not_just_the_first(clerk, term):
    response = post_roster(
        clerk, workbook_bytes([roster_row(性别="未知", 手机号码="12345", 当选日期="昨天")])
    )
    columns = {e.column for e in errors_of(response)}
    assert columns == {"性别", "手机号码", "当选日期"}
    assert "性别只能填“男”或“女”" in messages_of(response) and "11位手机号码" in messages_of(response)


def test_a_good_file_imports_every_row_and_writes_audit_entries(clerk, congress, term, station, delegation):
    constituency = Constituency.objects.create(congress=congress, name="第一选区")
    rows = [
        roster_row(进站联络站=station.name, **{"代表团（组）": delegation.name, "选区": "第一选区"}),
        roster_row(),
        roster_row(),
    ]

    client = client_for(clerk)
    response = client.post(URL, {"file": upload(workbook_bytes(rows), name="2026年名册.xlsx")}, follow=True)

    assert imported(response), errors_of(response)
    assert reverse("registry:deputy_list") in response.content.decode()
    deputies = Deputy.objects.filter(congress=congress)
    assert deputies.count() == 3
    first = deputies.get(id_number=rows[0]["身份证号"])
    assert (first.station, first.delegation, first.constituency) == (station, delegation, constituency)
    assert first.term == term and first.status == Deputy.Status.SERVING
    assert first.birth_date == rows[0]["出生日期"] and first.party == "群众"
    created = AuditEntry.objects.filter(action="import_create", congress_id=congress.pk, actor_id=clerk.pk)
    assert created.count() == 3
    assert created.get(object_id=str(first.pk)).changes["id_number"] == [None, first.id_number]
    summary = AuditEntry.objects.get(action="import_roster")
    assert "新增 3 人" in summary.note and "2026年名册.xlsx" in summary.note
    assert "代表名册已导入：新增 3 人，更新 0 人，未变化 0 人" in response.content.decode()


def test_deputies_go_into_the_latest_term(clerk, congress, term):
    from registry.models import Term

    latest = Term.objects.create(congress=congress, number=18, starts_on=dt.date(2026, 12, 28))
    post_roster(clerk, workbook_bytes([roster_row()]))
    assert Deputy.objects.get(congress=congress).term == latest


def test_reimporting_the_same_file_updates_instead_of_duplicating(clerk, congress, term):
    rows = [roster_row(), roster_row()]
    post_roster(clerk, workbook_bytes(rows))
    response = post_roster(clerk, workbook_bytes(rows))

    assert imported(response), errors_of(response)
    assert Deputy.objects.filter(congress=congress).count() == 2
    assert AuditEntry.objects.filter(action="import_roster").count() == 2
    assert "未变化 2 人" in AuditEntry.objects.filter(action="import_roster").order_by("seq").last().note
    assert AuditEntry.objects.filter(action="import_update").count() == 0


def test_a_changed_row_updates_its_deputy_and_records_what_changed(clerk, congress, term):
    existing = make_deputy(congress, term, workplace="旧单位", ethnicity="回族")
    row = roster_row(
        身份证号=existing.id_number,
        出生日期=existing.birth_date,
        手机号码=existing.phone,
        代表证号=existing.number,
        姓名=existing.name,
        工作单位及职务="新单位",
        民族=None,
    )

    response = post_roster(clerk, workbook_bytes([row]))

    assert imported(response), errors_of(response)
    existing.refresh_from_db()
    assert existing.workplace == "新单位"
    assert existing.ethnicity == "回族"  # a blank optional cell keeps what is stored
    entry = AuditEntry.objects.get(action="import_update")
    assert entry.object_id == str(existing.pk) and entry.changes["workplace"] == ["旧单位", "新单位"]
    assert Deputy.objects.filter(congress=congress).count() == 1


# --- Reading the file -------------------------------------------------------------------------


def test_a_text_file_gets_a_chinese_message(clerk, congress, term):
    response = post_roster(clerk, "姓名,身份证号\n张三,1".encode(), name="名册.txt")
    assert response.status_code == 200
    assert "只能导入 .xlsx 格式的 Excel 文件" in response.content.decode()
    assert not Deputy.objects.filter(congress=congress).exists()


def test_a_corrupt_xlsx_gets_a_chinese_message(clerk, term):
    response = post_roster(clerk, b"PK\x03\x04 this is not really a workbook", name="名册.xlsx")
    assert response.status_code == 200
    assert "不是有效的 .xlsx 文件，或文件已损坏" in response.content.decode()


def test_a_zip_that_is_not_a_workbook_gets_a_chinese_message(clerk, term):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    response = post_roster(clerk, buffer.getvalue())
    assert response.status_code == 200 and "文件已损坏" in response.content.decode()


def test_a_file_over_five_megabytes_is_refused(clerk, term):
    response = post_roster(clerk, b"0" * (roster.MAX_FILE_SIZE + 1))
    assert response.status_code == 200 and "文件超过 5 MB" in response.content.decode()


def test_an_empty_workbook_gets_a_chinese_message(clerk, term):
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    response = post_roster(clerk, buffer.getvalue())
    assert response.status_code == 200 and "文件中没有任何内容" in response.content.decode()


def test_a_header_without_rows_says_there_is_no_data(clerk, term):
    response = post_roster(clerk, workbook_bytes([]))
    assert "只有表头，没有代表数据" in response.content.decode()


def test_more_rows_than_allowed_are_refused(clerk, term, monkeypatch):
    monkeypatch.setattr(roster, "MAX_ROWS", 3)
    response = post_roster(clerk, workbook_bytes([roster_row() for _ in range(4)]))
    assert "一次最多导入 3 行" in response.content.decode()
    assert not Deputy.objects.exists()


def test_a_missing_required_column_is_one_clear_message(clerk, term):
    headers = [h for h in HEADERS if h not in ("身份证号", "当选日期")]
    response = post_roster(clerk, workbook_bytes([roster_row(), roster_row()], headers=headers))
    errors = errors_of(response)
    assert len(errors) == 1
    assert "缺少必填列：身份证号、当选日期" in errors[0].message
    assert "缺少必填列：身份证号、当选日期" in response.content.decode()


def test_headers_match_in_any_order_with_spaces_and_halfwidth_parentheses(clerk, congress, term, delegation):
    headers = list(reversed(HEADERS))
    spaced = [f" {h} " for h in headers]
    spaced[spaced.index(" 代表团（组） ")] = "代表团(组)"
    row = roster_row(**{"代表团（组）": delegation.name})
    workbook = openpyxl.Workbook()
    workbook.active.append(spaced)
    workbook.active.append([row[h] for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = post_roster(clerk, buffer.getvalue())

    assert imported(response), errors_of(response)
    assert Deputy.objects.get(congress=congress).delegation == delegation


def test_the_congress_without_a_term_is_told_to_add_one(clerk, congress):
    response = post_roster(clerk, workbook_bytes([roster_row()]))
    assert "还没有设置届次" in response.content.decode()
    assert not Deputy.objects.exists()


# --- Cells ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["1975-01-02", "1975/1/2", "1975年1月2日", "1975.1.2", "19750102"])
def test_dates_are_read_from_the_usual_ways_of_writing_them(clerk, congress, term, text):
    birth = dt.date(1975, 1, 2)
    post_roster(clerk, workbook_bytes([roster_row(出生日期=text, 身份证号=valid_id_number(birth, 7))]))
    assert Deputy.objects.get(congress=congress).birth_date == birth


def test_a_phone_stored_as_a_number_is_normalised(clerk, congress, term):
    post_roster(clerk, workbook_bytes([roster_row(手机号码=13800138000.0, 代表证号=1001.0)]))
    deputy = Deputy.objects.get(congress=congress)
    assert (deputy.phone, deputy.number) == ("13800138000", "1001")


def test_an_id_number_stored_as_a_number_is_reported(clerk, term):
    response = post_roster(clerk, workbook_bytes([roster_row(身份证号=110101197501020000)]))
    assert "身份证号被存成了数字" in messages_of(response)


def test_an_invalid_id_number_uses_the_registry_rule(clerk, term):
    row = roster_row()
    row["身份证号"] = row["身份证号"][:17] + ("0" if row["身份证号"][17] != "0" else "1")
    assert "身份证号校验位不正确" in messages_of(post_roster(clerk, workbook_bytes([row])))


def test_a_birth_date_differing_from_the_id_number_is_reported(clerk, term):
    row = roster_row()
    row["出生日期"] = row["出生日期"] + dt.timedelta(days=1)
    response = post_roster(clerk, workbook_bytes([row]))
    assert [e.column for e in errors_of(response)] == ["出生日期"]
    assert "与身份证号中的出生日期" in messages_of(response)


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_excel(clerk, term):
    response = post_roster(clerk, workbook_bytes([roster_row(), None, None, roster_row(性别="X")]))
    assert error_rows(response) == [5]


def test_the_example_row_of_the_template_is_skipped(clerk, congress, term):
    post_roster(clerk, workbook_bytes([roster_row(代表证号="示例", 姓名=None), roster_row()]))
    assert Deputy.objects.filter(congress=congress).count() == 1
    assert "跳过示例行 1 行" in AuditEntry.objects.get(action="import_roster").note


def test_a_text_longer_than_the_field_is_reported(clerk, term):
    assert "不能超过 30 个字" in messages_of(post_roster(clerk, workbook_bytes([roster_row(姓名="长" * 31)])))


# --- Duplicates and conflicts -----------------------------------------------------------------


def test_duplicate_phones_and_numbers_in_the_file_name_both_rows(clerk, term):
    first = roster_row()
    rows = [first, roster_row(手机号码=first["手机号码"]), roster_row(代表证号=first["代表证号"])]
    response = post_roster(clerk, workbook_bytes(rows))
    errors = {(e.row, e.column): e.message for e in errors_of(response)}
    assert errors == {(3, "手机号码"): "与第2行的手机号码重复", (4, "代表证号"): "与第2行的代表证号重复"}


def test_a_phone_of_another_existing_deputy_is_a_conflict(clerk, congress, term):
    other = make_deputy(congress, term, name="钱代表")
    response = post_roster(clerk, workbook_bytes([roster_row(手机号码=other.phone)]))
    assert "已登记在代表 钱代表" in messages_of(response)
    assert Deputy.objects.filter(congress=congress).count() == 1


def test_a_number_of_another_existing_deputy_is_a_conflict(clerk, congress, term):
    other = make_deputy(congress, term)
    response = post_roster(clerk, workbook_bytes([roster_row(代表证号=other.number)]))
    assert [e.column for e in errors_of(response)] == ["代表证号"]


def test_deputies_of_another_congress_neither_match_nor_conflict(clerk, congress, term, other_congress):
    stranger = make_deputy(other_congress, make_term(other_congress))
    row = roster_row(
        身份证号=stranger.id_number,
        出生日期=stranger.birth_date,
        手机号码=stranger.phone,
        代表证号=stranger.number,
    )
    response = post_roster(clerk, workbook_bytes([row]))
    assert imported(response), errors_of(response)
    assert Deputy.objects.filter(congress=congress).count() == 1
    stranger.refresh_from_db()
    assert stranger.name != row["姓名"]


def test_a_station_of_another_congress_is_unknown(clerk, congress, term, other_congress):
    elsewhere = Subdistrict.objects.create(congress=other_congress, name="西湖街道")
    Station.objects.create(
        congress=other_congress,
        name="西湖街道人大代表联络站",
        subdistrict=elsewhere,
        level=Station.Level.SUBDISTRICT,
        address="西湖路1号",
    )
    Delegation.objects.create(congress=other_congress, name="西湖代表团")
    row = roster_row(进站联络站="西湖街道人大代表联络站", **{"代表团（组）": "西湖代表团"})

    response = post_roster(clerk, workbook_bytes([row]))

    assert {e.column for e in errors_of(response)} == {"进站联络站", "代表团（组）"}
    assert "系统中没有名为“西湖街道人大代表联络站”的代表联络站" in messages_of(response)
    assert not Deputy.objects.filter(congress=congress).exists()
