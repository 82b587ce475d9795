"""core.downloads: an ASCII file name and the RFC 5987 Chinese one, the right type, never cached."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest

from core import downloads


def test_a_download_names_the_file_twice_and_is_not_stored():
    response = downloads.download(b"PK", "代表名册-2026-12-06.xlsx", "roster-2026-12-06.xlsx")
    assert response["Content-Disposition"] == (
        "attachment; filename=\"roster-2026-12-06.xlsx\"; filename*=UTF-8''"
        + quote("代表名册-2026-12-06.xlsx", safe="")
    )
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.content == b"PK"


def test_without_an_ascii_name_one_is_made_from_the_latin_part():
    disposition = downloads.download(b"", "答复函-第17号.docx")["Content-Disposition"]
    assert disposition.startswith('attachment; filename="17.docx"; ')
    assert downloads.ascii_name("代表名册.xlsx") == "download.xlsx"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("a.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("a.PDF", "application/pdf"),
        ("a.png", "image/png"),
        ("a.csv", "text/csv; charset=utf-8"),
        ("a.json", "application/json; charset=utf-8"),
        ("a", "application/octet-stream"),
    ],
)
def test_content_type_follows_the_extension(name, content_type):
    assert downloads.download(b"", name)["Content-Type"] == content_type


def test_quotes_and_line_breaks_cannot_break_the_header():
    disposition = downloads.content_disposition('a"b\r\nSet-Cookie: x=1.xlsx', 'evil"\r\n.xlsx')
    assert "\r" not in disposition and "\n" not in disposition
    fallback = disposition.split(";")[1]
    assert fallback == ' filename="evil.xlsx"'
    assert "filename*=UTF-8''a%22bSet-Cookie%3A%20x%3D1.xlsx" in disposition


def test_inline_files_say_inline():
    assert downloads.content_disposition("照片.png", inline=True).startswith(
        'inline; filename="download.png"'
    )


def test_a_stored_file_streams_with_the_same_headers():
    response = downloads.file_download(io.BytesIO(b"%PDF-1.4"), "佐证材料.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert "filename*=UTF-8''" + quote("佐证材料.pdf", safe="") in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4"


class _Get:
    method = "GET"

    def __init__(self, range_header=""):
        self.headers = {"Range": range_header} if range_header else {}


def _ranged(range_header=""):
    data = bytes(range(256)) * 4  # 1024 bytes
    return downloads.ranged_file_download(
        _Get(range_header), io.BytesIO(data), len(data), "材料.pdf", inline=True
    )


def test_a_byte_range_gets_206_and_that_slice_only():
    response = _ranged("bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 100-199/1024"
    assert response["Content-Length"] == "100"
    assert b"".join(response.streaming_content) == (bytes(range(256)) * 4)[100:200]
    assert response["Cache-Control"] == "no-store" and response["Accept-Ranges"] == "bytes"


def test_an_open_range_and_a_suffix_range_reach_the_end():
    assert _ranged("bytes=1000-")["Content-Range"] == "bytes 1000-1023/1024"
    assert _ranged("bytes=-24")["Content-Range"] == "bytes 1000-1023/1024"
    assert _ranged("bytes=1000-99999")["Content-Range"] == "bytes 1000-1023/1024"


def test_without_a_range_the_whole_file_says_ranges_are_accepted():
    response = _ranged()
    assert response.status_code == 200 and response["Accept-Ranges"] == "bytes"
    assert len(b"".join(response.streaming_content)) == 1024


@pytest.mark.parametrize("header", ["bytes=2000-", "bytes=500-400", "bytes=-0"])
def test_an_unsatisfiable_range_gets_416(header):
    response = _ranged(header)
    assert response.status_code == 416 and response["Content-Range"] == "bytes */1024"


@pytest.mark.parametrize("header", ["bytes=0-1,5-9", "items=0-5", "bytes=a-b", "bytes=-"])
def test_several_or_malformed_ranges_get_the_whole_file(header):
    assert _ranged(header).status_code == 200
