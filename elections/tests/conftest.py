"""A small congress for election tests: N = 9 deputies, all with logins, at an open plenary.

Deputies: 张代表 (the `deputy` persona), 赵代表 (`co_signer`), 甲 乙 丙 丁 戊 己 庚.
Attendance rows are created here, since opening a meeting belongs to the meetings app.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Role
from conftest import make_deputy, make_user
from core.ballot_box import testing
from elections import workflow
from elections.models import Nomination, Round
from meetings.models import Attendance, Meeting
from meetings.tests.helpers import register_teller_key

NAMES = ["甲", "乙", "丙", "丁", "戊", "己", "庚"]


@pytest.fixture
def body(congress, term, deputy, co_signer):
    """The nine deputies, in a fixed order; body[0] is the `deputy` persona."""
    deputies = [deputy.deputy, co_signer.deputy]
    for index, name in enumerate(NAMES, start=1):
        user = make_user(f"deputy{index}", name, congress, Role.DEPUTY)
        deputies.append(make_deputy(congress, term, name=name, user=user))
    return deputies


def by_name(body, name):
    return next(d for d in body if d.name == name)


@pytest.fixture
def meeting(congress, body):
    meeting = Meeting.objects.create(
        congress=congress,
        kind=Meeting.Kind.PLENARY,
        number=2,
        title="第二次全体会议",
        starts_at=timezone.make_aware(dt.datetime(2026, 11, 22, 9)),
        status=Meeting.Status.OPEN,
        body_size=len(body),
        opened_at=timezone.now(),
    )
    for d in body:
        Attendance.objects.create(meeting=meeting, deputy=d, status=Attendance.Status.PRESENT)
    register_teller_key(meeting)  # electronic rounds are encrypted under the meeting's tellers' key
    return meeting


def close_and_count(round_, clerk, tellers=(1, 2)):
    """结束投票, then two of the three tellers upload their decryption shares: the round is counted."""
    round_ = workflow.close_round(round_, actor=clerk)
    if round_.status == Round.Status.COUNTING:
        for share in testing.decryption_shares(round_.ballot_box, tellers):
            round_ = workflow.submit_decryption_share(round_, actor=clerk, document=share)
    round_.refresh_from_db()
    return round_


def set_absent(meeting, *deputies):
    Attendance.objects.filter(meeting=meeting, deputy__in=deputies).update(status=Attendance.Status.ABSENT)


@pytest.fixture
def election(congress, clerk, meeting):
    return workflow.create_election(
        actor=clerk, congress=congress, meeting=meeting, title="选举示范区人大常委会副主任"
    )


def group_with_candidates(
    election,
    clerk,
    *,
    names=("甲", "乙", "丙"),
    seats=2,
    office="vice_head",
    post="常委会副主任",
    extra=None,
    write_in_rule="deputy",
):
    group = workflow.add_office_group(
        election, actor=clerk, office=office, post=post, seats=seats, extra=extra, write_in_rule=write_in_rule
    )
    workflow.nominate(group, actor=clerk, kind=Nomination.Kind.PRESIDIUM, names=list(names)[:seats])
    if len(names) > seats:
        workflow.nominate(group, actor=clerk, kind=Nomination.Kind.PRESIDIUM, names=list(names)[seats:])
    return group


def ready_round(election, clerk, body, *, method="electronic", tellers=(), **group_options):
    """An office group with fixed candidates and round 1 set up (scrutineer 庚), still in draft."""
    group = group_with_candidates(election, clerk, **group_options)
    first = workflow.fix_candidates(group, actor=clerk)
    workflow.set_up_round(
        first, actor=clerk, method=method, scrutineers=[by_name(body, "庚")], tellers=list(tellers)
    )
    return first


def vote_all(round_, body, ballots):
    """Cast one ballot per deputy in body order: each ballot is (marks dict, write-ins)."""
    for deputy, (marks, write_ins) in zip(body, ballots):
        workflow.cast(round_, deputy=deputy, marks=marks, write_ins=write_ins)


def marks(for_=(), against=()):
    return {**{n: "for" for n in for_}, **{n: "against" for n in against}}, []


def sealed_ballots(round_):
    """The encrypted ballots in the round's ballot box (ciphertexts only)."""
    from core.ballot_box.models import SealedBallot

    round_.refresh_from_db()
    return SealedBallot.objects.filter(box_id=round_.ballot_box_id)
