"""Shared set-ups for the meetings tests: a meeting of a body of known size, opened by the clerk."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from conftest import make_deputy
from core.ballot_box import box as ballot_box
from core.ballot_box import testing
from meetings import workflow
from meetings.models import Attendance, CongressSession, Meeting, Vote
from registry.models import CommitteeMembership, Deputy, Term


def make_session(congress) -> CongressSession:
    term = Term.objects.filter(congress=congress).first()
    return CongressSession.objects.create(
        congress=congress, term=term, number=5, starts_on=dt.date(2026, 1, 10)
    )


def make_meeting(congress, kind=Meeting.Kind.PLENARY, session=None, title="第一次全体会议") -> Meeting:
    if session is None and kind in (
        Meeting.Kind.PLENARY,
        Meeting.Kind.PREPARATORY_MEETING,
        Meeting.Kind.PRESIDIUM_MEETING,
    ):
        session = make_session(congress)
    return Meeting.objects.create(
        congress=congress,
        kind=kind,
        session=session,
        number=1,
        title=title,
        starts_at=timezone.now(),
        location="大会堂",
    )


def add_deputies(congress, count: int) -> list[Deputy]:
    return [make_deputy(congress) for _ in range(count)]


def add_committee_members(congress, deputies, position=CommitteeMembership.Position.MEMBER):
    term = Term.objects.filter(congress=congress).first()
    for deputy in deputies:
        CommitteeMembership.objects.create(
            congress=congress, term=term, deputy=deputy, position=position, starts_on=dt.date(2022, 1, 1)
        )


def open_meeting_with(clerk, congress, size: int, kind=Meeting.Kind.PLENARY) -> Meeting:
    """A meeting whose body has exactly `size` members (counting deputies already created)."""
    existing = Deputy.objects.filter(congress=congress).count()
    add_deputies(congress, max(0, size - existing))
    meeting = make_meeting(congress, kind)
    return workflow.open_meeting(meeting, actor=clerk)


def sign_in_all(meeting, clerk, count: int | None = None, skip=()) -> None:
    """Sign in members (in 代表证号 order, leaving out `skip`) until `count` are present."""
    rows = [
        r
        for r in meeting.attendances.select_related("deputy").order_by("deputy__number")
        if r.deputy not in skip
    ]
    for row in rows[: len(rows) if count is None else count]:
        workflow.sign_in(row, actor=clerk, method=Attendance.Method.DESK)


def attendance_of(meeting, user) -> Attendance:
    return meeting.attendances.get(deputy__user=user)


def register_teller_key(meeting):
    """The tellers' key ceremony of the meeting, done once (core.ballot_box.testing keeps the key files)."""
    existing = ballot_box.key_for(workflow.key_owner(meeting.pk))
    return existing or testing.register_key(workflow.key_owner(meeting.pk), meeting.congress_id)


def open_vote(meeting, clerk, secret=True, method=Vote.Method.ELECTRONIC, title="关于某某报告的决议") -> Vote:
    if secret and method == Vote.Method.ELECTRONIC:
        register_teller_key(meeting)
    vote = workflow.create_vote(meeting, actor=clerk, title=title, secret=secret, method=method)
    return workflow.open_vote(vote, actor=clerk)


def sealed_ballots(vote):
    """The encrypted ballots in a secret vote's box (what the database holds instead of choices)."""
    from core.ballot_box.models import SealedBallot

    vote.refresh_from_db()
    return SealedBallot.objects.filter(box_id=vote.ballot_box_id)


def sealed_body(vote, choice: str) -> bytes:
    """The JSON a deputy's device sends for a secret vote (core/static/core/ballot_box.js does the same)."""
    import json

    from core.ballot_box import crypto

    vote.refresh_from_db()
    params = ballot_box.device_parameters(vote.ballot_box)
    values = [int(value == choice) for value in Vote.Choice.values]
    spec = crypto.BallotSpec.from_json(params["spec"])
    ballot = crypto.encrypt_ballot(spec, bytes.fromhex(params["public_key"]), values, params["context"])
    return json.dumps({"sealed": {"box": params["box"], "ballot": ballot.to_json()}}).encode()


def decrypt(vote, clerk, tellers=(1, 2)) -> Vote:
    """Two tellers upload their decryption shares of a closed secret vote; its result is counted."""
    vote.refresh_from_db()
    if vote.status != Vote.Status.COUNTING:  # e.g. an empty box, counted at once
        return vote
    for share in testing.decryption_shares(vote.ballot_box, tellers):
        vote = workflow.submit_decryption_share(vote, actor=clerk, document=share)
    vote.refresh_from_db()
    return vote


def close_and_count(vote, clerk) -> Vote:
    """结束表决 and, for a secret vote, the tellers' decryption: the vote's result is in."""
    vote = workflow.close_vote(vote, actor=clerk)
    if vote.status == Vote.Status.COUNTING:
        return decrypt(vote, clerk)
    vote.refresh_from_db()
    return vote


def give_accounts(meeting) -> list:
    """Give every member of the body without a login one, so they can vote; members in 代表证号 order."""
    from conftest import make_user

    deputies = []
    for row in meeting.attendances.select_related("deputy").order_by("deputy__number"):
        if row.deputy.user_id is None:
            row.deputy.user = make_user(f"member{row.deputy.pk}", row.deputy.name)
            row.deputy.save(update_fields=["user"])
        deputies.append(row.deputy)
    return deputies


def run_at_once(*calls) -> None:
    """Run each call in a thread of its own, all released at the same moment (a barrier).

    Each thread closes its database connections when done; the callers' assertions follow.
    """
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait()
            call()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def hall_voting(clerk, congress, size: int):
    """A meeting of `size` members, all with logins and signed in, and a secret vote open: (vote, deputies)."""
    meeting = open_meeting_with(clerk, congress, size)
    deputies = give_accounts(meeting)
    sign_in_all(meeting, clerk)
    return open_vote(meeting, clerk), deputies
