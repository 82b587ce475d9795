"""The big screen shows an open item from any provider, else the result that closed last."""

from meetings import screen
from meetings.screen import ScreenItem


def item(key, status, closed_at=0.0):
    return ScreenItem(kind="x", title=key, status=status, voted=0, eligible=0, key=key, closed_at=closed_at)


def providers(settings, *items):
    module = __name__
    for index, value in enumerate(items):
        globals()[f"provider_{index}"] = lambda meeting, value=value: value
    settings.MEETING_SCREEN_PROVIDERS = [f"{module}.provider_{index}" for index in range(len(items))]


def test_an_open_item_wins_over_any_closed_result(settings):
    providers(settings, item("election", "closed", 200.0), item("ballot", "open"))
    assert screen.current_item(None).key == "ballot"


def test_without_an_open_item_the_latest_result_shows(settings):
    providers(settings, item("election", "closed", 100.0), item("vote", "closed", 300.0), None)
    assert screen.current_item(None).key == "vote"


def test_nothing_to_show(settings):
    providers(settings, None, None)
    assert screen.current_item(None) is None
