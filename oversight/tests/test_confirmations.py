"""Every irreversible step of 监督 asks first, from the one confirmation component, and the server asks again."""

import pytest
from django.urls import reverse

from conftest import client_for
from oversight import workflow
from oversight.models import DeliberationOpinions
from oversight.tests.helpers import make_opinions

pytestmark = pytest.mark.django_db
OP = DeliberationOpinions.Status


@pytest.fixture
def reported(congress, unit, unit_handler):
    opinions = make_opinions(congress, unit, status=OP.SENT)
    workflow.submit_report(opinions, actor=unit_handler, content="第一稿")
    return opinions


def test_sending_back_without_the_box_ticked_asks_and_keeps_the_reason(clerk, reported):
    response = client_for(clerk).post(
        reverse("oversight:send_back", args=[reported.pk]), {"reason": "措施不具体"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "确定退回机关重新报送？" in page
    assert 'name="reason" value="措施不具体"' in page
    reported.refresh_from_db()
    assert reported.status == OP.REPORTED


def test_sending_back_needs_a_reason_even_when_confirmed(clerk, reported):
    client_for(clerk).post(
        reverse("oversight:send_back", args=[reported.pk]), {"confirmed": "yes", "reason": " "}
    )
    reported.refresh_from_db()
    assert reported.status == OP.REPORTED


def test_the_page_draws_the_send_back_confirmation_inside_its_form(clerk, reported):
    page = (
        client_for(clerk)
        .get(reverse("oversight:deliberation_opinions_detail", args=[reported.pk]))
        .content.decode()
    )
    assert "确定退回机关重新报送？" in page and 'name="confirmed" value="yes" required' in page
    assert "data-confirm=" not in page


def test_confirmed_send_back_is_taken(clerk, reported):
    response = client_for(clerk).post(
        reverse("oversight:send_back", args=[reported.pk]), {"confirmed": "yes", "reason": "措施不具体"}
    )
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.status == OP.SENT
