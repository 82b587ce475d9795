"""The crawler used by the air-gap test flags what it should, so a green run means something."""

from core.tests.crawl import CSS_LOADS, JS_LOADS, LinkParser, is_external, raw_values


def test_external_hosts_are_flagged_and_local_ones_are_not():
    assert is_external("https://cdn.example.com/x.js")
    assert is_external("http://fonts.example.com/a.css")
    assert not is_external("http://testserver/static/a.css")
    assert not is_external("http://127.0.0.1:8000/")
    assert not is_external("data:image/png;base64,AAAA")


def test_css_and_js_loads_are_found_but_namespaces_and_comments_are_not():
    css = 'a{background:url("https://cdn.example.com/x.png")} @import "//fonts.example.com/f.css";'
    assert CSS_LOADS.findall(css) == ["https://cdn.example.com/x.png", "//fonts.example.com/f.css"]
    assert (
        CSS_LOADS.findall(
            "a{background:url(\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'>\")}"
        )
        == []
    )
    js = (
        'el.src = "https://cdn.example.com/lib.js"; /* see https://example.com/docs */ new URL(p, "http://x")'
    )
    assert JS_LOADS.findall(js) == ["https://cdn.example.com/lib.js"]


def test_html_attributes_are_collected():
    parser = LinkParser()
    parser.feed(
        '<link href="/static/a.css"><img srcset="/a.png 1x, https://cdn.example.com/b.png 2x">'
        '<div style="background:url(//cdn.example.com/c.png)"></div>'
    )
    assert "https://cdn.example.com/b.png" in parser.urls and "/static/a.css" in parser.urls
    assert parser.styles


def test_post_form_actions_are_not_visited_but_are_still_checked():
    parser = LinkParser()
    parser.feed(
        '<form method="post" action="/meetings/1/open/"></form>'
        '<form method="POST" action="https://evil.example.com/x"></form><form action="/search/"></form>'
    )
    assert parser.urls == ["/search/"]
    assert parser.external_actions == ["https://evil.example.com/x"]


def test_english_keys_and_python_values_in_visible_text_are_flagged():
    parser = LinkParser()
    parser.feed(
        "<p>类型：approval</p><td>False</td><dd>reply_months</dd><button>add_agenda_item</button>"
        '<input placeholder="revote"><script>var x_y = null; if (True) {}</script>'
        "<textarea>用户写的 snake_case</textarea><p>renda tally · JSON · 2026-01-01 · a.b_c.docx</p>"
    )
    found = raw_values("\n".join(parser.text), {"approval", "revote"})
    assert sorted(found) == ["False", "add_agenda_item", "approval", "reply_months", "revote"]
