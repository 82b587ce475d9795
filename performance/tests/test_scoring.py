"""Staff edit the congress's scoring table: validated, versioned, audited; malformed input never 500s."""

import pytest

from conftest import client_for
from core.models import AuditEntry
from performance import queries
from performance.tests.test_counts import scoring_post

pytestmark = pytest.mark.django_db


def test_scoring_page_shows_the_default_table(clerk):
    response = client_for(clerk).get("/performance/scoring/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "领衔提出建议" in body and "第0版" in body


def test_leader_sees_the_table_but_has_no_save_button(leader):
    body = client_for(leader).get("/performance/scoring/").content.decode()
    assert "保存评分标准" not in body


def test_each_save_is_a_new_version_with_one_audit_row(clerk, congress):
    client = client_for(clerk)
    client.post("/performance/scoring/", scoring_post(queries.scoring_table(congress), speech="0.5"))
    congress.refresh_from_db()
    client.post("/performance/scoring/", scoring_post(queries.scoring_table(congress), speech="2"))
    congress.refresh_from_db()
    table = queries.scoring_table(congress)
    assert table.version == 2
    assert table.item("speech").points == 20
    assert AuditEntry.objects.filter(action="edit_scoring").count() == 2


def test_saving_keeps_other_apps_settings(clerk, congress):
    congress.settings = {"suggestions": {"reply_months": 3}}
    congress.save()
    client_for(clerk).post("/performance/scoring/", scoring_post(queries.scoring_table(congress)))
    congress.refresh_from_db()
    assert congress.settings["suggestions"] == {"reply_months": 3}
    assert congress.settings["performance"]["version"] == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"points_speech": "abc"}, "请输入数字"),
        ({"points_speech": "0.25"}, "最多保留一位小数"),
        ({"cap_speech": "-3"}, "上限应在 0 到 100 分之间"),
        ({"points_speech": "1000"}, "不能超过 100 分"),
        ({"good_min": "50"}, "应高于"),
        ({"base": "abc"}, "基础分应为整数"),
        ({"base": "101"}, "基础分不能大于100"),
        ({"points_speech": ""}, "请填写"),
    ],
)
def test_malformed_tables_are_refused_in_chinese(clerk, congress, changes, message):
    data = {**scoring_post(queries.scoring_table(congress)), **changes}
    response = client_for(clerk).post("/performance/scoring/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    congress.refresh_from_db()
    assert "performance" not in (congress.settings or {})
    assert not AuditEntry.objects.filter(action="edit_scoring").exists()


def test_an_empty_post_is_a_400_not_a_500(clerk):
    assert client_for(clerk).post("/performance/scoring/", {}).status_code == 400
