"""Find every POST form on the pages a person reaches, and post it with hostile values.

Each form is posted once per kind of bad input, every text field filled with it, hidden fields
(the CSRF token, ids) kept, selects on their first real option and, for malformed input, on a
choice that does not exist. The caller asserts that no answer is a 5xx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

HOSTILE = {
    "malformed": "abc%zz'\"<>;--",
    "oversized": "长" * 100_000,
    "control": "标题\x00\x0b\x0c\x1b\x7f\x85结束",
    "formula": '=HYPERLINK("http://evil.example/","点击")',
    "emoji": "😀👍🏽🇨🇳𠀀\u200d\ufeff",
}
NUMBER_LIKE = {"number", "date", "datetime-local", "time", "month", "tel", "email", "url"}


@dataclass
class Form:
    page: str
    action: str
    enctype: str = ""
    inputs: list[tuple[str, str, str]] = field(default_factory=list)  # (name, type, value)
    selects: dict[str, list[str]] = field(default_factory=dict)
    textareas: list[str] = field(default_factory=list)

    def data(self, kind: str) -> dict:
        value = HOSTILE[kind]
        data: dict[str, object] = {}
        for name, kind_of, current in self.inputs:
            if kind_of in ("hidden", "submit", "button"):
                data[name] = current
            elif kind_of in ("checkbox", "radio"):
                data[name] = current or "on"
            elif kind_of == "file":
                continue
            elif kind_of in NUMBER_LIKE and kind != "malformed":
                data[name] = value if kind in ("oversized", "control") else current
            else:
                data[name] = value
        for name, options in self.selects.items():
            real = [o for o in options if o]
            data[name] = "999999999999999999999" if kind == "malformed" else (real[0] if real else "")
        for name in self.textareas:
            data[name] = value
        return data


class FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__()
        self.page = page
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            action = urljoin("http://testserver" + self.page, a.get("action") or self.page)
            parsed = urlparse(action)
            self.form = Form(
                self.page, parsed.path + (f"?{parsed.query}" if parsed.query else ""), a.get("enctype") or ""
            )
        if self.form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            self.form.inputs.append((name, (a.get("type") or "text").lower(), a.get("value") or ""))
        elif tag == "select" and name:
            self.select = name
            self.form.selects[name] = []
        elif tag == "option" and self.select:
            self.form.selects[self.select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self.form.textareas.append(name)

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form" and self.form is not None:
            self.forms.append(self.form)
            self.form = None


SKIP_ACTIONS = ("/accounts/logout/", "/accounts/switch/", "/admin/")


def forms_on(client, pages: list[str]) -> list[Form]:
    """The distinct POST forms (by action and field names) on the given pages."""
    seen, found = set(), []
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = FormParser(page)
        parser.feed(response.content.decode())
        for form in parser.forms:
            key = (form.action, tuple(sorted(n for n, _, _ in form.inputs)), tuple(sorted(form.textareas)))
            if form.action.startswith(SKIP_ACTIONS) or key in seen:
                continue
            seen.add(key)
            found.append(form)
    return found


def fuzz(client, forms: list[Form]) -> list[str]:
    """Post every form with every kind of hostile input; return the 5xx answers."""
    failures = []
    for form in forms:
        for kind in HOSTILE:
            # Reload the page first: a fresh CSRF token, captcha and form state.
            client.get(form.page)
            response = client.post(form.action, form.data(kind))
            if response.status_code >= 500:
                failures.append(f"{form.action}（来自 {form.page}，{kind}）：HTTP {response.status_code}")
    return failures
