"""The livelihood-project cycle (DOMAIN §3), one lifecycle per file; the only code that assigns
a .status in this app:

    workflow_call            the year's call: 征集 → 筛选 → 确定候选项目 → 提请大会 → 公布结果
    workflow_proposal        a public proposal: submitted → merged / not taken / taken
    workflow_ballot          the project ballot (票决) and what ballots and evaluations share
    workflow_implementation  an adopted project's milestones and progress (no status)
    workflow_supervision     the deputies' supervision group and its activities
    workflow_evaluation      the satisfaction evaluation (测评)

Every transition is core.workflow.transition: lock, check the source status and the permission,
apply, save the changed fields, one audit entry with the actor, notifications on commit.
This module only gathers the tables, for the pages and the tests that walk all of them.
"""

from __future__ import annotations

from projects import (
    workflow_ballot,
    workflow_call,
    workflow_evaluation,
    workflow_proposal,
    workflow_supervision,
)
from projects.models import Call, Evaluation, ProjectBallot, Proposal, SupervisionActivity

LIFECYCLES = (workflow_call, workflow_proposal, workflow_ballot, workflow_supervision, workflow_evaluation)

TRANSITIONS = {verb: row for module in LIFECYCLES for verb, row in module.TRANSITIONS.items()}
ACTION_LABELS = {verb: label for module in LIFECYCLES for verb, label in module.ACTION_LABELS.items()}

_BY_MODEL = {
    Call: workflow_call,
    Proposal: workflow_proposal,
    ProjectBallot: workflow_ballot,
    SupervisionActivity: workflow_supervision,
    Evaluation: workflow_evaluation,
}


def allowed_actions(obj, user) -> list[str]:
    """The verbs that apply to ``obj`` now for ``user``: draws the buttons, checked again on POST."""
    return _BY_MODEL[type(obj)].allowed_actions(obj, user)
