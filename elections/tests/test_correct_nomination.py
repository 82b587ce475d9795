"""Corrections before anything is final: edit or withdraw a nomination, reopen the nomination,
delete an office — each with a reason, audited, and refused once a round has opened."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import client_for, make_deputy
from core.models import AuditEntry
from elections import workflow
from elections.models import Nomination, OfficeGroup, Round
from elections.tests.conftest import group_with_candidates, ready_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def signers(body, congress, term):
    return body + [make_deputy(congress, term, name=f"联名{i}", number=f"LM{i}") for i in range(3)]


def joint_group(election, clerk, nominators):
    group = workflow.add_office_group(
        election,
        actor=clerk,
        office="vice_head",
        post="常委会副主任",
        seats=1,
        extra=None,
        write_in_rule="deputy",
    )
    workflow.nominate(group, actor=clerk, kind=Nomination.Kind.PRESIDIUM, names=["甲"])
    nomination = workflow.nominate(
        group, actor=clerk, kind=Nomination.Kind.DEPUTIES, names=["乙"], nominators=nominators
    )
    return group, nomination


def test_nomination_with_nine_co_signers_can_be_corrected_to_ten(clerk, election, signers):
    group, nomination = joint_group(election, clerk, signers[:9])
    with pytest.raises(workflow.TransitionRefused, match="须 10 名以上代表联名"):
        workflow.fix_candidates(group, actor=clerk)
    workflow.edit_nomination(
        nomination, actor=clerk, names=["乙"], nominators=signers[:10], reason="漏录一名联名代表"
    )
    assert nomination.nominators.count() == 10
    entry = AuditEntry.objects.get(action="edit_nomination")
    assert entry.actor_id == clerk.pk and entry.note == "漏录一名联名代表"
    workflow.fix_candidates(group, actor=clerk)
    assert Round.objects.get(office_group=group).candidate_names == ["甲", "乙"]


def test_edit_nomination_needs_a_reason(clerk, election, signers):
    _group, nomination = joint_group(election, clerk, signers[:9])
    with pytest.raises(workflow.TransitionRefused, match="请填写修改提名的原因"):
        workflow.edit_nomination(nomination, actor=clerk, names=["乙"], nominators=signers[:10], reason=" ")
    assert not AuditEntry.objects.filter(action="edit_nomination").exists()


def test_presidium_list_longer_than_the_seats_is_withdrawn_and_entered_again(clerk, election):
    group = workflow.add_office_group(
        election,
        actor=clerk,
        office="vice_head",
        post="常委会副主任",
        seats=2,
        extra=None,
        write_in_rule="deputy",
    )
    wrong = workflow.nominate(group, actor=clerk, kind=Nomination.Kind.PRESIDIUM, names=["甲", "乙", "丙"])
    workflow.withdraw_nomination(wrong, actor=clerk, reason="名单录入错误")
    assert not Nomination.objects.filter(pk=wrong.pk).exists()
    assert AuditEntry.objects.get(action="withdraw_nomination").changes["names"] == ["甲", "乙", "丙"]
    workflow.nominate(group, actor=clerk, kind=Nomination.Kind.PRESIDIUM, names=["甲", "乙"])
    workflow.nominate(group, actor=clerk, kind=Nomination.Kind.PRESIDIUM, names=["丙"])
    workflow.fix_candidates(group, actor=clerk)


def test_nomination_is_final_once_candidates_are_fixed(clerk, election):
    group = group_with_candidates(election, clerk)
    workflow.fix_candidates(group, actor=clerk)
    nomination = group.nominations.first()
    with pytest.raises(workflow.TransitionRefused, match="不能撤回提名"):
        workflow.withdraw_nomination(nomination, actor=clerk, reason="误录")


def test_candidates_can_be_reopened_until_the_first_round_opens(clerk, body, meeting, election):
    first = ready_round(election, clerk, body)
    group = first.office_group
    workflow.reopen_nomination(group, actor=clerk, reason="候选人姓名有误")
    group.refresh_from_db()
    assert group.status == "nominating" and not group.rounds.exists() and not group.candidates.exists()
    first = ready_round_again = workflow.fix_candidates(group, actor=clerk)
    assert ready_round_again.number == 1
    workflow.set_up_round(first, actor=clerk, method="electronic", scrutineers=[body[-1]], tellers=[])
    workflow.open_round(first, actor=clerk)
    with pytest.raises(workflow.TransitionRefused, match="投票已经开始"):
        workflow.reopen_nomination(group, actor=clerk, reason="再改")
    with pytest.raises(workflow.TransitionRefused, match="不能删除"):
        workflow.delete_group(group, actor=clerk, reason="删掉")


def test_office_added_by_mistake_is_deleted_with_a_reason(clerk, election):
    group = group_with_candidates(election, clerk)
    workflow.fix_candidates(group, actor=clerk)
    workflow.delete_group(group, actor=clerk, reason="职位重复")
    assert not OfficeGroup.objects.filter(pk=group.pk).exists()
    entry = AuditEntry.objects.get(action="delete_group")
    assert entry.note == "职位重复" and entry.actor_id == clerk.pk


def test_deputy_cannot_correct_a_nomination(deputy, clerk, election, signers):
    _group, nomination = joint_group(election, clerk, signers[:9])
    response = client_for(deputy).post(
        reverse("elections:withdraw_nomination", args=[nomination.pk]), {"reason": "x"}
    )
    assert response.status_code == 403
    assert Nomination.objects.filter(pk=nomination.pk).exists()


def test_staff_corrects_a_nomination_on_the_group_page(clerk, election, signers):
    group, nomination = joint_group(election, clerk, signers[:9])
    staff = client_for(clerk)
    page = staff.get(reverse("elections:group_detail", args=[group.pk])).content.decode()
    assert "修改提名" in page and "9 名代表联名，至少 10 名" in page
    prefix = f"n{nomination.pk}"
    numbers = "、".join(d.number for d in signers[:10])
    response = staff.post(
        reverse("elections:edit_nomination", args=[nomination.pk]),
        {f"{prefix}-names": "乙", f"{prefix}-nominators": numbers, f"{prefix}-reason": "补录联名代表"},
    )
    assert response.status_code == 302
    assert nomination.nominators.count() == 10
    response = staff.post(reverse("elections:delete_group", args=[group.pk]), {"reason": ""})
    assert response.status_code == 302 and OfficeGroup.objects.filter(pk=group.pk).exists()
    response = staff.post(reverse("elections:delete_group", args=[group.pk]), {"reason": "重复"})
    assert response.url == reverse("elections:election_detail", args=[election.pk])
    assert not OfficeGroup.objects.filter(pk=group.pk).exists()
