"""Every figure against the `worked` fixture, counted by hand (see conftest.py), and its drill-down
listing exactly the records it counts."""

from __future__ import annotations

import pytest

from conftest import client_for
from reports import figures as F
from reports import queries
from suggestions import queries as suggestion_queries

# key → (value in 2026, value in 2025, the records the 2026 figure counts)
# For a rate: (numerator, denominator) and the records of the denominator; NUMERATORS below.
EXPECTED = {
    "resolutions_decisions": (2, 1, ["v_resolution_1", "v_resolution_2"]),
    "committee_meetings": (2, 1, ["cm1", "cm2"]),
    "sessions_held": (1, 1, ["session_2026"]),
    "session_resolutions": (1, 0, ["v_plenary_resolution"]),
    # the closing plenary (plenary2) unless the office picks another: 3 of 4 present
    "session_attendance": ((3, 4), (1, 2), ["att2_代表1", "att2_代表2", "att2_代表3", "att2_代表4"]),
    "elections": (0, 0, []),  # reports/tests/test_sessions.py runs a real election
    "appointments": (2, 1, ["ap_sworn", "ap_removed"]),
    "enforcement_inspections": (1, 0, ["enforcement"]),
    "work_reports": (2, 1, ["work_report_1", "work_report_2"]),
    "inspection_visits": (1, 0, ["visit"]),
    "research": (1, 0, ["research"]),
    "supervisory_visits": (1, 0, ["supervision"]),
    "follow_ups": (1, 0, ["follow_up"]),
    "record_reviews": (0, 0, []),
    "key_matters": (2, 0, ["enforcement", "follow_up"]),
    "appraisals": (1, 0, ["appraisal"]),
    "inquiries": (1, 0, ["inquiry"]),
    "budget_audit_reviews": (2, 0, ["budget", "audit"]),
    "deliberation_opinions": (2, 1, ["op1", "op2"]),
    "satisfaction_votes": (1, 0, ["ev_closed"]),
    "suggestions_referred": (5, 1, ["s1", "s2", "s3", "s4", "s5"]),
    "suggestions_replied": (4, 1, ["s1", "s2", "s3", "s5"]),
    "suggestions_closed": (2, 1, ["s1", "s2"]),
    # s1, s2 raised at the 2026 session; s3, s4, s5 in recess (s_2025 too)
    "suggestions_at_sessions": (2, 0, ["s1", "s2"]),
    "suggestions_in_recess": (3, 1, ["s3", "s4", "s5"]),
    # unit (政府部门): s1 独办, s2 主办, s4 独办; other_unit (人民法院): s3, s5 独办, s2 协办 (not counted)
    "suggestions_to_government": (3, 0, ["s1", "s2", "s4"]),
    "suggestions_to_supervisory_commission": (0, 0, []),
    "suggestions_to_court": (2, 0, ["s3", "s5"]),
    "suggestions_to_procuratorate": (0, 0, []),
    "suggestions_to_other_units": (0, 0, []),
    "priority_suggestions": (2, 0, ["s1", "s4"]),
    "priority_suggestions_closed": (1, 0, ["s1"]),
    "motions": (1, 0, ["motion"]),
    # 办复率 4/5; 按期 s1 s3 s5 = 3/5; final ratings s1 满意, s2 基本满意, s5 不满意.
    "reply_rate": ((4, 5), (1, 1), ["s1", "s2", "s3", "s4", "s5"]),
    "closed_rate": ((2, 5), (1, 1), ["s1", "s2", "s3", "s4", "s5"]),
    "on_time_rate": ((3, 5), (1, 1), ["s1", "s2", "s3", "s4", "s5"]),
    # first ratings: s1 满意, s2 不满意, s5 不满意
    "satisfaction_rate_first": ((1, 3), (1, 1), ["s1", "s2", "s5"]),
    "satisfaction_rate_incl_basic_first": ((1, 3), (1, 1), ["s1", "s2", "s5"]),
    "satisfaction_rate": ((1, 3), (1, 1), ["s1", "s2", "s5"]),
    "satisfaction_rate_incl_basic": ((2, 3), (1, 1), ["s1", "s2", "s5"]),
    "resolution_rate": ((1, 5), (1, 1), ["s1", "s2", "s3", "s4", "s5"]),
    "resolution_rate_ab": ((2, 5), (1, 1), ["s1", "s2", "s3", "s4", "s5"]),
    "stations": (2, 2, ["station", "community_station"]),
    "stations_subdistrict": (1, 1, ["station"]),
    "stations_community": (1, 1, ["community_station"]),
    # m3 arrived at 23:30 on 31 December (Asia/Shanghai), m4 at 00:10 on 1 January.
    "station_messages": (3, 1, ["m1", "m2", "m3_new_year_eve"]),
    "station_messages_closed": (2, 1, ["m1", "m2"]),
    # m2 was taken down at a reception; the others came in online
    "online_messages": (2, 1, ["m1", "m3_new_year_eve"]),
    "online_messages_closed": (1, 1, ["m1"]),
    "receptions": (2, 1, ["r1", "r2"]),
    "reception_visitors": (12, 7, ["r1", "r2"]),
    "station_themed_activities": (2, 1, ["themed1", "themed2"]),
    "station_research": (1, 0, ["research1"]),
    # themed1 30 + research1 5 (themed2 raised none); themed_2025 7
    "station_activity_opinions": (35, 7, ["themed1", "research1"]),
    "projects_adopted": (2, 2, ["p4", "p5"]),
    "projects_rated": (2, 0, ["p1", "p2"]),
    "projects_satisfied": (1, 0, ["p1"]),
    "duty_reports": (2, 1, ["duty1", "duty2"]),
    # 代表5's seat ended on 2026-06-01; 代表1 joined the committee on 2026-03-01.
    "deputies_held": (4, 5, ["d1", "d2", "d3", "d4"]),
    "members_held": (1, 0, ["cm_d1"]),
}
NUMERATORS = {
    "session_attendance": ["att2_代表1", "att2_代表2", "att2_代表3"],
    "reply_rate": ["s1", "s2", "s3", "s5"],
    "closed_rate": ["s1", "s2"],
    "on_time_rate": ["s1", "s3", "s5"],
    "satisfaction_rate_first": ["s1"],
    "satisfaction_rate_incl_basic_first": ["s1"],
    "satisfaction_rate": ["s1"],
    "satisfaction_rate_incl_basic": ["s1", "s2"],
    "resolution_rate": ["s1"],
    "resolution_rate_ab": ["s1", "s2"],
}


def _plain(value):
    return (value.numerator, value.denominator) if isinstance(value, F.Rate) else value


def test_every_figure_has_an_expected_value():
    assert set(EXPECTED) == set(F.BY_KEY)
    assert set(NUMERATORS) == {f.key for f in F.FIGURES if f.is_rate}


def test_every_figure_is_described():
    for figure in F.FIGURES:
        assert figure.label and figure.unit and figure.definition and figure.area in F.AREAS
        assert figure.columns, figure.key


@pytest.mark.parametrize("key", list(EXPECTED))
def test_value(worked, congress, key):
    this_year, last_year, _ = EXPECTED[key]
    figure = F.BY_KEY[key]
    assert _plain(figure.value(congress, 2026)) == this_year
    assert _plain(figure.value(congress, 2025)) == last_year


@pytest.mark.parametrize("key", list(EXPECTED))
def test_drill_down_lists_exactly_the_counted_records(worked, congress, clerk, key):
    figure = F.BY_KEY[key]
    client = client_for(clerk)
    response = client.get(f"/reports/2026/figures/{key}/")
    assert response.status_code == 200
    listed = {obj.pk for obj in response.context["page"].object_list}
    assert listed == worked.pks(*EXPECTED[key][2])
    assert response.context["total"] == len(EXPECTED[key][2])
    if figure.is_rate:
        assert len(EXPECTED[key][2]) == EXPECTED[key][0][1]
        response = client.get(f"/reports/2026/figures/{key}/?part=numerator")
        assert {obj.pk for obj in response.context["page"].object_list} == worked.pks(*NUMERATORS[key])
        assert len(NUMERATORS[key]) == EXPECTED[key][0][0]
    elif figure.kind == "count":
        assert len(EXPECTED[key][2]) == EXPECTED[key][0]


def test_drill_down_links_to_the_owning_app(worked, clerk):
    page = client_for(clerk).get("/reports/2026/figures/suggestions_referred/").content.decode()
    assert f'href="/suggestions/{worked["s1"].pk}/"' in page
    page = client_for(clerk).get("/reports/2026/figures/appointments/").content.decode()
    assert f'href="/oversight/appointments/{worked["ap_sworn"].pk}/"' in page


def test_rates_agree_with_the_suggestions_statistics_page(worked, congress):
    """One definition: the figures' SQL-grouped rates equal suggestions.queries.statistics."""
    overall, _, _ = suggestion_queries.statistics(congress, year=2026)
    ours = F.suggestion_rates(F.referred_suggestions(congress, 2026))
    assert {k: (r.numerator, r.denominator) for k, r in ours.items()} == {
        k: (r.numerator, r.denominator) for k, r in overall["rates"].items()
    }


def test_unit_rates(worked, congress, unit, other_unit):
    rows = {r["unit"]: r["rates"] for r in queries.unit_rates(congress, 2026)}
    assert _plain(rows[unit]["reply_rate"]) == (2, 3)  # s1 s2 replied, s4 not
    assert _plain(rows[unit]["satisfaction_rate_final"]) == (1, 2)  # s1 满意, s2 基本满意
    assert _plain(rows[other_unit]["reply_rate"]) == (2, 2)  # s3 s5 (协办 on s2 not counted)
    assert _plain(rows[other_unit]["satisfaction_rate_final"]) == (0, 1)


def test_comparison_with_previous_year(worked, congress):
    vals = queries.values(congress, 2026)
    assert vals["committee_meetings"].change == "+1"
    assert vals["enforcement_inspections"].change == "+1"
    assert vals["projects_adopted"].change == "±0"
    assert vals["reply_rate"].change == "−20.0个百分点"  # 80.0% against 100.0%


def test_rate_formatting():
    assert F.Rate(1, 3).percent == "33.3%"
    assert F.Rate(2, 3).percent == "66.7%"
    assert F.Rate(0, 0).percent == "—"


def test_charts(worked, congress):
    trend = queries.monthly_trend(congress, 2026)
    assert trend["datasets"][0]["data"][11] == 1  # m3 on 31 December, not m4
    assert sum(trend["datasets"][0]["data"]) == 3
    units = queries.suggestions_by_unit(congress, 2026)
    assert sum(sum(d["data"]) for d in units["datasets"]) == 5  # s1 s2(lead) s3 s4 s5; 协办 not counted
    assert queries.messages_by_subdistrict(congress, 2026) == [
        {"label": "东湖街道", "received": 3, "closed": 2}
    ]
    assert [(r["label"], r["percent"]) for r in queries.project_progress(congress, 2026)] == [("p4", 70)]


def test_docs_define_every_figure_with_its_unit():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[2] / "docs" / "figures.md").read_text(encoding="utf-8")
    for figure in F.FIGURES:
        assert f"| `{figure.key}` | {figure.label} | {figure.unit} |" in docs, figure.key
    from reports import figures_doc

    assert figures_doc.regenerate(docs) == docs, "docs/figures.md is stale: run manage.py figures_doc"
