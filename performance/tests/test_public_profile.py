"""Public profiles (代表法第五十八条): basic and published performance information, nothing private."""

import datetime as dt

import pytest

from conftest import client_for
from core.models import AuditEntry
from performance.models import Publication
from performance.tests.helpers import YEAR, deputy_record, hand_worked
from registry.models import Deputy

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(congress, deputy, co_signer, delegation):
    me = deputy_record(deputy)
    me.delegation = delegation
    me.workplace = "示范区第一中学校长"
    me.save()
    hand_worked(congress, me, deputy_record(co_signer))
    return me


def page(citizen, me):
    response = citizen.get(f"/p/demo/deputies/{me.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_public_profile_shows_basic_information(citizen, me):
    body = page(citizen, me)
    for text in ("张代表", "汉族", "中共党员", "示范区第一中学校长", "东湖代表团", f"{me.birth_date.year}年"):
        assert text in body


def test_public_profile_shows_no_phone_id_number_or_birth_date(citizen, me):
    body = page(citizen, me)
    assert me.phone not in body
    assert me.id_number not in body
    assert me.id_number[6:14] not in body  # the birth date inside the ID number
    assert me.birth_date.isoformat() not in body
    assert f"{me.birth_date.month}月{me.birth_date.day}日" not in body
    assert "因公出差" not in body  # a leave reason


def test_public_list_shows_no_phone_or_id_number(citizen, me):
    body = citizen.get("/p/demo/deputies/").content.decode()
    assert "张代表" in body
    assert me.phone not in body and me.id_number not in body


def test_performance_figures_appear_only_once_published(citizen, clerk, me):
    assert "履职情况尚未公开" in page(citizen, me)
    response = client_for(clerk).post("/performance/publish/", {"year": YEAR, "quarter": "2"})
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.figures[str(me.pk)]["suggestion_lead"] == 2
    assert AuditEntry.objects.filter(action="publish").count() == 1
    body = page(citizen, me)
    assert "截至2026年1—6月" in body
    assert "领衔提出建议" in body


def test_published_figures_stay_frozen_until_published_again(citizen, clerk, me):
    client_for(clerk).post("/performance/publish/", {"year": YEAR, "quarter": "2"})
    from performance.tests.helpers import suggestion

    suggestion(me.congress, me, title="第三件")
    assert Publication.objects.get().figures[str(me.pk)]["suggestion_lead"] == 2
    client_for(clerk).post("/performance/publish/", {"year": YEAR, "quarter": "2"})
    assert Publication.objects.get().figures[str(me.pk)]["suggestion_lead"] == 3
    assert AuditEntry.objects.filter(action="republish").count() == 1


def test_a_quarter_not_yet_over_cannot_be_published(clerk, me, settings):
    import time_machine

    with time_machine.travel(dt.datetime(YEAR, 5, 1, 12, tzinfo=dt.UTC)):
        client_for(clerk).post("/performance/publish/", {"year": YEAR, "quarter": "2"})
    assert not Publication.objects.exists()


@pytest.mark.parametrize("data", [{}, {"year": "abc", "quarter": "1"}, {"year": "2026", "quarter": "9"}])
def test_malformed_publish_is_refused_not_a_500(clerk, data):
    response = client_for(clerk).post("/performance/publish/", data)
    assert response.status_code == 302
    assert not Publication.objects.exists()


def test_terminated_deputy_has_no_public_profile(citizen, me):
    Deputy.objects.filter(pk=me.pk).update(status="terminated", terminated_on=dt.date(YEAR, 6, 1))
    assert citizen.get(f"/p/demo/deputies/{me.pk}/").status_code == 404


def test_another_congresss_deputy_is_404(citizen, me, other_congress):
    assert citizen.get(f"/p/other/deputies/{me.pk}/").status_code == 404
    assert citizen.get("/p/nowhere/deputies/").status_code == 404


def test_public_front_page_links_to_the_deputy_list(citizen, me):
    assert "/p/demo/deputies/" in citizen.get("/p/demo/").content.decode()
