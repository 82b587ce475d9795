"""A congress's public front page."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_public_front_page_needs_no_login_and_unknown_codes_are_404(congress, citizen):
    assert citizen.get("/p/demo/").status_code == 200
    assert congress.name in citizen.get("/p/demo/").content.decode()
    assert citizen.get("/p/nowhere/").status_code == 404
