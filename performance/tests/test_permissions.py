"""A deputy sees only their own record; leaders and staff see all; anyone else gets 404 (or 403 for office pages)."""

import datetime as dt

import pytest

from conftest import client_for, make_user
from performance.models import PerformanceEntry
from performance.tests.helpers import deputy_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(congress, deputy, clerk):
    return PerformanceEntry.objects.create(
        congress=congress,
        deputy=deputy_record(deputy),
        kind="training",
        date=dt.date(2026, 3, 26),
        title="履职学习培训",
        note="私人备注：因病提前离开",
        recorded_by=clerk,
    )


def detail(user, who):
    return client_for(user).get(f"/performance/deputies/{deputy_record(who).pk}/?year=2026")


def test_deputy_sees_own_record_with_private_notes(deputy, entry):
    response = detail(deputy, deputy)
    assert response.status_code == 200
    assert "私人备注：因病提前离开" in response.content.decode()


def test_deputy_gets_404_for_another_deputys_record(deputy, co_signer, entry):
    assert detail(co_signer, deputy).status_code == 404


def test_deputy_gets_404_for_another_deputys_report_and_evidence(co_signer, deputy, entry):
    client = client_for(co_signer)
    assert client.get(f"/performance/deputies/{entry.deputy_id}/report.docx").status_code == 404
    assert client.get(f"/performance/entries/{entry.pk}/evidence/").status_code == 404


def test_outsider_gets_404(outsider, deputy, entry):
    assert detail(outsider, deputy).status_code == 404
    assert client_for(outsider).get(f"/performance/deputies/{entry.deputy_id}/report.docx").status_code == 404


def test_missing_deputy_is_404_like_a_hidden_one(clerk):
    assert client_for(clerk).get("/performance/deputies/999999/").status_code == 404


@pytest.mark.parametrize("persona", ["clerk", "leader"])
def test_staff_and_leaders_see_every_record(request, persona, deputy, entry):
    response = detail(request.getfixturevalue(persona), deputy)
    assert response.status_code == 200
    assert "私人备注" in response.content.decode()


def test_unit_handler_gets_404(unit_handler, deputy):
    assert detail(unit_handler, deputy).status_code == 404


def test_anonymous_is_sent_to_login(deputy):
    response = client_for(None).get(f"/performance/deputies/{deputy_record(deputy).pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_deputy_whose_role_is_gone_cannot_see_even_their_record(congress, term):
    from conftest import make_deputy

    user = make_user("former", "前代表")  # a login linked to a deputy, but no role in any congress
    d = make_deputy(congress, term, user=user)
    assert client_for(user).get(f"/performance/deputies/{d.pk}/").status_code == 404


@pytest.mark.parametrize(
    "persona, status",
    [("clerk", 200), ("leader", 200), ("deputy", 403), ("unit_handler", 403), ("outsider", 200)],
)
def test_ranking_is_for_the_office(request, persona, status):
    assert client_for(request.getfixturevalue(persona)).get("/performance/").status_code == status


def test_outsiders_ranking_lists_only_their_own_congress(outsider, deputy):
    assert "张代表" not in client_for(outsider).get("/performance/").content.decode()


@pytest.mark.parametrize("persona", ["leader", "deputy", "unit_handler"])
def test_only_staff_record_entries_and_edit_scoring(request, persona, deputy):
    client = client_for(request.getfixturevalue(persona))
    pk = deputy_record(deputy).pk
    assert client.post(
        f"/performance/deputies/{pk}/entries/new/", {"kind": "speech", "date": "2026-05-01", "title": "发言"}
    ).status_code in (403, 404)
    assert client.post("/performance/scoring/", {"base": "50"}).status_code == 403
    assert client.post("/performance/publish/", {"year": "2026", "quarter": "1"}).status_code == 403
    assert not PerformanceEntry.objects.exists()


def test_my_record_redirects_a_deputy_to_their_own_page(deputy):
    response = client_for(deputy).get("/performance/me/")
    assert response.status_code == 302
    assert response["Location"] == f"/performance/deputies/{deputy_record(deputy).pk}/"


def test_my_record_is_404_for_a_non_deputy(clerk):
    assert client_for(clerk).get("/performance/me/").status_code == 404
