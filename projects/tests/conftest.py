"""Fixtures for the projects tests: a screening unit (区发展和改革局) with its handler, a call,
and helpers to walk a year. `unit` (区教育局) is the lead unit; `other_unit_handler` (区住建局)
is a handler of another unit who must see nothing internal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import Role
from conftest import make_user
from projects import workflow_call, workflow_proposal
from projects.models import Proposal
from registry.models import Unit

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def screening_unit(congress):
    return Unit.objects.create(congress=congress, name="示范区发展和改革局", short_name="区发展改革局")


@pytest.fixture
def screener(congress, screening_unit):
    return make_user("screener", "孙经办", congress, Role.UNIT_HANDLER, unit=screening_unit)


@pytest.fixture
def small_settings(congress):
    congress.settings = {"projects": {"adopt": 2}}
    congress.save(update_fields=["settings"])
    return congress


@pytest.fixture
def call(congress, clerk, small_settings, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 10, 0), tick=False)
    return workflow_call.open_call(
        congress,
        actor=clerk,
        year=2026,
        title="2026年度民生实事项目征集",
        opens_on=TODAY,
        closes_on=TODAY + dt.timedelta(days=29),
    )


def proposal_data(subdistrict, **changes):
    data = {
        "title": "东湖路增设公交站",
        "description": "东湖路沿线三个小区没有公交站，老人出行不便。",
        "subdistrict": subdistrict,
        "location": "东湖路",
        "category": "transport",
        "name": "刘群众",
        "mobile": "13800138000",
    }
    data.update(changes)
    return data


def add_proposal(call, subdistrict, n: int) -> Proposal:
    proposal, _ = workflow_proposal.submit_proposal(
        call,
        data=proposal_data(subdistrict, title=f"建议{n}", description=f"内容{n}", mobile=f"1380013{n:04d}"),
    )
    return proposal


def project_fields(unit, n: int) -> dict:
    return {
        "title": f"项目{n}",
        "content": f"建设内容{n}",
        "budget": Decimal("100.00"),
        "lead_unit": unit,
        "target": f"目标{n}",
        "deadline": dt.date(2026, 12, 31),
    }


@pytest.fixture
def proposals(call, subdistrict):
    return [add_proposal(call, subdistrict, n) for n in range(1, 4)]


@pytest.fixture
def screening_call(call, proposals, clerk, time_machine):
    time_machine.move_to(dt.datetime(2026, 4, 2, 10, 0), tick=False)
    return workflow_call.close_call(call, actor=clerk)


@pytest.fixture
def locked_call(screening_call, proposals, clerk, screener, unit):
    for n, proposal in enumerate(proposals, start=1):
        workflow_call.draw_up(screening_call, actor=screener, proposals=[proposal], **project_fields(unit, n))
    return workflow_call.lock_candidates(screening_call, actor=clerk)


def decrypt_by_tellers(poll, clerk, tellers=(1, 2)):
    """Two of the meeting's three tellers upload their decryption shares of the closed box: the
    electronic ballot or evaluation is counted (core.ballot_box)."""
    from core.ballot_box import testing
    from projects import workflow_ballot, workflow_evaluation
    from projects.models import ProjectBallot

    poll.refresh_from_db()
    module = workflow_ballot if isinstance(poll, ProjectBallot) else workflow_evaluation
    for share in testing.decryption_shares(poll.ballot_box, tellers):
        poll = module.submit_decryption_share(poll, actor=clerk, document=share)
    poll.refresh_from_db()
    return poll
