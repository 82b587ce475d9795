def current_round_item(meeting):
    """The election round shown on the meeting's big screen (see meetings.screen)."""
    return None
