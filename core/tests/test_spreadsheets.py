"""core.spreadsheets: text that looks like a formula stays text, XML-illegal characters go, numbers stay numbers."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from core import spreadsheets

FORMULA_LIKE = ['=HYPERLINK("x")', "+1", "-1", "@x", "\t=1+1", "\r=1+1", "=1+1"]


def reopened(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]


@pytest.mark.parametrize("text", FORMULA_LIKE)
def test_formula_looking_text_is_written_as_quoted_text_and_kept_exactly(text):
    sheet = reopened(spreadsheets.table_bytes("表", ["姓名"], [[text]]))
    cell = sheet.cell(2, 1)
    assert cell.data_type == "s" and cell.quotePrefix is True
    assert cell.value == text


def test_plain_text_gets_no_quote_prefix():
    cell = reopened(spreadsheets.table_bytes("表", ["姓名"], [["张代表"]])).cell(2, 1)
    assert cell.value == "张代表" and not cell.quotePrefix


def test_characters_xml_cannot_hold_are_dropped():
    rows = [["甲\x0b乙"], ["\x00丙\x1f"], ["丁\ud800"], ["戊\ufffe"], ["\x0b=1+1"]]
    sheet = reopened(spreadsheets.table_bytes("表", ["姓名"], rows))
    assert [sheet.cell(r, 1).value for r in range(2, 7)] == ["甲乙", "丙", "丁", "戊", "=1+1"]
    assert sheet.cell(6, 1).data_type == "s" and sheet.cell(6, 1).quotePrefix


def test_tabs_and_line_breaks_inside_text_stay():
    assert reopened(spreadsheets.table_bytes("表", ["内容"], [["第一行\n第二行\t完"]])).cell(2, 1).value == (
        "第一行\n第二行\t完"
    )


def test_numbers_dates_and_empty_cells_stay_what_they_are():
    when = dt.date(2026, 12, 6)
    sheet = reopened(
        spreadsheets.table_bytes(
            "表", ["a", "b", "c", "d", "e", "f"], [[-1, 2.5, when, None, True, Decimal("1.5")]]
        )
    )
    assert sheet.cell(2, 1).value == -1 and sheet.cell(2, 1).data_type == "n"
    assert sheet.cell(2, 2).value == 2.5
    assert (
        sheet.cell(2, 3).value == dt.datetime(2026, 12, 6) and sheet.cell(2, 3).number_format == "yyyy-mm-dd"
    )
    assert sheet.cell(2, 4).value is None
    assert sheet.cell(2, 5).value is True
    assert sheet.cell(2, 6).value == 1.5 and sheet.cell(2, 6).data_type == "n"


def test_an_aware_datetime_is_written_in_local_time(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    moment = dt.datetime(2026, 12, 6, 1, 30, tzinfo=dt.UTC)
    assert reopened(spreadsheets.table_bytes("表", ["时间"], [[moment]])).cell(2, 1).value == dt.datetime(
        2026, 12, 6, 9, 30
    )


def test_text_is_cut_at_excels_cell_limit():
    value = reopened(spreadsheets.table_bytes("表", ["内容"], [["字" * 40_000]])).cell(2, 1).value
    assert len(value) == spreadsheets.MAX_CELL_TEXT


def test_a_formula_put_in_behind_the_writers_back_is_neutralised_on_save():
    workbook = spreadsheets.new_workbook()
    sheet = spreadsheets.add_sheet(workbook, "表", ["a"])
    sheet["A2"] = "=SUM(1,2)"
    cell = reopened(spreadsheets.workbook_bytes(workbook)).cell(2, 1)
    assert cell.data_type == "s" and cell.quotePrefix and cell.value == "=SUM(1,2)"


def test_header_is_bold_shaded_frozen_and_filtered_with_widths():
    sheet = reopened(spreadsheets.table_bytes("名册", [("姓名", 12), ("单位", 30)], [["甲", "乙"]]))
    assert sheet.title == "名册" and sheet.freeze_panes == "A2"
    assert sheet.cell(1, 1).font.bold and sheet.cell(1, 1).fill.fgColor.rgb.endswith("F2F2F2")
    assert sheet.column_dimensions["B"].width == 30
    assert sheet.auto_filter.ref == "A1:B2"


def test_sheet_titles_follow_excels_rules():
    assert spreadsheets.sheet_title("2026/12:[统计]*?" + "字" * 40) == ("202612统计" + "字" * 40)[:31]
