"""The dashboard and the downloads: who may see them, and only their own congress."""

from __future__ import annotations

import pytest

from conftest import client_for
from reports import documents, queries
from reports.figures import AREAS, FIGURES

PAGES = [
    "/reports/?year=2026",
    "/reports/2026/figures/committee_meetings/",
    "/reports/2026/report.docx",
    "/reports/2026/report.xlsx",
    "/reports/2026/figures.json",
]


@pytest.mark.parametrize("url", PAGES)
def test_clerk_and_leader_may_open(worked, clerk, leader, url):
    # follow: the Word draft is generated as a job and its page opens (core.progress)
    assert client_for(clerk).get(url, follow=True).status_code == 200
    assert client_for(leader).get(url, follow=True).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_deputy_and_unit_handler_get_403(worked, deputy, unit_handler, url):
    assert client_for(deputy).get(url).status_code == 403
    assert client_for(unit_handler).get(url).status_code == 403


def test_anonymous_is_sent_to_login(worked, citizen):
    response = citizen.get("/reports/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_outsider_sees_only_their_own_congress(worked, outsider):
    client = client_for(outsider)
    data = client.get("/reports/2026/figures.json").json()
    assert data["committee_meetings"] == 1  # their own, not our 2
    assert data["enforcement_inspections"] == 1
    assert data["suggestions_referred"] == 1
    response = client.get("/reports/2026/figures/suggestions_referred/")
    assert {s.pk for s in response.context["page"].object_list} == {worked["s_other"].pk}


def test_unknown_figure_and_year_are_404(worked, clerk):
    client = client_for(clerk)
    assert client.get("/reports/2026/figures/nothing/").status_code == 404
    assert client.get("/reports/1999/figures/committee_meetings/").status_code == 404


def test_post_is_refused(worked, clerk):
    assert client_for(clerk).post("/reports/").status_code == 405


def test_dashboard_shows_every_figure_with_its_drill_down_link(worked, clerk):
    page = client_for(clerk).get("/reports/?year=2026").content.decode()
    for figure in FIGURES:
        assert f'href="/reports/figures/{figure.key}/?period=year&amp;year=2026"' in page
    assert "vendor/chartjs/chart.umd.min.js" in page and "core/chart.js" in page
    assert 'id="chart-trend" type="application/json"' in page
    assert "<script>" not in page.replace("<script src=", "")  # no inline JavaScript
    assert (
        "全年组织召开人民代表大会会议1次，召开常委会会议2次，作出决议、决定2项，任免地方国家机关工作人员2人次"
        in page
    )


def test_json_has_one_key_per_figure(worked, clerk):
    data = client_for(clerk).get("/reports/2026/figures.json").json()
    assert list(data) == [f.key for f in FIGURES]
    assert data["reply_rate"] == {"numerator": 4, "denominator": 5, "percent": "80.0%"}


def test_bad_year_parameter_falls_back_to_this_year(worked, clerk):
    response = client_for(clerk).get("/reports/?year=abc")
    assert response.status_code == 200 and response.context["year"] == queries.default_year()


# --------------------------------------------------------------------------- the demo congress


@pytest.fixture
def demo_staff(demo):
    from accounts.models import Role, RoleAssignment

    return RoleAssignment.objects.filter(congress=demo.congress, role=Role.STAFF).first().user


def test_demo_dashboard_is_non_zero_and_consistent_in_every_area(demo, demo_staff):
    year = 2026
    response = client_for(demo_staff).get(f"/reports/?year={year}")
    assert response.status_code == 200
    vals = response.context["values"]
    for _area, label, area_vals in response.context["areas"]:
        assert any(v.value if not v.figure.is_rate else v.value.numerator for v in area_vals), label
    assert {a for a, _, _ in response.context["areas"]} == set(AREAS)
    # consistent: the JSON, the Word paragraphs and the drill-downs say the same
    data = client_for(demo_staff).get(f"/reports/{year}/figures.json").json()
    for key, v in vals.items():
        assert data[key] == v.as_json(), key
    text = "".join(t for _, t in documents.paragraphs(demo.congress, year))
    assert f"召开常委会会议{vals['committee_meetings'].value}次" in text
    assert f"收到群众意见建议{vals['station_messages'].value}条" in text
    assert vals["suggestions_replied"].value <= vals["suggestions_referred"].value
    assert vals["station_messages_closed"].value <= vals["station_messages"].value
    assert vals["projects_satisfied"].value <= vals["projects_rated"].value
    drill = client_for(demo_staff).get(f"/reports/{year}/figures/station_messages/")
    assert drill.context["total"] == vals["station_messages"].value
    charts = response.context["charts"]
    for name in ("trend", "units", "satisfaction", "subdistricts", "projects"):
        assert any(any(x for x in d["data"]) for d in charts[name]["datasets"]), name


def test_demo_rates_agree_with_suggestions_statistics(demo):
    from reports import figures as F
    from suggestions import queries as suggestion_queries

    overall, _, _ = suggestion_queries.statistics(demo.congress, year=2026)
    ours = F.suggestion_rates(F.referred_suggestions(demo.congress, 2026))
    assert {k: str(r) for k, r in ours.items()} == {k: str(r) for k, r in overall["rates"].items()}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_fits_a_phone_and_draws_its_charts(phone_page, demo):
    from accounts.models import Role, RoleAssignment

    user = RoleAssignment.objects.filter(congress=demo.congress, role=Role.STAFF).first().user
    user.set_password("Renda-test-2026")
    user.save()
    phone_page.login(user.username)
    phone_page.goto("/reports/?year=2026")
    phone_page.page.wait_for_selector("canvas[data-chart]")
    drawn = phone_page.page.evaluate("Object.keys(window.Chart.instances).length")
    assert drawn == 5
    assert not phone_page.overflows_horizontally()
    assert phone_page.errors == []


def test_the_demo_report_reads_like_a_real_one(demo):
    """The demo district's draft, as an office would read it: one paragraph per section, the closing
    plenary's attendance, the session's resolutions with their votes, stations by level with the
    opinions raised at their activities, no empty clause, 公文 wording, no repeated phrase."""
    import re

    from core.documents import text_of
    from reports import documents

    text = text_of(documents.docx(demo.congress, 2026))
    lines = text.splitlines()
    assert lines[:2] == ["示范区人民代表大会常务委员会工作报告", "（2026年统计数据部分·草稿）"]
    assert [line for line in lines if re.fullmatch(r"[一二三四五六七]、.+", line)][:4] == [
        "一、会议与决定",
        "二、监督工作",
        "三、代表建议办理",
        "四、代表联络站",
    ]
    assert re.search(r"第五次会议第三次全体会议应出席代表365人，出席\d+人，符合法定人数", text)
    assert re.search(
        r"第五次会议表决通过决议、决定6项：关于区人民政府工作报告的决议（赞成\d+票，反对\d+票，弃权\d+票）",
        text,
    )
    assert re.search(r"其中街道人大代表联络站14个、社区人大代表联络站67个", text)
    assert re.search(r"在活动中收集意见建议\d+条", text)
    assert re.search(r"第五次会议期间代表提出的\d+件，闭会期间代表提出的\d+件", text)
    for wrong in ("做出", "听取审议", "按期办结率", "视察调研", "的建议》的建议"):
        assert wrong not in text, wrong
    assert not re.search(r"(?<![\d.])0(次|项|件|个|条|人次)", text)  # a zero clause is left out
    for sentence in re.split(r"[。；]", text):
        assert sentence.count("100%") <= 1, sentence
