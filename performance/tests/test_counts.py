"""Counts come from the other apps' records, per year; the score follows them and the table at once."""

import datetime as dt

import pytest

from conftest import client_for
from core.models import AuditEntry
from performance import queries, rules
from performance.models import PerformanceEntry
from performance.tests import helpers
from performance.tests.helpers import EXPECTED_SCORE, YEAR, deputy_record, hand_worked
from stations.models import Activity as StationActivity
from stations.models import Message, Reception

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(congress, deputy, co_signer):
    me = deputy_record(deputy)
    hand_worked(congress, me, deputy_record(co_signer))
    return me


def test_hand_worked_counts(me):
    counts = queries.counts_for_deputy(me, YEAR)
    assert counts["suggestion_lead"] == 2
    assert counts["suggestion_co_signed"] == 1
    assert counts["oversight"] == 1
    assert counts["meeting_absent"] == 1
    assert counts["meeting_present"] == 1
    assert counts["meeting_on_leave"] == 1
    assert counts["motion_lead"] == 0


def test_hand_worked_score_is_69_fair(me):
    result = queries.record_of(me, YEAR)
    assert result.score == EXPECTED_SCORE
    assert result.grade == rules.FAIR


def test_last_year_counts_only_last_years_absence(me):
    counts = queries.counts_for_deputy(me, YEAR - 1)
    assert counts["meeting_absent"] == 1
    assert counts["suggestion_lead"] == 0


def test_a_new_record_changes_the_score_on_the_next_read(me, clerk):
    PerformanceEntry.objects.create(
        congress=me.congress,
        deputy=me,
        kind="speech",
        date=dt.date(YEAR, 7, 1),
        title="审议发言",
        recorded_by=clerk,
    )
    assert queries.record_of(me, YEAR).score == EXPECTED_SCORE + 10


def test_station_records_count(me, station, clerk):
    held = Reception.objects.create(
        congress=me.congress,
        station=station,
        date=dt.date(YEAR, 5, 1),
        starts_at=dt.time(9),
        ends_at=dt.time(11),
        status=Reception.Status.HELD,
    )
    held.deputies.add(me)
    cancelled = Reception.objects.create(
        congress=me.congress,
        station=station,
        date=dt.date(YEAR, 6, 1),
        starts_at=dt.time(9),
        ends_at=dt.time(11),
        status=Reception.Status.CANCELLED,
    )
    cancelled.deputies.add(me)
    activity = StationActivity.objects.create(
        congress=me.congress, station=station, kind="themed", title="主题活动", date=dt.date(YEAR, 5, 2)
    )
    activity.deputies.add(me)
    for code, status in (("A1", Message.Status.CLOSED), ("A2", Message.Status.ASSIGNED)):
        Message.objects.create(
            congress=me.congress,
            station=station,
            deputy=me,
            tracking_code=code,
            topic="other",
            content="留言",
            content_digest=code,
            status=status,
            created_at=helpers.at(YEAR, 4, 1),
        )
    counts = queries.counts_for_deputy(me, YEAR)
    assert (counts["reception"], counts["station_activity"], counts["message"]) == (1, 1, 1)
    assert queries.record_of(me, YEAR).score == EXPECTED_SCORE + 20 + 10 + 10


def test_project_supervision_groups_count_when_the_projects_app_has_them(me, unit):
    from django.apps import apps

    try:
        group_model = apps.get_model("projects", "SupervisionGroup")
        group_model._meta.get_field("members")
    except Exception:
        assert queries.project_group_rows(me.congress, YEAR) == []
        return
    call_model, project_model = apps.get_model("projects", "Call"), apps.get_model("projects", "Project")
    call = call_model.objects.create(
        congress=me.congress,
        year=YEAR,
        title="2026年民生实事项目征集",
        opens_on=dt.date(YEAR - 1, 10, 1),
        closes_on=dt.date(YEAR - 1, 11, 1),
    )
    project = project_model.objects.create(
        congress=me.congress,
        call=call,
        title="老旧小区加装电梯",
        content="内容",
        budget=100,
        lead_unit=unit,
        target="完成20台",
        deadline=dt.date(YEAR, 12, 31),
    )
    group_model.objects.create(project=project).members.add(me)
    assert queries.counts_for_deputy(me, YEAR)["project_group"] == 1
    assert queries.counts_for_deputy(me, YEAR + 1)["project_group"] == 0


def test_editing_the_scoring_table_changes_the_score_at_once(me, clerk, deputy):
    form = scoring_post(queries.scoring_table(me.congress), suggestion_lead="5")
    response = client_for(clerk).post("/performance/scoring/", form)
    assert response.status_code == 302
    me.congress.refresh_from_db()
    table = queries.scoring_table(me.congress)
    assert table.version == 1
    assert table.item("suggestion_lead").points == 50
    # 60 + 2×5 + 1 + 3 − 1 = 73
    assert queries.record_of(me, YEAR).score == 730
    page = client_for(deputy).get(f"/performance/deputies/{me.pk}/?year={YEAR}")
    assert '<div class="display-6" id="score">73</div>' in page.content.decode()
    entry = AuditEntry.objects.get(action="edit_scoring")
    assert entry.changes["suggestion_lead.points"] == [30, 50]
    assert entry.actor_id == clerk.pk


def scoring_post(table, **points):
    data = {"base": table.base, "good_min": table.good_min, "fair_min": table.fair_min}
    for item in table.items:
        data[f"points_{item.key}"] = points.get(item.key, rules.format_tenths(item.points))
        data[f"cap_{item.key}"] = rules.format_tenths(item.cap)
    return data
