"""The 本地设置 page: every app's local rules with their meaning; each part saved on its own, audited.
The system administrator keeps them (三员分立; the security sections: accounts/tests/test_separation_of_duties.py)."""

from conftest import client_for
from core.models import AuditEntry


def test_the_system_admin_sees_every_section_in_chinese(system_admin):
    page = client_for(system_admin).get("/settings/").content.decode()
    for title in ("节假日安排", "代表建议", "联络站", "民生实事项目", "监督", "选举"):
        assert f">{title}</h2>" in page, title
    assert "转办期限（日）" in page and "差额数取整方式" in page and "进一法（默认）" in page
    assert "民法典第二百零三条" in page


def test_saving_one_section_leaves_the_others_alone_and_is_audited(congress, system_admin):
    congress.settings = {"suggestions": {"reply_category_scheme": "ABC"}}
    congress.save()
    data = {
        "stations-refer_days": "7",
        "stations-reply_days": "30",
        "stations-reception_notice_days": "3",
        "stations-message_ip_limit": "10",
        "stations-message_phone_limit": "5",
    }
    response = client_for(system_admin).post("/settings/stations/", data)
    assert response.status_code == 302
    congress.refresh_from_db()
    assert congress.settings["stations"]["refer_days"] == 7
    assert congress.settings["suggestions"] == {"reply_category_scheme": "ABC"}
    entry = AuditEntry.objects.get(action="update_settings")
    assert entry.changes == {
        "stations.refer_days": [None, 7],
        **{
            f"stations.{k}": [None, v]
            for k, v in {
                "reply_days": 30,
                "reception_notice_days": 3,
                "message_ip_limit": 10,
                "message_phone_limit": 5,
            }.items()
        },
    }
    assert entry.actor_id == system_admin.pk and entry.note == "联络站本地设置"


def test_bad_input_saves_nothing_and_says_why(congress, system_admin):
    response = client_for(system_admin).post(
        "/settings/calendar/", {"calendar-holidays": "2026-10-01\n十月二日"}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "本次没有保存任何设置" in page and "“十月二日”不是日期" in page
    congress.refresh_from_db()
    assert "calendar" not in (congress.settings or {})
    assert not AuditEntry.objects.filter(action="update_settings").exists()


def test_only_the_system_admin_may_open_it(system_admin, clerk, leader, deputy, unit_handler, outsider):
    assert client_for(None).get("/settings/").status_code == 302
    for person in (clerk, leader, deputy, unit_handler, outsider):
        assert client_for(person).get("/settings/").status_code == 403
        assert client_for(person).post("/settings/stations/", {"stations-refer_days": "1"}).status_code == 403
    assert client_for(system_admin).get("/settings/nothing/").status_code == 404


def test_the_menu_offers_it_to_the_system_admin_only(system_admin, clerk, leader):
    assert 'href="/settings/"' in client_for(system_admin).get("/").content.decode()
    for person in (clerk, leader):
        assert 'href="/settings/"' not in client_for(person).get("/").content.decode()
