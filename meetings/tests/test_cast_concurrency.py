"""Double voting is impossible even under concurrent requests: the database refuses it, not only Python."""

import pytest
from django.db import connection

from meetings import workflow
from meetings.models import Participation
from meetings.tests.helpers import (
    close_and_count,
    decrypt,
    hall_voting,
    open_meeting_with,
    open_vote,
    run_at_once,
    sealed_ballots,
    sign_in_all,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="needs real concurrent connections: run with DATABASE_URL=postgres://…",
    ),
]

THREADS = 8


@pytest.mark.parametrize("secret", [True, False])
def test_the_same_deputys_ballot_sent_from_several_threads_counts_once(clerk, deputy, congress, secret):
    meeting = open_meeting_with(clerk, congress, 3)
    sign_in_all(meeting, clerk)
    vote = open_vote(meeting, clerk, secret=secret)
    outcomes = []

    def send(choice):
        try:
            workflow.cast(vote, actor=deputy, choice=choice)
            outcomes.append("counted")
        except workflow.AlreadyVoted:
            outcomes.append("already voted")
        except Exception as error:
            outcomes.append(repr(error))

    run_at_once(*(lambda c=["yes", "no", "abstain"][i % 3]: send(c) for i in range(THREADS)))
    assert sorted(outcomes) == ["already voted"] * (THREADS - 1) + ["counted"]
    assert Participation.objects.filter(vote=vote).count() == 1
    assert (sealed_ballots(vote).count() if secret else 0) == (1 if secret else 0)
    vote = close_and_count(vote, clerk)
    assert vote.yes + vote.no + vote.abstain == 1


def test_ballots_racing_the_close_are_either_counted_or_refused(clerk, congress):
    """A ballot that commits is in the count; one that arrives after the close is refused."""
    vote, deputies = hall_voting(clerk, congress, 12)
    counted = []

    def send(user):
        try:
            workflow.cast(vote, actor=user, choice="yes")
            counted.append(user.pk)
        except workflow.TransitionRefused:
            pass

    run_at_once(*(lambda u=d.user: send(u) for d in deputies), lambda: workflow.close_vote(vote, actor=clerk))
    vote = decrypt(vote, clerk)
    assert vote.status == "closed"
    assert vote.yes == len(counted) == Participation.objects.filter(vote=vote).count()
