"""Every page renders for the office; malformed input never gives a 500."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import client_for
from oversight.models import DeliberationOpinions, Evaluation, SupervisionPlan
from oversight.tests.helpers import committee_meeting, make_activity, make_appointment, make_opinions

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(congress, unit):
    plan = SupervisionPlan.objects.create(
        congress=congress, year=2026, title="2026年监督工作计划", content="x"
    )
    activity = make_activity(congress, unit, plan=plan)
    opinions = make_opinions(
        congress,
        unit,
        status=DeliberationOpinions.Status.SENT,
        sent_on=dt.date(2026, 1, 5),
        due_on=dt.date(2026, 4, 5),
    )
    meeting = committee_meeting(congress)
    evaluation = Evaluation.objects.create(congress=congress, opinions=opinions, meeting=meeting)
    appointment = make_appointment(congress, unit, meeting=meeting)
    return {
        "plan": plan,
        "activity": activity,
        "opinions": opinions,
        "evaluation": evaluation,
        "appointment": appointment,
    }


@pytest.mark.parametrize("persona", ["clerk", "leader"])
def test_office_pages_render(request, records, persona):
    client = client_for(request.getfixturevalue(persona))
    urls = [
        reverse("oversight:activity_list"),
        reverse("oversight:activity_list") + "?year=2026&kind=work_report",
        reverse("oversight:activity_list") + "?year=abc&kind=zzz&page=x",
        reverse("oversight:plan_detail", args=[records["plan"].pk]),
        reverse("oversight:activity_detail", args=[records["activity"].pk]),
        reverse("oversight:deliberation_opinions_list"),
        reverse("oversight:deliberation_opinions_list") + "?status=x",
        reverse("oversight:deliberation_opinions_detail", args=[records["opinions"].pk]),
        reverse("oversight:evaluation_detail", args=[records["evaluation"].pk]),
        reverse("oversight:appointment_list"),
        reverse("oversight:appointment_list") + "?year=1&unit=abc",
        reverse("oversight:appointment_detail", args=[records["appointment"].pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_htmx_filter_renders_the_results_fragment(clerk, records):
    response = client_for(clerk).get(reverse("oversight:activity_list"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="results"' in html and "<html" not in html


def test_forms_render_for_clerk(clerk, records):
    client = client_for(clerk)
    for name in ("plan_create", "activity_create", "appointment_create"):
        assert client.get(reverse(f"oversight:{name}")).status_code == 200
    assert client.get(reverse("oversight:activity_edit", args=[records["activity"].pk])).status_code == 200
    assert (
        client.get(
            reverse("oversight:deliberation_opinions_create", args=[records["activity"].pk])
        ).status_code
        == 200
    )


def test_letter_downloads_as_docx(clerk, unit_handler, records):
    url = reverse("oversight:deliberation_opinions_letter", args=[records["opinions"].pk])
    for user in (clerk, unit_handler):
        response = client_for(user).get(url)
        assert response.status_code == 200 and response.content[:2] == b"PK"


MALFORMED = [
    ("activity_create", {}, {"kind": "nonsense", "title": "", "starts_on": "2026-13-45", "unit": "x"}),
    ("appointment_create", {}, {"kind": "appoint", "received_on": "yesterday", "requesting_unit": "999999"}),
    ("plan_create", {}, {"year": "二〇二六", "title": ""}),
    ("publish", "plan", {"on": "notadate"}),
    ("deliberate", "activity", {"meeting": "abc"}),
    ("conclude", "activity", {"on": ""}),
    ("participant_add", "activity", {"deputy": "x", "role": "boss"}),
    ("document_add", "activity", {"kind": "x", "title": ""}),
    ("send", "opinions", {"on": "2026-02-30", "resolution_due": "x"}),
    ("send_back", "opinions", {"reason": ""}),
    ("create_evaluation", "opinions", {"meeting": "-1", "method": "smoke"}),
    ("enter_evaluation_counts", "evaluation", {"satisfied": "many"}),
    ("schedule", "appointment", {"meeting": "0"}),
    ("put_to_vote", "appointment", {"method": "shout"}),
    ("take_oath", "appointment", {"on": "2026/01/01"}),
    ("withdraw", "appointment", {"reason": ""}),
]


@pytest.mark.parametrize("name, target, data", MALFORMED)
def test_malformed_posts_never_500(clerk, records, name, target, data):
    args = [records[target].pk] if target else []
    response = client_for(clerk).post(reverse(f"oversight:{name}", args=args), data)
    assert response.status_code in (200, 302), response.status_code


def test_home_page_lists_oversight_todos(clerk, unit_handler, records):
    assert (
        "逾期未报送研究处理情况的审议意见" in client_for(clerk).get(reverse("portal:home")).content.decode()
    )
    assert (
        "本单位待报送研究处理情况的审议意见"
        in client_for(unit_handler).get(reverse("portal:home")).content.decode()
    )


def test_activity_edit_keeps_status(clerk, records, unit):
    activity = records["activity"]
    client_for(clerk).post(
        reverse("oversight:activity_edit", args=[activity.pk]),
        {
            "kind": activity.kind,
            "title": "改名",
            "unit": unit.pk,
            "starts_on": "2026-03-01",
            "report_received_on": "2026-03-10",
            "revised_received_on": "2026-03-05",
        },
    )
    activity.refresh_from_db()
    assert activity.title != "改名"  # revised before the report: refused by the form
    client_for(clerk).post(
        reverse("oversight:activity_edit", args=[activity.pk]),
        {"kind": activity.kind, "title": "改名", "unit": unit.pk, "starts_on": "2026-03-01"},
    )
    activity.refresh_from_db()
    assert activity.title == "改名" and activity.status == "planned"
    assert timezone.now()
