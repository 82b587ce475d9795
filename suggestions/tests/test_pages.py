"""Every page renders for the roles that use it; public pages show no personal data."""

import pytest

from conftest import client_for
from suggestions import workflow
from suggestions.tests import factories as f


@pytest.mark.parametrize(
    "persona", ["clerk", "leader", "deputy", "co_signer", "unit_handler", "station_staff"]
)
def test_inbox_and_list_render(persona, request, congress, clerk, deputy, unit, unit_handler):
    f.assigned(congress, deputy, clerk, unit)
    user = request.getfixturevalue(persona)
    c = client_for(user)
    assert c.get("/suggestions/").status_code == 200
    assert (
        c.get("/suggestions/list/?year=abc&unit=x&session=recess&q=停车&overdue=1&status=bogus").status_code
        == 200
    )
    assert c.get("/suggestions/list/", HTTP_HX_REQUEST="true").status_code == 200


def test_office_pages(congress, clerk, leader, deputy):
    f.registered(congress, deputy, clerk)
    c = client_for(clerk)
    for url in (
        "/suggestions/statistics/",
        "/suggestions/settings/",
        "/suggestions/assignment-meeting/",
        "/suggestions/new/",
    ):
        assert c.get(url).status_code == 200, url
    assert client_for(leader).get("/suggestions/statistics/").status_code == 200
    assert client_for(deputy).get("/suggestions/statistics/").status_code == 403
    assert client_for(deputy).get("/suggestions/settings/").status_code == 403


def test_assignment_meeting_assigns_in_bulk(congress, clerk, deputy, unit, other_unit):
    a = f.registered(congress, deputy, clerk, title="甲")
    b = f.registered(congress, deputy, clerk, title="乙")
    c = f.registered(congress, deputy, clerk, title="丙")
    r = client_for(clerk).post(
        "/suggestions/assignment-meeting/",
        {
            "assigned_on": "2025-02-12",
            "assignment_meeting": "2025年交办会",
            f"unit_{a.pk}": unit.pk,
            f"unit_{b.pk}": other_unit.pk,
            f"unit_{c.pk}": "",
        },
    )
    assert r.status_code == 302
    for s in (a, b, c):
        s.refresh_from_db()
    assert (a.status, b.status, c.status) == ("assigned", "assigned", "registered")
    assert str(a.due_on) == "2025-05-12"


SETTINGS_POST = {
    "reply_months": "3",
    "extended_months": "6",
    "opinion_months": "2",
    "rehandle_months": "1",
    "send_back_working_days": "5",
    "reply_category_scheme": "甲乙丙",
    "motion_min_deputies": "10",
    "motion_deadline": "",
    "holidays": "2026-10-01, 2026-10-02",
    "working_days": "2026-10-10",
    "categories": "城建\n教育",
    "letter_template": "{{标题}} 答复",
}


def test_settings_saved_and_used(congress, clerk):
    from core import dates
    from core.models import AuditEntry

    c = client_for(clerk)
    page = c.get("/suggestions/settings/").content.decode()
    assert "答复期限（月）" in page and "代表法第五十一条" in page and "调休上班日" in page
    assert c.post("/suggestions/settings/", SETTINGS_POST).status_code == 302
    congress.refresh_from_db()
    assert workflow.setting(congress, "opinion_months") == 2
    assert workflow.setting(congress, "categories") == ["城建", "教育"]
    assert dates.calendar_of(congress) == dates.WorkCalendar.from_lists(
        ["2026-10-01", "2026-10-02"], ["2026-10-10"]
    )
    assert congress.lettertemplate_set.get().body == "{{标题}} 答复"
    entry = AuditEntry.objects.get(action="update_settings")
    assert entry.changes["suggestions.opinion_months"] == [None, 2]
    assert entry.changes["letter_template"][1] == "{{标题}} 答复"


def test_bad_settings_save_nothing_and_say_why_in_chinese(congress, clerk):
    from core.models import AuditEntry

    c = client_for(clerk)
    r = c.post(
        "/suggestions/settings/",
        {**SETTINGS_POST, "holidays": "2026-13-01", "reply_months": "x", "extended_months": "7"},
    )
    page = r.content.decode()
    assert r.status_code == 200 and "本次没有保存任何设置" in page
    assert "“2026-13-01”不是日期" in page and "请填写整数" in page
    congress.refresh_from_db()
    assert congress.settings.get("suggestions") is None and congress.settings.get("calendar") is None
    assert not congress.lettertemplate_set.exists()
    assert not AuditEntry.objects.filter(action="update_settings").exists()


def test_settings_page_is_for_staff_only(congress, deputy, leader):
    assert client_for(deputy).get("/suggestions/settings/").status_code == 403
    assert client_for(leader).post("/suggestions/settings/", SETTINGS_POST).status_code == 403


def test_reply_letter_docx(congress, clerk, deputy, unit, unit_handler):
    s = f.accepted(congress, deputy, clerk, unit, unit_handler)
    r = client_for(unit_handler).get(f"/suggestions/{s.pk}/letter.docx?category=A&content=已解决")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_public_pages_hide_personal_data(congress, clerk, deputy, unit, unit_handler, citizen):
    s = f.replied(
        congress,
        deputy,
        clerk,
        unit,
        unit_handler,
        content="请联系居民李某，电话13812345678，身份证号110101199003077777。",
    )
    workflow.feedback(actor=deputy, suggestion=s, rating="satisfied")
    workflow.publish(actor=clerk, suggestion=s)
    assert s.title in citizen.get(f"/p/{congress.code}/suggestions/").content.decode()
    body = citizen.get(f"/p/{congress.code}/suggestions/{s.pk}/").content.decode()
    assert "13812345678" not in body and "110101199003077777" not in body and deputy.deputy.name not in body
    hidden = f.replied(congress, deputy, clerk, unit, unit_handler, title="未公开")
    assert citizen.get(f"/p/{congress.code}/suggestions/{hidden.pk}/").status_code == 404
    assert citizen.get("/p/nope/suggestions/").status_code == 404


def test_home_todos(congress, clerk, deputy):
    f.submitted(congress, deputy)
    body = client_for(clerk).get("/").content.decode()
    assert "待立案" in body
