"""Download responses: the one home of Content-Disposition, content types and caching for files.

- The file name travels twice (RFC 6266 §4.3): `filename="…"` in plain ASCII for old clients, and
  `filename*=UTF-8''…` (RFC 5987) with the Chinese name every current browser shows.
- `Cache-Control: no-store`: exports carry personal data (ID numbers, phone numbers, citizens'
  messages), and no proxy or shared browser cache may keep a copy.
- The content type follows the file's extension, so a view cannot pair a .docx with the wrong type.
- A reader fetching pages as needed (pdf.js) asks for byte ranges (RFC 9110 §14): `file_download`
  with the request answers one `Range: bytes=a-b` with 206 and that slice only.
- A bulk export (a ledger, a register, a roster, statistics, a vote's data) goes out through
  `export`, which records it in the audit log first: who, what and how many rows
  (`core.audit.record_export`; 等保三级 安全审计). `download` is for one document (a reply letter,
  a poster, a printable ballot) and `file_download` for a stored upload.
"""

from __future__ import annotations

import mimetypes
import posixpath
import re
import unicodedata
from urllib.parse import quote

from django.db import transaction
from django.http import FileResponse, HttpResponse, StreamingHttpResponse

from core import audit

CONTENT_TYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json; charset=utf-8",
}
DEFAULT_TYPE = "application/octet-stream"


def content_type_for(filename: str) -> str:
    extension = posixpath.splitext(filename.lower())[1]
    return CONTENT_TYPES.get(extension) or mimetypes.guess_type(filename)[0] or DEFAULT_TYPE


def ascii_name(filename: str) -> str:
    """An ASCII stand-in: Latin letters, digits, '.', '-' and '_' kept, the rest dropped."""
    stem, extension = posixpath.splitext(filename)
    folded = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", folded).strip("-._")
    extension = re.sub(r"[^A-Za-z0-9.]", "", extension)
    return (stem or "download") + extension


def content_disposition(filename: str, ascii_filename: str | None = None, *, inline: bool = False) -> str:
    # Line breaks in a header value would end the header (response splitting); quotes would end the
    # quoted string.
    filename = re.sub(r"[\r\n\x00-\x1f\x7f]", "", filename) or "download"
    fallback = ascii_name(ascii_filename or filename)
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _headers(response, filename: str, ascii_filename: str | None, inline: bool):
    response["Content-Disposition"] = content_disposition(filename, ascii_filename, inline=inline)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def download(
    content: bytes | str,
    filename: str,
    ascii_filename: str | None = None,
    *,
    inline: bool = False,
    content_type: str | None = None,
) -> HttpResponse:
    """A generated file (.docx, .xlsx, .json…) as a download named `filename` (Chinese welcome)."""
    response = HttpResponse(content, content_type=content_type or content_type_for(filename))
    return _headers(response, filename, ascii_filename, inline)


def export(
    request,
    content: bytes | str,
    filename: str,
    ascii_filename: str | None = None,
    *,
    what: str,
    rows: int | None,
    congress=None,
    note: str = "",
) -> HttpResponse:
    """A bulk export as a download, recorded once in the audit log: who, ``what`` and how many ``rows``."""
    with transaction.atomic():
        audit.record_export(request, what=what, count=rows, congress=congress, note=note)
    return download(content, filename, ascii_filename)


def file_download(
    handle, filename: str, *, inline: bool = False, content_type: str | None = None
) -> FileResponse:
    """A stored file (an upload: attachment, evidence, photo) streamed with the same headers."""
    response = FileResponse(handle, content_type=content_type or content_type_for(filename))
    return _headers(response, filename, None, inline)


RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


UNSATISFIABLE = (-1, -1)


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """(first, last) inclusive for one satisfiable range; None to send the whole file (no header,
    several ranges, a malformed one); UNSATISFIABLE when it cannot be satisfied (416)."""
    match = RANGE.match((header or "").strip())
    if not match or (not match[1] and not match[2]):
        return None
    if not match[1]:  # the last N bytes
        length = int(match[2])
        return (max(0, size - length), size - 1) if length and size else UNSATISFIABLE
    first = int(match[1])
    last = min(int(match[2]), size - 1) if match[2] else size - 1
    if first >= size or first > last:
        return UNSATISFIABLE
    return first, last


def _slice(handle, first: int, last: int):
    handle.seek(first)
    left = last - first + 1
    try:
        while left > 0:
            chunk = handle.read(min(CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
    finally:
        handle.close()


def ranged_file_download(
    request, handle, size: int, filename: str, *, inline: bool = False, content_type: str | None = None
) -> HttpResponse | FileResponse | StreamingHttpResponse:
    """`file_download`, answering a single byte range with 206 (pdf.js loads a long PDF's pages as
    they are needed instead of the whole file first)."""
    wanted = byte_range(request.headers.get("Range", ""), size) if request.method == "GET" else None
    response: HttpResponse | FileResponse | StreamingHttpResponse
    if wanted == UNSATISFIABLE:
        handle.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        return _headers(refused, filename, None, inline)
    if wanted is None:
        response = file_download(handle, filename, inline=inline, content_type=content_type)
    else:
        first, last = wanted
        response = StreamingHttpResponse(
            _slice(handle, first, last),
            status=206,
            content_type=content_type or content_type_for(filename),
        )
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
        response["Content-Length"] = str(last - first + 1)
        _headers(response, filename, None, inline)
    response["Accept-Ranges"] = "bytes"
    return response
