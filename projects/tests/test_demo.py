"""The demo congress gains a completed previous year and a current call in collection."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from meetings import tally
from projects import workflow_ballot, workflow_evaluation, workflow_proposal
from projects.models import Call, Evaluation, Project, ProjectBallot

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_completed_year_and_a_call_in_collection(demo):
    done, current = Call.objects.filter(congress=demo.congress).order_by("year")
    assert done.status == Call.Status.ANNOUNCED and current.status == Call.Status.OPEN
    assert workflow_proposal.accepting(current)
    projects = Project.objects.filter(call=done)
    assert projects.count() == 15
    assert projects.filter(status=Project.Status.EVALUATED).count() == 10
    ballot = ProjectBallot.objects.get(call=done)
    assert tally.tally(workflow_ballot.export_document(ballot)) == ballot.result
    evaluation = Evaluation.objects.get(call=done)
    assert tally.tally(workflow_evaluation.evaluation_document(evaluation)) == evaluation.result


def test_the_demo_pages_render(demo):
    client = Client()
    code = demo.congress.code
    done = Call.objects.filter(congress=demo.congress).order_by("year").first()
    for url in (
        reverse("projects_public:index", args=[code]),
        reverse("projects_public:year", args=[code, done.year]),
        reverse("projects_public:proposals", args=[code, done.year]),
        reverse("projects_public:propose", args=[code]),
    ):
        assert client.get(url).status_code == 200, url
    assert client.login(username="staff", password="renda-demo")
    for url in (
        reverse("projects:index"),
        reverse("projects:dashboard"),
        reverse("projects:call_detail", args=[done.pk]),
        reverse("projects:proposal_list", args=[done.pk]),
        reverse("projects:project_detail", args=[done.projects.first().pk]),
        reverse("projects:ballot_detail", args=[done.ballots.first().pk]),
        reverse("projects:evaluation_detail", args=[done.evaluations.first().pk]),
    ):
        assert client.get(url).status_code == 200, url
