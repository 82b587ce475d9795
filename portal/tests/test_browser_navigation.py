"""The grouped main menu in Chromium: one line on a laptop, usable by touch on a phone."""

import itertools

import pytest

from accounts.models import Role, RoleAssignment, User
from conftest import Page, make_congress
from portal.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The narrowest window in which the bar is expanded (navbar-expand-xl); below it the menu folds.
NARROWEST_EXPANDED = {"width": 1200, "height": 800}


def test_the_busiest_bar_fits_on_one_line_at_the_narrowest_laptop_width(chromium, live_server, demo):
    staff = User.objects.get(username="staff")
    # The congress switcher as well: the most entries anyone can see.
    RoleAssignment.objects.create(
        user=staff, congress=make_congress("other", "另一区人民代表大会"), role=Role.STAFF
    )
    context = chromium.new_context(viewport=NARROWEST_EXPANDED, locale="zh-CN")
    page = Page(context.new_page(), live_server.url)
    try:
        page.login("staff", DEMO_PASSWORD)
        page.page.wait_for_url(page.base_url + "/")  # the home page loaded, scripts and all
        bar = page.page.locator("#mainnav")
        assert bar.is_visible() and bar.get_by_text("切换人大").is_visible()
        # Without a CJK font installed Chromium draws each character as a narrower box; real CJK
        # fonts advance 1em a character, so the bar is widened to that before it is measured.
        shortfall = page.page.evaluate("""() => {
            const probe = document.createElement('span');
            probe.textContent = '国'.repeat(10);
            document.querySelector('#mainnav .nav-link').appendChild(probe);
            const em = parseFloat(getComputedStyle(probe).fontSize);
            const ratio = probe.getBoundingClientRect().width / 10 / em;
            probe.remove();
            return Math.max(0, 1 - ratio);
        }""")
        # Through the CSSOM: the Content-Security-Policy refuses an injected <style>.
        page.page.evaluate(
            "s => document.querySelectorAll('nav *').forEach(e => { e.style.letterSpacing = s; })",
            f"{shortfall:.3f}em",
        )
        boxes = page.page.eval_on_selector_all(
            "#mainnav > .navbar-nav > .nav-item",
            """items => items.map(
            i => { const r = i.getBoundingClientRect(); return [Math.round(r.top), r.left, r.right]; })""",
        )
        assert len(boxes) >= 12
        # One line, no entry drawn over its neighbour, nothing past the window's edge.
        assert len({top for top, _, _ in boxes}) == 1, boxes
        assert all(left >= previous[2] - 0.5 for previous, (_, left, _) in itertools.pairwise(boxes)), boxes
        assert boxes[-1][2] <= NARROWEST_EXPANDED["width"], boxes
        assert not page.overflows_horizontally()
        assert page.errors == []
    finally:
        context.close()


def test_a_clerk_on_a_phone_opens_the_menu_and_a_group_and_follows_an_entry(phone_page, clerk):
    phone_page.login("clerk")
    page = phone_page.page
    # Bootstrap runs at the end of the page: a tap before the home page has loaded does nothing.
    page.wait_for_url(phone_page.base_url + "/")
    page.click(".navbar-toggler")
    page.get_by_role("button", name="监督任免").click()
    page.get_by_role("link", name="任免", exact=True).click()
    page.wait_for_url("**/oversight/appointments/")
    page.click(".navbar-toggler")
    toggle = page.get_by_role("button", name="监督任免")
    toggle.wait_for()
    assert "active" in toggle.get_attribute("class")
    assert not phone_page.overflows_horizontally()
    assert phone_page.errors == []
