"""A township congress: motions need five deputies jointly (组织法第二十一条; DOMAIN §11)."""

import pytest

from core.workflow import TransitionRefused
from registry.models import Congress
from registry.tests.tree import make_tree, seated_deputy
from suggestions import workflow

pytestmark = pytest.mark.django_db


def _motion_with(township, signers: int):
    lead = seated_deputy(township, "town_lead", "镇代表甲")
    users = [seated_deputy(township, f"town_{i}", f"镇代表{i}") for i in range(signers)]
    s = workflow.create_draft(
        actor=lead,
        congress=township,
        lead_deputy=lead.deputy,
        title="关于修缮镇卫生院的议案",
        content="内容",
        kind="motion",
    )
    workflow.save_draft(
        actor=lead,
        suggestion=s,
        motion_reason="由",
        motion_basis="据",
        motion_plan="案",
        co_signer_ids=[u.deputy.pk for u in users],
    )
    for user in users:
        workflow.co_sign(actor=user, suggestion=s)
    return lead, s


def test_four_township_deputies_are_not_enough(congress, other_congress):
    tree = make_tree(congress, other_congress)
    assert tree.township.level == Congress.Level.TOWNSHIP
    lead, s = _motion_with(tree.township, 3)
    with pytest.raises(TransitionRefused, match="5名以上代表联名"):
        workflow.submit(actor=lead, suggestion=s)


def test_five_township_deputies_make_a_motion(congress, other_congress):
    tree = make_tree(congress, other_congress)
    lead, s = _motion_with(tree.township, 4)
    assert workflow.submit(actor=lead, suggestion=s).status == "submitted"
    assert s.congress == tree.township  # the motion belongs to the congress of the seat it is raised in
