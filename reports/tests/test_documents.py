"""The Word draft and the workbook: the figures are in them, and LibreOffice opens both."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import openpyxl
import pytest
from docx import Document

from reports import documents
from reports.figures import AREAS


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_word_draft_in_official_style(worked, congress):
    text = _text(documents.docx(congress, 2026))
    assert "示范区人民代表大会常务委员会2026年工作报告" in text
    assert "一、会议与决定" in text and "二、监督工作" in text
    assert (
        "全年组织召开人民代表大会会议1次，召开常委会会议2次，做出决议决定2项，任免地方国家机关工作人员2人次。"
        in text
    )
    assert "示范区第十七届人民代表大会第五次会议应出席代表4人，出席2人，不足法定人数" in text
    assert (
        "全年开展执法检查1项，听取审议专项工作报告2项，开展视察调研2项，工作评议1项，专题询问1次，审查预算决算和审计工作2项。"
        in text
    )
    assert "2026年交办的5件代表建议已答复4件，办结2件。办复率80%，按期办结率60%" in text
    assert "满意率（含基本满意）为66.7%，其中满意的占33.3%" in text
    assert "已解决或基本解决的1件，解决率20%" in text
    assert (
        "全区1个人大代表联络站开展主题活动2次，调研活动1次，开展代表接待日2次，接待群众12人次，收到群众意见建议3条，办结2条。"
        in text
    )
    assert "经代表票决产生民生实事项目2个；对2个民生实事项目开展满意度测评，1个项目测评结果为满意。" in text
    assert "组织代表向选民述职2人次。" in text


def test_all_replied_says_so(worked, congress):
    text = _text(documents.docx(congress, 2025))
    assert "2025年交办的1件代表建议全部办理完毕并答复代表。办复率、满意率（含基本满意）均达100%" in text


def test_a_year_without_records_leaves_clauses_out(worked, congress):
    text = _text(documents.docx(congress, 2020))
    assert "0次" not in text and "0项" not in text


def test_workbook_has_a_sheet_per_area(worked, congress):
    wb = openpyxl.load_workbook(io.BytesIO(documents.xlsx(congress, 2026)))
    assert wb.sheetnames[: len(AREAS)] == list(AREAS.values())
    ws = wb["会议与决定"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    assert rows["召开常委会会议"][1:4] == ("2", "1", "+1")
    ws = wb["代表建议办理"]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r[0]}
    assert rows["办复率"][1] == "80.0%" and rows["办复率"][5:7] == (4, 5)
    assert rows["区教育局"][1] == 3 if "区教育局" in rows else rows["示范区教育局"][1] == 3


@pytest.mark.skipif(
    not shutil.which("soffice") and os.environ.get("RENDA_REQUIRE_LIBREOFFICE") != "1",
    reason="未安装 LibreOffice（soffice）：见 docs/figures.md 的人工检查",
)
def test_libreoffice_opens_both_files(worked, congress, tmp_path):
    (tmp_path / "report.docx").write_bytes(documents.docx(congress, 2026))
    (tmp_path / "report.xlsx").write_bytes(documents.xlsx(congress, 2026))
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    for name in ("report.docx", "report.xlsx"):
        subprocess.run(
            [
                "soffice",
                profile,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(tmp_path / name),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        pdf = (tmp_path / name).with_suffix(".pdf")
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 5000
    # and what LibreOffice read contains the figures
    subprocess.run(
        [
            "soffice",
            profile,
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "report.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert "召开常委会会议2次" in (tmp_path / "report.txt").read_text(encoding="utf-8-sig")
    subprocess.run(
        [
            "soffice",
            profile,
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "report.xlsx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert "召开常委会会议,2,1,+1" in (tmp_path / "report.csv").read_text(encoding="utf-8")
