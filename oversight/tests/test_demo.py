"""The demo year: committee meetings, supervision activities of every kind, opinions, appointments."""

import pytest

from meetings.models import Attendance, Meeting, Vote
from oversight.models import Activity, Appointment, DeliberationOpinions, Evaluation, SupervisionPlan

pytestmark = pytest.mark.django_db


def test_demo_year_of_meetings(demo):
    held = Meeting.objects.filter(
        congress=demo.congress, kind=Meeting.Kind.COMMITTEE_MEETING, status=Meeting.Status.CLOSED
    )
    assert held.count() >= 8
    for meeting in held:
        rows = meeting.attendances.all()
        assert rows.count() == meeting.body_size
        assert 2 * rows.filter(status=Attendance.Status.PRESENT).count() > meeting.body_size
        assert rows.filter(status=Attendance.Status.ON_LEAVE).exists()
        assert meeting.agenda_items.exists()
    votes = Vote.objects.filter(meeting__in=held, status=Vote.Status.CLOSED)
    assert votes.exists()
    for vote in votes:
        assert vote.passed == (2 * vote.yes > vote.body_size)
        if vote.secret and vote.method == Vote.Method.ELECTRONIC:
            assert vote.participations.count() == vote.yes + vote.no + vote.abstain
    plenaries = Meeting.objects.filter(congress=demo.congress, session__number=5)
    assert set(plenaries.values_list("kind", flat=True)) == {"preparatory_meeting", "plenary"}


def test_demo_oversight(demo):
    congress = demo.congress
    assert SupervisionPlan.objects.get(congress=congress).status == SupervisionPlan.Status.PUBLISHED
    assert set(Activity.objects.filter(congress=congress).values_list("kind", flat=True)) == set(
        Activity.Kind.values
    )
    statuses = set(DeliberationOpinions.objects.filter(congress=congress).values_list("status", flat=True))
    assert {"sent", "reported", "closed"} <= statuses
    assert Evaluation.objects.filter(congress=congress, status=Evaluation.Status.CLOSED).exists()
    appointments = Appointment.objects.filter(congress=congress)
    assert set(appointments.values_list("kind", flat=True)) == set(Appointment.Kind.values)
    for a in appointments.filter(status__in=["passed", "sworn", "rejected"]):
        assert a.vote.passed == (a.status != "rejected")
        assert a.vote.passed == (2 * a.vote.yes > a.vote.body_size)
    assert appointments.filter(status=Appointment.Status.SWORN, oath_on__isnull=False).exists()
