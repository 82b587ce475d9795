"""The pages render for the demo congress: ranking (with filters and htmx), export, a deputy, public list."""

import io

import openpyxl
import pytest

from accounts.models import User
from conftest import client_for
from performance import queries
from performance.models import PerformanceEntry, Publication
from registry.models import Deputy

pytestmark = pytest.mark.django_db


def test_ranking_renders_for_the_demo_congress(demo):
    staff = User.objects.get(username="staff")
    response = client_for(staff).get("/performance/?year=2026")
    assert response.status_code == 200
    body = response.content.decode()
    assert "2026年代表履职积分" in body
    rows = queries.ranking(demo.congress, 2026)
    assert len(rows) >= 365
    assert rows[0]["score"] >= rows[-1]["score"]
    assert rows[0]["deputy"].name in body


def test_ranking_filters_and_htmx_fragment(demo):
    staff = User.objects.get(username="staff")
    client = client_for(staff)
    delegation = Deputy.objects.filter(congress=demo.congress, delegation__isnull=False).first().delegation
    response = client.get(
        f"/performance/?year=2026&delegation={delegation.pk}&grade=fair&sort=suggestion_lead",
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert client.get("/performance/?year=abc&delegation=x&grade=zzz&sort=evil").status_code == 200


def test_ranking_exports_xlsx(demo):
    staff = User.objects.get(username="staff")
    response = client_for(staff).get("/performance/ranking.xlsx?year=2026")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert ws.cell(1, 3).value == "姓名"
    assert ws.max_row >= 366


def test_demo_deputy_sees_own_page_and_home_line(demo):
    user = User.objects.get(username="deputy")
    me = Deputy.objects.get(user=user)
    client = client_for(user)
    assert client.get(f"/performance/deputies/{me.pk}/?year=2026").status_code == 200
    assert "我的履职档案" in client.get("/").content.decode()


def test_demo_has_entries_and_a_published_quarter(demo, citizen):
    assert PerformanceEntry.objects.filter(congress=demo.congress).count() > 300
    publication = Publication.objects.get(congress=demo.congress)
    assert (publication.year, publication.quarter) == (2026, 3)
    assert len(publication.figures) >= 365
    assert citizen.get("/p/demo/deputies/").status_code == 200
    some = Deputy.objects.filter(congress=demo.congress, status="serving").first()
    body = citizen.get(f"/p/demo/deputies/{some.pk}/").content.decode()
    assert "截至2026年1—9月" in body
    assert some.phone not in body and some.id_number not in body


def test_counting_a_whole_congress_takes_a_fixed_number_of_queries(demo, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        queries.counts(demo.congress, 2026)
