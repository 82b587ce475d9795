"""Each deputy's annual performance report as .docx: opens with python-docx and carries the figures."""

import io

import pytest
import time_machine
from docx import Document

from conftest import client_for
from performance.tests.helpers import YEAR, deputy_record, hand_worked

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-11-22 10:00 +0800")
def test_deputy_downloads_own_annual_report_with_the_figures(congress, deputy, co_signer):
    me = deputy_record(deputy)
    hand_worked(congress, me, deputy_record(co_signer))
    response = client_for(deputy).get(f"/performance/deputies/{me.pk}/report.docx?year={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert doc.paragraphs[0].text == f"张代表代表{YEAR}年度履职情况报告"
    assert "领衔提出议案0件、建议2件" in text
    assert "缺席1次" in text
    assert "全年履职积分69分，履职等次为“较好”" in text
    assert "2026年11月22日" in text
    assert "示范区人民代表大会常务委员会" in text
    assert "领衔提出建议" in cells and "6" in cells and "69" in cells
    assert me.phone not in text and me.id_number not in text


def test_malformed_year_falls_back_to_this_year(clerk, deputy):
    me = deputy_record(deputy)
    assert client_for(clerk).get(f"/performance/deputies/{me.pk}/report.docx?year=abc").status_code == 200
    assert client_for(clerk).get(f"/performance/deputies/{me.pk}/?year=99999999999").status_code == 200
