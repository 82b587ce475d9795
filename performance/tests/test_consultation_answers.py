"""Answers to the office's consultations (征求意见) count in the deputy's performance record: one per
consultation answered in the year, however many paragraphs the answers cover."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from conftest import client_for
from materials import workflow as materials_workflow
from performance import queries, rules
from registry.models import Deputy

pytestmark = pytest.mark.django_db


def _open(clerk, congress, title="年度监督工作计划（征求意见稿）"):
    c = materials_workflow.create_consultation(
        actor=clerk,
        congress=congress,
        title=title,
        text="第一段。\n第二段。\n第三段。",
        deadline=timezone.now() + dt.timedelta(days=5),
        subject="supervision_plan",
    )
    return materials_workflow.open_consultation(actor=clerk, consultation=c)


def test_each_consultation_answered_counts_once(clerk, deputy, co_signer, congress):
    me = Deputy.objects.get(user=deputy)
    plan, report = _open(clerk, congress), _open(clerk, congress, "政府工作报告（征求意见稿）")
    for paragraph in (1, 2, None):
        materials_workflow.answer(deputy=me, consultation=plan, paragraph=paragraph, text="建议")
    materials_workflow.answer(deputy=me, consultation=report, paragraph=3, text="同意")
    year = timezone.localdate().year
    assert queries.counts_for_deputy(me, year)["consultation"] == 2
    assert queries.counts_for_deputy(Deputy.objects.get(user=co_signer), year)["consultation"] == 0
    assert queries.counts_for_deputy(me, year - 1)["consultation"] == 0


def test_answers_add_to_the_score_with_the_default_table(clerk, deputy, congress):
    me = Deputy.objects.get(user=deputy)
    year = timezone.localdate().year
    before = queries.record_of(me, year).score
    materials_workflow.answer(deputy=me, consultation=_open(clerk, congress), paragraph=1, text="建议")
    after = queries.record_of(me, year)
    assert after.score - before == rules.DEFAULT_TABLE["items"]["consultation"]["points"]
    assert any(line.key == "consultation" and line.count == 1 for line in after.lines)


def test_an_answer_counts_in_the_year_it_was_given(clerk, deputy, congress):
    me = Deputy.objects.get(user=deputy)
    with time_machine.travel(dt.datetime(2026, 12, 30, 10, tzinfo=dt.UTC)):
        c = _open(clerk, congress)
    with time_machine.travel(dt.datetime(2027, 1, 2, 10, tzinfo=dt.UTC)):
        materials_workflow.answer(deputy=me, consultation=c, paragraph=1, text="建议")
    assert queries.counts_for_deputy(me, 2026)["consultation"] == 0
    assert queries.counts_for_deputy(me, 2027)["consultation"] == 1


def test_the_record_page_shows_the_answers(clerk, deputy, congress):
    me = Deputy.objects.get(user=deputy)
    materials_workflow.answer(deputy=me, consultation=_open(clerk, congress), paragraph=2, text="建议")
    page = client_for(deputy).get(f"/performance/deputies/{me.pk}/").content.decode()
    assert "对征求意见稿提出意见" in page
