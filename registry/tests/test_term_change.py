"""换届: the new term's first session ends every seat of the old term; N follows the seats held that day."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from conftest import client_for, make_deputy, make_user
from core.models import AuditEntry
from meetings import workflow as meetings_workflow
from meetings.models import CongressSession, Meeting
from registry import queries, roster, workflow
from registry.models import CommitteeMembership, Deputy, Term
from registry.tests.test_roster_import import roster_row, upload, workbook_bytes

pytestmark = pytest.mark.django_db
D = dt.date
FIRST_SESSION = D(2026, 12, 20)


@pytest.fixture
def old_term(congress):
    return Term.objects.create(congress=congress, number=16, starts_on=D(2021, 12, 28))


@pytest.fixture
def old_roster(congress, old_term):
    """Five deputies of the 16th term; the first is a committee member with a login."""
    deputies = [make_deputy(congress, old_term, elected_on=D(2021, 12, 1)) for _ in range(5)]
    deputies[0].user = make_user("renxuan", "连任代表", congress, Role.DEPUTY)
    deputies[0].save(update_fields=["user"])
    CommitteeMembership.objects.create(
        congress=congress, term=old_term, deputy=deputies[0], starts_on=D(2022, 1, 1)
    )
    return deputies


@pytest.fixture
def new_term(congress, old_term):
    return Term.objects.create(congress=congress, number=17, starts_on=FIRST_SESSION)


def import_new_roster(congress, clerk, old_roster):
    """Three new deputies, one of them re-elected (same ID number as a 16th-term deputy)."""
    again = old_roster[0]
    rows = [
        roster_row(
            **{
                "姓名": again.name,
                "身份证号": again.id_number,
                "出生日期": again.birth_date,
                "手机号码": again.phone,
                "当选日期": D(2026, 11, 15),
            }
        ),
        roster_row(**{"当选日期": D(2026, 11, 15)}),
        roster_row(**{"当选日期": D(2026, 11, 15)}),
    ]
    with time_machine.travel(dt.datetime(2026, 11, 30, 10), tick=False):
        result = roster.import_roster(congress, upload(workbook_bytes(rows)), actor=clerk)
    assert result.ok, result.errors
    return result


def on_the_first_session():
    """换届 is made on the day the new term's first session opens."""
    return time_machine.travel(
        dt.datetime(2026, 12, 20, 8, tzinfo=timezone.get_current_timezone()), tick=False
    )


def change(old_term, new_term, clerk):
    with on_the_first_session():
        return workflow.term_change(old_term, new_term, actor=clerk)


def plenary(congress, session, day):
    return Meeting.objects.create(
        congress=congress,
        kind=Meeting.Kind.PLENARY,
        session=session,
        number=1,
        title="全体会议",
        starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))),
    )


def test_new_roster_imports_into_the_new_term_and_a_re_elected_deputy_gets_a_second_seat(
    congress, clerk, old_roster, new_term
):
    result = import_new_roster(congress, clerk, old_roster)
    assert result.created == 3
    assert new_term.deputies.count() == 3
    assert Deputy.objects.filter(id_number=old_roster[0].id_number).count() == 2


def test_before_the_first_session_n_is_the_old_term_even_after_the_import(
    congress, clerk, old_roster, new_term
):
    import_new_roster(congress, clerk, old_roster)
    assert queries.deputy_count(congress, FIRST_SESSION - dt.timedelta(days=1)) == 5


def test_term_change_ends_every_old_seat_on_the_first_session(
    congress, clerk, old_roster, old_term, new_term
):
    import_new_roster(congress, clerk, old_roster)
    with on_the_first_session():
        preview = workflow.preview_term_change(old_term, new_term)
    assert (len(preview.ending), preview.starting, preview.problem) == (5, 3, None)
    change(old_term, new_term, clerk)
    old_term.refresh_from_db()
    assert old_term.ends_on == FIRST_SESSION
    assert queries.deputy_count(congress, FIRST_SESSION - dt.timedelta(days=1)) == 5
    assert queries.deputy_count(congress, FIRST_SESSION) == 3  # N equals the new term's seats
    assert queries.member_count(congress, FIRST_SESSION) == 0
    assert set(old_term.deputies.values_list("status", flat=True)) == {Deputy.Status.TERM_ENDED}
    assert CommitteeMembership.objects.get(deputy=old_roster[0]).ends_on == FIRST_SESSION
    # the re-elected deputy's login follows them to the new seat
    new_seat = new_term.deputies.get(id_number=old_roster[0].id_number)
    assert new_seat.user.username == "renxuan"
    entry = AuditEntry.objects.get(action="term_change")
    assert (entry.actor_id, entry.changes["seats_ended"]) == (clerk.pk, 5)


def test_plenary_the_day_before_counts_the_old_term_and_on_the_day_the_new(
    congress, clerk, old_roster, old_term, new_term
):
    import_new_roster(congress, clerk, old_roster)
    change(old_term, new_term, clerk)
    last_session = CongressSession.objects.create(
        congress=congress, term=old_term, number=7, starts_on=D(2026, 12, 19)
    )
    first_session = CongressSession.objects.create(
        congress=congress, term=new_term, number=1, starts_on=FIRST_SESSION
    )
    with time_machine.travel(
        dt.datetime(2026, 12, 19, 9, 30, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        day_before = meetings_workflow.open_meeting(
            plenary(congress, last_session, D(2026, 12, 19)), actor=clerk
        )
    with time_machine.travel(
        dt.datetime(2026, 12, 20, 9, 30, tzinfo=timezone.get_current_timezone()), tick=False
    ):
        on_the_day = meetings_workflow.open_meeting(
            plenary(congress, first_session, FIRST_SESSION), actor=clerk
        )
    assert day_before.body_size == 5
    assert on_the_day.body_size == 3


def test_term_change_twice_is_refused(congress, clerk, old_roster, old_term, new_term):
    import_new_roster(congress, clerk, old_roster)
    change(old_term, new_term, clerk)
    with pytest.raises(workflow.TransitionRefused, match="不能再次换届"):
        change(old_term, new_term, clerk)


def test_term_change_before_the_first_session_is_refused(congress, clerk, old_roster, old_term, new_term):
    import_new_roster(congress, clerk, old_roster)
    with (
        time_machine.travel(dt.datetime(2026, 12, 19, 10), tick=False),
        pytest.raises(workflow.TransitionRefused, match="第一次会议开幕之日"),
    ):
        workflow.term_change(old_term, new_term, actor=clerk)
    old_term.refresh_from_db()
    assert old_term.ends_on is None


def test_term_change_without_a_new_roster_is_refused_and_changes_nothing(
    clerk, old_roster, old_term, new_term
):
    with pytest.raises(workflow.TransitionRefused, match="请先导入新一届代表名册"):
        change(old_term, new_term, clerk)
    old_term.refresh_from_db()
    assert old_term.ends_on is None


def test_term_change_page_previews_and_needs_confirmation(congress, clerk, old_roster, old_term, new_term):
    import_new_roster(congress, clerk, old_roster)
    travel = on_the_first_session()
    travel.start()
    client = client_for(clerk)
    page = client.get(reverse("registry:term_change"))
    text = page.content.decode()
    assert "第十六届" in text and "5" in text and "不可撤销" in text
    refused = client.post(reverse("registry:term_change"), {"old": old_term.pk, "new": new_term.pk})
    assert "请确认" in refused.content.decode()
    old_term.refresh_from_db()
    assert old_term.ends_on is None
    done = client.post(
        reverse("registry:term_change"), {"old": old_term.pk, "new": new_term.pk, "confirmed": "yes"}
    )
    assert done.status_code == 302
    old_term.refresh_from_db()
    assert old_term.ends_on == FIRST_SESSION
    travel.stop()


def test_leader_cannot_change_the_term(leader, old_roster, old_term, new_term):
    response = client_for(leader).post(
        reverse("registry:term_change"), {"old": old_term.pk, "new": new_term.pk, "confirmed": "yes"}
    )
    assert response.status_code == 403


def test_rules_seat_span_runs_from_the_first_session_to_the_next():
    from registry import rules

    assert rules.seat_span(D(2021, 12, 1), D(2021, 12, 28), None, D(2026, 12, 20)) == (
        D(2021, 12, 28),
        D(2026, 12, 20),
    )
    assert rules.seat_span(D(2024, 3, 1), D(2021, 12, 28), None, None) == (D(2024, 3, 1), None)


def _todo(response, title):
    return next(t for t in response.context["todos"] if t.title == title)


def test_home_page_and_annual_figures_give_n_and_m_for_any_chosen_date(
    congress, clerk, old_roster, old_term, new_term
):
    import_new_roster(congress, clerk, old_roster)
    change(old_term, new_term, clerk)
    client = client_for(clerk)
    before = client.get(reverse("portal:home"), {"on": "2026-12-19"})
    after = client.get(reverse("portal:home"), {"on": "2026-12-20"})
    assert _todo(before, "全体代表（实有数）").count == 5
    assert _todo(before, "常委会组成人员（实有数）").count == 1
    assert _todo(after, "全体代表（实有数）").count == 3
    assert _todo(after, "常委会组成人员（实有数）").count == 0
    report = client.get(reverse("reports:dashboard"), {"year": 2026, "on": "2026-12-19"})
    assert report.context["body_sizes"] == {"on": D(2026, 12, 19), "deputies": 5, "members": 1}
    assert "全体代表（实有数）<strong>5</strong>" in report.content.decode()
    report = client.get(reverse("reports:dashboard"), {"year": 2026, "on": "2026-12-20"})
    assert report.context["body_sizes"]["deputies"] == 3


def test_annual_figure_counts_the_seats_on_the_last_day_of_a_past_year(
    congress, clerk, old_roster, old_term, new_term
):
    from reports import figures

    import_new_roster(congress, clerk, old_roster)
    change(old_term, new_term, clerk)
    with time_machine.travel(dt.datetime(2027, 3, 1, 10), tick=False):
        assert figures.BY_KEY["deputies_held"].value(congress, 2026) == 3
        assert figures.BY_KEY["deputies_held"].value(congress, 2025) == 5
        assert figures.BY_KEY["members_held"].value(congress, 2025) == 1
