"""A referred suggestion becomes the receiving body's own (DOMAIN §11: a suggestion belongs to the
congress of the seat in which it is raised), or goes back with a reason; each body counts it once."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.models import Role, RoleAssignment
from conftest import client_for, make_deputy, make_term
from core.models import AuditEntry, Notification
from core.workflow import TransitionRefused
from referrals import workflow
from referrals.models import Referral
from registry.models import Unit
from reports import queries as report_queries
from suggestions import queries as suggestion_queries
from suggestions import workflow as suggestion_workflow
from suggestions.models import Suggestion
from suggestions.tests.factories import registered

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _city_term(tree):
    """The city congress's current term (第十七届), which its own suggestions belong to."""
    return make_term(tree.city)


@pytest.fixture
def city_seat(tree, deputy):
    """The district deputy also holds a seat in the city congress (one login, two levels)."""
    RoleAssignment.objects.create(user=deputy, congress=tree.city, role=Role.DEPUTY)
    return make_deputy(tree.city, name="王市代表", user=deputy)


@pytest.fixture
def suggestion(congress, deputy, clerk):
    return registered(congress, deputy, clerk, title="市管主干道拥堵治理")


@pytest.fixture
def referral(tree, clerk, city_clerk, suggestion):
    return workflow.refer(suggestion, actor=clerk, target=tree.city, note="属市级事权")


def adopt(user, referral, confirmed=True):
    data = {"confirmed": "yes"} if confirmed else {}
    return client_for(user).post(f"/referrals/{referral.pk}/adopt/", data)


def test_the_city_office_takes_the_suggestion_as_its_own_with_the_deputys_city_seat(
    referral, suggestion, city_clerk, city_seat, tree, clerk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = adopt(city_clerk, referral)
    assert response.status_code == 302
    referral.refresh_from_db()
    suggestion.refresh_from_db()
    assert referral.status == "adopted" and referral.handled_by == city_clerk
    assert suggestion.status == "transferred"
    own = Suggestion.objects.get(congress=tree.city)
    assert own.transferred_from == suggestion and own.status == "registered" and own.number == 1
    assert own.lead_deputy == city_seat and own.title == suggestion.title
    assert Notification.objects.filter(user=clerk, kind="adopt", congress_id=tree.district.pk).exists()


def test_it_is_audited_in_both_bodies_chains(referral, suggestion, city_clerk, tree):
    adopt(city_clerk, referral)
    own = Suggestion.objects.get(congress=tree.city)
    district = AuditEntry.objects.get(action="transfer", object_id=str(suggestion.pk))
    assert district.congress_id == tree.district.pk and "示范市人民代表大会" in district.note
    city = AuditEntry.objects.get(action="receive", object_id=str(own.pk))
    assert city.congress_id == tree.city.pk and city.actor_id == city_clerk.pk
    assert AuditEntry.objects.filter(
        action="adopt", object_type="referrals.referral", congress_id=tree.city.pk
    ).exists()


def test_without_a_city_seat_the_deputy_stays_the_lead_as_raised(referral, suggestion, city_clerk, tree):
    adopt(city_clerk, referral)
    assert Suggestion.objects.get(congress=tree.city).lead_deputy == suggestion.lead_deputy


def test_taking_it_asks_first(referral, suggestion, city_clerk):
    asked = adopt(city_clerk, referral, confirmed=False)
    assert asked.status_code == 200
    assert "确定将《市管主干道拥堵治理》接收为示范市人民代表大会的建议？" in asked.content.decode()
    referral.refresh_from_db()
    assert (
        referral.status == "referred" and not Suggestion.objects.filter(transferred_from=suggestion).exists()
    )


def test_only_the_receiving_office_takes_it(referral, clerk, leader, deputy, outsider, tree):
    from registry.tests.tree import staff_of

    town_clerk = staff_of(tree.township, "town_clerk")
    for user in (clerk, leader, deputy, outsider, town_clerk):
        assert adopt(user, referral).status_code in (403, 404), user
    with pytest.raises(PermissionDenied):
        workflow.adopt(referral, actor=clerk)
    referral.refresh_from_db()
    assert referral.status == "referred"


def test_a_referred_message_cannot_be_taken_as_a_suggestion(tree, clerk, city_clerk, awaiting):
    referral = workflow.refer(awaiting, actor=clerk, target=tree.city, note="属市级事权")
    assert "adopt" not in workflow.allowed_actions(referral, city_clerk)
    assert adopt(city_clerk, referral).status_code == 403


def test_a_body_without_a_term_cannot_take_it(referral, city_clerk, tree):
    from registry.models import Term

    Term.objects.filter(congress=tree.city).delete()
    with pytest.raises(TransitionRefused, match="尚未登记本届届次"):
        workflow.adopt(referral, actor=city_clerk)
    referral.refresh_from_db()
    assert referral.status == "referred"


def test_sending_it_back_keeps_it_in_the_district(referral, suggestion, city_clerk, clerk):
    response = client_for(city_clerk).post(f"/referrals/{referral.pk}/send-back/", {"reason": "属区级事权"})
    assert response.status_code == 302
    referral.refresh_from_db()
    suggestion.refresh_from_db()
    assert referral.status == "sent_back" and referral.send_back_reason == "属区级事权"
    assert suggestion.status == "registered"
    assert not Suggestion.objects.filter(transferred_from=suggestion).exists()
    suggestion_workflow.assign(
        actor=clerk, suggestion=suggestion, mode="sole", units=[_unit(suggestion.congress)]
    )


def _unit(body):
    return Unit.objects.create(congress=body, name=f"{body.region}交通运输局", short_name="交通局")


def test_the_deputy_sees_where_it_went(referral, suggestion, city_clerk, deputy, city_seat, tree):
    adopt(city_clerk, referral)
    own = Suggestion.objects.get(congress=tree.city)
    page = client_for(deputy).get(f"/suggestions/{suggestion.pk}/").content.decode()
    assert "本件已转为示范市人民代表大会的建议" in page and f"{own.year}年第1号" in page
    assert "已转其他人大办理" in page
    # and, working in the city, sees the city's own suggestion with the district's number
    client = client_for(deputy)
    session = client.session
    session["congress_id"] = tree.city.pk
    session.save()
    city_page = client.get(f"/suggestions/{own.pk}/")
    assert city_page.status_code == 200
    assert "由示范区人民代表大会转交，本机构接收立案（原" in city_page.content.decode()


def test_each_body_counts_it_once_in_its_figures_and_in_the_roll_up(
    referral, suggestion, city_clerk, tree, congress
):
    adopt(city_clerk, referral)
    own = Suggestion.objects.get(congress=tree.city)
    suggestion_workflow.assign(actor=city_clerk, suggestion=own, mode="sole", units=[_unit(tree.city)])
    year = own.year
    district = report_queries.values(congress, year)
    city = report_queries.values(tree.city, year)
    assert district["suggestions_referred"].value == 0
    assert city["suggestions_referred"].value == 1
    tree.city.settings = {"rollup": {"suggestions_referred": True}}
    tree.city.save()
    assert report_queries.values(tree.city, year)["suggestions_referred"].value == 1
    # the office's own statistics and the open counts of the tree's page agree
    assert suggestion_queries.statistics(congress, year=year)[0]["total"] == 0
    assert suggestion_queries.statistics(tree.city, year=year)[0]["total"] == 1
    assert suggestion_queries.open_by_body([congress.pk, tree.city.pk], None) == {tree.city.pk: 1}


def test_a_transferred_suggestion_is_not_referred_again(referral, suggestion, city_clerk, clerk, tree):
    adopt(city_clerk, referral)
    suggestion.refresh_from_db()
    with pytest.raises(TransitionRefused):
        workflow.refer(suggestion, actor=clerk, target=tree.township, note="再转")
    assert Referral.objects.count() == 1


def test_the_deputys_record_counts_it_once_in_the_district_where_it_was_raised(
    referral, suggestion, city_clerk, city_seat, tree, congress, clerk, co_signer
):
    """DOMAIN §11: a suggestion belongs to the congress of the seat in which it is raised. 张代表 raised
    it with the district seat; the city took it over. The district record keeps it once (shown as
    transferred), the city record of the same person's city seat does not count it again; the
    handling figures are the city's alone."""
    from performance import queries as performance_queries
    from registry.models import Deputy
    from suggestions.models import CoSignature

    co_signer_district = Deputy.objects.get(user=co_signer, congress=congress)
    CoSignature.objects.create(suggestion=suggestion, deputy=co_signer_district, status="confirmed")
    RoleAssignment.objects.create(user=co_signer, congress=tree.city, role=Role.DEPUTY)
    co_signer_city = make_deputy(tree.city, name="赵市代表", user=co_signer)
    adopt(city_clerk, referral)
    own = Suggestion.objects.get(congress=tree.city)
    assert own.co_signatures.filter(deputy=co_signer_city).exists()  # the copy carries the city seats
    suggestion_workflow.assign(actor=city_clerk, suggestion=own, mode="sole", units=[_unit(tree.city)])
    year, district_seat = suggestion.year, suggestion.lead_deputy

    district_counts = performance_queries.counts_for_deputy(district_seat, year)
    assert district_counts["suggestion_lead"] == 1
    assert performance_queries.counts_for_deputy(co_signer_district, year)["suggestion_co_signed"] == 1
    assert performance_queries.counts_for_deputy(city_seat, year)["suggestion_lead"] == 0
    assert performance_queries.counts_for_deputy(co_signer_city, year)["suggestion_co_signed"] == 0
    city_ranking = {row["deputy"].pk: row["counts"] for row in performance_queries.ranking(tree.city, year)}
    assert city_ranking[city_seat.pk]["suggestion_lead"] == 0
    assert city_ranking[co_signer_city.pk]["suggestion_co_signed"] == 0

    district_page = client_for(clerk).get(f"/performance/deputies/{district_seat.pk}/?year={year}")
    assert district_page.status_code == 200
    text = district_page.content.decode()
    assert "市管主干道拥堵治理" in text and "（已转交示范市人民代表大会办理）" in text
    city_page = client_for(city_clerk).get(f"/performance/deputies/{city_seat.pk}/?year={year}")
    assert city_page.status_code == 200
    assert "市管主干道拥堵治理" not in city_page.content.decode()

    # handled and counted in the city's figures only: referred, open, and the statistics' total
    district_figures, city_figures = (
        report_queries.values(congress, year),
        report_queries.values(tree.city, year),
    )
    assert district_figures["suggestions_referred"].value == 0
    assert district_figures["suggestions_replied"].value == 0
    assert city_figures["suggestions_referred"].value == 1
    district_stats = suggestion_queries.statistics(congress, year=year)[0]
    city_stats = suggestion_queries.statistics(tree.city, year=year)[0]
    assert district_stats["total"] == 0 and district_stats["referred"] == 0
    assert city_stats["total"] == 1 and city_stats["referred"] == 1
