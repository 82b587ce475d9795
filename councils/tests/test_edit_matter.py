"""Before a 票选 opens its office may correct a candidate matter, giving a reason the audit log keeps;
once voting has begun the ballot is what members saw and no matter changes."""

from __future__ import annotations

import pytest

from conftest import client_for
from core.ballot_box import testing
from core.models import AuditEntry
from councils import workflow
from councils.models import CouncilBallot, Matter

pytestmark = pytest.mark.django_db

MATTERS = "青云路口加装红绿灯：学生上下学过街不安全\n背街小巷路灯修复\n社区食堂延长供餐时间"


@pytest.fixture
def ballot(council, council_clerk):
    response = client_for(council_clerk).post(
        "/councils/new/",
        {
            "title": "2026年第一季度民生事项票选",
            "held_on": "2026-03-02",
            "method": "electronic",
            "matters": MATTERS,
        },
    )
    assert response.status_code == 302
    return CouncilBallot.objects.get()


def _lamp(ballot) -> Matter:
    return ballot.matters.get(number=2)


def test_the_office_corrects_a_draft_matter_and_the_audit_log_keeps_the_reason(ballot, council_clerk):
    clerk = client_for(council_clerk)
    assert "修改" in clerk.get(f"/councils/{ballot.pk}/").content.decode()
    matter = _lamp(ballot)
    page = clerk.get(f"/councils/matters/{matter.pk}/edit/")
    assert page.status_code == 200 and "背街小巷路灯修复" in page.content.decode()

    response = clerk.post(
        f"/councils/matters/{matter.pk}/edit/",
        {"title": "背街小巷路灯维修", "content": "青云三巷、五巷", "reason": "事项名称与街道报告不一致"},
    )
    assert response.status_code == 302
    matter.refresh_from_db()
    ballot.refresh_from_db()
    assert (matter.title, matter.content) == ("背街小巷路灯维修", "青云三巷、五巷")
    assert ballot.candidates == ["青云路口加装红绿灯", "背街小巷路灯维修", "社区食堂延长供餐时间"]
    entry = AuditEntry.objects.get(action="edit_matter")
    assert entry.actor_id == council_clerk.pk and "事项名称与街道报告不一致" in entry.note
    assert entry.changes["title"] == ["背街小巷路灯修复", "背街小巷路灯维修"]


def test_a_correction_without_a_reason_is_refused_in_chinese(ballot, council_clerk):
    matter = _lamp(ballot)
    response = client_for(council_clerk).post(
        f"/councils/matters/{matter.pk}/edit/", {"title": "背街小巷路灯维修", "reason": "  "}
    )
    assert response.status_code == 400 and "请填写修改原因" in response.content.decode()
    matter.refresh_from_db()
    assert matter.title == "背街小巷路灯修复" and not AuditEntry.objects.filter(action="edit_matter").exists()


def test_a_matter_cannot_take_the_name_of_another_on_the_same_ballot(ballot, council_clerk):
    response = client_for(council_clerk).post(
        f"/councils/matters/{_lamp(ballot).pk}/edit/", {"title": "社区食堂延长供餐时间", "reason": "合并"}
    )
    assert response.status_code == 400 and "重复" in response.content.decode()


def test_once_voting_has_begun_no_matter_changes(ballot, council, council_clerk, voters):
    clerk = client_for(council_clerk)
    testing.register_key(workflow.key_owner(ballot.pk), council.pk, actor=council_clerk)
    present = [voters[k].pk for k in ("zhou", "chen", "lin", "wang")]
    assert clerk.post(f"/councils/{ballot.pk}/open/", {"present": present}).status_code == 302
    matter = _lamp(ballot)
    assert f"/councils/matters/{matter.pk}/edit/" not in clerk.get(f"/councils/{ballot.pk}/").content.decode()
    response = clerk.post(
        f"/councils/matters/{matter.pk}/edit/", {"title": "背街小巷路灯维修", "reason": "笔误"}
    )
    assert response.status_code == 400 and "票选已经开始" in response.content.decode()
    matter.refresh_from_db()
    assert matter.title == "背街小巷路灯修复"


def test_the_district_that_reads_the_council_cannot_edit_its_matters(ballot, clerk):
    response = client_for(clerk).post(
        f"/councils/matters/{_lamp(ballot).pk}/edit/", {"title": "背街小巷路灯维修", "reason": "笔误"}
    )
    assert response.status_code == 403
    assert _lamp(ballot).title == "背街小巷路灯修复"
