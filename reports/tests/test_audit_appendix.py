"""The annual report's Word draft ends with an appendix printing the year's signed audit checkpoints:
time, chain head and signature fingerprint, so the printed report can later be compared with the
checkpoint file (等保三级 安全审计: checkpoints kept outside the database)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from docx import Document

from core import audit
from reports import documents

pytestmark = pytest.mark.django_db


def tables_text(content: bytes) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in Document(io.BytesIO(content)).tables for row in t.rows]


def checkpoint_on(day: dt.datetime, congress, clerk) -> dict:
    with time_machine.travel(day, tick=False):
        audit.record(actor=clerk, action="update", congress=congress, object_repr="某记录")
        return next(c for c in audit.write_checkpoint() if c["chain"] == congress.pk)


def test_the_appendix_lists_the_years_checkpoints_with_head_and_fingerprint(congress, clerk):
    before = checkpoint_on(dt.datetime(2025, 12, 30, 2, tzinfo=dt.UTC), congress, clerk)
    first = checkpoint_on(dt.datetime(2026, 3, 1, 2, tzinfo=dt.UTC), congress, clerk)
    second = checkpoint_on(dt.datetime(2026, 9, 1, 2, tzinfo=dt.UTC), congress, clerk)
    content = documents.docx(congress, 2026)
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "附录：审计日志检查点" in text
    rows = tables_text(content)
    assert rows[-3] == ["时间", "链尾序号", "链尾校验码", "签名指纹"]
    for row, checkpoint in zip(rows[-2:], (first, second), strict=True):
        assert row[0].startswith(("2026-03-01", "2026-09-01"))
        assert row[1:] == [
            str(checkpoint["seq"]),
            checkpoint["hash"],
            audit.signature_fingerprint(checkpoint),
        ]
        assert row[3].replace(" ", "") == checkpoint["sig"][:16]
    assert before["hash"] not in "\n".join("|".join(r) for r in rows)


def test_a_forged_checkpoint_line_is_not_printed(congress, clerk):
    checkpoint = checkpoint_on(dt.datetime(2026, 3, 1, 2, tzinfo=dt.UTC), congress, clerk)
    path = audit.checkpoint_path()
    path.write_text(path.read_text().replace(checkpoint["hash"], "0" * 64))
    content = documents.docx(congress, 2026)
    assert "2026年没有审计检查点。" in "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "0" * 64 not in "\n".join("|".join(r) for r in tables_text(content))
