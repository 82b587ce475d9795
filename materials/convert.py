"""Turn an uploaded file into what the reader shows: a PDF, its page count and its text."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)
SOFFICE_TIMEOUT = 180


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(data: bytes) -> bytes | None:
    """The PDF LibreOffice makes of a .docx, or None where LibreOffice is not installed or fails."""
    binary = soffice()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "material.docx"
        source.write_bytes(data)
        try:
            subprocess.run(
                [
                    binary,
                    "--headless",
                    f"-env:UserInstallation=file://{tmp}/profile",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    tmp,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=SOFFICE_TIMEOUT,
            )
        except (subprocess.SubprocessError, OSError):
            log.warning("LibreOffice could not convert a material to PDF", exc_info=True)
            return None
        target = Path(tmp) / "material.pdf"
        return target.read_bytes() if target.exists() else None


def docx_text(data: bytes) -> str:
    from core.documents import text_of

    return text_of(data)


def pdf_facts(data: bytes) -> tuple[int | None, str]:
    """(page count, text) of a PDF; (None, "") when it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = len(reader.pages)
        text = "\n".join((page.extract_text() or "").strip() for page in reader.pages[:500])
    except (PdfReadError, ValueError, KeyError, OSError):
        return None, ""
    return pages, text
