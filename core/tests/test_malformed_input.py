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


def through_the_middleware(request):
    from core.middleware import StripControlCharactersMiddleware

    seen = {}

    def view(req):
        seen["GET"], seen["POST"] = req.GET, req.POST
        return None

    StripControlCharactersMiddleware(view)(request)
    return seen


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x0c", "\x1b", "\x7f", "\x85"])
def test_control_characters_are_dropped_from_every_posted_form(rf, char):
    seen = through_the_middleware(rf.post("/x/", {"title": f"关于{char}道路", "n": "1"}))
    assert seen["POST"]["title"] == "关于道路" and seen["POST"]["n"] == "1"


def test_control_characters_are_dropped_from_urlencoded_forms_and_queries(rf):
    request = rf.post("/x/?q=%0B张", "title=a%0Bb", content_type="application/x-www-form-urlencoded")
    seen = through_the_middleware(request)
    assert seen["POST"]["title"] == "ab" and seen["GET"]["q"] == "张"


def test_tabs_and_line_breaks_stay(rf):
    seen = through_the_middleware(rf.post("/x/", {"content": "第一行\r\n第二行\t完"}))
    assert seen["POST"]["content"] == "第一行\r\n第二行\t完"


def test_a_vertical_tab_in_a_deputy_name_never_reaches_the_database(clerk, congress, term):
    from registry.models import Deputy

    client = client_for(clerk)
    page = client.get("/registry/deputies/new/")
    assert page.status_code == 200
    data = {
        "term": term.pk,
        "number": "V001",
        "name": "钱\x0b代表",
        "gender": "female",
        "birth_date": "1980-01-01",
        "id_number": "",
        "elected_on": "2021-12-01",
    }
    response = client.post("/registry/deputies/new/", data)
    assert response.status_code in (200, 302)
    assert not Deputy.objects.filter(name__contains="\x0b").exists()
