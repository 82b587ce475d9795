"""Ending a deputy's mandate, an office holding or a term asks first, from the one confirmation component."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import client_for, make_deputy
from registry.models import Deputy

pytestmark = pytest.mark.django_db


@pytest.fixture
def serving(congress, term):
    return make_deputy(congress, term, name="吴代表")


TERMINATE = {"action": "terminate", "on": "2024-06-01", "reason": "调离本行政区域", "ground": "moved_away"}


def test_terminating_without_the_box_ticked_asks_and_changes_nothing(clerk, serving):
    response = client_for(clerk).post(reverse("registry:deputy_change_status", args=[serving.pk]), TERMINATE)
    page = response.content.decode()
    assert response.status_code == 200 and "确定终止代表资格：吴代表？代表资格终止后不能恢复。" in page
    assert 'name="reason" value="调离本行政区域"' in page  # the confirmation posts the same fields again
    serving.refresh_from_db()
    assert serving.status == Deputy.Status.SERVING


def test_terminating_with_the_box_ticked_is_done(clerk, serving):
    response = client_for(clerk).post(
        reverse("registry:deputy_change_status", args=[serving.pk]), {**TERMINATE, "confirmed": "yes"}
    )
    assert response.status_code == 302
    serving.refresh_from_db()
    assert serving.status == Deputy.Status.TERMINATED


def test_the_deputy_page_asks_inside_the_terminate_form_but_not_for_suspending(clerk, serving):
    page = client_for(clerk).get(reverse("registry:deputy_detail", args=[serving.pk])).content.decode()
    assert "确定终止代表资格：吴代表？" in page and "data-confirm=" not in page
    assert "确定暂停执行代表职务" not in page  # suspension can be lifted: no confirmation
