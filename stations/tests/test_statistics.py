import io

import openpyxl
import pytest
from django.utils import timezone

from conftest import client_for
from stations import workflow
from stations.tests.helpers import make_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def some_work(station, other_station, station_staff, other_station_staff):
    a = make_message(station, content="一")
    make_message(station, content="二")
    b = make_message(other_station, content="三")
    workflow.answer_on_spot(a, actor=station_staff, reply="好")
    workflow.rate(a, rating=4)
    workflow.decline(b, actor=other_station_staff, reason="petition", reply="已在信访程序中")
    return timezone.localdate().year


def test_the_office_sees_every_station(clerk, some_work, station, other_station):
    page = client_for(clerk).get(f"/stations/statistics/?year={some_work}")
    text = page.content.decode()
    assert page.status_code == 200
    assert station.name in text and other_station.name in text
    assert 'id="total-received">3<' in text
    assert (
        'data-chart="chart-subdistricts"' in text and "chart.umd.min.js" in text and "core/chart.js" in text
    )


def test_station_staff_see_their_own_station_only(station_staff, some_work, other_station):
    text = client_for(station_staff).get(f"/stations/statistics/?year={some_work}").content.decode()
    assert other_station.name not in text and 'id="total-received">2<' in text


def test_the_rows_count_outcomes_and_ratings(congress, some_work, station):
    from stations import queries

    rows = {r["station"].pk: r for r in queries.station_statistics(congress, some_work)}
    row = rows[station.pk]
    assert row["received"] == 2 and row["closed"] == 1 and row["outcomes"]["answered_on_spot"] == 1
    assert row["mean_rating"] == 4 and row["close_rate"] == "50.0%"
    total = queries.total_row(list(rows.values()))
    assert total["outcomes"]["declined"] == 1 and total["received"] == 3
    assert queries.top_topics(congress, some_work)[0] == ("城市建设与管理", 3)


def test_export_xlsx(clerk, some_work, station):
    response = client_for(clerk).get(f"/stations/statistics.xlsx?year={some_work}")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    assert sheet.cell(1, 3).value == "收到留言"
    names = [sheet.cell(r, 2).value for r in range(2, sheet.max_row + 1)]
    assert station.name in names and sheet.cell(sheet.max_row, 1).value == "合计"
    assert book.worksheets[1].cell(2, 1).value == "城市建设与管理"


def test_a_bad_year_falls_back(clerk):
    assert client_for(clerk).get("/stations/statistics/?year=abc").status_code == 200


def test_deputies_and_units_cannot(deputy, unit_handler):
    assert client_for(deputy).get("/stations/statistics/").status_code == 403
    assert client_for(unit_handler).get("/stations/statistics.xlsx").status_code == 403
