"""What the hall's big screen and the deputies' devices show about the item being voted on.

Votes (this app) and elections (app `elections`) each provide a function
`current_item(meeting) -> ScreenItem | None`, listed in settings.MEETING_SCREEN_PROVIDERS;
the big screen and the device page show an open item, else the latest result.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

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

    def as_dict(self) -> dict:
        return asdict(self)


def current_item(meeting) -> ScreenItem | None:
    """An open item from any provider; else the result that closed last."""
    items = [
        item
        for path in settings.MEETING_SCREEN_PROVIDERS
        if (item := import_string(path)(meeting)) is not None
    ]
    open_items = [item for item in items if item.status == "open"]
    if open_items:
        return open_items[0]
    return max(items, key=lambda item: item.closed_at, default=None)
