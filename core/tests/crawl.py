"""Walk every page a signed-in person can reach and collect what each page loads or links to."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlparse

LOCAL_HOSTS = {"", "testserver", "localhost", "127.0.0.1"}
URL_ATTRIBUTES = {"src", "href", "action", "srcset", "poster", "data", "formaction", "background"}
# CSS and JS that load something from elsewhere (comments and XML namespaces are not loads).
CSS_LOADS = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""", re.I)
JS_LOADS = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*|\bimport\s*\(?\s*|\bfetch\(\s*|importScripts\(\s*|\.open\(\s*['"]\w+['"]\s*,\s*)"""
    r"""['"`]((?:https?:)?//[^'"`]+)""",
    re.I,
)
# Numbers in paths are ids: visit a few of each shape, not every deputy.
SHAPE = re.compile(r"\d+")
# What a person must never read on a page: a Python value or an identifier (snake_case, or an
# English choice value such as `approval`, see raw_words()).
PYTHON_VALUES = re.compile(r"(?<![\w./-])(True|False|None)(?![\w./-])")
SNAKE_CASE = re.compile(r"(?<![\w./@:-])[a-z]+(?:_[a-z0-9]+)+(?![\w./@-])")
WORD = re.compile(r"(?<![\w./@:-])[a-z]{3,}(?![\w./@-])")
# The audit log shows each change as recorded (field names, stored values): it is the
# tamper-evident record, read by auditors, and is left out of the raw-value check.
RAW_CHECK_SKIPS = ("/audit/",)
# Text a user typed or a machine reads, shown as is.
NOT_VISIBLE = {"script", "style", "template", "textarea", "code", "pre"}


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.styles: list[str] = []
        self.external_actions: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_endtag(self, tag):
        if tag in NOT_VISIBLE and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.text.append(data.strip())

    def handle_starttag(self, tag, attrs):
        if tag in NOT_VISIBLE:
            self._hidden += 1
        for name, value in attrs:
            # Labels a person reads without them being text nodes.
            if name in ("placeholder", "title", "aria-label", "alt") and value:
                self.text.append(value)
            if name == "value" and tag == "input" and dict(attrs).get("type") in ("submit", "button"):
                self.text.append(value or "")
        post_form = tag == "form" and dict(attrs).get("method", "get").lower() == "post"
        for name, value in attrs:
            if post_form and name == "action":
                # Not a page to visit, but still must not point elsewhere.
                if value and is_external(value):
                    self.external_actions.append(value)
                continue
            if not value:
                continue
            if name in URL_ATTRIBUTES:
                self.urls.extend(
                    part.strip().split(" ")[0] for part in value.split(",")
                ) if name == "srcset" else self.urls.append(value.strip())
            elif name == "style":
                self.styles.append(value)
            elif name == "content" and "url=" in value.lower():
                self.urls.append(value.split("=", 1)[1].strip())


def is_external(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "mailto", "tel", "blob"):
        return False
    if parsed.scheme not in ("http", "https", ""):
        return True
    return (parsed.hostname or "") not in LOCAL_HOSTS


@dataclass
class CrawlResult:
    pages: list[str] = field(default_factory=list)
    assets: set[str] = field(default_factory=set)
    external: list[tuple[str, str]] = field(default_factory=list)  # (where, what)
    failures: list[tuple[str, int]] = field(default_factory=list)
    raw: list[tuple[str, str]] = field(default_factory=list)  # (where, what): keys and values shown as is


PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def raw_words() -> set[str]:
    """Every English choice value of every model (status slugs, kinds, roles …)."""
    from django.apps import apps

    words = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            for value, _label in getattr(f, "flatchoices", None) or []:
                if isinstance(value, str) and WORD.fullmatch(value):
                    words.add(value)
    # A login name is data a person typed, even when it reads like a role (`deputy`).
    from accounts.models import User

    return words - set(User.objects.values_list("username", flat=True))


def raw_values(text: str, words: set[str]) -> list[str]:
    """Python values, snake_case identifiers and English choice values in a page's visible text.

    A placeholder in braces (`{item}` in an SMS template's help) is syntax the office types, not a value."""
    text = PLACEHOLDER.sub(" ", text)
    found = PYTHON_VALUES.findall(text) + SNAKE_CASE.findall(text)
    found += [w for w in WORD.findall(text) if w in words]
    return found


def crawl(client, start: str = "/", per_shape: int = 2, limit: int = 400) -> CrawlResult:
    """GET every same-site page reachable by links from start (a few per URL shape)."""
    result = CrawlResult()
    words = raw_words()
    queue, seen, shapes = deque([start]), {start}, {}
    while queue and len(result.pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code in (301, 302):
            continue
        if response.status_code != 200:
            result.failures.append((path, response.status_code))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        result.pages.append(path)
        parser = LinkParser()
        parser.feed(response.content.decode())
        result.external.extend((path, a) for a in parser.external_actions)
        if not path.startswith(RAW_CHECK_SKIPS):
            result.raw.extend((path, value) for value in raw_values("\n".join(parser.text), words))
        for style in parser.styles:
            result.external.extend((path, u) for u in CSS_LOADS.findall(style))
        for raw in parser.urls:
            url = urldefrag(urljoin("http://testserver" + path, raw))[0]
            if urlparse(url).scheme in ("data", "mailto", "tel", "blob"):
                continue
            if is_external(url):
                result.external.append((path, raw))
                continue
            parsed = urlparse(url)
            local = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            if parsed.path.startswith(("/static/", "/media/")):
                result.assets.add(parsed.path)
                continue
            if parsed.path.startswith(("/admin/", "/accounts/logout")) or local in seen:
                continue
            shape = SHAPE.sub("#", parsed.path) + ("?" if parsed.query else "")
            if shapes.get(shape, 0) >= per_shape:
                continue
            shapes[shape] = shapes.get(shape, 0) + 1
            seen.add(local)
            queue.append(local)
    for asset in sorted(result.assets):
        response = client.get(asset)
        if response.status_code != 200:
            result.failures.append((asset, response.status_code))
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode("utf-8", errors="replace")
        pattern = CSS_LOADS if asset.endswith(".css") else JS_LOADS if asset.endswith(".js") else None
        if pattern:
            result.external.extend(
                (asset, u)
                for u in pattern.findall(text)
                if is_external(u if u.startswith("http") else "http:" + u)
            )
    return result
