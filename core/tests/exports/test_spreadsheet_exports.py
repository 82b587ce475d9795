"""No .xlsx export turns a name or a title into a formula, and none fails on text XML cannot hold.

The five strings go into the records every export reads (deputies, units, stations, proposals,
projects, suggestions, appointments, the congress itself); every export is then fetched through
its view and every cell of every sheet is checked.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from conftest import client_for
from oversight.tests.helpers import make_appointment
from projects.models import Project, Proposal
from registry.models import Congress, Deputy, Station, Subdistrict, Unit
from suggestions.models import Suggestion
from suggestions.tests import factories

pytestmark = pytest.mark.django_db

EVIL = ['=HYPERLINK("x")', "+1", "-1", "@x", "\x0b"]
VISIBLE = set(EVIL[:4])  # "\x0b" alone is dropped, leaving an empty cell
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def five(model, pk, *fields):
    """Write the five strings into five text fields of one record (behind any form's back)."""
    model.objects.filter(pk=pk).update(**dict(zip(fields, EVIL)))


@pytest.fixture
def poisoned(
    congress,
    clerk,
    deputy,
    co_signer,
    unit,
    other_unit,
    unit_handler,
    station,
    other_station,
    delegation,
    locked_call,
):
    """Every record an export reads, carrying the five strings."""
    me = deputy.deputy
    Deputy.objects.filter(pk=me.pk).update(delegation=delegation, station=station)
    five(Deputy, me.pk, "name", "workplace", "occupation", "party", "ethnicity")
    five(Deputy, co_signer.deputy.pk, "number", "name", "workplace", "occupation", "party")
    Congress.objects.filter(pk=congress.pk).update(name=EVIL[1], region=EVIL[0])
    five(Unit, unit.pk, "name", "short_name")
    Unit.objects.filter(pk=other_unit.pk).update(name=EVIL[2], short_name=EVIL[3])
    five(Station, station.pk, "name", "address")
    Station.objects.filter(pk=other_station.pk).update(name=EVIL[3])
    Subdistrict.objects.filter(pk=station.subdistrict_id).update(name=EVIL[0])
    delegation.__class__.objects.filter(pk=delegation.pk).update(name=EVIL[2])
    for proposal, text in zip(Proposal.objects.filter(call=locked_call).order_by("pk"), EVIL):
        Proposal.objects.filter(pk=proposal.pk).update(title=text, description=text, location=text, name=text)
    for project, text in zip(Project.objects.filter(call=locked_call).order_by("pk"), EVIL):
        Project.objects.filter(pk=project.pk).update(title=text, content=text, target=text)
    for text in EVIL:
        s = factories.assigned(congress, deputy, clerk, unit)
        Suggestion.objects.filter(pk=s.pk).update(title=text, category=text)
        make_appointment(congress, unit, person_name=text, post=text, requested_by=text)
    return locked_call


def xlsx_exports(clerk, call) -> dict[str, str]:
    return {
        "projects: proposals": reverse("projects:proposal_list", args=[call.pk]) + "?format=xlsx",
        "projects: projects": reverse("projects:call_export", args=[call.pk, "projects.xlsx"]),
        "stations: statistics": reverse("stations:statistics_export") + f"?year={call.year}",
        "performance: ranking": reverse("performance:ranking_export") + f"?year={call.year}",
        "suggestions: ledger": reverse("suggestions:list") + "?format=xlsx",
        "suggestions: unit statistics": reverse("suggestions:statistics") + "?format=xlsx",
        "registry: roster": reverse("registry:roster_export"),
        "registry: roster template": reverse("registry:roster_template"),
        "reports: workbook": reverse("reports:xlsx", args=[2026]),
        "oversight: appointment register": reverse("oversight:appointment_export"),
    }


def fetch(client, url):
    """The file: straight away, or from the job page when the export runs as a job (core.progress)."""
    response = client.get(url, follow=True)
    job = response.context.get("job") if response.context else None
    if job is not None:
        return client.get(reverse("core:job_download", args=[job.pk]))
    return response


def test_no_export_writes_a_formula_or_fails_on_hostile_text(clerk, poisoned):
    staff = client_for(clerk)
    seen = set()
    for name, url in xlsx_exports(clerk, poisoned).items():
        response = fetch(staff, url)
        assert response.status_code == 200, name
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        workbook = openpyxl.load_workbook(io.BytesIO(response.content))
        found = set()
        for sheet in workbook.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        assert "\x0b" not in cell.value, (name, cell.coordinate)
                        if cell.value.startswith(FORMULA_STARTS):
                            assert cell.quotePrefix, (name, sheet.title, cell.coordinate, cell.value)
                        found |= {text for text in VISIBLE if text in cell.value}
        assert found, f"{name}: none of the strings reached the file"
        seen |= found
    assert seen == VISIBLE
