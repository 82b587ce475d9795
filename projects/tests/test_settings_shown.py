"""Every local setting is shown to staff with its meaning, in Chinese (DOMAIN: local practice)."""

from django.urls import reverse

from conftest import client_for


def test_the_years_page_shows_each_setting_in_chinese(clerk, call):
    page = client_for(clerk).get(reverse("projects:call_detail", args=[call.pk])).content.decode()
    page = page[page.index("本人大的票决制设置") :]
    assert "限选 n 项" in page and "对票数相等的项目再次投票" in page and "全体代表" in page
    assert "approval" not in page and "revote" not in page and "deputies" not in page
    assert "确定项目数 n" in page and ">2<" in page  # the congress's own adopt = 2
