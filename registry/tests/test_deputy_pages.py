"""The deputy list, detail, create and edit pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from conftest import client_for, make_deputy, valid_id_number
from core import dates
from core.models import AuditEntry
from registry.models import Deputy

LIST = reverse("registry:deputy_list")


def names_listed(response) -> set[str]:
    return {d.name for d in response.context["page"]}


def deputy_data(term, **changes):
    data = {
        "term": term.pk,
        "number": "N200",
        "name": "新代表",
        "gender": "male",
        "ethnicity": "回族",
        "birth_date": "1979-08-09",
        "party": "中国民主同盟盟员",
        "occupation": "教师",
        "workplace": "东湖中学校长",
        "id_number": valid_id_number(dt.date(1979, 8, 9), 601),
        "phone": "13612345678",
        "elected_on": "2021-12-01",
    }
    data.update(changes)
    return data


@pytest.fixture
def three(congress, term):
    return [
        make_deputy(congress, term, name="刘一", phone="13800001234", workplace="东湖街道办事处"),
        make_deputy(congress, term, name="陈二", phone="13800005678"),
        make_deputy(
            congress, term, name="杨三", status=Deputy.Status.SUSPENDED, suspended_on=dt.date(2024, 1, 1)
        ),
    ]


def test_search_by_name(clerk, three):
    assert names_listed(client_for(clerk).get(LIST, {"q": "刘一"})) == {"刘一"}


def test_search_by_phone_tail(clerk, three):
    assert names_listed(client_for(clerk).get(LIST, {"q": "5678"})) == {"陈二"}


def test_search_by_workplace_and_number(clerk, three):
    client = client_for(clerk)
    assert names_listed(client.get(LIST, {"q": "街道办"})) == {"刘一"}
    assert names_listed(client.get(LIST, {"q": three[2].number})) == {"杨三"}


def test_filter_by_status(clerk, three):
    client = client_for(clerk)
    assert names_listed(client.get(LIST, {"status": "suspended"})) == {"杨三"}
    assert names_listed(client.get(LIST, {"status": "serving"})) == {"刘一", "陈二"}


def test_filter_by_station_of_another_congress_is_ignored(clerk, three, other_congress):
    response = client_for(clerk).get(LIST, {"station": "999", "delegation": "x"})
    assert names_listed(response) == {"刘一", "陈二", "杨三"}


def test_filter_by_delegation_and_gender(clerk, congress, term, delegation):
    make_deputy(congress, term, name="团员", delegation=delegation, gender="male")
    make_deputy(congress, term, name="非团员", gender="male")
    make_deputy(congress, term, name="团员女", delegation=delegation, gender="female")
    response = client_for(clerk).get(LIST, {"delegation": delegation.pk, "gender": "male"})
    assert names_listed(response) == {"团员"}


def test_pagination_shows_fifty_per_page(clerk, congress, term):
    for _ in range(55):
        make_deputy(congress, term)
    client = client_for(clerk)
    first, second = client.get(LIST), client.get(LIST, {"page": 2})
    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 5
    assert names_listed(first).isdisjoint(names_listed(second))
    assert "第 1 / 2 页" in first.content.decode()
    assert client.get(LIST, {"page": "last"}).status_code == 200


def test_htmx_filter_returns_only_the_results(clerk, three):
    response = client_for(clerk).get(LIST, {"q": "刘一"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "刘一" in html and "陈二" not in html
    assert "HX-Request" in response["Vary"]


def test_phone_masked_on_list(clerk, three):
    html = client_for(clerk).get(LIST).content.decode()
    assert "138****1234" in html
    assert "13800001234" not in html


def test_phone_and_id_number_masked_on_detail(clerk, three):
    deputy = three[0]
    html = client_for(clerk).get(reverse("registry:deputy_detail", args=[deputy.pk])).content.decode()
    assert "138****1234" in html and "13800001234" not in html
    assert deputy.id_number not in html
    assert deputy.id_number[-4:] in html


def test_full_id_number_only_on_the_staff_edit_form(clerk, three):
    deputy = three[0]
    html = client_for(clerk).get(reverse("registry:deputy_update", args=[deputy.pk])).content.decode()
    assert deputy.id_number in html


def test_header_shows_n_and_m_for_today_and_a_chosen_date(clerk, congress, term, three):
    make_deputy(congress, term, name="后补选", elected_on=dt.date(2024, 6, 1))
    client = client_for(clerk)
    assert client.get(LIST).context["deputy_count"] == 4
    response = client.get(LIST, {"on": "2023-01-01"})
    assert response.context["deputy_count"] == 3
    assert "2023年1月1日" in response.content.decode()


def test_invalid_date_falls_back_to_today_with_a_chinese_message(clerk, three):
    response = client_for(clerk).get(LIST, {"on": "2024-02-30"})
    assert response.status_code == 200
    assert response.context["on"] == dates.today()
    assert "无法识别，已按今天统计" in response.content.decode()


def test_create_with_several_bad_fields_shows_chinese_errors_and_stores_nothing(clerk, term):
    data = deputy_data(
        term, name="", id_number="12345", phone="1234", birth_date="2015-01-01", elected_on="2099-01-01"
    )
    response = client_for(clerk).post(reverse("registry:deputy_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "这个字段是必填项。" in html
    assert "身份证号应为18位" in html
    assert "请输入11位手机号码" in html
    assert "当选日期不能晚于今天" in html
    assert "请按提示修改" in html
    assert not Deputy.objects.exists()
    assert not AuditEntry.objects.filter(object_type="registry.deputy").exists()


def test_id_number_check_digit_is_checked(clerk, term):
    good = valid_id_number(dt.date(1979, 8, 9), 601)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = client_for(clerk).post(reverse("registry:deputy_create"), deputy_data(term, id_number=bad))
    assert "身份证号校验位不正确" in response.content.decode()
    assert not Deputy.objects.exists()


def test_birth_date_must_match_the_id_number(clerk, term):
    data = deputy_data(term, birth_date="1979-08-10")
    response = client_for(clerk).post(reverse("registry:deputy_create"), data)
    assert "出生日期与身份证号中的出生日期不一致" in response.content.decode()


@time_machine.travel(dt.datetime(2026, 1, 15, 12, tzinfo=dt.UTC))
def test_deputy_must_be_18_at_election(clerk, term):
    birth = dt.date(2004, 1, 2)  # 17 on 2021-12-01
    data = deputy_data(term, birth_date=birth.isoformat(), id_number=valid_id_number(birth, 602))
    response = client_for(clerk).post(reverse("registry:deputy_create"), data)
    assert "当选时应年满18周岁" in response.content.decode()
    assert not Deputy.objects.exists()


@pytest.mark.parametrize(
    "field, message",
    [
        ("id_number", "该身份证号已登记在代表"),
        ("phone", "该手机号码已登记在代表"),
        ("number", "本届已有代表证号相同的代表"),
    ],
)
def test_duplicates_within_the_congress_get_a_clear_message(clerk, congress, term, field, message):
    existing = make_deputy(congress, term, name="已登记")
    if field == "id_number":
        data = deputy_data(term, id_number=existing.id_number, birth_date=existing.birth_date.isoformat())
    else:
        data = deputy_data(term, **{field: getattr(existing, field)})
    response = client_for(clerk).post(reverse("registry:deputy_create"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html and "已登记" in html
    assert Deputy.objects.count() == 1


def test_same_phone_in_another_congress_is_allowed(clerk, other_congress, term):
    make_deputy(other_congress, phone="13612345678")
    response = client_for(clerk).post(reverse("registry:deputy_create"), deputy_data(term))
    assert response.status_code == 302
    assert Deputy.objects.filter(congress=term.congress, phone="13612345678").exists()


def test_edit_writes_one_audit_entry_with_before_and_after(clerk, congress, term):
    deputy = make_deputy(congress, term, name="周五", workplace="旧单位")
    data = deputy_data(
        term,
        number=deputy.number,
        name="周五",
        id_number=deputy.id_number,
        phone=deputy.phone,
        birth_date=deputy.birth_date.isoformat(),
        gender=deputy.gender,
        workplace="新单位",
    )
    response = client_for(clerk).post(reverse("registry:deputy_update", args=[deputy.pk]), data)
    assert response.status_code == 302
    entries = AuditEntry.objects.filter(object_type="registry.deputy", object_id=str(deputy.pk))
    assert entries.count() == 1
    entry = entries.get()
    assert entry.action == "update"
    assert entry.actor_id == clerk.pk
    assert entry.changes["workplace"] == ["旧单位", "新单位"]
    assert "name" not in entry.changes


def test_edit_shows_a_success_message(clerk, congress, term):
    deputy = make_deputy(congress, term)
    data = deputy_data(
        term,
        number=deputy.number,
        name="改了名",
        id_number=deputy.id_number,
        phone=deputy.phone,
        birth_date=deputy.birth_date.isoformat(),
    )
    response = client_for(clerk).post(reverse("registry:deputy_update", args=[deputy.pk]), data, follow=True)
    assert "已保存代表“改了名”。" in response.content.decode()


def test_status_cannot_be_changed_through_the_edit_form(clerk, congress, term):
    deputy = make_deputy(congress, term)
    data = deputy_data(
        term,
        number=deputy.number,
        id_number=deputy.id_number,
        phone=deputy.phone,
        birth_date=deputy.birth_date.isoformat(),
        status="terminated",
        terminated_on="2024-01-01",
    )
    client_for(clerk).post(reverse("registry:deputy_update", args=[deputy.pk]), data)
    deputy.refresh_from_db()
    assert deputy.status == Deputy.Status.SERVING
    assert deputy.terminated_on is None


def test_detail_lists_committee_memberships(clerk, congress, term):
    from registry.models import CommitteeMembership

    deputy = make_deputy(congress, term)
    CommitteeMembership.objects.create(
        congress=congress, term=term, deputy=deputy, position="vice_chair", starts_on=dt.date(2022, 1, 5)
    )
    html = client_for(clerk).get(reverse("registry:deputy_detail", args=[deputy.pk])).content.decode()
    assert "副主任" in html and "2022年1月5日" in html
