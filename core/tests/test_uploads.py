"""Uploaded workbooks are checked for size, zip bombs and row count before anything parses them."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import uploads


def workbook(rows: int = 3) -> bytes:
    book = openpyxl.Workbook()
    for n in range(rows):
        book.active.append([f"代表{n}", n])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bomb(unpacked_mb: int = 40) -> bytes:
    """A real workbook whose sheet is padded with whitespace: ~40 KB packed, 40 MB unpacked."""
    source = zipfile.ZipFile(io.BytesIO(workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (unpacked_mb << 20))
            bomb.writestr(entry.filename, data)
    return buffer.getvalue()


def upload(content: bytes, name="名册.xlsx"):
    return SimpleUploadedFile(name, content)


def test_an_ordinary_workbook_passes():
    assert uploads.workbook_problem(upload(workbook(10)), max_rows=100) == ""


def test_a_zip_bomb_is_refused_before_parsing_with_a_chinese_message():
    content = zip_bomb()
    assert len(content) < 200 * 1024
    problem = uploads.workbook_problem(upload(content), max_rows=5000)
    assert "疑似恶意压缩文件" in problem


def test_a_declared_unpacked_size_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNPACKED", 1024 * 1024)
    monkeypatch.setattr(uploads, "MAX_RATIO", 10**9)
    assert "解压后过大" in uploads.workbook_problem(upload(zip_bomb(2)), max_rows=5000)


def test_rows_are_counted_without_parsing():
    assert uploads.count_rows(upload(workbook(250))) == 250
    assert "一次最多导入 100 行" in uploads.workbook_problem(upload(workbook(250)), max_rows=100)


def test_a_file_over_the_size_limit_is_refused():
    assert "文件过大" in uploads.workbook_problem(upload(workbook()), max_rows=10, max_size=100)


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_a_file_that_is_not_an_archive_gets_a_chinese_message(content):
    assert "不是有效的 .xlsx" in uploads.workbook_problem(upload(content), max_rows=10)


@pytest.mark.django_db
def test_the_roster_import_refuses_a_zip_bomb_quickly(clerk, term):
    from conftest import client_for
    from registry.models import Deputy

    response = client_for(clerk).post(
        reverse("registry:roster_import"), {"file": upload(zip_bomb(), "代表名册.xlsx")}, follow=True
    )
    assert response.status_code == 200
    assert "疑似恶意压缩文件" in response.content.decode()
    assert not Deputy.objects.exists()
