"""Every POST form, posted with malformed, oversized, control-character, formula and emoji input,
answers without a server error (no 5xx), for every demo role and for the public."""

import pytest
from django.test import Client

from accounts.models import User
from core.tests.crawl import crawl
from core.tests.fuzz import HOSTILE, FormParser, forms_on, fuzz

pytestmark = pytest.mark.django_db


def test_the_form_parser_finds_fields_and_fills_them():
    parser = FormParser("/x/")
    parser.feed(
        '<form method="post" action="/y/"><input type="hidden" name="csrfmiddlewaretoken" value="t">'
        '<input name="title"><select name="unit"><option value="">—</option><option value="3">三</option>'
        '</select><textarea name="body"></textarea></form><form method="get"><input name="q"></form>'
    )
    (form,) = parser.forms
    data = form.data("emoji")
    assert data == {
        "csrfmiddlewaretoken": "t",
        "title": HOSTILE["emoji"],
        "unit": "3",
        "body": HOSTILE["emoji"],
    }
    assert form.data("malformed")["unit"] == "999999999999999999999"


@pytest.mark.parametrize(
    "username", ["staff", "leader", "deputy", "unit", "station", "sysadmin", "secadmin", "auditor"]
)
def test_no_form_answers_hostile_input_with_a_server_error(demo, username):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    pages = crawl(client, per_shape=1, limit=150).pages
    forms = forms_on(client, pages)
    assert forms, "没有找到任何表单"
    assert fuzz(client, forms) == []


def test_no_public_form_answers_hostile_input_with_a_server_error(demo, settings):
    settings.PUBLIC_FORM_GUARDS = False  # the captcha would refuse every post before the fields are read
    client = Client(raise_request_exception=False)
    pages = crawl(client, start=f"/p/{demo.congress.code}/", per_shape=1, limit=80).pages
    forms = forms_on(client, pages)
    assert forms, "没有找到任何公开表单"
    assert fuzz(client, forms) == []
