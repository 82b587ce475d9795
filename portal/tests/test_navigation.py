"""The main menu: each role reaches exactly the pages it reached before the menu was grouped.

EXPECTED was read off base.html as it stood before grouping (one top-level link per page); the
grouping may move an entry into a dropdown but must never add or drop one for anybody. Added since:
本地设置 (core:settings, every app's local rules in one place); the office's 跨级转交
(referrals:list, items referred between bodies of different levels); then 三员分立 moved 用户与角色,
本地设置 and 审计日志 from staff to the system administrator and the auditor, under 系统管理; then
机构层级 (registry:body_tree, the tree of bodies: the office sees its place and its children's counts,
the system administrator sets the tree up, under 系统管理); then 居民议事会 (councils:index) for the
office of a residents' council and of a body with councils below it (up to the district), nobody else.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from accounts.models import Role, RoleAssignment
from conftest import client_for, make_user
from councils.tests.conftest import make_council

# Personas are looked up by name inside the test, so the database is asked for up front.
pytestmark = pytest.mark.django_db

REGISTRY = [
    ("代表", "registry:deputy_list"),
    ("常委会组成人员", "registry:committeemembership_list"),
    ("在任人员名册", "registry:officeholding_list"),
    ("代表任职历史", "registry:seat_list"),
    ("区划调整", "registry:mapchange_list"),
    ("承办单位", "registry:unit_list"),
    ("代表联络站", "registry:station_list"),
    ("街道与社区", "registry:subdistrict_list"),
    ("代表团（组）", "registry:delegation_list"),
    ("选区", "registry:constituency_list"),
    ("届次", "registry:term_list"),
    ("机构层级", "registry:body_tree"),
]
EVERYONE = [("工作台", "portal:home"), ("通知", "core:notification_list")]
ANY_ROLE = [
    ("民生实事", "projects:index"),
    ("代表建议", "suggestions:inbox"),
    ("联络站留言", "stations:inbox"),
]
STATION_WORK = [("联络站工作", "stations:station_list"), ("联络站统计", "stations:statistics")]
OFFICE = [
    *REGISTRY,
    ("会议", "meetings:meeting_list"),
    ("征求意见", "materials:consultation_list"),
    *STATION_WORK,
    ("跨级转交", "referrals:list"),
    ("监督", "oversight:activity_list"),
    ("任免", "oversight:appointment_list"),
    ("履职档案", "performance:ranking"),
    ("工作统计", "reports:dashboard"),
]
COUNCILS = ("居民议事会", "councils:index")

EXPECTED = {
    "clerk": [
        *EVERYONE,
        *ANY_ROLE,
        *OFFICE,
        ("选举", "elections:election_list"),
    ],
    "leader": [*EVERYONE, *ANY_ROLE, *OFFICE],
    "deputy": [
        *EVERYONE,
        *ANY_ROLE,
        ("会议", "meetings:meeting_list"),
        ("选举投票", "elections:my_ballots"),
        ("会议材料", "materials:mine"),
        ("我的履职档案", "performance:my_record"),
    ],
    "unit_handler": [*EVERYONE, *ANY_ROLE, ("审议意见", "oversight:deliberation_opinions_list")],
    "station_staff": [*EVERYONE, *ANY_ROLE, *STATION_WORK],
    "outsider": [
        *EVERYONE,
        *ANY_ROLE,
        *OFFICE,
        ("选举", "elections:election_list"),
    ],
    # Someone holding two roles sees the union, except that office staff see the ranking, not "mine".
    "clerk_who_is_a_deputy": [
        *EVERYONE,
        *ANY_ROLE,
        *OFFICE,
        ("选举", "elections:election_list"),
        ("选举投票", "elections:my_ballots"),
        ("会议材料", "materials:mine"),
    ],
    "deputy_who_handles_for_a_unit": [
        *EVERYONE,
        *ANY_ROLE,
        ("会议", "meetings:meeting_list"),
        ("选举投票", "elections:my_ballots"),
        ("会议材料", "materials:mine"),
        ("我的履职档案", "performance:my_record"),
        ("审议意见", "oversight:deliberation_opinions_list"),
    ],
    "deputy_at_a_station": [
        *EVERYONE,
        *ANY_ROLE,
        *STATION_WORK,
        ("会议", "meetings:meeting_list"),
        ("选举投票", "elections:my_ballots"),
        ("会议材料", "materials:mine"),
        ("我的履职档案", "performance:my_record"),
    ],
    "user_without_a_role": [*EVERYONE],
    # The office of a residents' council, and a district's office with a council below it.
    "council_clerk": [*EVERYONE, *ANY_ROLE, *OFFICE, ("选举", "elections:election_list"), COUNCILS],
    "clerk_over_a_council": [*EVERYONE, *ANY_ROLE, *OFFICE, ("选举", "elections:election_list"), COUNCILS],
    "leader_over_a_council": [*EVERYONE, *ANY_ROLE, *OFFICE, COUNCILS],
    # 三员分立: each administrator sees their own pages and no business page.
    "system_admin": [
        *EVERYONE,
        ("用户与角色", "accounts:user_list"),
        ("本地设置", "core:settings"),
        ("机构层级", "registry:body_tree"),
    ],
    "security_admin": [
        *EVERYONE,
        ("账户安全", "accounts:security_list"),
        ("授权审查", "accounts:grant_review"),
        ("安全设置", "core:settings"),
    ],
    "auditor": [*EVERYONE, ("审计日志", "portal:audit_list"), ("审计检查点", "portal:audit_checkpoints")],
}

# What the bar shows at the top level: a label for a plain link, "label▾" for a dropdown.
TOP_LEVEL = {
    "clerk": [
        "工作台",
        "会议与选举▾",
        "民生实事",
        "代表建议",
        "联络站▾",
        "监督任免▾",
        "履职档案",
        "工作统计",
        "基础信息▾",
        "通知",
    ],
    "leader": [
        "工作台",
        "会议与选举▾",
        "民生实事",
        "代表建议",
        "联络站▾",
        "监督任免▾",
        "履职档案",
        "工作统计",
        "基础信息▾",
        "通知",
    ],
    "deputy": ["工作台", "会议与选举▾", "民生实事", "代表建议", "联络站留言", "我的履职档案", "通知"],
    "unit_handler": ["工作台", "民生实事", "代表建议", "联络站留言", "审议意见", "通知"],
    "station_staff": ["工作台", "民生实事", "代表建议", "联络站▾", "通知"],
    "user_without_a_role": ["工作台", "通知"],
    "system_admin": ["工作台", "系统管理▾", "通知"],
    "security_admin": ["工作台", "系统管理▾", "通知"],
    "auditor": ["工作台", "系统管理▾", "通知"],
}

# 居民议事会 stands as a plain link next to 民生实事.
TOP_LEVEL["clerk_over_a_council"] = [*TOP_LEVEL["clerk"][:3], "居民议事会", *TOP_LEVEL["clerk"][3:]]


@pytest.fixture
def clerk_who_is_a_deputy(clerk, congress):
    RoleAssignment.objects.create(user=clerk, congress=congress, role=Role.DEPUTY)
    return clerk


@pytest.fixture
def deputy_who_handles_for_a_unit(deputy, congress, unit):
    RoleAssignment.objects.create(user=deputy, congress=congress, role=Role.UNIT_HANDLER, unit=unit)
    return deputy


@pytest.fixture
def deputy_at_a_station(deputy, congress, station):
    RoleAssignment.objects.create(user=deputy, congress=congress, role=Role.STATION_STAFF, station=station)
    return deputy


@pytest.fixture
def council(congress):
    """青云街道居民议事会, a body under the district."""
    return make_council("qingyun", "青云街道居民议事会", congress)


@pytest.fixture
def council_clerk(council):
    return make_user("council_clerk", "刘文书", council, Role.STAFF)


@pytest.fixture
def clerk_over_a_council(clerk, council):
    return clerk


@pytest.fixture
def leader_over_a_council(leader, council):
    return leader


@pytest.fixture
def user_without_a_role(db):
    return make_user("nobody", "无角色用户")


class MenuParser(HTMLParser):
    """The menu inside #mainnav as top-level items: {label, href, classes, current, entries}.

    The user's own dropdown (#user-menu: roles, password, second factor, sign-out form) and the
    congress switcher hold account tools and forms, not pages of the menu; they are left out.
    """

    def __init__(self):
        super().__init__()
        self.items: list[dict] = []
        self.inside = False
        self.depth = 0  # <ul> nesting inside #mainnav: 1 = the bar, 2 = a dropdown
        self.link: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and attrs.get("id") == "mainnav":
            self.inside = True
        if not self.inside:
            return
        if tag == "ul":
            self.depth += 1
        elif tag == "a":
            self.link = {
                "href": attrs.get("href"),
                "classes": (attrs.get("class") or "").split(),
                "current": attrs.get("aria-current"),
                "id": attrs.get("id"),
                "text": "",
                "entries": [],
            }

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag == "nav":
            self.inside = False
        elif tag == "ul":
            self.depth -= 1
        elif tag == "a" and self.link is not None:
            link, self.link = self.link, None
            link["label"] = link.pop("text").split()[0]
            if self.depth == 1:
                self.items.append(link)
            elif self.items and "dropdown-item" in link["classes"]:
                self.items[-1]["entries"].append(link)

    def handle_data(self, data):
        if self.link is not None:
            self.link["text"] += data


def menu(user, path="/") -> list[dict]:
    response = client_for(user).get(path)
    assert response.status_code == 200
    parser = MenuParser()
    parser.feed(response.content.decode())
    assert parser.items, "页面上没有主菜单"
    return [
        item
        for item in parser.items
        if (item["href"] != "#" or item["entries"]) and "user-menu" not in item["classes"]
    ]


def page_links(items) -> set[tuple[str, str]]:
    links = set()
    for item in items:
        for link in item["entries"] or [item]:
            links.add((link["label"], link["href"]))
    return links


def top_level(items) -> list[str]:
    return [item["label"] + ("▾" if item["entries"] else "") for item in items]


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_reaches_exactly_the_pages_it_did_before(request, persona):
    user = request.getfixturevalue(persona)
    expected = {(label, reverse(name)) for label, name in EXPECTED[persona]}
    assert len(expected) == len(EXPECTED[persona])
    assert page_links(menu(user)) == expected


@pytest.mark.parametrize("persona", sorted(TOP_LEVEL))
def test_the_bar_groups_entries_and_a_lone_entry_is_a_plain_link(request, persona):
    user = request.getfixturevalue(persona)
    assert top_level(menu(user)) == TOP_LEVEL[persona]


def test_the_audit_log_sits_under_system_administration(auditor):
    assert section(menu(auditor), "系统管理")["entries"][0]["label"] == "审计日志"


def marked(links) -> list[tuple[str, str | None]]:
    """(label, aria-current) of the links drawn as active."""
    return [(link["label"], link["current"]) for link in links if "active" in link["classes"]]


def section(items, label) -> dict:
    return next(item for item in items if item["label"] == label)


def test_a_page_inside_a_dropdown_marks_its_section_and_entry(clerk, deputy):
    items = menu(clerk, reverse("oversight:appointment_list"))
    assert marked(items) == [("监督任免", None)]
    assert marked(section(items, "监督任免")["entries"]) == [("任免", "page")]
    items = menu(deputy, reverse("elections:my_ballots"))
    assert marked(items) == [("会议与选举", None)]
    assert marked(section(items, "会议与选举")["entries"]) == [("选举投票", "page")]


def test_a_page_deeper_in_a_section_marks_the_section_but_no_entry(clerk):
    assert marked(menu(clerk, reverse("suggestions:list"))) == [("代表建议", None)]
    items = menu(clerk, reverse("oversight:deliberation_opinions_list"))
    assert marked(items) == [("监督任免", None)]
    assert marked(section(items, "监督任免")["entries"]) == []


def test_a_lone_entry_is_marked_as_the_current_page(unit_handler):
    assert marked(menu(unit_handler, reverse("oversight:deliberation_opinions_list"))) == [
        ("审议意见", "page")
    ]


def test_home_marks_the_workbench_only(leader):
    assert marked(menu(leader)) == [("工作台", "page")]


def test_notifications_are_marked_when_open(deputy):
    assert marked(menu(deputy, reverse("core:notification_list"))) == [("通知", "page")]
