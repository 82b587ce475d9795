"""renda report --congress CODE --year YYYY --format json|xlsx|docx [--output FILE]."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from reports.figures import FIGURES


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_to_stdout_one_key_per_figure(worked):
    out, _ = run("--congress", "demo", "--year", "2026", "--format", "json")
    data = json.loads(out)
    assert list(data) == [f.key for f in FIGURES]
    assert data["committee_meetings"] == 2
    assert data["satisfaction_rate"] == {"numerator": 1, "denominator": 3, "percent": "33.3%"}


def test_xlsx_to_a_default_file(worked, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("--congress", "demo", "--year", "2026", "--format", "xlsx")
    wb = openpyxl.load_workbook(tmp_path / "report-demo-2026.xlsx")
    assert "会议与决定" in wb.sheetnames


def test_since_a_session_and_a_date_range(worked, tmp_path):
    session = worked["session_2026"]
    target = tmp_path / "since.docx"
    run(
        "--congress",
        "demo",
        "--session",
        str(session.pk),
        "--until",
        "2026-06-09",
        "--format",
        "docx",
        "--output",
        str(target),
    )
    text = "".join(p.text for p in Document(target).paragraphs)
    assert "示范区第十七届人民代表大会第五次会议以来，组织召开人民代表大会会议1次，召开常委会会议1次" in text
    out, _ = run("--congress", "demo", "--from", "2026-06-10", "--to", "2026-06-10", "--format", "json")
    assert json.loads(out)["committee_meetings"] == 1  # cm2


def test_docx_to_the_given_file(worked, tmp_path):
    target = tmp_path / "draft.docx"
    run("--congress", "demo", "--year", "2026", "--format", "docx", "--output", str(target))
    assert "召开常委会会议2次" in "".join(p.text for p in Document(target).paragraphs)


@pytest.mark.parametrize(
    "args, message",
    [
        (("--congress", "nowhere", "--year", "2026"), "没有代码为“nowhere”的人大"),
        (("--congress", "demo", "--year", "20x6"), "年度“20x6”无效"),
        (("--congress", "demo", "--year", "1066"), "年度“1066”无效"),
        (("--congress", "demo", "--year", "2026", "--format", "pdf"), "不支持的格式“pdf”"),
        (("--congress", "demo"), "请给出统计时段"),
        (("--congress", "demo", "--session", "999999"), "请选择本级人民代表大会的一次会议。"),
        (("--congress", "demo", "--from", "2026-05-01", "--to", "2026-04-01"), "结束日期不能早于开始日期。"),
    ],
)
def test_bad_arguments_exit_2_with_a_chinese_message(worked, args, message):
    with pytest.raises(CommandError) as excinfo:
        run(*args)
    assert message in str(excinfo.value)
    assert excinfo.value.returncode == 2
