"""What the hall's big screen and the deputies' devices show about the item being voted on.

Votes (this app) and elections (app `elections`) each provide a function
`current_item(meeting) -> ScreenItem | list[ScreenItem] | None`, listed in
settings.MEETING_SCREEN_PROVIDERS; the big screen and the device page show every open item
(several election rounds may be open at once), else the latest result.  A provider's module may
also define `has_voted(key, deputy) -> bool | None` (None: not its item) for the device page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from importlib import import_module

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ScreenItem:
    kind: str  # "vote" | "election" | "project_ballot" …
    title: str
    status: str  # "open" | "closed"
    voted: int  # how many have voted (never partial results of a secret vote while open)
    eligible: int  # how many may vote (present voting members when it opened)
    outcome: str = ""  # after closing: 通过 / 未通过 / 当选：甲、乙 …
    result_rows: list[tuple[str, str]] = field(default_factory=list)  # after closing: (label, value)
    device_url: str = ""  # where a deputy casts a ballot while it is open
    key: str = ""  # identifies the item, e.g. "vote:12"
    closed_at: float = 0.0  # when a closed item closed (a timestamp), to show the latest result
    voted_label: str = "已投票"  # 已表决 for a vote on a motion, 已投票 for a ballot

    def as_dict(self) -> dict:
        return asdict(self)


def _provided(meeting) -> list[ScreenItem]:
    items: list[ScreenItem] = []
    for path in settings.MEETING_SCREEN_PROVIDERS:
        found = import_string(path)(meeting)
        if isinstance(found, list):
            items.extend(found)
        elif found is not None:
            items.append(found)
    return items


def current_items(meeting) -> list[ScreenItem]:
    """Every open item of every provider; else the one result that closed last."""
    items = _provided(meeting)
    open_items = [item for item in items if item.status == "open"]
    if open_items:
        return open_items
    latest = max(items, key=lambda item: item.closed_at, default=None)
    return [latest] if latest else []


def current_item(meeting) -> ScreenItem | None:
    """An open item from any provider; else the result that closed last."""
    items = current_items(meeting)
    return items[0] if items else None


def has_voted(key: str, deputy) -> bool | None:
    """Whether the deputy has voted in the item `key` (None when no provider knows it)."""
    for path in settings.MEETING_SCREEN_PROVIDERS:
        answer = getattr(import_module(path.rsplit(".", 1)[0]), "has_voted", None)
        result = answer(key, deputy) if answer else None
        if result is not None:
            return result
    return None
