"""Spreadsheets (.xlsx): the one writer every export uses.

Every cell goes through `write` (or `append`, `header`, `table_bytes`, which call it):

- Text that a spreadsheet would read as a formula — starting with `=`, `+`, `-`, `@`, or with a tab
  or carriage return (which some programs skip before reading a formula) — is written as a text
  cell with Excel's quote prefix (`cell.quotePrefix`, what Excel sets when a user types a leading
  apostrophe). The value itself is kept exactly as written, so a roster exported and imported again
  comes back unchanged, and Excel and LibreOffice show `=HYPERLINK("x")` as text and keep it text
  when the cell is edited. Citizens' and deputies' text reaches these files (a name, a title, a
  message), and a live formula in an office's ledger is the classic CSV/formula injection.
- Characters XML 1.0 cannot hold (control characters such as `\\x0b` or `\\x00`, lone surrogates,
  U+FFFE/U+FFFF) are dropped, since openpyxl refuses them and the file would not be written.
- Text longer than Excel's 32,767-character cell limit is cut there (Excel would "repair" the file).
- Numbers, dates and booleans stay what they are; an aware datetime is written in local time
  (Excel has no time zones).

`workbook_bytes` checks every cell once more before saving, so a formula can reach a file only
through this module's own code, which writes none.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_767
# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
TITLE_FONT = Font(bold=True, size=14)  # a sheet's title line above its header
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"


def clean(text: str) -> str:
    """Text without the characters XML cannot hold, cut to Excel's cell limit."""
    return _NOT_XML.sub("", text)[:MAX_CELL_TEXT]


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def write(
    sheet: Worksheet,
    row: int,
    column: int,
    value,
    *,
    number_format: str | None = None,
    font: Font | None = None,
    fill: PatternFill | None = None,
    alignment: Alignment | None = None,
) -> Cell:
    """Put one value in a cell: text cleaned and never a formula, numbers and dates as themselves."""
    target = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        text = clean(value)
        target.value = text
        if looks_like_formula(text):
            target.data_type = "s"  # openpyxl reads a leading "=" as a formula; this is text
            target.quotePrefix = True
    elif isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            from django.utils import timezone

            value = timezone.localtime(value).replace(tzinfo=None)
        target.value = value
        number_format = number_format or "yyyy-mm-dd hh:mm"
    elif isinstance(value, dt.date):
        target.value = value
        number_format = number_format or DATE_FORMAT
    elif value is None or isinstance(value, (int, float, Decimal, dt.time)):
        target.value = value
    else:  # rates, model instances, lazy translations: their text
        return write(
            sheet,
            row,
            column,
            str(value),
            number_format=number_format,
            font=font,
            fill=fill,
            alignment=alignment,
        )
    if number_format:
        target.number_format = number_format
    if font is not None:
        target.font = font
    if fill is not None:
        target.fill = fill
    if alignment is not None:
        target.alignment = alignment
    return target


def append(sheet: Worksheet, values: Iterable, *, font: Font | None = None) -> int:
    """Write a row under the last one; returns its number. An empty sheet starts at row 1."""
    row = sheet.max_row + 1 if sheet._cells else 1
    for column, value in enumerate(values, start=1):
        write(sheet, row, column, value, font=font)
    return row


def header(
    sheet: Worksheet,
    headers: Sequence[str | tuple[str, int]],
    *,
    row: int = 1,
    fonts: dict[int, Font] | None = None,
) -> None:
    """A bold, shaded header row; a (text, width) pair also sets the column's width."""
    for column, item in enumerate(headers, start=1):
        text, width = item if isinstance(item, tuple) else (item, None)
        font = (fonts or {}).get(column, HEADER_FONT)
        write(sheet, row, column, text, font=font, fill=HEADER_FILL, alignment=HEADER_ALIGNMENT)
        if width:
            sheet.column_dimensions[get_column_letter(column)].width = width


def widths(sheet: Worksheet, values: Iterable[int], *, start: int = 1) -> None:
    for column, width in enumerate(values, start=start):
        sheet.column_dimensions[get_column_letter(column)].width = width


def auto_filter(sheet: Worksheet, columns: int, *, first_row: int = 1, last_row: int | None = None) -> None:
    """A filter on the header in `first_row` over its data down to `last_row` (the last row by default)."""
    last = max(last_row or sheet.max_row, first_row + 1)
    sheet.auto_filter.ref = f"A{first_row}:{get_column_letter(columns)}{last}"


def new_workbook() -> Workbook:
    """A workbook with no sheet; add them with `add_sheet`."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def sheet_title(text: str) -> str:
    """Excel's rules for a sheet name: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "", clean(text))[:31] or "Sheet"


def add_sheet(
    workbook: Workbook,
    title: str,
    headers: Sequence[str | tuple[str, int]] | None = None,
    rows: Iterable[Iterable] = (),
    *,
    freeze: str | None = "A2",
    filtered: bool = False,
) -> Worksheet:
    """A sheet with a header row, its rows and the header frozen (pass `freeze=None` to keep it loose)."""
    sheet = workbook.create_sheet(sheet_title(title))
    if headers:
        header(sheet, headers)
    for values in rows:
        append(sheet, values)
    if freeze:
        sheet.freeze_panes = freeze
    if filtered and headers:
        auto_filter(sheet, len(headers))
    return sheet


def _no_formulas(workbook: Workbook) -> None:
    for sheet in workbook.worksheets:
        for line in sheet.iter_rows():
            for target in line:
                if target.data_type == "f" or (
                    isinstance(target.value, str) and looks_like_formula(target.value)
                ):
                    target.value = clean(str(target.value))
                    target.data_type = "s"
                    target.quotePrefix = True


def workbook_bytes(workbook: Workbook) -> bytes:
    _no_formulas(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_bytes(
    title: str,
    headers: Sequence[str | tuple[str, int]],
    rows: Iterable[Iterable],
    *,
    freeze: str | None = "A2",
    filtered: bool = True,
) -> bytes:
    """A one-sheet workbook: header row, rows, frozen header, a filter on the columns."""
    workbook = new_workbook()
    add_sheet(workbook, title, headers, rows, freeze=freeze, filtered=filtered)
    return workbook_bytes(workbook)
