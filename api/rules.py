"""Pure rules of the API: paging bounds."""

from __future__ import annotations

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
MAX_TOKENS_PER_USER = 10


def page_bounds(page: int, size: int) -> tuple[int, int]:
    """[start, stop) of a 1-based page; page and size are clamped to sane bounds."""
    page = max(1, page)
    size = min(max(1, size), MAX_PAGE_SIZE)
    start = (page - 1) * size
    return start, start + size
