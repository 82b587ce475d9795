"""The page of the tree of bodies: each office sees its place and its children's counts; the system
administrator (三员分立) sets the tree up, with rules in Chinese, a confirmation before a move, audited."""

import pytest

from accounts.models import Role
from conftest import client_for, make_congress, make_deputy, make_user
from core.models import AuditEntry
from registry import bodies
from registry.models import Congress
from registry.tests.tree import make_tree, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(congress, other_congress):
    return make_tree(congress, other_congress)


@pytest.fixture
def city_clerk(tree):
    return staff_of(tree.city, "city_clerk")


@pytest.fixture
def city_admin(tree):
    """The city's system administrator: sets up the city's part of the tree."""
    return make_user("city_admin", "市系统管理员", tree.city, Role.SYSTEM_ADMIN)


def page(user, query=""):
    response = client_for(user).get(f"/registry/bodies/{query}")
    assert response.status_code == 200
    return response


def test_the_city_office_sees_its_districts_with_their_counts_and_the_townships_below_without(
    tree, city_clerk, congress
):
    make_deputy(congress, name="区代表甲")
    make_deputy(congress, name="区代表乙")
    make_deputy(tree.township, name="镇代表")
    response = page(city_clerk)
    text = response.content.decode()
    assert "无（本机构为本系统最高一级）" in text
    rows = {b.name: counts for b, _depth, counts, _kind in response.context["rows"]}
    assert set(rows) == {congress.name, tree.sibling.name, tree.working_body.name, tree.township.name}
    assert dict(rows[congress.name])["现有代表"] == 2
    assert [label for label, _n in rows[congress.name]] == ["现有代表", "联络站", "在办建议", "待办转交"]
    # the township reports to the district, not to the city: named, not counted
    assert rows[tree.township.name] is None
    assert "乡镇人民代表大会 · 乡镇级" in text and "上级：" in text


def test_the_district_office_sees_its_parent_and_its_own_bodies_not_its_sibling(
    tree, clerk, congress, other_congress
):
    make_deputy(tree.township, name="镇代表")
    response = page(clerk)
    text = response.content.decode()
    assert "示范市人民代表大会" in text  # the parent
    rows = {b.name: counts for b, _depth, counts, _kind in response.context["rows"]}
    assert set(rows) == {tree.working_body.name, tree.township.name}
    assert dict(rows[tree.township.name])["现有代表"] == 1
    assert other_congress.name not in text


def test_a_long_list_is_searched_by_kind_and_name_and_paged(tree, city_clerk, congress):
    for n in range(60):
        body = make_congress(f"town-{n}", f"第{n:02d}镇人民代表大会")
        body.kind, body.level, body.parent = "township_congress", "township", congress
        body.save()
    response = page(city_clerk)
    assert response.context["page"].paginator.count == 64
    assert len(response.context["rows"]) == 50
    assert "第 1 / 2 页" in response.content.decode()
    found = page(city_clerk, "?q=第07镇").context["rows"]
    assert [b.name for b, *_ in found] == ["第07镇人民代表大会"]
    assert len(page(city_clerk, "?kind=working_body").context["rows"]) == 1
    assert page(city_clerk, "?kind=nonsense&page=999").status_code == 200


def test_the_system_admin_sees_the_tree_without_counts_of_business_records(tree, city_admin, congress):
    make_deputy(congress, name="区代表")
    response = page(city_admin)
    text = response.content.decode()
    assert all(counts is None for _b, _d, counts, _k in response.context["rows"])
    assert "现有代表" not in text and "设立下级机构" in text


def test_who_opens_the_page(tree, deputy, unit_handler, station_staff, auditor, leader):
    assert client_for(leader).get("/registry/bodies/").status_code == 200
    for user in (deputy, unit_handler, station_staff, auditor):
        assert client_for(user).get("/registry/bodies/").status_code == 403, user
    for user in (leader, deputy):
        assert client_for(user).get("/registry/bodies/new/").status_code == 403


def test_the_system_admin_adds_a_residents_council_under_the_working_body_audited(tree, city_admin):
    response = client_for(city_admin).post(
        "/registry/bodies/new/",
        {
            "name": "东湖街道居民议事会",
            "short_name": "东湖议事会",
            "region": "东湖街道",
            "code": "donghu-council",
            "kind": "residents_council",
            "level": "township",
            "parent": tree.working_body.pk,
        },
    )
    assert response.status_code == 302
    council = Congress.objects.get(code="donghu-council")
    assert council.parent == tree.working_body and council.kind == "residents_council"
    chains = set(AuditEntry.objects.filter(action="create_body").values_list("congress_id", flat=True))
    assert chains == {council.pk, tree.working_body.pk}


def test_a_body_in_the_wrong_place_is_refused_in_chinese_and_nothing_is_saved(tree, city_admin):
    data = {
        "name": "错误的乡镇人大",
        "region": "某镇",
        "code": "wrong-town",
        "kind": "township_congress",
        "level": "township",
        "parent": tree.city.pk,
    }
    response = client_for(city_admin).post("/registry/bodies/new/", data)
    assert response.status_code == 400
    assert "乡镇人大的上级须为县级（区、县）人民代表大会。" in response.content.decode()
    assert not Congress.objects.filter(code="wrong-town").exists()
    taken = {**data, "parent": tree.district.pk, "name": tree.township.name}
    assert "已有名为" in client_for(city_admin).post("/registry/bodies/new/", taken).content.decode()


def test_a_district_admin_cannot_reach_the_sibling_or_place_a_body_above_itself(
    tree, system_admin, other_congress
):
    assert client_for(system_admin).get(f"/registry/bodies/{other_congress.pk}/edit/").status_code == 404
    assert client_for(system_admin).get(f"/registry/bodies/{tree.city.pk}/edit/").status_code == 404
    response = client_for(system_admin).post(
        "/registry/bodies/new/",
        {
            "name": "甲",
            "region": "甲",
            "code": "x-1",
            "kind": "working_body",
            "level": "county",
            "parent": tree.city.pk,
        },
    )
    assert response.status_code == 400
    assert "请选择本机构或其下级机构作为上级。" in response.content.decode()


def test_renaming_is_audited_in_the_bodys_chain(tree, city_admin):
    response = client_for(city_admin).post(
        f"/registry/bodies/{tree.township.pk}/edit/",
        {
            "name": "东湖街道人民代表大会",
            "short_name": "东湖人大",
            "region": "东湖",
            "kind": "township_congress",
            "level": "township",
            "parent": tree.district.pk,
        },
    )
    assert response.status_code == 302
    tree.township.refresh_from_db()
    assert tree.township.name == "东湖街道人民代表大会"
    entry = AuditEntry.objects.get(action="rename_body")
    assert entry.congress_id == tree.township.pk and entry.changes["name"][0] == "东湖镇人民代表大会"
    assert not AuditEntry.objects.filter(action="place_body").exists()  # nothing moved


def test_moving_a_body_asks_first_then_is_audited_in_three_chains(tree, city_admin):
    client = client_for(city_admin)
    data = {
        "name": tree.township.name,
        "region": "东湖",
        "kind": "township_congress",
        "level": "township",
        "parent": tree.sibling.pk,
    }
    asked = client.post(f"/registry/bodies/{tree.township.pk}/edit/", data)
    assert asked.status_code == 200
    assert "确定将“东湖镇人民代表大会”从示范区人民代表大会移至" in asked.content.decode()
    tree.township.refresh_from_db()
    assert tree.township.parent == tree.district
    done = client.post(f"/registry/bodies/{tree.township.pk}/edit/", {**data, "confirmed": "yes"})
    assert done.status_code == 302
    tree.township.refresh_from_db()
    assert tree.township.parent == tree.sibling
    chains = set(AuditEntry.objects.filter(action="place_body").values_list("congress_id", flat=True))
    assert chains == {tree.township.pk, tree.district.pk, tree.sibling.pk}


def test_a_kind_its_children_cannot_sit_under_is_refused(tree, city_admin):
    response = client_for(city_admin).post(
        f"/registry/bodies/{tree.district.pk}/edit/",
        {
            "name": tree.district.name,
            "region": "示范区",
            "kind": "working_body",
            "level": "county",
            "parent": tree.city.pk,
        },
    )
    assert response.status_code == 400
    assert "下级机构“" in response.content.decode()
    tree.district.refresh_from_db()
    assert tree.district.kind == "congress"


def test_a_body_is_never_put_under_its_own_child(tree, city_admin):
    response = client_for(city_admin).post(
        f"/registry/bodies/{tree.district.pk}/edit/",
        {
            "name": tree.district.name,
            "region": "示范区",
            "kind": "congress",
            "level": "county",
            "parent": tree.working_body.pk,
            "confirmed": "yes",
        },
    )
    assert response.status_code == 400
    tree.district.refresh_from_db()
    assert tree.district.parent == tree.city


def test_counts_go_to_the_parent_only(tree):
    assert bodies.sees_figures_of(tree.city, tree.district)
    assert bodies.sees_figures_of(tree.district, tree.township)
    assert not bodies.sees_figures_of(tree.city, tree.township)
    assert not bodies.sees_figures_of(tree.district, tree.city)
    assert not bodies.sees_figures_of(tree.district, tree.sibling)
