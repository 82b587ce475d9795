"""Air-gapped intranets: no page of the demo, nor any CSS/JS it loads, references a non-local host."""

import pytest
from django.test import Client

from accounts.models import User
from core.tests.crawl import crawl
from portal.demo import ACCOUNTS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ACCOUNTS)
def test_every_page_a_demo_account_reaches_loads_only_local_assets(demo, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    result = crawl(client)
    assert len(result.pages) >= 2, result.pages
    assert result.external == []
    assert result.failures == []
    # No English key or Python value (`approval`, `False`, `reply_months`) on any page (issue #14).
    assert result.raw == []
    assert {"/static/vendor/bootstrap/bootstrap.min.css", "/static/vendor/htmx/htmx.min.js"} <= result.assets


def test_the_public_login_page_loads_only_local_assets(demo):
    result = crawl(Client(), start="/accounts/login/")
    assert result.pages == ["/accounts/login/"]
    assert result.external == [] and result.failures == []
