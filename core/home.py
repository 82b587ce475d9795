"""The role-based home page: each app contributes the things a person must do next."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Todo:
    """One line on a person's home page: what to do, how many, where to go."""

    title: str
    url: str
    count: int | None = None
    hint: str = ""
    urgent: bool = False


def todos_for(request) -> list[Todo]:
    """Ask every provider named in settings.HOME_TODO_PROVIDERS, in order."""
    items: list[Todo] = []
    for path in settings.HOME_TODO_PROVIDERS:
        items.extend(import_string(path)(request))
    return items
