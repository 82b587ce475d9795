"""The main menu: its sections, who sees each entry, and which section holds the current page.

Sections follow a congress office's year: meetings and elections, livelihood projects, deputies'
suggestions, liaison stations, oversight and appointments, deputies' performance, statistics,
and the registry behind them all. A section showing a role only one entry is a plain link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from accounts.models import Role
from accounts.permissions import BUSINESS_ROLES
from councils.permissions import has_councils

ANY_ROLE = BUSINESS_ROLES  # the administrators (三员) see no business page
OFFICE = (Role.STAFF, Role.LEADER)


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    roles: tuple[str, ...] | None = None  # None: everyone signed in, with or without a role
    unless: tuple[str, ...] = ()  # hidden from holders of these roles (they see another entry)
    # Shown only where the body the user works in has the thing (e.g. councils): body -> bool.
    where: Callable[[Any], bool] | None = None

    def visible_to(self, roles) -> bool:
        if self.roles is None:
            return True
        if not (bool(roles) and roles.has(*self.roles) and not roles.has(*self.unless)):
            return False
        return self.where is None or self.where(body_of(roles))


def body_of(roles):
    """The body the user works in (the roles held there all name it), or None."""
    assignments = getattr(roles, "assignments", None) or []
    return assignments[0].congress if assignments else None


@dataclass(frozen=True)
class Section:
    label: str
    entries: tuple[Entry, ...]
    pages: tuple[str, ...]  # URL namespaces ("oversight") or view names ("portal:home") it holds


MENU = (
    Section("工作台", (Entry("工作台", "portal:home"),), ("portal:home",)),
    Section(
        "会议与选举",
        (
            Entry("会议", "meetings:meeting_list", (*OFFICE, Role.DEPUTY)),
            Entry("选举", "elections:election_list", (Role.STAFF,)),
            Entry("选举投票", "elections:my_ballots", (Role.DEPUTY,)),
            Entry("会议材料", "materials:mine", (Role.DEPUTY,)),
            Entry("征求意见", "materials:consultation_list", OFFICE),
        ),
        ("meetings", "elections", "materials", "deliberation"),
    ),
    Section("民生实事", (Entry("民生实事", "projects:index", ANY_ROLE),), ("projects",)),
    Section(
        "居民议事会",
        (Entry("居民议事会", "councils:index", OFFICE, where=has_councils),),
        ("councils",),
    ),
    Section("代表建议", (Entry("代表建议", "suggestions:inbox", ANY_ROLE),), ("suggestions",)),
    Section(
        "联络站",
        (
            Entry("联络站留言", "stations:inbox", ANY_ROLE),
            Entry("联络站工作", "stations:station_list", (*OFFICE, Role.STATION_STAFF)),
            Entry("联络站统计", "stations:statistics", (*OFFICE, Role.STATION_STAFF)),
            Entry("跨级转交", "referrals:list", OFFICE),
        ),
        ("stations", "referrals"),
    ),
    Section(
        "监督任免",
        (
            Entry("监督", "oversight:activity_list", OFFICE),
            Entry("任免", "oversight:appointment_list", OFFICE),
            Entry("审议意见", "oversight:deliberation_opinions_list", (Role.UNIT_HANDLER,)),
        ),
        ("oversight",),
    ),
    Section(
        "代表履职",
        (
            Entry("履职档案", "performance:ranking", OFFICE),
            Entry("我的履职档案", "performance:my_record", (Role.DEPUTY,), unless=OFFICE),
        ),
        ("performance",),
    ),
    Section("工作统计", (Entry("工作统计", "reports:dashboard", OFFICE),), ("reports",)),
    Section(
        "基础信息",
        (
            Entry("代表", "registry:deputy_list", OFFICE),
            Entry("常委会组成人员", "registry:committeemembership_list", OFFICE),
            Entry("在任人员名册", "registry:officeholding_list", OFFICE),
            Entry("代表任职历史", "registry:seat_list", OFFICE),
            Entry("区划调整", "registry:mapchange_list", OFFICE),
            Entry("承办单位", "registry:unit_list", OFFICE),
            Entry("代表联络站", "registry:station_list", OFFICE),
            Entry("街道与社区", "registry:subdistrict_list", OFFICE),
            Entry("代表团（组）", "registry:delegation_list", OFFICE),
            Entry("选区", "registry:constituency_list", OFFICE),
            Entry("届次", "registry:term_list", OFFICE),
            Entry("机构层级", "registry:body_tree", OFFICE),
        ),
        ("registry",),
    ),
    # 三员分立: each administrator sees only their own pages.
    Section(
        "系统管理",
        (
            Entry("用户与角色", "accounts:user_list", (Role.SYSTEM_ADMIN,)),
            Entry("本地设置", "core:settings", (Role.SYSTEM_ADMIN,)),
            Entry("机构层级", "registry:body_tree", (Role.SYSTEM_ADMIN,), unless=OFFICE),
            Entry("账户安全", "accounts:security_list", (Role.SECURITY_ADMIN,)),
            Entry("授权审查", "accounts:grant_review", (Role.SECURITY_ADMIN,)),
            Entry("安全设置", "core:settings", (Role.SECURITY_ADMIN,)),
            Entry("审计日志", "portal:audit_list", (Role.AUDITOR,)),
            Entry("审计检查点", "portal:audit_checkpoints", (Role.AUDITOR,)),
        ),
        (
            "core:settings",
            "core:settings_section",
            "portal:audit_list",
            "portal:audit_checkpoints",
            "accounts:user_list",
            "accounts:user_detail",
            "accounts:user_create",
            "accounts:deputy_logins",
            "accounts:security_list",
            "accounts:security_detail",
            "accounts:grant_review",
            "registry:body_tree",
            "registry:body_create",
            "registry:body_update",
        ),
    ),
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool  # this is the page being shown


@dataclass(frozen=True)
class Shown:
    label: str
    links: list[Link]
    active: bool  # the page being shown belongs to this section

    @property
    def link(self) -> Link | None:
        """The section's one link, drawn in the bar itself instead of as a one-item dropdown."""
        return self.links[0] if len(self.links) == 1 else None


def menu_for(roles, resolver_match) -> list[Shown]:
    view_name = resolver_match.view_name if resolver_match else ""
    namespace = resolver_match.namespace if resolver_match else ""
    shown = []
    for section in MENU:
        links = [
            Link(e.label, reverse(e.url_name), e.url_name == view_name)
            for e in section.entries
            if e.visible_to(roles)
        ]
        if links:
            active = view_name in section.pages or namespace in section.pages
            shown.append(Shown(section.label, links, active))
    return shown
