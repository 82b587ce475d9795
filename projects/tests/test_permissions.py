"""Who sees what: another unit's handler gets 404 for a project's internal pages; another
congress's staff get 404 for everything; the public never sees phone numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import client_for
from projects import workflow_call, workflow_implementation, workflow_proposal
from projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def adopted(locked_call, clerk, unit_handler):
    project = Project.objects.filter(call=locked_call).first()
    Project.objects.filter(pk=project.pk).update(status=Project.Status.ADOPTED)
    project.refresh_from_db()
    workflow_implementation.report_progress(
        project,
        actor=unit_handler,
        reported_on=dt.date(2026, 4, 2),
        percent=20,
        text="内部进展：征地遇到困难",
        spent=10,
    )
    return project


def test_the_lead_unit_sees_its_internal_reports(adopted, unit_handler):
    response = client_for(unit_handler).get(reverse("projects:project_detail", args=[adopted.pk]))
    assert response.status_code == 200 and "征地遇到困难" in response.content.decode()


def test_other_unit_gets_404_for_the_project_and_cannot_report(adopted, other_unit_handler):
    client = client_for(other_unit_handler)
    assert client.get(reverse("projects:project_detail", args=[adopted.pk])).status_code == 404
    response = client.post(
        reverse("projects:report_progress", args=[adopted.pk]),
        {"reported_on": "2026-04-02", "percent": "90", "text": "x", "spent": "1"},
    )
    assert response.status_code == 404
    assert adopted.reports.count() == 1
    assert "征地遇到困难" not in client.get(reverse("projects:dashboard")).content.decode()


def test_outsider_gets_404_everywhere(adopted, outsider, proposals):
    client = client_for(outsider)
    for url in (
        reverse("projects:project_detail", args=[adopted.pk]),
        reverse("projects:call_detail", args=[adopted.call_id]),
        reverse("projects:proposal_detail", args=[proposals[0].pk]),
        reverse("projects:proposal_list", args=[adopted.call_id]),
    ):
        assert client.get(url).status_code == 404


def test_deputies_see_projects_but_not_phone_numbers(adopted, deputy, proposals):
    client = client_for(deputy)
    assert client.get(reverse("projects:project_detail", args=[adopted.pk])).status_code == 200
    assert client.get(reverse("projects:proposal_detail", args=[proposals[0].pk])).status_code == 404


def test_the_screening_unit_sees_proposals_without_phone_numbers(screening_call, screener, proposals):
    body = (
        client_for(screener).get(reverse("projects:proposal_list", args=[screening_call.pk])).content.decode()
    )
    assert proposals[0].title in body and proposals[0].mobile not in body


def test_staff_see_phone_numbers(screening_call, clerk, proposals):
    body = client_for(clerk).get(reverse("projects:proposal_list", args=[screening_call.pk])).content.decode()
    assert proposals[0].mobile in body


def test_the_public_never_sees_phone_numbers_or_internal_reports(adopted, citizen, proposals):
    code = adopted.congress.code
    for url in (
        reverse("projects_public:index", args=[code]),
        reverse("projects_public:proposals", args=[code, 2026]),
        reverse("projects_public:track_code", args=[code, proposals[0].tracking_code]),
    ):
        body = citizen.get(url).content.decode()
        assert all(p.mobile not in body for p in proposals) and "征地遇到困难" not in body


def test_a_draft_project_is_not_public(screening_call, screener, unit, citizen, proposals):
    from projects.tests.conftest import project_fields

    project = workflow_call.draw_up(
        screening_call, actor=screener, proposals=[proposals[0]], **project_fields(unit, 1)
    )
    url = reverse("projects_public:project", args=[project.congress.code, project.pk])
    assert citizen.get(url).status_code == 404


def test_attachments_are_only_served_to_those_who_may_see_the_proposal(
    call, subdistrict, clerk, deputy, citizen
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from projects.tests.conftest import proposal_data

    proposal, _ = workflow_proposal.submit_proposal(
        call,
        data=proposal_data(subdistrict),
        files=[SimpleUploadedFile("a.png", b"\x89PNG\r\n\x1a\n0000", "image/png")],
    )
    attachment = proposal.attachments.get()
    url = reverse("projects:attachment", args=[attachment.pk])
    assert client_for(clerk).get(url).status_code == 200
    assert client_for(deputy).get(url).status_code == 404
    assert citizen.get(url).status_code == 302  # to the login page
