"""Every Word file the platform writes is A4 with the GB/T 9704 margins on every section."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse
from docx.shared import Emu

from conftest import client_for, make_deputy
from elections import documents as election_documents
from elections import workflow as elections
from elections.tests.conftest import marks, ready_round, vote_all
from meetings.models import CongressSession
from oversight import documents as oversight_documents
from oversight.models import DeliberationOpinions
from oversight.tests.helpers import make_opinions
from projects import documents as project_documents
from projects import workflow_ballot, workflow_call
from projects.tests.conftest import decrypt_by_tellers
from stations import documents as station_documents
from suggestions import documents as suggestion_documents
from suggestions.tests import factories

pytestmark = pytest.mark.django_db

WORD_OUTPUTS = {
    "projects: candidate list",
    "projects: ballot announcement",
    "elections: announcement",
    "elections: printable ballot",
    "stations: station poster",
    "stations: deputy poster",
    "performance: annual report",
    "suggestions: reply letter",
    "reports: work report draft",
    "oversight: deliberation opinions letter",
}


def mm(length) -> float:
    # Word keeps lengths in twips: 210 mm is stored as 11906 twips (210.009 mm).
    return round(Emu(length).mm, 1)


@pytest.fixture
def counted_project_ballot(locked_call, clerk, congress, term, meeting, body):
    session = CongressSession.objects.create(
        congress=congress, term=term, number=5, starts_on=dt.date(2027, 1, 10)
    )
    call = workflow_call.submit_candidates(locked_call, actor=clerk, session=session)
    ballot = workflow_ballot.open_ballot(
        workflow_ballot.create_ballot(call, actor=clerk, meeting=meeting, method="electronic"), actor=clerk
    )
    first = ballot.candidates[0]
    for deputy in body:
        workflow_ballot.cast_ballot(ballot, deputy=deputy, choices={t: t == first for t in ballot.candidates})
    # The tellers' decryption shares count the closed box (core.ballot_box).
    decrypt_by_tellers(workflow_ballot.close_ballot(ballot, actor=clerk), clerk)
    call.refresh_from_db()
    return call


@pytest.fixture
def counted_election(election, clerk, body):
    first = ready_round(election, clerk, body)
    elections.open_round(first, actor=clerk)
    vote_all(first, body, [marks(["甲", "乙"], ["丙"])] * 9)
    elections.close_round(first, actor=clerk)
    return election


def word_outputs(*, call, election, clerk, congress, deputy, unit, station) -> dict[str, bytes]:
    """Each output through its view where a persona can fetch it, else through its builder."""
    staff = client_for(clerk)

    def fetched(url: str) -> bytes:
        response = staff.get(url, follow=True)
        job = response.context.get("job") if response.context else None
        if job is not None:  # generated as a job (core.progress): the file is on its page
            response = staff.get(reverse("core:job_download", args=[job.pk]))
        assert response.status_code == 200, url
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        ), url
        assert response["Cache-Control"] == "no-store", url
        return response.content

    group = election.office_groups.get()
    suggestion = factories.assigned(congress, deputy, clerk, unit)
    opinions = make_opinions(
        congress,
        unit,
        status=DeliberationOpinions.Status.SENT,
        sent_on=dt.date(2026, 1, 5),
        due_on=dt.date(2026, 4, 5),
    )
    station_deputy = make_deputy(congress, name="钱代表", station=station)
    return {
        "projects: candidate list": fetched(
            reverse("projects:call_export", args=[call.pk, "candidates.docx"])
        ),
        "projects: ballot announcement": project_documents.announcement(call),
        "elections: announcement": election_documents.announcement(election),
        "elections: printable ballot": fetched(reverse("elections:printable_ballot", args=[group.pk])),
        "stations: station poster": station_documents.station_poster(station),
        "stations: deputy poster": station_documents.deputy_poster(station_deputy),
        "performance: annual report": fetched(
            f"/performance/deputies/{deputy.deputy.pk}/report.docx?year=2026"
        ),
        "suggestions: reply letter": suggestion_documents.reply_letter(suggestion, unit=unit, category="A"),
        "reports: work report draft": fetched(reverse("reports:docx", args=[2026])),
        "oversight: deliberation opinions letter": oversight_documents.opinions_letter(opinions),
    }


def test_every_word_output_is_a4_with_the_gbt_9704_margins(
    counted_project_ballot, counted_election, clerk, congress, deputy, unit, station
):
    outputs = word_outputs(
        call=counted_project_ballot,
        election=counted_election,
        clerk=clerk,
        congress=congress,
        deputy=deputy,
        unit=unit,
        station=station,
    )
    assert set(outputs) == WORD_OUTPUTS
    for name, content in outputs.items():
        document = docx.Document(io.BytesIO(content))
        assert document.paragraphs, name
        for section in document.sections:
            page = (mm(section.page_width), mm(section.page_height))
            margins = tuple(
                mm(m)
                for m in (
                    section.top_margin,
                    section.bottom_margin,
                    section.left_margin,
                    section.right_margin,
                )
            )
            assert page == (210.0, 297.0), name
            assert margins == (37.0, 35.0, 28.0, 26.0), name
