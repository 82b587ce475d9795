"""Word files, workbooks and download headers each have one home in core/; no app writes its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOMES = {
    "Word documents (core/documents.py)": (
        re.compile(r"^\s*(from|import) docx\b", re.M),
        "core/documents.py",
    ),
    "workbooks (core/spreadsheets.py)": (re.compile(r"\bWorkbook\(\)"), "core/spreadsheets.py"),
    "download headers (core/downloads.py)": (re.compile(r"Content-Disposition\"\]\s*="), "core/downloads.py"),
}


def sources():
    for path in sorted(ROOT.glob("*/**/*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if (
            "/tests/" in relative
            or relative.startswith((".venv/", "bench/", "var/"))
            or "/migrations/" in relative
        ):
            continue
        yield relative, path.read_text(encoding="utf-8")


@pytest.mark.parametrize("home", sorted(HOMES))
def test_only_the_home_does_it(home):
    pattern, where = HOMES[home]
    offenders = [relative for relative, text in sources() if relative != where and pattern.search(text)]
    assert offenders == [], f"{home}: {offenders}"
