"""In headless Chromium: the office picks “会议以来” in the period picker and the page, its figures and
its download links follow."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(chromium, live_server):
    from conftest import Page

    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield Page(context.new_page(), live_server.url)
    context.close()


def test_the_office_picks_the_time_since_a_session(desk, worked, clerk, tmp_path):
    session = worked["session_2026"]
    desk.login(clerk.username)
    desk.goto("/reports/?period=year&year=2026")
    page = desk.page
    page.check("input[name=period][value=session]")
    page.select_option("select[name=session]", str(session.pk))
    page.fill("input[name=until]", "2026-06-09")
    page.click("#period-picker button[type=submit]")
    page.wait_for_load_state()
    page.screenshot(path=str(tmp_path / "period.png"), full_page=False)
    assert "常委会工作统计：示范区第十七届人民代表大会第五次会议以来" in page.inner_text("h1")
    assert page.inner_text("#figure-committee_meetings .figure-value").startswith("1")  # cm1 only
    assert "示范区第十七届人民代表大会第五次会议第二次全体会议" in page.inner_text("#id_attendance")
    href = page.get_attribute("#report-set a", "href")
    assert f"session={session.pk}" in href and "until=2026-06-09" in href
