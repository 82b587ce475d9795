"""The JSON API as a deputy's phone app, a unit's app and a citizen's mini-program use it."""

import json

import pytest
from django.test import Client

from api.models import ApiToken
from api.tests.helpers import api_client, token_for
from core.models import AuditEntry, Notification
from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


def test_openapi_document_is_served_without_a_token():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "renda 人大工作平台接口"
    assert "/api/v1/suggestions" in schema["paths"]


def test_a_request_without_a_token_is_refused_in_chinese():
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["detail"] == "未提供有效的设备令牌，或令牌已吊销。"


def test_a_revoked_token_no_longer_works(deputy):
    client = api_client(deputy)
    assert client.get("/api/v1/me").status_code == 200
    assert client.delete("/api/v1/tokens/current").status_code == 204
    assert client.get("/api/v1/me").status_code == 401
    assert AuditEntry.objects.filter(action="revoke_token").count() == 1


def test_tokens_are_stored_only_as_a_hash(deputy):
    raw = token_for(deputy)
    row = ApiToken.objects.get(user=deputy)
    assert raw not in (row.key_hash, row.hint) and row.hint == raw[:8]
    assert AuditEntry.objects.filter(action="issue_token").count() == 1


def test_me_names_the_roles_in_chinese(deputy):
    body = api_client(deputy).get("/api/v1/me").json()
    assert body["roles"] == ["代表"]
    assert body["congress"]


def test_deputy_drafts_and_submits_a_suggestion(deputy):
    client = api_client(deputy)
    created = client.post(
        "/api/v1/suggestions",
        json.dumps({"title": "关于增设社区公交线路的建议", "content": "建议在东城社区增设公交线路。"}),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "draft" and body["status_label"] == "草稿"
    assert "submit" in body["actions"]
    submitted = client.post(f"/api/v1/suggestions/{body['id']}/submit")
    assert submitted.status_code == 200, submitted.content
    assert Suggestion.objects.get(pk=body["id"]).status == Suggestion.Status.SUBMITTED
    listed = client.get("/api/v1/suggestions").json()
    assert listed["total"] == 1 and listed["items"][0]["title"] == "关于增设社区公交线路的建议"


def test_an_empty_title_gets_a_chinese_field_message(deputy):
    response = api_client(deputy).post(
        "/api/v1/suggestions", json.dumps({"title": "", "content": "x"}), content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "请求内容有误，请检查后重试。"
    assert {"field": "title", "message": "内容过短"} in body["errors"]


def test_malformed_json_is_a_chinese_error_not_a_500(deputy):
    response = api_client(deputy).post("/api/v1/suggestions", "{oops", content_type="application/json")
    assert response.status_code in (400, 422)
    assert "detail" in response.json()


def test_a_refused_step_answers_409_with_the_workflow_message(deputy):
    client = api_client(deputy)
    pk = client.post(
        "/api/v1/suggestions",
        json.dumps({"title": "标题", "content": "内容"}),
        content_type="application/json",
    ).json()["id"]
    client.post(f"/api/v1/suggestions/{pk}/submit")
    again = client.post(f"/api/v1/suggestions/{pk}/submit")
    assert again.status_code in (403, 409)
    assert again.json()["detail"]


def test_other_congress_cannot_see_the_suggestion(deputy, outsider):
    pk = (
        api_client(deputy)
        .post(
            "/api/v1/suggestions",
            json.dumps({"title": "标题", "content": "内容"}),
            content_type="application/json",
        )
        .json()["id"]
    )
    response = api_client(outsider).get(f"/api/v1/suggestions/{pk}")
    assert response.status_code == 404
    assert response.json()["detail"] == "未找到，或您无权查看。"


def test_unit_handler_without_deputy_seat_cannot_draft(unit_handler):
    response = api_client(unit_handler).post(
        "/api/v1/suggestions",
        json.dumps({"title": "标题", "content": "内容"}),
        content_type="application/json",
    )
    assert response.status_code == 403


def test_deputy_cannot_read_the_figures_but_clerk_can(deputy, clerk):
    assert api_client(deputy).get("/api/v1/figures?year=2026").status_code == 403
    rows = api_client(clerk).get("/api/v1/figures?year=2026").json()
    assert rows and all(set(r) >= {"key", "label", "unit", "value"} for r in rows)


def test_the_figures_over_a_date_range_and_a_bad_period(clerk):
    rows = api_client(clerk).get("/api/v1/figures?from=2026-03-01&to=2026-10-31").json()
    assert {r["key"] for r in rows} >= {"committee_meetings", "elections", "online_messages"}
    bad = api_client(clerk).get("/api/v1/figures?from=2026-05-01&to=2026-04-01")
    assert bad.status_code == 400 and bad.json()["detail"] == "结束日期不能早于开始日期。"
    missing = api_client(clerk).get("/api/v1/figures")
    assert missing.status_code == 400 and "请给出统计时段" in missing.json()["detail"]


def test_notifications_paginate_and_mark_read(deputy):
    for i in range(25):
        Notification.objects.create(user=deputy, title=f"通知{i}")
    client = api_client(deputy)
    page2 = client.get("/api/v1/notifications?page=2&size=20").json()
    assert page2["total"] == 25 and len(page2["items"]) == 5
    pk = page2["items"][0]["id"]
    assert client.post(f"/api/v1/notifications/{pk}/read").status_code == 204
    assert client.get("/api/v1/notifications?unread=true").json()["total"] == 24


def test_someone_elses_notification_is_404(deputy, co_signer):
    n = Notification.objects.create(user=co_signer, title="别人的通知")
    assert api_client(deputy).post(f"/api/v1/notifications/{n.pk}/read").status_code == 404


def test_citizen_leaves_a_message_and_tracks_it(congress, station):
    client = Client()
    receipt = client.post(
        f"/api/v1/public/{congress.code}/messages".replace("/api/v1", "/api/v1"),
        json.dumps(
            {
                "station_id": station.pk,
                "topic": "other",
                "content": "小区路灯坏了很久",
                "phone": "13900001234",
            }
        ),
        content_type="application/json",
    )
    assert receipt.status_code == 201, receipt.content
    code = receipt.json()["tracking_code"]
    tracked = client.get(f"/api/v1/public/{congress.code}/messages/{code}?last4=1234")
    assert tracked.status_code == 200
    assert tracked.json()["status_label"] == "已收到"
    assert client.get(f"/api/v1/public/{congress.code}/messages/{code}?last4=0000").status_code == 404


def test_station_staff_sees_the_station_messages(congress, station, station_staff):
    Client().post(
        f"/api/v1/public/{congress.code}/messages",
        json.dumps(
            {"station_id": station.pk, "topic": "other", "content": "路灯不亮了", "phone": "13900001235"}
        ),
        content_type="application/json",
    )
    body = api_client(station_staff).get("/api/v1/messages").json()
    assert body["total"] == 1 and body["items"][0]["station"] == station.name


def test_deputy_without_meetings_sees_an_empty_list(deputy):
    assert api_client(deputy).get("/api/v1/meetings/open").json() == []


def test_user_creates_and_revokes_a_token_on_the_page(deputy):
    from conftest import client_for

    client = client_for(deputy)
    page = client.post("/tokens/", {"name": "我的手机"})
    assert page.status_code == 200
    assert "本页关闭后将无法再次查看" in page.content.decode()
    token = ApiToken.objects.get(user=deputy)
    assert client.post(f"/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_control_characters_and_lone_surrogates_are_dropped_not_stored_raw(deputy):
    body = '{"title": "\\u9898\\u0000\\udad8", "content": "\\u5185\\u5bb9\\u000b", "category": "\\u0015x"}'
    response = api_client(deputy).post("/api/v1/suggestions", body, content_type="application/json")
    assert response.status_code == 201, response.content
    s = Suggestion.objects.get()
    assert (s.title, s.content, s.category) == ("题", "内容", "x")
