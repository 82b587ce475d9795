"""A parent's figures roll up its children's, per figure, only where the parent opted in (DOMAIN §11)."""

import datetime as dt

import pytest

from conftest import client_for
from core.periods import Period
from registry.models import Congress, Station, Subdistrict
from registry.tests.tree import make_tree
from reports import queries
from stations.models import Reception

pytestmark = pytest.mark.django_db


def _receptions(body, count: int, year: int = 2025):
    sub = Subdistrict.objects.create(congress=body, name=f"{body.code}街道")
    station = Station.objects.create(
        congress=body,
        name=f"{body.code}站",
        level=Station.Level.SUBDISTRICT,
        subdistrict=sub,
        address="路1号",
    )
    for day in range(count):
        Reception.objects.create(
            congress=body,
            station=station,
            date=dt.date(year, 3, 1 + day),
            starts_at=dt.time(9),
            ends_at=dt.time(11),
            status=Reception.Status.HELD,
            visitors=2,
        )


def test_children_are_added_only_to_the_figures_the_parent_opted_in(congress, other_congress, clerk):
    tree = make_tree(congress, other_congress)
    _receptions(congress, 2)
    _receptions(tree.working_body, 3)
    _receptions(other_congress, 5)  # a sibling: never added
    assert queries.values(congress, 2025)["receptions"].value == 2
    congress.settings = {"rollup": {"receptions": True}}
    congress.save()
    values = queries.values(congress, 2025)
    assert values["receptions"].value == 5
    assert values["reception_visitors"].value == 4  # not opted in: own records only
    page = client_for(clerk).get("/reports/2025/figures/receptions/").content.decode()
    assert "示范区东湖街道人大工作委员会：3" in page
    # the city adds its districts only if it opts in itself
    tree.city.settings = {"rollup": {"receptions": True}}
    tree.city.save()
    assert queries.values(tree.city, 2025)["receptions"].value == 2 + 3 + 5


def test_a_rate_rolls_up_as_numerator_and_denominator():
    from reports.rollup import add
    from suggestions.rules import Rate

    assert add(Rate(1, 2), Rate(3, 4)) == Rate(4, 6)
    assert add(2, 3) == 5


@pytest.mark.parametrize(
    "period",
    [2026, 2025, Period.between(dt.date(2026, 3, 1), dt.date(2026, 12, 31)), "quoting-the-first-plenary"],
    ids=["year", "last-year", "range", "quoted-plenary"],
)
def test_counted_together_every_body_keeps_exactly_its_own_figures(worked, congress, other_congress, period):
    """The roll-up counts a parent and its children in one grouped query per figure; each body's
    number must be the one it reports on its own — for every figure, with another body's records
    in the same tables and a body that has none."""
    from reports import figures as F

    empty = Congress.objects.create(code="empty-body", name="空白人大", short_name="空白人大")
    bodies = [congress, other_congress, empty]
    if period == "quoting-the-first-plenary":  # the office chose which plenary's attendance is quoted
        period = Period.of_year(2026).quoting([worked["plenary1"].pk])
    for figure in F.FIGURES:
        together = figure.values_of(bodies, period, {})
        alone = {body.pk: figure.value(body, period) for body in bodies}
        assert together == alone, figure.key


def test_the_message_figures_of_several_bodies_are_one_query_each(
    worked, congress, other_congress, django_assert_num_queries
):
    from reports import figures as F

    with django_assert_num_queries(1):
        F.BY_KEY["station_messages"].values_of([congress, other_congress], 2026)
    with django_assert_num_queries(2):  # numerator and denominator
        F.BY_KEY["closed_rate"].values_of([congress, other_congress], 2026)


def _opt_in_everything(body):
    from reports.rollup import ROLLUP

    body.settings = {"rollup": {s.key: True for s in ROLLUP.settings}}
    body.save(update_fields=["settings"])


def _more_districts(city, count: int):
    from conftest import make_congress

    for i in range(count):
        district = make_congress(f"more-{i}", f"新增第{i}区人民代表大会")
        district.parent = city
        district.save(update_fields=["parent"])
        _receptions(district, 1, year=2026)


def test_the_city_rolled_up_costs_the_same_queries_with_two_districts_as_with_ten(
    worked, congress, other_congress
):
    """The city's whole figure set, every figure rolled up: the number of queries does not grow
    with the number of districts under it (each figure counts the city and its children together,
    one grouped query per table; none goes district by district)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tree = make_tree(congress, other_congress)
    Congress.objects.filter(parent=congress).update(parent=None)  # two districts, nothing under them
    _opt_in_everything(tree.city)

    def cost():
        with CaptureQueriesContext(connection) as run:
            values = queries.values(tree.city, 2026)  # this year and the year before, as the dashboard
        return len(run.captured_queries), values

    with_two, before = cost()
    _more_districts(tree.city, 8)
    with_ten, after = cost()
    assert with_two == with_ten
    assert after["receptions"].value == before["receptions"].value + 8
    assert after["session_attendance"].value == before["session_attendance"].value
    assert before["session_attendance"].value == queries.values(congress, 2026)["session_attendance"].value
