"""Malformed input never reaches the database as something it cannot store."""

import pytest

from conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_nul_in_a_search_is_dropped_not_a_server_error(clerk):
    response = client_for(clerk).get("/registry/deputies/?q=%00张")
    assert response.status_code == 200


def test_a_nul_in_a_posted_form_is_dropped(clerk):
    response = client_for(clerk).post(
        "/registry/terms/new/",
        "number=1%007&starts_on=2021-12-28",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 302)
