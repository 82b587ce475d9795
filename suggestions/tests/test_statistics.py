"""Statistics on a small fixture built through the workflow, with the answers worked out by hand."""

import datetime as dt

import time_machine

from conftest import client_for
from core.periods import Period
from suggestions import queries, workflow
from suggestions.tests import factories as f

CST = dt.timezone(dt.timedelta(hours=8))


def at(y, m, d):
    return time_machine.travel(dt.datetime(y, m, d, 10, tzinfo=CST), tick=False)


def build(congress, clerk, deputy, unit, other_unit, unit_handler, other_unit_handler):
    """Five suggestions assigned 2025-01-10 (due 2025-04-10):

    s1 unit        A, replied 03-01 on time, 满意
    s2 unit        B, replied 05-01 late,    基本满意
    s3 other_unit  C, replied 03-01 on time, 不满意 → re-handled → A, 满意 (final)
    s4 other_unit  D, replied 03-01 on time, no feedback
    s5 unit        not replied (overdue on 2025-06-01)
    """
    with at(2025, 1, 10):
        items = [
            f.accepted(congress, deputy, clerk, u, h, title=f"建议{i}")
            for i, (u, h) in enumerate(
                [
                    (unit, unit_handler),
                    (unit, unit_handler),
                    (other_unit, other_unit_handler),
                    (other_unit, other_unit_handler),
                    (unit, unit_handler),
                ],
                start=1,
            )
        ]
    s1, s2, s3, s4, _s5 = items
    with at(2025, 3, 1):
        for s, h, cat in (
            (s1, unit_handler, "A"),
            (s3, other_unit_handler, "C"),
            (s4, other_unit_handler, "D"),
        ):
            workflow.reply(actor=h, suggestion=s, category=cat, content="答复", signed_by="局长")
        workflow.feedback(actor=deputy, suggestion=s1, rating="satisfied")
        workflow.feedback(actor=deputy, suggestion=s3, rating="dissatisfied", comment="未解决")
        workflow.rehandle(actor=clerk, suggestion=s3)
        workflow.accept(actor=other_unit_handler, suggestion=s3)
        workflow.reply(
            actor=other_unit_handler, suggestion=s3, category="A", content="已解决", signed_by="局长"
        )
        workflow.feedback(actor=deputy, suggestion=s3, rating="satisfied")
    with at(2025, 5, 1):
        workflow.reply(actor=unit_handler, suggestion=s2, category="B", content="答复", signed_by="局长")
        workflow.feedback(actor=deputy, suggestion=s2, rating="basically_satisfied")
    return items


def test_statistics_worked_by_hand(
    congress, clerk, deputy, unit, other_unit, unit_handler, other_unit_handler
):
    build(congress, clerk, deputy, unit, other_unit, unit_handler, other_unit_handler)
    with at(2025, 6, 1):
        overall, _by_category, by_unit = queries.statistics(congress, year=2025)
    r = overall["rates"]
    assert overall["referred"] == 5
    assert (r["reply_rate"].numerator, r["reply_rate"].denominator) == (4, 5)  # 80.0%
    assert (r["on_time_rate"].numerator, str(r["on_time_rate"])) == (3, "60.0%")  # s1, s3, s4
    # feedback received: s1, s2, s3 → 3
    assert (r["satisfaction_rate_first"].numerator, r["satisfaction_rate_first"].denominator) == (1, 3)
    assert str(r["satisfaction_rate_first"]) == "33.3%"  # s1 only
    assert str(r["satisfaction_rate_incl_basic_first"]) == "66.7%"  # s1, s2
    assert str(r["satisfaction_rate_final"]) == "66.7%"  # s1, s3
    assert str(r["satisfaction_rate_incl_basic_final"]) == "100.0%"  # s1, s2, s3
    assert str(r["resolution_rate_a"]) == "40.0%"  # s1, s3 (final A)
    assert str(r["resolution_rate_ab"]) == "60.0%"  # + s2
    assert overall["overdue"] == 2  # s2 late, s5 open
    units = {row["unit"].pk: row for row in by_unit}
    u1, u2 = units[unit.pk], units[other_unit.pk]
    assert (u1["referred"], u1["replied"], str(u1["rates"]["on_time_rate"]), u1["overdue"]) == (
        3,
        2,
        "33.3%",
        2,
    )
    assert (u2["referred"], str(u2["rates"]["reply_rate"]), str(u2["rates"]["resolution_rate_a"])) == (
        2,
        "100.0%",
        "50.0%",
    )


def test_each_figure_links_to_its_list(
    congress, clerk, deputy, unit, other_unit, unit_handler, other_unit_handler
):
    build(congress, clerk, deputy, unit, other_unit, unit_handler, other_unit_handler)
    c = client_for(clerk)
    with at(2025, 6, 1):
        page = c.get("/suggestions/statistics/?year=2025").content.decode()
        assert "/suggestions/list/?year=2025&amp;satisfaction=satisfied" in page
        listed = c.get("/suggestions/list/?year=2025&satisfaction=satisfied").content.decode()
        assert "建议1" in listed and "建议3" in listed and "建议2" not in listed
        listed = c.get("/suggestions/list/?year=2025&overdue=1").content.decode()
        assert "建议2" in listed and "建议5" in listed and "建议1" not in listed
        x = c.get("/suggestions/statistics/?year=2025&format=xlsx")
        assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxml")
        page = c.get("/suggestions/list/?year=2025&format=xlsx", follow=True)
        assert page.context["job"].state == "done" and "代表建议台账已生成" in page.content.decode()
        x = c.get(f"/jobs/{page.context['job'].pk}/download/")
        assert x.status_code == 200 and x["Content-Type"].startswith("application/vnd.openxml")


def test_ledger_export_refused_to_units(congress, unit_handler):
    assert client_for(unit_handler).get("/suggestions/list/?format=xlsx").status_code == 403


def test_statistics_take_the_reports_period_and_their_links_keep_it(
    congress, clerk, deputy, unit, other_unit, unit_handler, other_unit_handler
):
    """The same Period as the reports (#17): a date range counts what was raised in it, and each
    figure's link lists those same suggestions."""
    build(congress, clerk, deputy, unit, other_unit, unit_handler, other_unit_handler)
    january = Period.between(dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    february = Period.between(dt.date(2025, 2, 1), dt.date(2025, 2, 28))
    with at(2025, 6, 1):
        assert queries.statistics(congress, january)[0]["referred"] == 5
        assert queries.statistics(congress, february)[0]["referred"] == 0
        c = client_for(clerk)
        response = c.get("/suggestions/statistics/?period=range&from=2025-01-01&to=2025-01-31")
        page = response.content.decode()
        assert response.context["overall"]["referred"] == 5
        assert "统计时段：2025年1月1日至2025年1月31日" in page
        link = (
            "/suggestions/list/?period=range&amp;from=2025-01-01&amp;to=2025-01-31&amp;satisfaction=satisfied"
        )
        assert link in page
        listed = c.get(link.replace("&amp;", "&")).content.decode()
        assert "建议1" in listed and "建议3" in listed and "建议2" not in listed
        listed = c.get("/suggestions/list/?period=range&from=2025-02-01&to=2025-02-28").content.decode()
        assert "建议1" not in listed


def test_a_period_that_cannot_be_read_is_answered_in_chinese(congress, clerk):
    response = client_for(clerk).get("/suggestions/statistics/?period=range&from=2025-03-01&to=2025-01-01")
    assert response.status_code == 200
    assert "结束日期不能早于开始日期。" in response.content.decode()
    assert response.context["period"].kind == "year"
