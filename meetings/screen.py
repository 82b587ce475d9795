"""What the hall's big screen and the deputies' devices show about the item being voted on.

Votes (this app) and elections (app `elections`) each provide a function
`current_item(meeting) -> ScreenItem | list[ScreenItem] | None`, listed in
settings.MEETING_SCREEN_PROVIDERS; the big screen and the device page show every open item
(several election rounds may be open at once), else the latest result.  A provider's module may
also define `has_voted(key, deputy) -> bool | None` (None: not its item) for the device page,
`item_for(meeting, key) -> list[ScreenItem] | None` (None: not its key) for the item the chair's
console puts on the screen, and `results_of(meeting) -> list[ScreenItem]` for the summary of the
sitting's results.

The material being deliberated and the text a vote is on come from the module named by
settings.MEETING_MATERIALS (app `materials`), which defines `materials_of(agenda_item) ->
list[Text]` and `text_voted(agenda_item, at) -> Text | None`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from importlib import import_module

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Text:
    """One version of a meeting material: what is being deliberated, or the text voted."""

    title: str  # the material's title
    version: str  # 第2版·表决稿
    url: str  # its reading page, at that version

    def as_dict(self) -> dict:
        return asdict(self)


def _materials():
    return import_module(settings.MEETING_MATERIALS)


def materials_of(agenda_item) -> list[Text]:
    """The released materials of an agenda item, each at its current version."""
    return _materials().materials_of(agenda_item) if agenda_item is not None else []


def text_voted(agenda_item, at=None) -> Text | None:
    """The text a vote under the agenda item is on, as it stood when voting opened (`at`)."""
    return _materials().text_voted(agenda_item, at) if agenda_item is not None else None


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
    text_voted: dict | None = None  # Text.as_dict() of the text voted, where there is one

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


@dataclass(frozen=True)
class ConsoleItem:
    """A vote or an office's round as the chair's console lists it under its agenda item."""

    key: str  # what 在大屏显示 puts on the screen (meetings.screen.items_for)
    title: str
    status: str
    status_label: str
    agenda_item_id: int | None
    detail_url: str
    open_url: str = ""  # POST; the view asks for confirmation with the counts
    open_label: str = ""
    close_url: str = ""  # POST; likewise
    close_label: str = ""
    voted: int | None = None  # while open
    eligible: int | None = None
    outcome: str = ""  # once counted
    text_voted: dict | None = None
    note: str = ""  # e.g. a paper round's count is entered on its own page


def console_items(meeting) -> list[ConsoleItem]:
    """Every vote and election round of the meeting, from each provider's `console_items(meeting)`."""
    items: list[ConsoleItem] = []
    for module in _provider_modules():
        found = getattr(module, "console_items", None)
        items.extend(found(meeting) if found else [])
    return items


def _provider_modules():
    return [import_module(path.rsplit(".", 1)[0]) for path in settings.MEETING_SCREEN_PROVIDERS]


def items_for(meeting, key: str) -> list[ScreenItem]:
    """The item `key` (a vote, one office's round, an election's results) if it is this meeting's."""
    for module in _provider_modules():
        found = getattr(module, "item_for", None)
        items = found(meeting, key) if found else None
        if items is not None:
            return items
    return []


def results_of(meeting) -> list[ScreenItem]:
    """Every result of the sitting so far, in the order they closed."""
    items: list[ScreenItem] = []
    for module in _provider_modules():
        found = getattr(module, "results_of", None)
        items.extend(found(meeting) if found else [])
    return sorted(items, key=lambda item: item.closed_at)


def has_voted(key: str, deputy) -> bool | None:
    """Whether the deputy has voted in the item `key` (None when no provider knows it)."""
    for path in settings.MEETING_SCREEN_PROVIDERS:
        answer = getattr(import_module(path.rsplit(".", 1)[0]), "has_voted", None)
        result = answer(key, deputy) if answer else None
        if result is not None:
            return result
    return None
