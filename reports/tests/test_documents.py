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
from reports.figures import AREAS, BY_KEY


def _text(content: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)


def test_word_draft_in_official_style(worked, congress):
    text = _text(documents.docx(congress, 2026))
    # the organ's name whole, the year in the subtitle
    assert "示范区人民代表大会常务委员会工作报告\n（2026年统计数据部分·草稿）" in text
    assert "示范区人民代表大会常务委员会2026年" not in text
    assert "一、会议与决定" in text and "二、监督工作" in text


# The 2026 draft, sentence by sentence, each against the records of conftest.worked.
SENTENCES_2026 = [
    (
        "会议与决定",
        # session_2026; cm1, cm2; v_resolution_1, v_resolution_2; ap_sworn, ap_removed
        "全年组织召开人民代表大会会议1次，召开常委会会议2次，作出决议、决定2项，任免地方国家机关工作人员2人次。",
    ),
    # att2_代表1..4 at the closing plenary (quoted when the office picks none), 3 present
    (
        "会议与决定",
        "示范区第十七届人民代表大会第五次会议第二次全体会议应出席代表4人，出席3人，符合法定人数。",
    ),
    # v_plenary_resolution, passed 10 : 0 : 0 at the second plenary
    (
        "会议与决定",
        "示范区第十七届人民代表大会第五次会议表决通过决议、决定1项：v_plenary_resolution（赞成10票，反对0票，弃权0票）。",
    ),
    (
        "监督工作",
        "全年开展执法检查1项，听取和审议专项工作报告2项，开展视察1次、专题调研1次、督导1次，开展工作评议1项，"
        "开展专题询问1次，开展跟踪监督1项，审查预算决算和审计工作2项。",
    ),
    ("监督工作", "向有关机关交办审议意见2件，对研究处理情况开展满意度测评1次。"),  # op1, op2; ev_closed
    ("监督工作", "其中重点监督事项2项。"),  # enforcement, follow_up
    # s1..s5 referred; s1 s2 s3 s5 replied; s1 s2 closed
    ("代表建议办理", "2026年交办的5件代表建议已答复4件，办结2件。"),
    # s1, s2 at the 2026 session, s3 s4 s5 in recess; s1 s2 s4 to 区教育局 (政府部门), s3 s5 to the court
    (
        "代表建议办理",
        "其中示范区第十七届人民代表大会第五次会议期间代表提出的2件，闭会期间代表提出的3件；"
        "交由政府部门办理的3件、人民法院办理的2件。",
    ),
    ("代表建议办理", "确定重点督办建议2件，已办结1件。"),  # s1, s4; s1 closed
    ("代表建议办理", "办复率80%，办结率40%，按期答复率60%。"),  # 4/5, 2/5, s1 s3 s5 = 3/5
    # final ratings: s1 满意, s2 基本满意, s5 不满意
    # first ratings s1 满意, s2 s5 不满意
    ("代表建议办理", "代表对答复的满意率（含基本满意）为66.7%，其中满意的占33.3%（首次答复后为33.3%）。"),
    # s1 A, s2 B
    (
        "代表建议办理",
        "代表所提问题已解决或基本解决的1件，解决率20%；得到解决或计划逐步解决的2件，占交办件数的40%。",
    ),
    ("代表建议办理", "代表提出议案1件。"),  # motion
    # station (街道站), community_station (社区站)
    ("代表联络站", "全区共有人大代表联络站2个，其中街道人大代表联络站1个、社区人大代表联络站1个。"),
    # themed1, themed2; research1; 30 + 5 opinions raised at themed1 and research1; r1, r2; m1 m2 m3
    (
        "代表联络站",
        "各联络站开展主题活动2次，调研活动1次，在活动中收集意见建议35条，开展代表接待日2次，接待群众12人次，"
        "收到群众意见建议3条，办结2条。",
    ),
    (
        "代表联络站",
        "其中网上联络站收到群众留言2条，办结1条。",
    ),  # m1, m3 online (m2 at a reception); m1 closed
    ("民生实事项目", "经代表票决产生民生实事项目2个。"),  # p4, p5
    ("民生实事项目", "对2个民生实事项目开展满意度测评，1个项目测评结果为满意。"),  # p1, p2; p1
    ("代表工作", "组织代表向选民述职2人次。"),  # duty1, duty2
]


def test_the_draft_sentence_by_sentence(worked, congress):
    got = [(heading, s.text) for heading, section in documents.sentences(congress, 2026) for s in section]
    assert got == SENTENCES_2026


def test_every_sentence_names_figures_that_exist(worked, congress):
    for _heading, section in documents.sentences(congress, 2026):
        for sentence in section:
            assert sentence.keys and set(sentence.keys) <= set(BY_KEY), sentence


def test_one_paragraph_per_section_under_its_heading(worked, congress):
    paragraphs = [p.text for p in Document(io.BytesIO(documents.docx(congress, 2026))).paragraphs]
    # the sections, up to the appendix of audit checkpoints (reports/tests/test_audit_appendix.py)
    body = paragraphs[paragraphs.index("一、会议与决定") : paragraphs.index("附录：审计日志检查点")]
    headings = body[0::2]
    assert headings == [
        "一、会议与决定",
        "二、监督工作",
        "三、代表建议办理",
        "四、代表联络站",
        "五、民生实事项目",
        "六、代表工作",
    ]
    assert body[3] == "".join(t for h, t in SENTENCES_2026 if h == "监督工作")


def test_official_wording_only(worked, congress):
    text = _text(documents.docx(congress, 2026)) + _text(documents.docx(congress, 2025))
    for wrong in ("做出", "听取审议", "按期办结率", "视察调研"):
        assert wrong not in text


def test_all_replied_says_so_once(worked, congress):
    text = _text(documents.docx(congress, 2025))
    # s_2025: replied on time, closed, rated 满意, A类 — each rate at 100% named once
    assert (
        "2025年交办的1件代表建议全部办理完毕并答复代表。其中闭会期间代表提出的1件。办复率、办结率、按期答复率、满意率均达100%。"
        in text
    )
    assert "代表所提问题已解决或基本解决的1件，解决率100%。" in text
    assert text.count("100%") == 2
    assert "占" not in text.split("代表建议办理")[1]


def test_a_year_without_records_leaves_clauses_out(worked, congress):
    text = _text(documents.docx(congress, 2020))
    assert "0次" not in text and "0项" not in text


def test_stations_stay_in_the_draft_without_activities(worked, congress):
    text = _text(documents.docx(congress, 2020))
    assert "代表联络站\n全区共有人大代表联络站2个，其中街道人大代表联络站1个、社区人大代表联络站1个。" in text


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
