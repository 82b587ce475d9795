"""Shared test fixtures: one small congress and a named persona for every role.

Personas (STYLE.md): clerk (staff of the congress office), leader, deputy, co_signer,
unit_handler, other_unit_handler, station_staff, citizen (anonymous), outsider (staff of
another congress). Tests read as sentences about them: `test_other_unit_gets_404`.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.test import Client

from accounts.models import Role, RoleAssignment, User
from registry.models import (
    Community,
    Congress,
    Delegation,
    Deputy,
    Station,
    Subdistrict,
    Term,
    Unit,
)
from registry.rules import id_number_check_digit

PASSWORD = "Renda-test-2026"
_serial = itertools.count(1)


def valid_id_number(birth: dt.date, serial: int) -> str:
    """A well-formed, fictional 18-digit ID number (region code 990000 does not exist)."""
    first17 = f"990000{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_number_check_digit(first17)


def make_congress(code: str, name: str) -> Congress:
    return Congress.objects.create(
        code=code,
        name=name,
        short_name=name.replace("人民代表大会", "人大"),
        region=name.replace("人民代表大会", ""),
    )


def make_term(congress: Congress) -> Term:
    return Term.objects.create(congress=congress, number=17, starts_on=dt.date(2021, 12, 28))


def make_deputy(congress: Congress, term: Term | None = None, **fields) -> Deputy:
    n = next(_serial)
    birth = fields.pop("birth_date", dt.date(1975, 1, 1) + dt.timedelta(days=n))
    values = {
        "congress": congress,
        "term": term or Term.objects.filter(congress=congress).first() or make_term(congress),
        "number": f"T{n:04d}",
        "name": f"测试代表{n}",
        "gender": Deputy.Gender.FEMALE if n % 2 else Deputy.Gender.MALE,
        "birth_date": birth,
        "id_number": valid_id_number(birth, n),
        "phone": f"139{n:08d}",
        "elected_on": dt.date(2021, 12, 1),
    }
    values.update(fields)
    return Deputy.objects.create(**values)


def make_user(
    username: str, full_name: str, congress: Congress | None = None, role: str | None = None, **where
) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=full_name)
    if congress is not None and role is not None:
        RoleAssignment.objects.create(user=user, congress=congress, role=role, **where)
    return user


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def congress(db) -> Congress:
    return make_congress("demo", "示范区人民代表大会")


@pytest.fixture
def other_congress(db) -> Congress:
    return make_congress("other", "另一区人民代表大会")


@pytest.fixture
def term(congress) -> Term:
    return make_term(congress)


@pytest.fixture
def subdistrict(congress) -> Subdistrict:
    return Subdistrict.objects.create(congress=congress, name="东湖街道")


@pytest.fixture
def community(subdistrict) -> Community:
    return Community.objects.create(congress=subdistrict.congress, subdistrict=subdistrict, name="东湖社区")


@pytest.fixture
def station(subdistrict) -> Station:
    return Station.objects.create(
        congress=subdistrict.congress,
        name="东湖街道人大代表联络站",
        level=Station.Level.SUBDISTRICT,
        subdistrict=subdistrict,
        address="东湖路1号",
    )


@pytest.fixture
def other_station(subdistrict, community) -> Station:
    return Station.objects.create(
        congress=subdistrict.congress,
        name="东湖社区人大代表联络站",
        level=Station.Level.COMMUNITY,
        subdistrict=subdistrict,
        community=community,
        address="东湖路9号",
    )


@pytest.fixture
def delegation(congress) -> Delegation:
    return Delegation.objects.create(congress=congress, name="东湖代表团")


@pytest.fixture
def unit(congress) -> Unit:
    return Unit.objects.create(congress=congress, name="示范区教育局", short_name="区教育局")


@pytest.fixture
def other_unit(congress) -> Unit:
    return Unit.objects.create(congress=congress, name="示范区住房和城乡建设局", short_name="区住建局")


@pytest.fixture
def clerk(congress) -> User:
    return make_user("clerk", "王文书", congress, Role.STAFF)


@pytest.fixture
def leader(congress) -> User:
    return make_user("leader", "李主任", congress, Role.LEADER)


@pytest.fixture
def deputy(congress, term) -> User:
    user = make_user("deputy", "张代表", congress, Role.DEPUTY)
    make_deputy(congress, term, name="张代表", user=user)
    return user


@pytest.fixture
def co_signer(congress, term) -> User:
    user = make_user("co_signer", "赵代表", congress, Role.DEPUTY)
    make_deputy(congress, term, name="赵代表", user=user)
    return user


@pytest.fixture
def unit_handler(congress, unit) -> User:
    return make_user("unit_handler", "陈经办", congress, Role.UNIT_HANDLER, unit=unit)


@pytest.fixture
def other_unit_handler(congress, other_unit) -> User:
    return make_user("other_unit_handler", "周经办", congress, Role.UNIT_HANDLER, unit=other_unit)


@pytest.fixture
def station_staff(congress, station) -> User:
    return make_user("station_staff", "吴站长", congress, Role.STATION_STAFF, station=station)


@pytest.fixture
def system_admin(congress) -> User:
    """系统管理员 (三员分立): users, roles, local settings; no audit log, no business data."""
    return make_user("system_admin", "孙系统", congress, Role.SYSTEM_ADMIN)


@pytest.fixture
def security_admin(congress) -> User:
    """安全管理员: security settings, sign-in pauses, second-factor resets, review of role grants."""
    return make_user("security_admin", "钱安全", congress, Role.SECURITY_ADMIN)


@pytest.fixture
def auditor(congress) -> User:
    """安全审计员: reads, exports and verifies the audit log; changes nothing."""
    return make_user("auditor", "郑审计", congress, Role.AUDITOR)


@pytest.fixture
def outsider(other_congress) -> User:
    """Staff of another congress: must never see this congress's data."""
    return make_user("outsider", "外区文书", other_congress, Role.STAFF)


@pytest.fixture
def citizen() -> Client:
    """An anonymous member of the public."""
    return Client()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached values never leak from one test into the next (Redis in CI)."""
    from django.core.cache import cache

    cache.clear()
    yield


# --- Browser tests (headless Debian Chromium driven by Playwright; no browser is ever downloaded).
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="session")
def chromium():
    import os
    import shutil

    if not shutil.which(CHROMIUM):
        if os.environ.get("RENDA_REQUIRE_BROWSER") == "1":
            pytest.fail("浏览器测试需要 Chromium：apt-get install chromium chromium-driver")
        pytest.skip("未安装 Chromium，跳过浏览器测试")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM use is in
    # its own thread, so Django's async-safety check does not apply to the test thread's setup.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


class Page:
    """A Playwright page that records console errors and failed requests."""

    def __init__(self, page, base_url):
        self.page, self.base_url = page, base_url
        self.errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("requestfailed", self._request_failed)

    def _request_failed(self, request):
        # A request cut short by the page navigating away (a reload, a form post) is no error.
        if "ERR_ABORTED" not in (request.failure or ""):
            self.errors.append(f"requestfailed: {request.url} {request.failure}")

    def goto(self, path):
        return self.page.goto(self.base_url + path)

    def login(self, username, password=PASSWORD):
        self.goto("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state()

    def overflows_horizontally(self) -> bool:
        return self.page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


@pytest.fixture
def phone_page(chromium, live_server):
    context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
    page = Page(context.new_page(), live_server.url)
    yield page
    context.close()


@pytest.fixture
def demo(db):
    """The whole demo congress (a fraction of a second to build)."""
    from portal import demo as demo_module

    return demo_module.load(say=lambda _: None)


@pytest.fixture(autouse=True)
def _own_audit_checkpoints(tmp_path, settings):
    """Each test writes audit checkpoints to a file of its own (they live outside the database)."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
