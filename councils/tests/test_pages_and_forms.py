"""Every page of the councils app reads in Chinese, and every form survives hostile input,
for the council's office, a member, the district's office and the public (the demo's people)."""

import pytest
from django.test import Client

from accounts.models import User
from core.tests.crawl import crawl
from core.tests.fuzz import forms_on, fuzz

pytestmark = pytest.mark.django_db

START = {
    "council": "/councils/",
    "council2": "/councils/",
    "resident": "/councils/vote/",
    "staff": "/councils/",
}


@pytest.mark.parametrize("username", list(START))
def test_council_pages_show_no_raw_value_and_forms_answer_hostile_input(demo, username):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    result = crawl(client, start=START[username], per_shape=1, limit=40)
    council_pages = [p for p in result.pages if p.startswith("/councils/")]
    assert council_pages, "没有找到议事会页面"
    assert [r for r in result.raw if r[0].startswith("/councils/")] == []
    assert [f for f in result.failures if f[0].startswith("/councils/")] == []
    forms = [f for f in forms_on(client, council_pages) if "/councils/" in f.action]
    assert fuzz(client, forms) == []


def test_the_public_result_pages_show_no_raw_value(demo):
    result = crawl(Client(), start="/p/demo-council/", per_shape=1, limit=20)
    assert any(p.startswith("/p/demo-council/councils/") for p in result.pages)
    assert result.raw == [] and result.failures == []
