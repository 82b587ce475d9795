"""Every irreversible step of a suggestion asks first (core/confirm.py); 退回 and 不满意 need a
reason; after 退回 the unit lands on a page it may see."""

import pytest

from conftest import client_for
from suggestions.tests import factories as f

pytestmark = pytest.mark.django_db


def test_register_asks_first_and_says_the_number(congress, clerk, deputy):
    s = f.submitted(congress, deputy)
    page = client_for(clerk).get(f"/suggestions/{s.pk}/").content.decode()
    assert 'name="confirmed"' in page and "编为" in page
    asked = client_for(clerk).post(f"/suggestions/{s.pk}/register/", {})
    assert asked.status_code == 200 and "确定将" in asked.content.decode()
    s.refresh_from_db()
    assert s.status == "submitted"


def test_unit_sends_back_with_a_reason_and_lands_on_its_inbox(congress, clerk, deputy, unit, unit_handler):
    s = f.assigned(congress, deputy, clerk, unit)
    client = client_for(unit_handler)
    refused, s = f.post_verb(unit_handler, s, "send_back", {"reason": ""})
    assert refused.status_code == 400 and s.status == "assigned"
    asked = client.post(f"/suggestions/{s.pk}/send_back/", {"reason": "不属于本单位职责"})
    assert "退回常委会办公室重新交办" in asked.content.decode()
    response = client.post(
        f"/suggestions/{s.pk}/send_back/", {"reason": "不属于本单位职责", "confirmed": "yes"}
    )
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200


def test_dissatisfied_feedback_needs_a_reason(congress, clerk, deputy, unit, unit_handler):
    s = f.replied(congress, deputy, clerk, unit, unit_handler)
    response, s = f.post_verb(deputy, s, "feedback", {"rating": "dissatisfied", "comment": ""})
    assert response.status_code == 400 and "请写明理由" in response.content.decode()
    assert s.status == "replied"
