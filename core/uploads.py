"""Checks on an uploaded Office file (.xlsx, .docx: zip archives) before any parser opens it.

A 1 MB "zip bomb" workbook unpacks to gigabytes; openpyxl would hold a worker for minutes and
gigabytes of memory. So before parsing: the file's size, the archive's entry count, the unpacked
size and compression ratio its entries declare (zipfile never inflates an entry past its declared
size, so the declared sizes bound the work), and, for a workbook, the number of rows of the
sheet, counted by streaming its XML without parsing it.

    problem = uploads.workbook_problem(upload, max_rows=5000)
    if problem: refuse with `problem` (Chinese)
"""

from __future__ import annotations

import contextlib
import re
import zipfile

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_UNPACKED = 100 * 1024 * 1024
# Spreadsheet XML compresses well (~10-30×); a bomb compresses thousands of times.
MAX_RATIO = 200
RATIO_FLOOR = 1024 * 1024  # small entries may compress as they like
SHEET = re.compile(r"^xl/worksheets/sheet\d+\.xml$")
ROW_TAG = b"<row"


class UploadRefused(ValueError):
    """The upload cannot be processed; the message (Chinese) says why."""


def _rewind(upload) -> None:
    with contextlib.suppress(AttributeError, OSError):
        upload.seek(0)


def archive_problem(upload, *, max_size: int = MAX_FILE_SIZE) -> str:
    """'' when `upload` is a zip archive of sane size and ratio, else a Chinese message."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_size:
        return f"文件过大（{size / 1024 / 1024:.1f} MB），请上传不超过 {max_size // 1024 // 1024} MB 的文件。"
    _rewind(upload)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        _rewind(upload)
        return "无法读取该文件：它不是有效的 .xlsx 文件，或文件已损坏。请用 Excel 或 WPS 打开确认后另存为 .xlsx 再上传。"
    _rewind(upload)
    if len(entries) > MAX_ENTRIES:
        return "文件结构异常（包含的部件过多），无法处理。请用 Excel 或 WPS 打开后另存再上传。"
    unpacked = sum(e.file_size for e in entries)
    if unpacked > MAX_UNPACKED:
        return "文件解压后过大，疑似恶意压缩文件，已拒绝处理。请确认文件内容后另存再上传。"
    for entry in entries:
        if entry.file_size > RATIO_FLOOR and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            return "文件压缩比异常，疑似恶意压缩文件，已拒绝处理。请确认文件内容后另存再上传。"
    return ""


def count_rows(upload, sheet_name: str | None = None) -> int:
    """Rows (<row> elements) of the largest worksheet, or of `sheet_name`'s part, by streaming its XML."""
    _rewind(upload)
    with zipfile.ZipFile(upload) as archive:
        sheets = [e for e in archive.infolist() if SHEET.match(e.filename)]
        if sheet_name:
            sheets = [e for e in sheets if e.filename == sheet_name] or sheets
        if not sheets:
            _rewind(upload)
            return 0
        largest = max(sheets, key=lambda e: e.file_size)
        count, tail = 0, b""
        with archive.open(largest) as stream:
            while chunk := stream.read(1 << 16):
                data = tail + chunk
                count += data.count(ROW_TAG)
                tail = data[-(len(ROW_TAG) - 1) :]
                # The tail was counted only if it held a whole tag, which a 3-byte tail cannot.
    _rewind(upload)
    return count


def workbook_problem(upload, *, max_rows: int, max_size: int = MAX_FILE_SIZE) -> str:
    """'' when the .xlsx may be parsed, else a Chinese message (size, bomb, too many rows)."""
    problem = archive_problem(upload, max_size=max_size)
    if problem:
        return problem
    try:
        rows = count_rows(upload)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return "无法读取该文件：它不是有效的 .xlsx 文件，或文件已损坏。"
    if rows > max_rows + 1:  # + the header row
        return f"文件有 {rows} 行，一次最多导入 {max_rows} 行代表数据，请分批导入。"
    return ""
