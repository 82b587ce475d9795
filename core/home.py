"""What the role-based home page lists: each app's `home_todos(request)` returns these (portal.views)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    """One line on a person's home page: what to do, how many, where to go."""

    title: str
    url: str
    count: int | None = None
    hint: str = ""
    urgent: bool = False
